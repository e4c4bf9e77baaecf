# atomics.s: the A extension on a counter in memory.
#
# An AMO (atomic memory operation) reads a word, combines it with a register
# and writes the result back as one indivisible step; rd receives the OLD
# value. lr.w/sc.w build any other read-modify-write: lr.w loads and reserves
# the address, sc.w stores only if the reservation still holds and writes 0 to
# rd on success, non-zero on failure (then the program retries).
# (`show` calls the UART routines, which change t0-t6: every operand is
# loaded again right before its AMO.)
#
# expect-exit: 0
# expect-output:
# | amoadd.w  +1 (10 times)  old=0x00000009 new=0x0000000a
# | amoswap.w 100            old=0x0000000a new=0x00000064
# | amomin.w  -5             old=0x00000064 new=0xfffffffb
# | amominu.w 7              old=0xfffffffb new=0x00000007
# | amomax.w  -1             old=0x00000007 new=0x00000007
# | amomaxu.w -1             old=0x00000007 new=0xffffffff
# | amoand.w  0x0f0f0f0f     old=0xffffffff new=0x0f0f0f0f
# | amoor.w   0xf0000000     old=0x0f0f0f0f new=0xff0f0f0f
# | amoxor.w  0xffffffff     old=0xff0f0f0f new=0x00f0f0f0
# | lr.w/sc.w +1 (5 times)   old=0x00f0f0f4 new=0x00f0f0f5
# | sc.w retries: 0
# | sc.w without lr.w: failed
# | sc.w to another address: failed

        .text
        .globl  _start
_start:
        la      sp, stack_top
        la      s0, counter

        # amoadd.w, ten times: the counter counts 1..10.
        li      s1, 10
1:      li      t0, 1
        amoadd.w a1, t0, (s0)       # a1 = old value; counter += 1
        addi    s1, s1, -1
        bnez    s1, 1b
        la      a0, s_add
        call    show

        li      t0, 100
        amoswap.w a1, t0, (s0)      # counter = 100
        la      a0, s_swap
        call    show

        li      t0, -5
        amomin.w a1, t0, (s0)       # signed: -5 < 100
        la      a0, s_min
        call    show

        li      t0, 7
        amominu.w a1, t0, (s0)      # unsigned: 7 < 0xfffffffb
        la      a0, s_minu
        call    show

        li      t0, -1
        amomax.w a1, t0, (s0)       # signed: 7 > -1, the counter stays 7
        la      a0, s_max
        call    show

        li      t0, -1              # again: `show` changed t0
        amomaxu.w a1, t0, (s0)      # unsigned: 0xffffffff is the largest
        la      a0, s_maxu
        call    show

        li      t0, 0x0f0f0f0f
        amoand.w a1, t0, (s0)
        la      a0, s_and
        call    show

        li      t0, 0xf0000000
        amoor.w a1, t0, (s0)
        la      a0, s_or
        call    show

        li      t0, 0xffffffff
        amoxor.w a1, t0, (s0)
        la      a0, s_xor
        call    show

        # lr.w/sc.w: an atomic increment, five times, counting failed attempts.
        li      s1, 5
        li      s2, 0               # retries
retry:  lr.w    a1, (s0)            # load and reserve
        addi    t0, a1, 1
        sc.w    t1, t0, (s0)        # t1 = 0 if the store happened
        beqz    t1, stored
        addi    s2, s2, 1
        j       retry
stored: addi    s1, s1, -1
        bnez    s1, retry
        la      a0, s_lrsc
        call    show

        la      a0, s_retries
        call    uart_puts
        mv      a0, s2
        call    uart_putdec
        call    uart_newline

        # The successful sc.w above used up the reservation, so this one fails.
        la      a0, s_sc_alone
        call    uart_puts
        sc.w    t1, zero, (s0)
        call    say_result

        # A reservation covers only the address lr.w loaded.
        la      a0, s_sc_other
        call    uart_puts
        la      s3, other
        lr.w    t0, (s0)
        sc.w    t1, zero, (s3)
        call    say_result

        li      a0, 0
        call    finish

# show: print the label at a0, then "old=" a1 and "new=" the counter's value.
show:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        call    uart_puts           # changes only a0 and t0-t6
        la      a0, s_old
        call    uart_puts
        mv      a0, a1
        call    uart_puthex
        la      a0, s_new
        call    uart_puts
        lw      a0, 0(s0)
        call    uart_puthex
        call    uart_newline
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

# say_result: print "failed" if t1 (an sc.w result) is non-zero, else "stored".
say_result:
        addi    sp, sp, -16
        sw      ra, 12(sp)
        la      a0, s_stored
        beqz    t1, 1f
        la      a0, s_failed
1:      call    uart_puts
        lw      ra, 12(sp)
        addi    sp, sp, 16
        ret

        .section .rodata
s_add:      .asciz "amoadd.w  +1 (10 times)  "
s_swap:     .asciz "amoswap.w 100            "
s_min:      .asciz "amomin.w  -5             "
s_minu:     .asciz "amominu.w 7              "
s_max:      .asciz "amomax.w  -1             "
s_maxu:     .asciz "amomaxu.w -1             "
s_and:      .asciz "amoand.w  0x0f0f0f0f     "
s_or:       .asciz "amoor.w   0xf0000000     "
s_xor:      .asciz "amoxor.w  0xffffffff     "
s_lrsc:     .asciz "lr.w/sc.w +1 (5 times)   "
s_retries:  .asciz "sc.w retries: "
s_sc_alone: .asciz "sc.w without lr.w: "
s_sc_other: .asciz "sc.w to another address: "
s_old:      .asciz "old="
s_new:      .asciz " new="
s_stored:   .asciz "stored\n"
s_failed:   .asciz "failed\n"

        .data
        .balign 4                   # atomics need naturally aligned words
counter:    .word 0
other:      .word 0

        .bss
        .balign 16
        .space  1024
stack_top:

        .include "lib/uart.s"
        .include "lib/finisher.s"
