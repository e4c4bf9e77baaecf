# vm.s - Sv32 page tables: the kernel's mapping, user address spaces, lookups.
#
# Sv32 walks two levels: satp.PPN -> root table (1024 PTEs, indexed by VPN[1]) -> a leaf
# table (1024 PTEs, indexed by VPN[0]) -> the 4 KiB page. A leaf in the root maps a whole
# 4 MiB megapage. (Bit layouts of the address, PTE and satp: riscv_defs.s.)
#
# Every address space holds the kernel: RAM_BASE..RAM_END identity-mapped with megapages,
# R W X, no U (user code cannot touch it), G (global: the same in every address space, so
# the TLB may keep these entries across address-space switches). The kernel's code therefore
# keeps running whichever task's satp is active.
#
# The kernel sets A and D itself in every leaf it makes, so it works both on hardware that
# updates them and on hardware that raises a page fault when they are clear.

    .section .text

# vm_init(): build the kernel's own page table and turn paging on.
vm_init:
    addi    sp, sp, -16
    sw      ra, 12(sp)
    sw      s0, 8(sp)
    call    page_alloc_zeroed
    beqz    a0, vm_out_of_memory
    mv      s0, a0                      # s0 = root table
    la      t0, kernel_root
    sw      s0, 0(t0)
    call    vm_map_kernel
    satp_ppn s0, s0
    li      t0, SATP_MODE_SV32
    or      s0, s0, t0                  # s0 = satp with ASID 0
    # How many ASID bits does this hart keep? Write all ones, read back (privileged spec).
    li      t0, SATP_ASID_MASK << SATP_ASID_SHIFT
    or      t0, s0, t0
    satp_write t0                       # paging is on from the next instruction: the
    satp_read t0                        #   identity mapping keeps the pc meaningful
    bgez    t0, vm_no_sv32              # MODE did not stick: a write of an unsupported
                                        #   mode leaves satp unchanged (WARL)
    srli    t0, t0, SATP_ASID_SHIFT
    andi    t0, t0, SATP_ASID_MASK
    la      t1, vm_max_asid
    sw      t0, 0(t1)
    satp_write s0
    tlb_flush_all                       # forget everything cached under the probing ASID
    la      t0, kernel_satp
    sw      s0, 0(t0)
    lw      s0, 8(sp)
    lw      ra, 12(sp)
    addi    sp, sp, 16
    ret

vm_out_of_memory:
    la      a0, msg_out_of_memory
    call    panic

vm_no_sv32:
    la      a0, msg_no_sv32
    call    panic

# vm_map_kernel(a0 = root table): add the kernel's global megapages. Leaf.
# (A paravirtual kernel does not map itself: its hypervisor maps the kernel's memory, page
# by page, in every address space it registers; megapages need machine memory contiguous.)
vm_map_kernel:
.if PARAVIRT
    ret
.endif
    li      t0, RAM_BASE                # t0 = virtual = physical address
    li      t1, RAM_END
    li      t2, MEGAPAGE_SIZE
1:  srli    t3, t0, VPN1_SHIFT
    slli    t3, t3, 2
    add     t3, a0, t3                  # t3 = &root[VPN[1]]
    srli    t4, t0, PAGE_SHIFT
    slli    t4, t4, PTE_PPN_SHIFT
    ori     t4, t4, PTE_V | PTE_R | PTE_W | PTE_X | PTE_G | PTE_A | PTE_D
    sw      t4, 0(t3)
    add     t0, t0, t2
    bltu    t0, t1, 1b
    ret

# vm_new_space() -> a0 = root table of a new address space holding only the kernel, or 0
vm_new_space:
    addi    sp, sp, -16
    sw      ra, 12(sp)
    sw      s0, 8(sp)
    call    page_alloc_zeroed
    mv      s0, a0
    beqz    a0, 1f
    call    vm_map_kernel
    pt_pin  s0
1:  mv      a0, s0
    lw      s0, 8(sp)
    lw      ra, 12(sp)
    addi    sp, sp, 16
    ret

# vm_walk(a0 = root, a1 = va, a2 = allocate) -> a0 = address of the level-0 PTE for va,
# or 0 when there is no leaf table (and allocate is 0, or memory ran out) or when a
# megapage covers va. With allocate != 0 a missing leaf table is made.
vm_walk:
    addi    sp, sp, -16
    sw      ra, 12(sp)
    sw      s0, 8(sp)
    sw      s1, 4(sp)
    mv      s1, a1                      # s1 = va
    srli    t0, a1, VPN1_SHIFT
    slli    t0, t0, 2
    add     s0, a0, t0                  # s0 = &root[VPN[1]]
    pte_load t0, s0
    andi    t1, t0, PTE_V
    beqz    t1, 1f
    andi    t1, t0, PTE_R | PTE_W | PTE_X
    bnez    t1, 3f                      # a megapage leaf: no level 0 here
    pte_to_pa a0, t0, t1                # a pointer: the next table's physical address
    j       2f
1:  beqz    a2, 3f
    call    page_alloc_zeroed           # a new leaf table, all entries invalid
    beqz    a0, 3f
    pa_to_pte t0, a0, t1
    ori     t0, t0, PTE_V               # V alone: points to the next level
    pte_store t0, s0
2:  srli    t1, s1, VPN0_SHIFT
    andi    t1, t1, VPN_MASK
    slli    t1, t1, 2
    add     a0, a0, t1                  # &table[VPN[0]]
    j       4f
3:  li      a0, 0
4:  lw      s1, 4(sp)
    lw      s0, 8(sp)
    lw      ra, 12(sp)
    addi    sp, sp, 16
    ret

