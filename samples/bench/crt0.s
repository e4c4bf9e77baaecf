# crt0.s: the bare-metal start-up for the C benchmark, in M-mode with paging off.
#
# This is the file to assemble: it includes the compiler's output, cpubench.s,
# so vmsh's assembler (which takes one source file) and GNU as build the same
# program. _start gives C a stack, clears .bss (C expects zeroed globals),
# calls main and reports main's return value through the test finisher.
#
#   ./vmsh boot samples/bench/crt0.s
#
# A later paging-on variant (the S-mode kernel's issue) can be another start-up
# file that builds page tables, then includes the same cpubench.s.

        .equ    STACK_SIZE, 16384

        .text
        .globl  _start
_start:
        la      sp, stack_top

        la      t0, bss_start       # zero .bss, a word at a time
        la      t1, bss_end
1:      bgeu    t0, t1, 2f
        sw      zero, 0(t0)
        addi    t0, t0, 4
        j       1b

2:      call    main
        j       finish              # main's return value is the exit code

        .include "../lib/finisher.s"

        .bss
        .balign 16
bss_start:
        .space  STACK_SIZE          # the stack grows down from stack_top
stack_top:

        .include "cpubench.s"

        .bss                        # after everything the compiler put in .bss
        .balign 4
bss_end:
