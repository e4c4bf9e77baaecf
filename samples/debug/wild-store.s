# debug/wild-store.s: a store that corrupts memory long before the crash it causes.
#
# A tiny task runner: three tasks, each a record {on_exit, count, limit}, take turns
# counting up to their limits; when a task reaches its limit the runner calls its
# on_exit function. While the tasks warm up, the runner logs their first events in a
# 16-entry log, and there lies the bug: log_event checks its index with bleu instead of
# bltu, so the 17th event goes to log[16], one word past the log. That word is the
# first field of the record that follows the log in memory: task A's on_exit pointer.
#
# Nothing goes wrong then. Task A has the largest limit; about 300,000 instructions later
# it finishes, the runner calls its on_exit, and jumps to the event value instead (0x64): an
# instruction access fault at a small address. The trap handler prints the crash and
# ends with exit code 1. scripts/time-travel.js finds the store from the crash.
#
# expect-exit: 1
# expect-output:
# | task C done
# | task B done
# | panic: mcause 0x00000001 mepc 0x00000064 mtval 0x00000064

        .equ    LOG_SIZE, 16
        .equ    WARMUP_EVENTS, 17       # events logged while the tasks warm up
        .equ    TASK_SIZE, 12           # {on_exit, count, limit}
        .equ    ON_EXIT, 0
        .equ    COUNT, 4
        .equ    LIMIT, 8

        .text
        .globl  _start
_start:
        la      sp, stack_top
        la      t0, trap_handler
        csrw    mtvec, t0

# run the tasks round robin until all three are done
runner:
        li      s1, 0                   # tasks done
        la      s0, tasks
next_round:
        li      s2, 0                   # task index
next_task:
        li      t0, TASK_SIZE
        mul     t0, s2, t0
        add     s3, s0, t0              # s3 = the task's record
        lw      t1, COUNT(s3)
        lw      t2, LIMIT(s3)
        bgeu    t1, t2, skip            # done already
        addi    t1, t1, 1
        sw      t1, COUNT(s3)
        slli    a0, t1, 4               # the event: count << 4 | task << 2
        slli    t0, s2, 2
        or      a0, a0, t0
        call    log_event
        lw      t1, COUNT(s3)
        lw      t2, LIMIT(s3)
        bltu    t1, t2, skip
        lw      t3, ON_EXIT(s3)         # the task is done: call its on_exit
        mv      a0, s2
        jalr    t3
        addi    s1, s1, 1
skip:
        addi    s2, s2, 1
        li      t0, 3
        blt     s2, t0, next_task
        li      t0, 3
        blt     s1, t0, next_round
        li      a0, 0
        call    finish

# log_event: log a0, for the first WARMUP_EVENTS events only
log_event:
        la      t4, log_total
        lw      t5, 0(t4)
        li      t6, WARMUP_EVENTS
        bgeu    t5, t6, 2f
        addi    t5, t5, 1
        sw      t5, 0(t4)
        la      t4, log_next
        lw      t5, 0(t4)
        li      t6, LOG_SIZE
        bleu    t5, t6, 1f              # BUG: index LOG_SIZE passes (bltu is right)
        li      t5, 0
1:      la      t6, log
        slli    t0, t5, 2
        add     t6, t6, t0
        sw      a0, 0(t6)               # the wild store when t5 = LOG_SIZE
        addi    t5, t5, 1
        sw      t5, 0(t4)
2:      ret

# the tasks' on_exit functions: print "task X done" (a0 = the task's index)
task_done:
        mv      s4, ra
        mv      s5, a0
        la      a0, s_task
        call    uart_puts
        addi    a0, s5, 'A'
        call    uart_putc
        la      a0, s_done
        call    uart_puts
        mv      ra, s4
        ret

trap_handler:
        la      a0, s_panic
        call    uart_puts
        csrr    a0, mcause
        call    uart_puthex
        la      a0, s_mepc
        call    uart_puts
        csrr    a0, mepc
        call    uart_puthex
        la      a0, s_mtval
        call    uart_puts
        csrr    a0, mtval
        call    uart_puthex
        call    uart_newline
        li      a0, 1
        call    finish

        .data
s_task:  .asciz "task "
s_done:  .asciz " done\n"
s_panic: .asciz "panic: mcause "
s_mepc:  .asciz " mepc "
s_mtval: .asciz " mtval "

        .balign 4
log_total: .word 0
log_next:  .word 0
log:       .space 4 * LOG_SIZE
tasks:                                  # task A's record follows the log
        .word task_done, 0, 25000       # A
        .word task_done, 0, 2000        # B
        .word task_done, 0, 300         # C

        .bss
        .balign 16
        .space 1024
stack_top:

        .include "../lib/uart.s"
        .include "../lib/finisher.s"
