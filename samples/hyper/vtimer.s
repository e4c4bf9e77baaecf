# vtimer.s - the guest's timer, made from ours.
#
# The guest asks for a timer interrupt with SBI set_timer; it expects its supervisor timer
# interrupt once the time CSR reaches that value. Without the Sstc extension only the
# firmware below us can program the real timer, so we pass the request on with our own
# SBI set_timer, and when our timer interrupt comes (an exit: HS-level interrupts reach
# us even while the guest runs) we raise the guest's: hvip.VSTIP. The hart delivers it
# to the guest as its supervisor timer interrupt, when the guest has it enabled, without
# us (hideleg). Its handler then asks for the next one, which also takes VSTIP down.
#
# The guest's time is ours (htimedelta = 0), so its deadline needs no conversion.

    .section .text

# vtimer_set(a0 = time low, a1 = time high): the guest's set_timer.
vtimer_set:
    addi    sp, sp, -16
    sw      ra, 12(sp)
    li      t0, HVIP_VSTIP
    csrc    hvip, t0                    # the guest's previous timer interrupt is answered
    call    sbi_set_timer               # ours, for the same time (this also clears our STIP)
    li      t0, SIE_STIE
    csrs    sie, t0                     # and let it interrupt the guest
    lw      ra, 12(sp)
    addi    sp, sp, 16
    ret

# vtimer_interrupt(): our timer fired while the guest ran: it is the guest's. Leaf.
vtimer_interrupt:
    li      t0, SIE_STIE
    csrc    sie, t0                     # our STIP stays up until the next set_timer: mask it
    li      t0, HVIP_VSTIP
    csrs    hvip, t0                    # the guest's timer interrupt is pending
    li      a0, EXIT_TIMER
    j       count_exit
