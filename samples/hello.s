# hello.s: the smallest complete guest. It prints a greeting through the UART
# and powers the machine off through the test finisher.
#
# The UART is a 16550 at 0x1000_0000. Before writing a byte to its transmit
# holding register (THR, offset 0) we poll the line status register (LSR,
# offset 5) until bit 5, THRE ("THR empty"), says the UART can take it.
# The test finisher at 0x0010_0000 stops the machine: 0x5555 means exit 0.
#
# Run it:  ./vmsh boot samples/hello.s
#
# expect-exit: 0
# expect-output:
# | Hello, world!

        .equ    UART_BASE, 0x10000000
        .equ    UART_LSR, 5
        .equ    LSR_THRE, 0x20
        .equ    FINISHER_BASE, 0x00100000
        .equ    FINISHER_PASS, 0x5555

        .text
        .globl  _start
_start:
        la      s0, message         # s0 walks along the string
        li      s1, UART_BASE
next_char:
        lbu     a0, 0(s0)
        beqz    a0, done            # the NUL ends the string
wait_ready:
        lbu     t0, UART_LSR(s1)
        andi    t0, t0, LSR_THRE
        beqz    t0, wait_ready      # transmitter busy: ask again
        sb      a0, 0(s1)           # THR: send the byte
        addi    s0, s0, 1
        j       next_char
done:
        li      t0, FINISHER_BASE
        li      t1, FINISHER_PASS
        sw      t1, 0(t0)           # the machine stops here
1:      j       1b

        .section .rodata
message:
        .asciz  "Hello, world!\n"
