# traps.s: machine-mode traps. We install a handler in mtvec, then cause four
# exceptions. For each, the hardware jumps to the handler with
#
#   mcause  why: 2 illegal instruction, 11 ecall from M-mode, 3 breakpoint,
#           5 load access fault
#   mepc    the address of the instruction that trapped
#   mtval   extra information: the instruction's bits, the faulting address, or 0
#
# The handler prints the three, adds 4 to mepc so that the trapping
# instruction is skipped, and returns with mret. (The mepc values below are
# where those instructions land when _start is at 0x8000_0000: code added
# above them moves them.)
#
# expect-exit: 0
# expect-output:
# | illegal instruction: mcause=0x00000002 mepc=0x80000024 mtval=0xc0001073
# | ecall:               mcause=0x0000000b mepc=0x80000038 mtval=0x00000000
# | ebreak:              mcause=0x00000003 mepc=0x8000004c mtval=0x00000000
# | load access fault:   mcause=0x00000005 mepc=0x80000064 mtval=0x08000000
# | 4 traps handled
#
# The spec lets mtval be 0 or the instruction's bits on an illegal instruction,
# and 0 or the pc on ebreak; vmsh does what QEMU does (bits, and 0).

        .equ    UNMAPPED, 0x08000000    # no device and no memory here

        .text
        .globl  _start
_start:
        la      sp, stack_top
        la      t0, trap_handler
        csrw    mtvec, t0           # direct mode: every trap enters trap_handler

        la      a0, s_illegal
        call    uart_puts
        csrw    cycle, zero         # cycle is read-only: writing it is illegal

        la      a0, s_ecall
        call    uart_puts
        ecall                       # a call to the environment (here: ourselves)

        la      a0, s_ebreak
        call    uart_puts
        ebreak                      # the breakpoint instruction debuggers plant

        la      a0, s_fault
        call    uart_puts
        li      t0, UNMAPPED
        lw      t1, 0(t0)           # nothing answers at this address

        la      t0, trap_count
        lw      a0, 0(t0)
        call    uart_putdec
        la      a0, s_handled
        call    uart_puts
        li      a0, 0
        call    finish

# The handler runs with the interrupted program's registers, so it saves every
# register it (and the library routines) will change, and restores them.
        .balign 4                   # mtvec needs a 4-byte aligned address
trap_handler:
        addi    sp, sp, -48
        sw      ra, 0(sp)
        sw      a0, 4(sp)
        sw      t0, 8(sp)
        sw      t1, 12(sp)
        sw      t2, 16(sp)
        sw      t3, 20(sp)
        sw      t4, 24(sp)
        sw      t5, 28(sp)
        sw      t6, 32(sp)

        la      a0, s_mcause
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

        la      t0, trap_count
        lw      t1, 0(t0)
        addi    t1, t1, 1
        sw      t1, 0(t0)

        csrr    t0, mepc
        addi    t0, t0, 4           # resume after the trapping instruction
        csrw    mepc, t0

        lw      ra, 0(sp)
        lw      a0, 4(sp)
        lw      t0, 8(sp)
        lw      t1, 12(sp)
        lw      t2, 16(sp)
        lw      t3, 20(sp)
        lw      t4, 24(sp)
        lw      t5, 28(sp)
        lw      t6, 32(sp)
        addi    sp, sp, 48
        mret                        # back to mepc, in the mode saved in mstatus.MPP

        .section .rodata
s_illegal:  .asciz "illegal instruction: "
s_ecall:    .asciz "ecall:               "
s_ebreak:   .asciz "ebreak:              "
s_fault:    .asciz "load access fault:   "
s_mcause:   .asciz "mcause="
s_mepc:     .asciz " mepc="
s_mtval:    .asciz " mtval="
s_handled:  .asciz " traps handled\n"

        .data
        .balign 4
trap_count: .word 0

        .bss
        .balign 16
        .space  1024
stack_top:

        .include "lib/uart.s"
        .include "lib/finisher.s"
