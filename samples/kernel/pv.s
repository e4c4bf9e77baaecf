# pv.s - what a paravirtual build of the kernel adds (included only when PARAVIRT is 1):
# joining the hypervisor, the multicall batch the page-table macros queue into, and the
# console ring. See paravirt.s for the interface.
#
# The batch: up to PV_BATCH_ENTRIES entries of two words (ptr | op, val) in pv_batch; the
# count lives in the shared page, so the hypervisor applies a batch whenever the kernel
# makes a hypercall (also `return`, which ends every system call). pte_commit sends it
# explicitly; a full batch is sent before it takes another entry.

.equ PV_BATCH_ENTRIES, 64

    .section .text

# pv_init(): the hypervisor must offer EXT_VMSH; register the batch. Without it the kernel
# cannot even print: it shuts down with reason SBI_SRST_REASON_SYSTEM_FAILURE.
pv_init:
    addi    sp, sp, -16
    sw      ra, 12(sp)
    li      a0, SBI_EXT_VMSH
    call    sbi_probe_extension
    bnez    a0, 1f
    li      a7, SBI_EXT_SRST            # not on a pv hypervisor: nothing works
    li      a6, SBI_SRST_SYSTEM_RESET
    li      a0, SBI_SRST_TYPE_SHUTDOWN
    li      a1, SBI_SRST_REASON_SYSTEM_FAILURE
    ecall
1:  la      t0, pv_batch
    li      t1, PV_BATCH_ENTRIES
    pv_hypercall VMSH_REGISTER_BATCH, t0, t1
    lw      ra, 12(sp)
    addi    sp, sp, 16
    ret

# pv_queue_entry(a0 = ptr | op, a1 = val): append a multicall entry, sending the batch
# first when it is full. Keeps every register but ra.
pv_queue_entry:
    addi    sp, sp, -16
    sw      ra, 12(sp)
    sw      t0, 8(sp)
    sw      t1, 4(sp)
    lw      t0, PV_BATCH_COUNT(zero)
    li      t1, PV_BATCH_ENTRIES
    bltu    t0, t1, 1f
    call    pv_commit                   # full: send what is there
    li      t0, 0
1:  slli    t1, t0, 3
    addi    t0, t0, 1
    sw      t0, PV_BATCH_COUNT(zero)
    la      t0, pv_batch
    add     t1, t1, t0
    sw      a0, 0(t1)
    sw      a1, 4(t1)
    lw      t1, 4(sp)
    lw      t0, 8(sp)
    lw      ra, 12(sp)
    addi    sp, sp, 16
    ret

# pv_commit(): send the queued entries (hypercall mmu), if any; a refused one is a kernel
# bug: panic. Keeps every register but ra.
pv_commit:
    addi    sp, sp, -32
    sw      ra, 28(sp)
    sw      a0, 24(sp)
    sw      a1, 20(sp)
    sw      a6, 16(sp)
    sw      a7, 12(sp)
    lw      a0, PV_BATCH_COUNT(zero)
    beqz    a0, 1f
    li      a7, SBI_EXT_VMSH
    li      a6, VMSH_MMU
    ecall
    bnez    a0, 2f
1:  lw      a7, 12(sp)
    lw      a6, 16(sp)
    lw      a1, 20(sp)
    lw      a0, 24(sp)
    lw      ra, 28(sp)
    addi    sp, sp, 32
    ret
2:  la      a0, msg_pv_refused
    call    panic

# pv_pte_load(a0 = physical address of a PTE) -> a0 = the PTE as it will be: the newest
# queued store to it, else memory. Keeps every register but a0.
pv_pte_load:
    addi    sp, sp, -16
    sw      t0, 12(sp)
    sw      t1, 8(sp)
    sw      t2, 4(sp)
    lw      t0, PV_BATCH_COUNT(zero)
    la      t1, pv_batch
    slli    t0, t0, 3
    add     t0, t0, t1                  # t0 = after the newest entry
1:  beq     t0, t1, 2f
    addi    t0, t0, -8
    lw      t2, 0(t0)
    bne     t2, a0, 1b                  # (a PTE store has op 0: ptr is the address)
    lw      a0, 4(t0)
    j       3f
2:  lw      a0, 0(a0)
3:  lw      t2, 4(sp)
    lw      t1, 8(sp)
    lw      t0, 12(sp)
    addi    sp, sp, 16
    ret

# pv_console_write(a0 = address, a1 = length): the bytes go into the shared page's ring,
# then one console event prints them (instead of the SBI console). Returns 0.
pv_console_write:
    add     t1, a0, a1                  # t1 = end
    li      t2, PV_SHARED               # t2 = the ring
1:  bgeu    a0, t1, 3f
    lw      t3, PV_CONSOLE_PROD(zero)
    lw      t4, PV_CONSOLE_CONS(zero)
    sub     t4, t3, t4
    li      t5, PV_CONSOLE_SIZE
    bltu    t4, t5, 2f
    pv_hypercall VMSH_CONSOLE           # full: let the hypervisor take what is there
    j       1b
2:  lbu     t4, 0(a0)
    andi    t5, t3, PV_CONSOLE_SIZE - 1
    add     t5, t5, t2
    sb      t4, PV_CONSOLE_RING(t5)
    addi    t3, t3, 1
    sw      t3, PV_CONSOLE_PROD(zero)
    addi    a0, a0, 1
    j       1b
3:  pv_hypercall VMSH_CONSOLE
    li      a0, 0
    ret

    .section .rodata
msg_pv_refused: .asciz "the hypervisor refused a page-table batch"

    .section .bss
    .balign 8
pv_batch: .space PV_BATCH_ENTRIES * 8
