# loops.s: nested loops. Prints a 6 x 6 multiplication table, building each
# row by repeated addition (no multiply instruction), then the table's sum.
#
#   total = 0
#   for (row = 1; row <= 6; row++) {
#       product = 0
#       for (col = 1; col <= 6; col++) {
#           product += row                  // row * col
#           total += product
#           print product right-aligned in 4 columns
#       }
#       print "\n"
#   }
#   print "sum of the table: ", total
#
# expect-exit: 0
# expect-output:
# |    1   2   3   4   5   6
# |    2   4   6   8  10  12
# |    3   6   9  12  15  18
# |    4   8  12  16  20  24
# |    5  10  15  20  25  30
# |    6  12  18  24  30  36
# | sum of the table: 441

        .equ    SIZE, 6

        .text
        .globl  _start
_start:
        # The library routines change only a0 and t0-t6, so the loop state
        # lives in saved registers s0-s3.
        li      s3, 0               # total
        li      s0, 1               # row
row_loop:
        li      s2, 0               # product
        li      s1, 1               # col
col_loop:
        add     s2, s2, s0          # product += row
        add     s3, s3, s2          # total += product

        # Right-align in a 4-character column: 3 spaces before one digit,
        # 2 before two digits.
        li      a0, ' '
        call    uart_putc
        li      a0, ' '
        call    uart_putc
        li      t0, 10
        bge     s2, t0, 1f
        li      a0, ' '
        call    uart_putc
1:      mv      a0, s2
        call    uart_putdec

        addi    s1, s1, 1
        li      t0, SIZE
        ble     s1, t0, col_loop    # inner loop: next column

        call    uart_newline
        addi    s0, s0, 1
        li      t0, SIZE
        ble     s0, t0, row_loop    # outer loop: next row

        la      a0, sum_label
        call    uart_puts
        mv      a0, s3
        call    uart_putdec
        call    uart_newline

        li      a0, 0
        call    finish

        .section .rodata
sum_label:
        .asciz  "sum of the table: "

        .include "lib/uart.s"
        .include "lib/finisher.s"
