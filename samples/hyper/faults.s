# faults.s - the guest's faults that are ours: guest-page faults and virtual instructions,
# and injecting a trap into the guest when the fault is really its own.
#
# A guest-page fault (cause 20, 21, 23: fetch, load, store) means the G-stage had no
# mapping for a guest-physical address. htval holds that address shifted right by 2 (a
# guest-physical address has 34 bits). Inside guest RAM it is a first touch: we map the
# page and the guest retries the access. Outside, there is nothing there (we emulate no
# devices): the guest gets the access fault a real hart would give it.
#
# A virtual-instruction exception (cause 22) is an instruction that would be legal in
# S-mode but that the hypervisor keeps: here the guest's wfi (hstatus.VTW), and any H
# extension instruction or CSR (the guest has no H extension: it gets an illegal
# instruction). stval holds the instruction.

    .section .text

# guest_page_fault(a0 = scause)
guest_page_fault:
    addi    sp, sp, -16
    sw      ra, 12(sp)
    sw      s0, 8(sp)
    mv      s0, a0                      # s0 = cause
    li      a0, EXIT_GUEST_PAGE_FAULT
    call    count_exit
    csrr    t0, htval
    srli    t1, t0, 30
    bnez    t1, 1f                      # above 4 GiB: not guest RAM
    slli    a0, t0, 2                   # a0 = the guest-physical address (page bits are all we need)
    li      t1, GUEST_GPA
    sub     t1, a0, t1
    li      t2, GUEST_SIZE
    bgeu    t1, t2, 1f                  # not guest RAM
    call    gstage_map
    j       2f
1:  addi    a0, s0, CAUSE_FETCH_ACCESS - CAUSE_FETCH_GUEST_PAGE_FAULT
    li      t0, CAUSE_FETCH_GUEST_PAGE_FAULT
    beq     s0, t0, 3f
    addi    a0, s0, CAUSE_LOAD_ACCESS - CAUSE_LOAD_GUEST_PAGE_FAULT
    li      t0, CAUSE_LOAD_GUEST_PAGE_FAULT
    beq     s0, t0, 3f
    addi    a0, s0, CAUSE_STORE_ACCESS - CAUSE_STORE_GUEST_PAGE_FAULT
3:  csrr    a1, stval                   # the guest's own (virtual) address of the access
    call    inject_trap
2:  lw      s0, 8(sp)
    lw      ra, 12(sp)
    addi    sp, sp, 16
    ret

# virtual_instruction(): wfi waits for an interrupt; anything else is illegal for the guest.
virtual_instruction:
    addi    sp, sp, -16
    sw      ra, 12(sp)
    li      a0, EXIT_VIRTUAL_INSTRUCTION
    call    count_exit
    csrr    a1, stval                   # the instruction
    li      t0, INSN_WFI
    bne     a1, t0, 1f
    la      t0, vcpu
    lw      t1, VCPU_PC(t0)
    addi    t1, t1, 4
    sw      t1, VCPU_PC(t0)             # it completes once an interrupt is pending:
    wfi                                 #   we wait for it in its place (ours or its own)
    j       2f
1:  li      a0, CAUSE_ILLEGAL_INSTRUCTION
    call    inject_trap
2:  lw      ra, 12(sp)
    addi    sp, sp, 16
    ret

# inject_trap(a0 = cause, a1 = tval): make the guest take exception a0 at its pc, as the
# hardware would if it had been delegated: the vs* CSRs get what s* would (vscause,
# vsepc, vstval; vsstatus.SPP = the guest's mode, SPIE = SIE, SIE = 0), and the guest
# resumes at its trap vector in VS-mode. Leaf.
inject_trap:
    la      t0, vcpu
    csrw    vscause, a0
    lw      t1, VCPU_PC(t0)
    csrw    vsepc, t1
    csrw    vstval, a1
    csrr    t1, vsstatus
    andi    t2, t1, SSTATUS_SIE
    slli    t2, t2, 4                   # SIE (bit 1) moves to SPIE (bit 5)
    andi    t1, t1, ~(SSTATUS_SPP | SSTATUS_SPIE | SSTATUS_SIE)
    or      t1, t1, t2
    csrr    t2, sstatus
    andi    t2, t2, SSTATUS_SPP         # the guest's mode when it exited: VS (1) or VU (0)
    or      t1, t1, t2
    csrw    vsstatus, t1
    csrr    t1, vstvec
    andi    t1, t1, ~3                  # exceptions go to the base, vectored or not
    sw      t1, VCPU_PC(t0)
    li      t1, SSTATUS_SPP
    csrs    sstatus, t1                 # its handler runs in VS-mode
    ret
