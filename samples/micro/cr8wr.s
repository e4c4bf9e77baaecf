# cr8wr.s - Adams and Agesen's "cr8wr": the guest kernel writes its interrupt mask.
#
# x86-64's CR8 is the task priority register, which masks interrupts below a priority.
# RISC-V's analogue is sie, the supervisor interrupt-enable mask. The kernel writes it
# micro_iterations times, alternating "timer enabled" and "none" (sstatus.SIE stays off,
# so nothing is taken). Under trap-and-emulate every write traps; under hardware
# assistance it reaches the guest's own vsie; a paravirtual kernel writes its mask into
# the page it shares with the hypervisor.
#
# expect-exit: 0
# expect-output:
# | cr8wr: 1000 interrupt-mask writes

.include "micro.s"

    .section .text
# micro_main(a0 = iterations) -> a0 = writes done
micro_main:
    li      t0, SIE_STIE
    li      t2, 0                       # t2 = writes
    mv      t3, a0
1:  beqz    t3, 2f
    andi    t1, t2, 1
    beqz    t1, 3f
    sie_write zero, t4
    j       4f
3:  sie_write t0, t4
4:  addi    t2, t2, 1
    addi    t3, t3, -1
    j       1b
2:  sie_write zero, t4
    mv      a0, t2
    ret

    .section .rodata
micro_name: .asciz "cr8wr"
micro_unit: .asciz "interrupt-mask writes"

.include "micro_end.s"