# vm_map_page(a0 = root, a1 = va, a2 = pa, a3 = PTE_R/W/X/U flags) -> a0 = 0, or -1 when
# no memory was left for a leaf table. The caller fences the TLB if the space is live.
vm_map_page:
    addi    sp, sp, -16
    sw      ra, 12(sp)
    sw      s0, 8(sp)
    sw      s1, 4(sp)
    mv      s0, a2                      # s0 = pa
    mv      s1, a3                      # s1 = flags
    li      a2, 1
    call    vm_walk
    beqz    a0, 1f
    pa_to_pte t0, s0, t1
    or      t0, t0, s1
    ori     t0, t0, PTE_V | PTE_A | PTE_D
    pte_store t0, a0
    li      a0, 0
    j       2f
1:  li      a0, -1
2:  lw      s1, 4(sp)
    lw      s0, 8(sp)
    lw      ra, 12(sp)
    addi    sp, sp, 16
    ret

# vm_lookup(a0 = root, a1 = va) -> a0 = the leaf PTE mapping va (a megapage's or a page's),
# or a PTE without PTE_V when nothing maps it. Leaf.
vm_lookup:
    srli    t0, a1, VPN1_SHIFT
    slli    t0, t0, 2
    add     t0, a0, t0
    pte_load a0, t0                     # root[VPN[1]]
    andi    t1, a0, PTE_V
    beqz    t1, 1f
    andi    t1, a0, PTE_R | PTE_W | PTE_X
    bnez    t1, 1f                      # megapage leaf
    pte_to_pa t0, a0, t1
    srli    t1, a1, VPN0_SHIFT
    andi    t1, t1, VPN_MASK
    slli    t1, t1, 2
    add     t0, t0, t1
    pte_load a0, t0                     # table[VPN[0]]
1:  ret

# vm_user_range_ok(a0 = root, a1 = va, a2 = length, a3 = PTE_R or PTE_W) -> a0 = 1 if every
# byte of [va, va + length) lies in a valid user page with that permission, else 0. User
# pages all lie below RAM_BASE; the kernel's are above.
# The kernel must check before it touches user memory: with SUM set it could read any U page,
# and it can always read its own (non-U) pages, so an unchecked pointer could leak kernel
# memory or fault inside the kernel.
vm_user_range_ok:
    addi    sp, sp, -32
    sw      ra, 28(sp)
    sw      s0, 24(sp)
    sw      s1, 20(sp)
    sw      s2, 16(sp)
    sw      s3, 12(sp)
    mv      s0, a0                      # s0 = root
    add     s1, a1, a2                  # s1 = end
    bltu    s1, a1, 2f                  # wraps around: not a user range
    li      t0, RAM_BASE
    bgtu    s1, t0, 2f                  # user space ends where the kernel's begins
    li      t0, -PAGE_SIZE
    and     s2, a1, t0                  # s2 = page being checked
    ori     s3, a3, PTE_V | PTE_U       # s3 = bits every page needs
1:  bgeu    s2, s1, 3f                  # all pages checked
    mv      a0, s0
    mv      a1, s2
    call    vm_lookup
    and     a0, a0, s3
    bne     a0, s3, 2f
    li      t0, PAGE_SIZE
    add     s2, s2, t0
    beqz    s2, 3f                      # wrapped past the top: done
    j       1b
2:  li      a0, 0
    j       4f
3:  li      a0, 1
4:  lw      s3, 12(sp)
    lw      s2, 16(sp)
    lw      s1, 20(sp)
    lw      s0, 24(sp)
    lw      ra, 28(sp)
    addi    sp, sp, 32
    ret

# vm_free_space(a0 = root): give back every user page, every leaf table and the root.
# User mappings all lie below RAM_BASE (0x8000_0000), in the first half of the root; the
# kernel's mappings above are left alone. The caller must have switched satp away from
# this space first.
vm_free_space:
    addi    sp, sp, -32
    sw      ra, 28(sp)
    sw      s0, 24(sp)
    sw      s1, 20(sp)
    sw      s2, 16(sp)
    sw      s3, 12(sp)
    mv      s0, a0                      # s0 = root
    pt_release a0                       # its tables become ordinary pages again
    li      s1, 0                       # s1 = offset of the root entry (VPN[1] * 4)
1:  add     t0, s0, s1
    pte_load t0, t0
    andi    t1, t0, PTE_V
    beqz    t1, 4f
    andi    t1, t0, PTE_R | PTE_W | PTE_X
    bnez    t1, 4f                      # a megapage
    pte_to_pa s2, t0, t1                # s2 = leaf table
    li      s3, 0                       # s3 = offset of the leaf entry
2:  add     t0, s2, s3
    pte_load t0, t0
    andi    t1, t0, PTE_V
    beqz    t1, 3f
    pte_to_pa a0, t0, t1
    call    page_free                   # the user page
3:  addi    s3, s3, 4
    li      t0, PAGE_SIZE
    bne     s3, t0, 2b
    mv      a0, s2
    call    page_free                   # the leaf table
4:  addi    s1, s1, 4
    li      t0, (RAM_BASE >> VPN1_SHIFT) * 4
    bne     s1, t0, 1b
    mv      a0, s0
    call    page_free                   # the root
    lw      s3, 12(sp)
    lw      s2, 16(sp)
    lw      s1, 20(sp)
    lw      s0, 24(sp)
    lw      ra, 28(sp)
    addi    sp, sp, 32
    ret

    .section .rodata
msg_out_of_memory: .asciz "out of memory"
msg_no_sv32:       .asciz "this hart has no Sv32 paging"

    .section .data
    .balign 4
kernel_root: .word 0                    # physical address of the kernel's root table
kernel_satp: .word 0                    # satp of the kernel's own space (ASID 0)
vm_max_asid: .word 0                    # largest ASID the hart keeps (0 if it has none)
