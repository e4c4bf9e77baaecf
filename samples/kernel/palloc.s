# palloc.s - the physical page allocator: 4 KiB pages of the RAM after the kernel image.
#
# Two sources, tried in this order:
#   - the free list: pages given back by page_free; each free page's first word holds the
#     physical address of the next free page (0 ends the list);
#   - the fresh region [palloc_fresh, palloc_end): pages never handed out yet. Taking them
#     in order means the kernel touches no page before it needs it (a hypervisor backs
#     guest memory on first touch, so an untouched page costs the host nothing).
# page_free is the way back for every page, so later code (a balloon driver) can take pages
# out of the kernel's hands and return them.
# Pages are physical addresses; the kernel reaches them through its identity mapping.

    .section .text

# page_alloc_init(a0 = start, a1 = end): manage the pages of [start, end). Leaf.
page_alloc_init:
    li      t0, PAGE_SIZE - 1
    add     a0, a0, t0
    not     t0, t0
    and     a0, a0, t0                  # round start up to a page boundary
    la      t1, palloc_fresh
    sw      a0, 0(t1)
    la      t1, palloc_end
    sw      a1, 0(t1)
    sub     t0, a1, a0
    srli    t0, t0, PAGE_SHIFT
    la      t1, palloc_free_count
    sw      t0, 0(t1)
    la      t1, palloc_free_list
    sw      zero, 0(t1)
    ret

# page_alloc() -> a0 = physical address of a page (contents undefined), or 0 if none. Leaf.
page_alloc:
    la      t0, palloc_free_list
    lw      a0, 0(t0)
    beqz    a0, 1f
    lw      t1, 0(a0)                   # unlink the first free page
    sw      t1, 0(t0)
    j       2f
1:  la      t0, palloc_fresh
    lw      a0, 0(t0)
    la      t1, palloc_end
    lw      t1, 0(t1)
    bgeu    a0, t1, 3f                  # nothing fresh either: out of memory
    li      t1, PAGE_SIZE
    add     t1, a0, t1
    sw      t1, 0(t0)
2:  la      t0, palloc_free_count
    lw      t1, 0(t0)
    addi    t1, t1, -1
    sw      t1, 0(t0)
    ret
3:  li      a0, 0
    ret

# page_alloc_zeroed() -> a0 = a page filled with zeros, or 0 if none
page_alloc_zeroed:
    addi    sp, sp, -16
    sw      ra, 12(sp)
    call    page_alloc
    beqz    a0, 1f
    call    page_zero
1:  lw      ra, 12(sp)
    addi    sp, sp, 16
    ret

# page_free(a0 = physical address of a page): give it back. Leaf.
page_free:
    la      t0, palloc_free_list
    lw      t1, 0(t0)
    sw      t1, 0(a0)                   # link it in front of the list
    sw      a0, 0(t0)
    la      t0, palloc_free_count
    lw      t1, 0(t0)
    addi    t1, t1, 1
    sw      t1, 0(t0)
    ret

# page_zero(a0 = page): fill with zeros; a0 is kept. Leaf.
page_zero:
    mv      t0, a0
    li      t1, PAGE_SIZE
    add     t1, a0, t1                  # t1 = end
1:  sw      zero, 0(t0)
    sw      zero, 4(t0)
    sw      zero, 8(t0)
    sw      zero, 12(t0)
    addi    t0, t0, 16
    bne     t0, t1, 1b
    ret

    .section .data
    .balign 4
palloc_free_list:  .word 0              # first page given back, 0 if none
palloc_fresh:      .word 0              # first page never handed out
palloc_end:        .word 0              # end of the managed region
palloc_free_count: .word 0              # pages available from both sources
