# pcache.s - a tiny page cache: clean pages holding copies of "file" data.
#
# A real kernel keeps file data it has read in spare memory, because reading it again costs
# time. Such a page is clean (the file has the same bytes), so the kernel may drop it at any
# moment and lose nothing but a later re-read. That makes it the first thing a balloon
# driver should give up: pcache_fill registers pcache_evict as the driver's
# balloon_evict_hook.
#
# The "file" is synthetic: block n holds the xorshift32 stream seeded by PCACHE_SEED + n
# (esxlib.s page_fill), so identical guests cache identical pages, as identical VMs
# reading the same files would. The cache is a stack of page addresses in .bss.

.equ PCACHE_MAX,        4096            # pages the cache can hold
.equ PCACHE_SEED,       0x0F11E000      # seed of file block 0
.equ PCACHE_POLL,       32              # blocks read between balloon polls

    .section .text

# pcache_fill(a0 = pages): read that many file blocks into fresh pages (fewer when the
# allocator runs dry or the cache is full); enables eviction by the balloon driver, and
# polls the balloon every PCACHE_POLL blocks, so a hypervisor short of memory gets the
# cache's pages back while it is being filled.
pcache_fill:
    addi    sp, sp, -16
    sw      ra, 12(sp)
    sw      s0, 8(sp)
    mv      s0, a0                      # s0 = blocks left to read
    la      t0, pcache_evict
    la      t1, balloon_evict_hook
    sw      t0, 0(t1)
1:  beqz    s0, 2f
    la      t0, pcache_count
    lw      t0, 0(t0)
    li      t1, PCACHE_MAX
    beq     t0, t1, 2f
    call    page_alloc
    beqz    a0, 2f
    la      t0, pcache_count
    lw      t1, 0(t0)
    slli    t2, t1, 2
    la      t3, pcache_pages
    add     t3, t3, t2
    sw      a0, 0(t3)                   # pcache_pages[count] = page
    addi    t2, t1, 1
    sw      t2, 0(t0)
    li      a1, PCACHE_SEED
    add     a1, a1, t1                  # block number = its slot
    call    page_fill
    addi    s0, s0, -1
    andi    t0, s0, PCACHE_POLL - 1
    bnez    t0, 1b
    call    balloon_poll                # a long fill still answers the balloon
    j       1b
2:  lw      s0, 8(sp)
    lw      ra, 12(sp)
    addi    sp, sp, 16
    ret

# pcache_evict() -> a0 = a page dropped from the cache (now the caller's), or 0. Leaf.
pcache_evict:
    la      t0, pcache_count
    lw      t1, 0(t0)
    li      a0, 0
    beqz    t1, 1f
    addi    t1, t1, -1
    sw      t1, 0(t0)
    slli    t2, t1, 2
    la      t3, pcache_pages
    add     t3, t3, t2
    lw      a0, 0(t3)
1:  ret

    .section .data
    .balign 4
pcache_count:   .word 0                 # pages in the cache

    .section .bss
    .balign 4
pcache_pages:   .space PCACHE_MAX * 4   # their addresses
