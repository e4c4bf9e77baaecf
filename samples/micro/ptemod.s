# ptemod.s - Adams and Agesen's "ptemod": the guest kernel changes a page-table entry
# and flushes its translation.
#
# The kernel maps one page at PTEMOD_VA in its own address space and then, each
# iteration, points that PTE at the other of two pages (A holds 1, B holds 2), fences the
# page, and reads through the mapping to check the change took effect. On the bare
# machine that is a store, an sfence.vma and a TLB miss. Under traced shadow paging the
# store into a write-protected guest page table exits; so does the fence under
# trap-and-emulate and under hw-shadow (hstatus.VTVM); nested paging lets the guest do
# all of it itself.
#
# expect-exit: 0
# expect-output:
# | ptemod: 1000 PTE changes

.equ PTEMOD_VA, 0x40000000

.include "micro.s"

    .section .text
# micro_main(a0 = iterations) -> a0 = PTE changes seen through the mapping
micro_main:
    addi    sp, sp, -32
    sw      ra, 28(sp)
    sw      s0, 24(sp)
    sw      s1, 20(sp)
    sw      s2, 16(sp)
    sw      s3, 12(sp)
    sw      s4, 8(sp)
    mv      s0, a0                      # s0 = changes to make
    call    vm_init
    call    page_alloc                  # s1 = page A, holds 1
    mv      s1, a0
    li      t0, 1
    sw      t0, 0(s1)
    call    page_alloc                  # s2 = page B, holds 2
    mv      s2, a0
    li      t0, 2
    sw      t0, 0(s2)
    la      a0, kernel_root
    lw      a0, 0(a0)
    li      a1, PTEMOD_VA
    mv      a2, s1
    li      a3, PTE_R | PTE_W
    call    vm_map_page                 # PTEMOD_VA -> A
    beqz    a0, 0f
    j       vm_out_of_memory
0:
    la      a0, kernel_root
    lw      a0, 0(a0)
    li      a1, PTEMOD_VA
    li      a2, 0
    call    vm_walk                     # s3 = the PTE's address
    mv      s3, a0
    pte_commit
    li      s4, 0                       # s4 = changes seen
    li      t5, PTEMOD_VA
1:  beq     s4, s0, 4f
    andi    t0, s4, 1                   # even: B, odd: A (A is mapped now)
    mv      t1, s2
    beqz    t0, 2f
    mv      t1, s1
2:  pa_to_pte t2, t1, t3
    ori     t2, t2, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D
    pte_store t2, s3
    tlb_flush_page t5, zero
    pte_commit
    lw      t3, 0(t5)                   # 2 for B, 1 for A
    addi    t4, t0, -2                  # -2 for B, -1 for A
    add     t3, t3, t4
    bnez    t3, 3f                      # the old page still showed through
    addi    s4, s4, 1
    j       1b
3:  la      a0, msg_ptemod_stale
    call    panic
4:  mv      a0, s4
    lw      s4, 8(sp)
    lw      s3, 12(sp)
    lw      s2, 16(sp)
    lw      s1, 20(sp)
    lw      s0, 24(sp)
    lw      ra, 28(sp)
    addi    sp, sp, 32
    ret

    .section .rodata
micro_name:       .asciz "ptemod"
micro_unit:       .asciz "PTE changes"
msg_ptemod_stale: .asciz "a read saw the page from before the PTE change"

.include "micro_end.s"
