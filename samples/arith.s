# arith.s: the M extension's edge cases. RISC-V division never traps: the
# results of dividing by zero and of the one overflowing division are defined.
#
#   x / 0            quotient all ones (-1, or 2^32-1 unsigned); remainder x
#   -2^31 / -1       quotient -2^31 (it overflows back); remainder 0
#   signed division  rounds toward zero; the remainder takes the dividend's sign
#   mulh/mulhu/mulhsu  the upper 32 bits of the 64-bit product, with both
#                    operands signed, both unsigned, or signed times unsigned
#
# expect-exit: 0
# expect-output:
# | mul    0x12345678 * 0x9abcdef0 = 0x242d2080
# | mulh   -2^31 * -2^31           = 0x40000000
# | mulhu  0xffffffff * 0xffffffff = 0xfffffffe
# | mulhsu -1 * 0xffffffff         = 0xffffffff
# | div    7 / 0                   = 0xffffffff
# | divu   7 / 0                   = 0xffffffff
# | rem    7 % 0                   = 0x00000007
# | remu   7 % 0                   = 0x00000007
# | div    -2^31 / -1              = 0x80000000
# | rem    -2^31 % -1              = 0x00000000
# | div    -7 / 2                  = 0xfffffffd
# | rem    -7 % 2                  = 0xffffffff
# | divu   0xfffffff9 / 2          = 0x7ffffffc
# | remu   0xfffffff9 % 2          = 0x00000001

        .text
        .globl  _start
_start:
        la      sp, stack_top       # `show` saves its return address on the stack

        li      a2, 0x12345678
        li      a3, 0x9abcdef0
        mul     a1, a2, a3          # the low 32 bits of the product
        la      a0, s_mul
        call    show

        li      a2, 0x80000000
        mulh    a1, a2, a2          # 2^62: upper half 0x4000_0000
        la      a0, s_mulh
        call    show

        li      a2, -1
        mulhu   a1, a2, a2          # (2^32-1)^2 = 0xffff_fffe_0000_0001
        la      a0, s_mulhu
        call    show

        mulhsu  a1, a2, a2          # -1 * (2^32-1) = 0xffff_ffff_0000_0001
        la      a0, s_mulhsu
        call    show

        li      a2, 7
        li      a3, 0
        div     a1, a2, a3
        la      a0, s_div0
        call    show
        divu    a1, a2, a3
        la      a0, s_divu0
        call    show
        rem     a1, a2, a3
        la      a0, s_rem0
        call    show
        remu    a1, a2, a3
        la      a0, s_remu0
        call    show

        li      a2, 0x80000000
        li      a3, -1
        div     a1, a2, a3
        la      a0, s_div_ovf
        call    show
        rem     a1, a2, a3
        la      a0, s_rem_ovf
        call    show

        li      a2, -7
        li      a3, 2
        div     a1, a2, a3
        la      a0, s_div_neg
        call    show
        rem     a1, a2, a3
        la      a0, s_rem_neg
        call    show
        divu    a1, a2, a3          # the same bits, read as unsigned
        la      a0, s_divu_neg
        call    show
        remu    a1, a2, a3
        la      a0, s_remu_neg
        call    show

        li      a0, 0
        call    finish

# show: print the label at a0, then a1 in hex, then a line feed.
show:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        call    uart_puts           # changes only a0 and t0-t6: a1 survives
        mv      a0, a1
        call    uart_puthex
        call    uart_newline
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

        .section .rodata
s_mul:      .asciz "mul    0x12345678 * 0x9abcdef0 = "
s_mulh:     .asciz "mulh   -2^31 * -2^31           = "
s_mulhu:    .asciz "mulhu  0xffffffff * 0xffffffff = "
s_mulhsu:   .asciz "mulhsu -1 * 0xffffffff         = "
s_div0:     .asciz "div    7 / 0                   = "
s_divu0:    .asciz "divu   7 / 0                   = "
s_rem0:     .asciz "rem    7 % 0                   = "
s_remu0:    .asciz "remu   7 % 0                   = "
s_div_ovf:  .asciz "div    -2^31 / -1              = "
s_rem_ovf:  .asciz "rem    -2^31 % -1              = "
s_div_neg:  .asciz "div    -7 / 2                  = "
s_rem_neg:  .asciz "rem    -7 % 2                  = "
s_divu_neg: .asciz "divu   0xfffffff9 / 2          = "
s_remu_neg: .asciz "remu   0xfffffff9 % 2          = "

        .bss
        .balign 16
        .space  1024
stack_top:

        .include "lib/uart.s"
        .include "lib/finisher.s"
