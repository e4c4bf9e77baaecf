# sbi.s - the kernel's side of SBI: small wrappers around `ecall` from S-mode.
#
# The kernel gets console, timer and shutdown only through these routines. Whoever sits
# below (the shim on the bare machine, the VMM in a virtual machine) answers them.
# Optional extensions are probed once at boot (sbi_init) and the kernel falls back to
# the legacy console when DBCN is missing.
#
# Every routine follows the calling convention: arguments in a0.., result in a0,
# t* and a* registers may change, s* and sp are kept.

    .section .text

# sbi_init(): read the spec version and probe the extensions the kernel uses.
# A kernel without the TIME extension cannot preempt tasks: it panics.
sbi_init:
    addi    sp, sp, -16
    sw      ra, 12(sp)
    li      a7, SBI_EXT_BASE
    li      a6, SBI_BASE_GET_SPEC_VERSION
    ecall
    la      t0, sbi_spec_version
    sw      a1, 0(t0)
    li      a0, SBI_EXT_DBCN
    call    sbi_probe_extension
    la      t0, sbi_has_dbcn
    sw      a0, 0(t0)
    li      a0, SBI_EXT_SRST
    call    sbi_probe_extension
    la      t0, sbi_has_srst
    sw      a0, 0(t0)
    li      a0, SBI_EXT_TIME
    call    sbi_probe_extension
    la      t0, sbi_has_time
    sw      a0, 0(t0)
    bnez    a0, 1f
    la      a0, msg_no_time
    call    panic
1:  lw      ra, 12(sp)
    addi    sp, sp, 16
    ret

# sbi_probe_extension(a0 = EID) -> a0 = 1 if the SBI implementation offers it, else 0
sbi_probe_extension:
    li      a7, SBI_EXT_BASE
    li      a6, SBI_BASE_PROBE_EXTENSION
    ecall
    snez    a0, a1                      # the spec allows any nonzero value for "present"
    ret

# sbi_console_write(a0 = physical address, a1 = length): print a buffer in one piece.
# The kernel's memory is identity-mapped, so a kernel buffer's address is its physical one.
# DBCN may write less than asked: go on until all is out. Without DBCN, byte by byte.
sbi_console_write:
.if PARAVIRT
    j       pv_console_write            # the ring shared with the hypervisor (pv.s)
.endif
    mv      t0, a0                      # t0 = next byte
    add     t1, a0, a1                  # t1 = end
    la      t2, sbi_has_dbcn
    lw      t2, 0(t2)
    beqz    t2, 3f
1:  bgeu    t0, t1, 2f
    sub     a0, t1, t0                  # bytes left
    mv      a1, t0                      # address low
    li      a2, 0                       # address high
    li      a7, SBI_EXT_DBCN
    li      a6, SBI_DBCN_CONSOLE_WRITE
    ecall
    bnez    a0, 3f                      # an error: try the legacy way for the rest
    add     t0, t0, a1                  # a1 = bytes written
    j       1b
2:  ret
3:  bgeu    t0, t1, 2b                  # legacy putchar, one byte per call
    lbu     a0, 0(t0)
    li      a7, SBI_EXT_LEGACY_PUTCHAR
    ecall
    addi    t0, t0, 1
    j       3b

# sbi_set_timer(a0 = time low, a1 = time high): the S timer interrupt fires once the
# time CSR reaches this value; the call also clears a pending one.
sbi_set_timer:
    li      a7, SBI_EXT_TIME
    li      a6, SBI_TIME_SET_TIMER
    ecall
    ret

# sbi_shutdown(a0 = SBI_SRST_REASON_*): power off. Reason NONE means success.
# Returns only if no SRST is offered or it failed; then the kernel stops here itself.
sbi_shutdown:
    la      t0, sbi_has_srst
    lw      t0, 0(t0)
    beqz    t0, 1f
    mv      a1, a0                      # reason
    li      a0, SBI_SRST_TYPE_SHUTDOWN
    li      a7, SBI_EXT_SRST
    li      a6, SBI_SRST_SYSTEM_RESET
    ecall
1:  sie_write zero, t0                  # nothing left to wake us: sleep forever
2:  wait_for_interrupt
    j       2b

    .section .rodata
msg_no_time: .asciz "no SBI TIME extension"

    .section .data
    .balign 4
sbi_spec_version: .word 0
sbi_has_dbcn:     .word 0
sbi_has_srst:     .word 0
sbi_has_time:     .word 0
