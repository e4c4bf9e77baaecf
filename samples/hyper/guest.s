# guest.s - the guest: its image, loading it into guest RAM, and its vCPU at power-on.
#
# The image is the teaching kernel assembled as a program of its own, at its own addresses
# (0x8000_0000 on: the firmware page, then kernel_entry at 0x8000_1000), byte for byte what
# `vmsh boot samples/kernel/kernel.s` runs. vmsh's assembler has no separate linker: an
# .incbin of assembly source assembles it and includes the program's bytes. With the GNU
# tools, run-qemu.sh builds kernel.bin (as, ld, objcopy) and includes that instead.
#
# The kernel's addresses are guest-physical: they stay right because the G-stage maps
# guest-physical 0x8000_0000 to wherever we keep its RAM (GUEST_HPA). The kernel clears its
# own .bss, so the bytes up to the end of its .data are all it needs.

    .section .rodata
    .balign PAGE_SIZE
guest_image:
    .incbin "../kernel/kernel.s"
guest_image_end:

    .section .text

# guest_load(): copy the image to the start of guest RAM (guest-physical GUEST_GPA).
# The rest of guest RAM is untouched memory: zeros.
guest_load:
    addi    sp, sp, -16
    sw      ra, 12(sp)
    li      a0, GUEST_HPA
    la      a1, guest_image
    la      a2, guest_image_end
    sub     a2, a2, a1
    call    memcpy
    lw      ra, 12(sp)
    addi    sp, sp, 16
    ret

# vcpu_boot(): the guest's hart as the kernel's boot contract wants it: VS-mode at
# kernel_entry, paging off, a0 = hartid, a1 = 0, every other register 0 (the vCPU's
# frame is in .bss). And what the hardware needs to know to run it without us.
vcpu_boot:
    la      t0, vcpu
    li      t1, GUEST_ENTRY
    sw      t1, VCPU_PC(t0)
    li      t1, GUEST_HARTID
    sw      t1, VCPU_A0(t0)
    sw      zero, VCPU_A1(t0)
    # its supervisor CSRs (the vs* ones: what it sees as s*) start cleared
    csrw    vsstatus, zero
    csrw    vsie, zero
    csrw    vstvec, zero
    csrw    vsscratch, zero
    csrw    vsatp, zero                 # paging off: guest-virtual = guest-physical
    # what it handles itself, and what it sees of the hart
    li      t0, GUEST_EXCEPTIONS
    csrw    hedeleg, t0
    li      t0, GUEST_INTERRUPTS
    csrw    hideleg, t0
    li      t0, HCOUNTEREN_CY | HCOUNTEREN_TM | HCOUNTEREN_IR
    csrw    hcounteren, t0              # it reads the counters without an exit
    csrw    htimedelta, zero            # its time is ours
    csrw    htimedeltah, zero
    csrw    hvip, zero                  # no interrupt pending for it yet
    # sret goes to V=1 (hstatus.SPV) in VS-mode (sstatus.SPP); its wfi exits to us
    li      t0, HSTATUS_SPV | HSTATUS_VTW
    csrw    hstatus, t0
    li      t0, SSTATUS_SPP
    csrs    sstatus, t0
    ret
