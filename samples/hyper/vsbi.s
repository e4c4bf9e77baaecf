# vsbi.s - the SBI the guest sees: we are its firmware, as the shim is ours.
#
# The guest's `ecall` from VS-mode exits to us (cause 10) with its registers in the vCPU
# frame: a7 = extension, a6 = function, a0.. = arguments. We answer in its a0 (error) and
# a1 (value) and resume it after the ecall. What we offer is what the kernel probes for:
#   BASE      spec version 2.0, implementation "hypr", probe_extension
#   0x01      legacy console_putchar
#   DBCN      console_write, console_read, console_write_byte
#   TIME      set_timer (vtimer.s: on our own timer)
#   SRST      system_reset (the guest powers off: so do we)
# Console bytes go out through our own SBI console, so the guest's lines and ours
# interleave in order. Addresses the guest gives are guest-physical: we check that the
# buffer lies in guest RAM and find it where we keep that RAM (a fixed offset).

    .section .text

# vsbi_call(): serve the guest's SBI call.
vsbi_call:
    addi    sp, sp, -16
    sw      ra, 12(sp)
    sw      s0, 8(sp)
    sw      s1, 4(sp)
    sw      s2, 0(sp)
    la      s0, vcpu                    # s0 = the guest's registers
    lw      t0, VCPU_PC(s0)
    addi    t0, t0, 4
    sw      t0, VCPU_PC(s0)             # resume after the ecall
    lw      t1, VCPU_A7(s0)
    li      a0, EXIT_SBI
    li      t0, SBI_EXT_TIME
    bne     t1, t0, 1f
    li      a0, EXIT_SBI_TIMER          # counted apart: the one call whose count depends on timing
1:  call    count_exit
    lw      a0, VCPU_A0(s0)             # the arguments, as the guest left them
    lw      a1, VCPU_A1(s0)
    lw      a2, VCPU_A2(s0)
    lw      a6, VCPU_A6(s0)
    lw      t1, VCPU_A7(s0)
    li      t0, SBI_EXT_BASE
    beq     t1, t0, vsbi_base
    li      t0, SBI_EXT_LEGACY_PUTCHAR
    beq     t1, t0, vsbi_legacy_putchar
    li      t0, SBI_EXT_DBCN
    beq     t1, t0, vsbi_dbcn
    li      t0, SBI_EXT_TIME
    beq     t1, t0, vsbi_time
    li      t0, SBI_EXT_SRST
    beq     t1, t0, vsbi_srst
vsbi_not_supported:
    li      a0, SBI_ERR_NOT_SUPPORTED
    li      a1, 0
vsbi_return:                            # a0 = error, a1 = value: into the guest's a0, a1
    sw      a0, VCPU_A0(s0)
    sw      a1, VCPU_A1(s0)
vsbi_done:
    lw      s2, 0(sp)
    lw      s1, 4(sp)
    lw      s0, 8(sp)
    lw      ra, 12(sp)
    addi    sp, sp, 16
    ret

# --- BASE ---
vsbi_base:
    li      t0, SBI_BASE_GET_SPEC_VERSION
    beq     a6, t0, 1f
    li      t0, SBI_BASE_GET_IMPL_ID
    beq     a6, t0, 2f
    li      t0, SBI_BASE_GET_IMPL_VERSION
    beq     a6, t0, 3f
    li      t0, SBI_BASE_PROBE_EXTENSION
    beq     a6, t0, 4f
    li      t0, SBI_BASE_GET_MVENDORID
    bltu    a6, t0, vsbi_not_supported
    li      t0, SBI_BASE_GET_MIMPID
    bgtu    a6, t0, vsbi_not_supported
    li      a1, 0                       # mvendorid, marchid, mimpid: a virtual hart has none
    j       5f
1:  li      a1, SBI_SPEC_VERSION_2_0
    j       5f
2:  li      a1, HYPER_IMPL_ID
    j       5f
3:  li      a1, 1
    j       5f
