# exit.s: ending with a non-zero exit code through the test finisher.
#
# Writing (code << 16) | 0x3333 to the finisher at 0x0010_0000 stops the
# machine with exit status `code`; `vmsh boot` (and QEMU) then exit with it,
# which is how a guest reports failure to a script or a grader.
#
# expect-exit: 3
# expect-output:
# | exiting with code 3

        .equ    FINISHER_BASE, 0x00100000
        .equ    FINISHER_FAIL, 0x3333
        .equ    EXIT_CODE, 3

        .text
        .globl  _start
_start:
        la      a0, message
        call    uart_puts
        li      t0, FINISHER_BASE
        li      t1, (EXIT_CODE << 16) | FINISHER_FAIL   # 0x0003_3333
        sw      t1, 0(t0)           # the machine stops here
1:      j       1b

        .section .rodata
message:
        .asciz  "exiting with code 3\n"

        .include "lib/uart.s"
