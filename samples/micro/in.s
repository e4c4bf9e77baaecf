# in.s - Adams and Agesen's "in": the guest kernel reads a device register.
#
# x86's `in` reads an I/O port; RISC-V has no I/O instructions, so a device register is a
# load from its memory-mapped address. The kernel reads the UART's line status register
# (LSR, no side effects) micro_iterations times, with paging off. On the bare machine a
# read is one load; under every hypervisor the device is emulated, so each read is an
# exit (a shadow or G-stage miss on a device address, decoded and served by the VMM).
#
# expect-exit: 0
# expect-output:
# | in: 1000 device register reads

.include "micro.s"

    .section .text
# micro_main(a0 = iterations) -> a0 = reads done
micro_main:
    li      t0, UART_BASE
    li      t2, 0                       # t2 = reads
    mv      t3, a0
1:  beqz    t3, 2f
    lbu     t1, UART_LSR(t0)
    addi    t2, t2, 1
    addi    t3, t3, -1
    j       1b
2:  beqz    t2, 4f                      # no read at all (micro_iterations = 0)
    andi    t1, t1, UART_LSR_THRE       # the last read saw an idle transmitter
    beqz    t1, 3f
4:  mv      a0, t2
    ret
3:  la      a0, msg_in_lsr
    call    panic

    .section .rodata
micro_name: .asciz "in"
micro_unit: .asciz "device register reads"
msg_in_lsr: .asciz "the UART's LSR never said THRE"

.include "micro_end.s"