4:  li      a1, 1                       # a0 = the extension asked about
    li      t0, SBI_EXT_BASE
    beq     a0, t0, 5f
    li      t0, SBI_EXT_LEGACY_PUTCHAR
    beq     a0, t0, 5f
    li      t0, SBI_EXT_DBCN
    beq     a0, t0, 5f
    li      t0, SBI_EXT_TIME
    beq     a0, t0, 5f
    li      t0, SBI_EXT_SRST
    beq     a0, t0, 5f
    li      a1, 0                       # anything else (vmsh's balloon, say): absent
5:  li      a0, SBI_SUCCESS
    j       vsbi_return

# --- legacy console_putchar(a0 = byte): the result is in a0 only ---
vsbi_legacy_putchar:
    call    vsbi_put_byte
    li      a0, SBI_SUCCESS
    sw      a0, VCPU_A0(s0)
    j       vsbi_done

# --- DBCN ---
vsbi_dbcn:
    li      t0, SBI_DBCN_CONSOLE_WRITE_BYTE
    beq     a6, t0, 3f
    li      t0, SBI_DBCN_CONSOLE_READ
    bgtu    a6, t0, vsbi_not_supported
    # console_write and console_read(a0 = bytes, a1 = address low, a2 = high): the buffer
    # must lie in guest RAM; then it is at the same offset from GUEST_HPA
    bnez    a2, 1f                      # above 4 GiB: never guest RAM
    li      t0, GUEST_GPA
    sub     t1, a1, t0                  # t1 = offset of the buffer in guest RAM
    li      t2, GUEST_SIZE
    bgeu    t1, t2, 1f
    sub     t2, t2, t1                  # room from there to the end of guest RAM
    bgtu    a0, t2, 1f
    li      t0, GUEST_HPA
    add     a1, t0, t1                  # a1 = the buffer where we keep it
    bnez    a6, 2f
    mv      s1, a0                      # s1 = bytes
    mv      a0, a1
    mv      a1, s1
    call    sbi_console_write           # ours writes all of it
    li      a0, SBI_SUCCESS
    mv      a1, s1
    j       vsbi_return
1:  li      a0, SBI_ERR_INVALID_PARAM
    li      a1, 0
    j       vsbi_return
2:  li      a2, 0                       # console_read: ask ours for the same, into the same bytes
    li      a7, SBI_EXT_DBCN
    li      a6, SBI_DBCN_CONSOLE_READ
    ecall                               # a0 = error, a1 = bytes read
    j       vsbi_return
3:  call    vsbi_put_byte               # console_write_byte(a0 = byte)
    li      a0, SBI_SUCCESS
    li      a1, 0
    j       vsbi_return

# vsbi_put_byte(a0 = byte): one byte out through our console.
vsbi_put_byte:
    addi    sp, sp, -16
    sw      ra, 12(sp)
    la      t0, vsbi_byte
    sb      a0, 0(t0)
    mv      a0, t0
    li      a1, 1
    call    sbi_console_write
    lw      ra, 12(sp)
    addi    sp, sp, 16
    ret

# --- TIME: set_timer(a0 = low, a1 = high) ---
vsbi_time:
    bnez    a6, vsbi_not_supported
    call    vtimer_set
    li      a0, SBI_SUCCESS
    li      a1, 0
    j       vsbi_return

# --- SRST: system_reset(a0 = type, a1 = reason) ---
# This hypervisor runs one guest: when it powers off (or reboots), the machine does.
vsbi_srst:
    bnez    a6, vsbi_not_supported
    li      t0, SBI_SRST_TYPE_WARM_REBOOT
    bgtu    a0, t0, 1f
    mv      s1, a0                      # s1 = type, s2 = reason
    mv      s2, a1
    call    print_exit_summary
    mv      a0, s1
    mv      a1, s2
    li      a7, SBI_EXT_SRST
    li      a6, SBI_SRST_SYSTEM_RESET
    ecall                               # ours: the exit code is the guest's reason
    li      a0, SBI_ERR_FAILED          # it came back: tell the guest so
    li      a1, 0
    j       vsbi_return
1:  li      a0, SBI_ERR_INVALID_PARAM
    li      a1, 0
    j       vsbi_return

    .section .bss
vsbi_byte:  .space 4
