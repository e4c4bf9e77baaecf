# esxlib.s - what the ESX workload guests share: boot, sleeping, page contents, checksums.
#
# A workload guest is an S-mode program built like the teaching kernel: the kernel's M-mode
# shim at _start (bare machine only), the program at kernel_entry on the next page, and
# the kernel's SBI wrappers, printing, page allocator and balloon driver included from
# ../kernel. Under the hypervisor it starts at kernel_entry with paging off and asks only
# SBI for services, so it runs unchanged on the bare machine, on QEMU and in a VM.
#
# Each guest keeps its parameters in .data words (mem_size, ...) that a script may patch
# before the guest runs; the guest's header lists them.
#
# Memory: the image, then the pages from image_end to RAM_BASE + mem_size, handed out by
# the kernel's page allocator (palloc.s) in address order and only when needed, so a page
# the guest never uses costs the host nothing. The loader gives zeroed memory (.bss).
#
# Calling convention as in ../kernel/lib.s: t* and a* may change, s* are kept.

.equ GUEST_STACK_SIZE,  4096

    .section .text

# guest_boot(): traps, SBI, the balloon driver and the page allocator. Call first.
guest_boot:
    addi    sp, sp, -16
    sw      ra, 12(sp)
    la      t0, guest_trap
    csrw    stvec, t0                   # the guests take no traps: one is a bug
    csrw    sie, zero
    call    sbi_init
    call    balloon_init
    la      a0, image_end
    la      t0, mem_size
    lw      a1, 0(t0)
    li      t0, RAM_BASE
    add     a1, a1, t0
    call    page_alloc_init
    lw      ra, 12(sp)
    addi    sp, sp, 16
    ret

# guest_trap: a trap the guest did not expect (they run with interrupts masked).
# "guest: unexpected trap, scause 0x0000000d, sepc 0x80001234, stval 0x00000000"
    .balign 4
guest_trap:
    la      sp, guest_stack_top
    la      a0, msg_guest_trap
    call    kput_str
    csrr    a0, scause
    call    kput_hex
    la      a0, msg_guest_sepc
    call    kput_str
    csrr    a0, sepc
    call    kput_hex
    la      a0, msg_guest_stval
    call    kput_str
    csrr    a0, stval
    call    kput_hex
    call    kput_newline
    li      a0, SBI_SRST_REASON_SYSTEM_FAILURE
    call    sbi_shutdown

# read_time() -> a0 = time low, a1 = time high. Leaf. (Reads the halves until they agree.)
read_time:
1:  csrr    a1, timeh
    csrr    a0, time
    csrr    t0, timeh
    bne     a1, t0, 1b
    ret

# guest_idle(a0 = ticks of the timebase): sleep that long, then poll the balloon.
# The S timer interrupt is enabled in sie but not globally (sstatus.SIE stays 0): it wakes
# wfi without trapping, and the SBI set_timer call clears it for the next sleep.
guest_idle:
    addi    sp, sp, -16
    sw      ra, 12(sp)
    sw      s0, 8(sp)
    sw      s1, 4(sp)
    mv      s0, a0
    call    read_time
    add     s0, a0, s0                  # s1:s0 = wake-up time (64-bit add)
    sltu    t0, s0, a0
    add     s1, a1, t0
    mv      a0, s0
    mv      a1, s1
    call    sbi_set_timer
    li      t0, SIE_STIE
    csrs    sie, t0
1:  wfi
    call    read_time
    bltu    a1, s1, 1b                  # not yet: the high half is lower,
    bne     a1, s1, 2f
    bltu    a0, s0, 1b                  #   or equal with the low half lower
2:  li      t0, SIE_STIE
    csrc    sie, t0
    call    balloon_poll
    lw      s1, 4(sp)
    lw      s0, 8(sp)
    lw      ra, 12(sp)
    addi    sp, sp, 16
    ret

# page_fill(a0 = page, a1 = seed): seed 0 fills zeros; any other seed fills the page with
# the xorshift32 stream that starts from it, so equal seeds give equal pages. Leaf.
page_fill:
    li      t0, PAGE_SIZE
    add     t0, a0, t0                  # t0 = end
1:  beqz    a1, 2f
    slli    t1, a1, 13                  # xorshift32 (Marsaglia 2003): 13, 17, 5
    xor     a1, a1, t1
    srli    t1, a1, 17
    xor     a1, a1, t1
    slli    t1, a1, 5
    xor     a1, a1, t1
2:  sw      a1, 0(a0)
    addi    a0, a0, 4
    bne     a0, t0, 1b
    ret

# page_checksum(a0 = page) -> a0 = a 32-bit checksum of its words (rotate by 5, add). Leaf.
page_checksum:
    li      t0, PAGE_SIZE
    add     t0, a0, t0
    li      t1, 0                       # t1 = checksum
1:  lw      t2, 0(a0)
    slli    t3, t1, 5
    srli    t1, t1, 27
    or      t1, t1, t3
    add     t1, t1, t2
    addi    a0, a0, 4
    bne     a0, t0, 1b
    mv      a0, t1
    ret

    .section .rodata
msg_guest_trap:  .asciz "guest: unexpected trap, scause "
msg_guest_sepc:  .asciz ", sepc "
msg_guest_stval: .asciz ", stval "

    .section .bss
    .balign 16
guest_stack:     .space GUEST_STACK_SIZE
guest_stack_top:
