# lib/uart.s: printing through the UART 16550 at 0x1000_0000.
#
# Include it at the END of a sample (after your own code, so that _start stays
# the first instruction at 0x8000_0000):
#
#     .include "lib/uart.s"
#
# Every routine here is a leaf or calls only uart_putc, needs no stack, and
# changes only a0 and t0-t6. Your values in s0-s11, a1-a7 and sp survive a call.
#
#   uart_putc    a0 = byte          prints one byte
#   uart_puts    a0 = address       prints a NUL-terminated string
#   uart_puthex  a0 = value         prints "0x" and 8 hex digits
#   uart_putdec  a0 = value         prints an unsigned decimal number
#   uart_newline                    prints "\n"

        .equ    UART_BASE, 0x10000000
        .equ    UART_THR,  0        # transmit holding register (write a byte)
        .equ    UART_LSR,  5        # line status register
        .equ    LSR_THRE,  0x20     # bit 5: THR empty, ready for the next byte

        .text

# uart_putc: wait until the transmitter is ready, then hand it the byte in a0.
uart_putc:
        li      t0, UART_BASE
1:      lbu     t1, UART_LSR(t0)
        andi    t1, t1, LSR_THRE
        beqz    t1, 1b              # not ready yet: poll again
        sb      a0, UART_THR(t0)
        ret

# uart_puts: print bytes from address a0 up to (not including) the NUL.
uart_puts:
        mv      t2, ra              # we call uart_putc: keep our return address
        mv      t3, a0
1:      lbu     a0, 0(t3)
        beqz    a0, 2f
        call    uart_putc
        addi    t3, t3, 1
        j       1b
2:      mv      ra, t2
        ret

# uart_puthex: print a0 as "0x" followed by 8 hex digits, most significant first.
uart_puthex:
        mv      t2, ra
        mv      t3, a0
        li      a0, '0'
        call    uart_putc
        li      a0, 'x'
        call    uart_putc
        li      t4, 28              # shift of the top nibble
1:      srl     a0, t3, t4
        andi    a0, a0, 0xf
        li      t5, 10
        blt     a0, t5, 2f
        addi    a0, a0, 'a' - '0' - 10   # 10..15 become 'a'..'f'
2:      addi    a0, a0, '0'
        call    uart_putc
        addi    t4, t4, -4
        bgez    t4, 1b
        mv      ra, t2
        ret

# uart_putdec: print a0 as an unsigned decimal number, without leading zeros.
# Divides by 10^9, 10^8, ... 1 and prints each quotient digit.
uart_putdec:
        mv      t2, ra
        mv      t3, a0              # what is left to print
        li      t4, 1000000000      # the current power of ten
        li      t5, 0               # non-zero once a digit has been printed
1:      divu    a0, t3, t4          # the digit at this power
        remu    t3, t3, t4
        or      t5, t5, a0
        li      t6, 1
        beq     t4, t6, 2f          # the ones digit is always printed
        beqz    t5, 3f              # a leading zero: skip it
2:      addi    a0, a0, '0'
        call    uart_putc
3:      li      t6, 10
        divu    t4, t4, t6          # the next lower power of ten
        bnez    t4, 1b
        mv      ra, t2
        ret

# uart_newline: print a line feed.
uart_newline:
        li      a0, '\n'
        j       uart_putc           # tail call: uart_putc returns to our caller
