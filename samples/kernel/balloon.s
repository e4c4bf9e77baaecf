# balloon.s - the balloon driver: the guest's side of memory ballooning (Waldspurger,
# "Memory Resource Management in VMware ESX Server", OSDI 2002, section 3).
#
# The hypervisor cannot know which guest pages are worth keeping; the guest can. So when
# the hypervisor wants memory back it raises a target, and this driver "inflates": it takes
# pages from the kernel's own allocator, as any kernel code would, and hands their
# guest-physical addresses to the hypervisor (SBI VMSH_BALLOON), which frees the frames
# behind them. The guest never touches those pages again. When the target falls, the driver
# "deflates": it tells the hypervisor it takes pages back and returns them to the allocator.
#
# Which pages go first: clean cache pages, when the program keeps a cache and says how to
# drop a page from it (balloon_evict_hook, a routine returning a page or 0: dropping a clean
# page costs only a re-read), then free pages. The driver never takes the allocator below
# BALLOON_MIN_FREE pages, so the kernel can still run. It never takes pages that are in use.
#
# Without the extension (the bare machine's shim does not offer it) the driver stays off:
# balloon_tick returns at once and nothing else changes.
#
# The driver records the pages it holds in directory pages it allocates itself: each holds
# the previous directory's address in word 0 and up to BALLOON_DIR_SLOTS page addresses.
#
#   balloon_dir ---> +----------------+      +----------------+
#                    | previous dir   | ---> | 0              |
#                    | page 1..fill   |      | page 1..SLOTS  |  (every older directory is full)
#                    +----------------+      +----------------+
#
# Pages move in batches of up to BALLOON_BATCH per SBI call: one exit for many pages.
# Entry points: balloon_init (once, after sbi_init), balloon_tick (from the timer
# interrupt: polls every BALLOON_TICKS calls) and balloon_poll (poll now).
# Calling convention as in lib.s: t* and a* may change, s* are kept.

.equ BALLOON_TICKS,         8           # balloon_tick polls on every 8th call
.equ BALLOON_BATCH,         32          # pages per SBI call, and at most per poll
.equ BALLOON_MIN_FREE,      64          # pages the allocator keeps whatever the target
.equ BALLOON_DIR_SLOTS,     1023        # page addresses per directory page

    .section .text

# balloon_init(): probe the balloon extension. Without it the driver stays off.
balloon_init:
    addi    sp, sp, -16
    sw      ra, 12(sp)
    li      a0, SBI_EXT_VMSH_BALLOON
    call    sbi_probe_extension
    la      t0, balloon_present
    sw      a0, 0(t0)
    lw      ra, 12(sp)
    addi    sp, sp, 16
    ret

# balloon_tick(): called on every timer interrupt; polls on every BALLOON_TICKS-th call.
balloon_tick:
    la      t0, balloon_present
    lw      t0, 0(t0)
    beqz    t0, 1f                      # no balloon: nothing to do, ever
    la      t0, balloon_ticks
    lw      t1, 0(t0)
    addi    t1, t1, 1
    sw      t1, 0(t0)
    andi    t1, t1, BALLOON_TICKS - 1
    beqz    t1, balloon_poll            # tail call
1:  ret

# balloon_poll(): ask the hypervisor for the target and move one batch toward it.
balloon_poll:
    la      t0, balloon_present
    lw      t0, 0(t0)
    beqz    t0, 2f
    addi    sp, sp, -16
    sw      ra, 12(sp)
    li      a7, SBI_EXT_VMSH_BALLOON
    li      a6, VMSH_BALLOON_GET_TARGET
    ecall
    bnez    a0, 1f
    la      t0, balloon_size
    lw      t0, 0(t0)
    sub     a0, a1, t0                  # a0 = target - size
    blez    a0, 3f
    call    balloon_inflate
    j       1f
3:  beqz    a0, 1f
    neg     a0, a0
    call    balloon_deflate
1:  lw      ra, 12(sp)
    addi    sp, sp, 16
2:  ret

# balloon_inflate(a0 = pages wanted): give up to one batch of pages to the hypervisor.
balloon_inflate:
    addi    sp, sp, -16
    sw      ra, 12(sp)
    sw      s0, 8(sp)
    sw      s1, 4(sp)
    li      t0, BALLOON_BATCH
    bleu    a0, t0, 1f
    mv      a0, t0
1:  mv      s0, a0                      # s0 = pages to take this time
    la      t0, balloon_dir
    lw      t0, 0(t0)
    beqz    t0, 2f
    la      t1, balloon_fill
    lw      t1, 0(t1)
    li      t2, BALLOON_DIR_SLOTS
    bne     t1, t2, 3f
2:  call    balloon_push_dir            # no directory yet, or the top one is full
    beqz    a0, 9f
3:  la      t1, balloon_fill
    lw      t1, 0(t1)
    li      t2, BALLOON_DIR_SLOTS
    sub     t2, t2, t1                  # free slots in the top directory
    bleu    s0, t2, 4f
    mv      s0, t2
4:  li      s1, 0                       # s1 = pages collected in balloon_batch
5:  beq     s1, s0, 6f
    call    balloon_take_page
    beqz    a0, 6f
    la      t0, balloon_batch
    slli    t1, s1, 2
    add     t0, t0, t1
    sw      a0, 0(t0)
    addi    s1, s1, 1
    j       5b
6:  beqz    s1, 8f
    mv      a0, s1
    la      a1, balloon_batch           # identity-mapped: its address is its physical one
    li      a2, 0
    li      a7, SBI_EXT_VMSH_BALLOON
    li      a6, VMSH_BALLOON_INFLATE_BATCH
    ecall
    mv      s0, a1                      # s0 = pages the hypervisor took (the first s0)
    bleu    s0, s1, 70f
    mv      s0, s1                      # (never more than were offered)
70: la      t0, balloon_dir
    lw      t0, 0(t0)
    la      t1, balloon_fill
    lw      t2, 0(t1)
    slli    t3, t2, 2
    add     t3, t0, t3                  # t3 = slot before the first free one
    add     t2, t2, s0
    sw      t2, 0(t1)                   # fill += taken
    la      t1, balloon_size
    lw      t2, 0(t1)
    add     t2, t2, s0
    sw      t2, 0(t1)                   # size += taken
    la      t4, balloon_batch
    li      t5, 0
7:  beq     t5, s0, 71f                 # record the taken pages in the directory
    slli    t6, t5, 2
    add     t6, t4, t6
    lw      t6, 0(t6)
    sw      t6, 4(t3)
    addi    t3, t3, 4
    addi    t5, t5, 1
    j       7b
71: beq     s0, s1, 8f                  # the refused ones go back to the allocator
    la      t0, balloon_batch
    slli    t1, s0, 2
    add     t0, t0, t1
    lw      a0, 0(t0)
    call    page_free
    addi    s0, s0, 1
    j       71b
8:  call    balloon_pop_empty_dir
9:  lw      s1, 4(sp)
    lw      s0, 8(sp)
    lw      ra, 12(sp)
    addi    sp, sp, 16
    ret

# balloon_take_page() -> a0 = a page the guest can spare, or 0: a clean cache page first
# (through balloon_evict_hook), else a free page while the allocator keeps its reserve.
balloon_take_page:
    addi    sp, sp, -16
    sw      ra, 12(sp)
    la      t0, balloon_evict_hook
    lw      t0, 0(t0)
    beqz    t0, 1f
    jalr    t0
    bnez    a0, 2f
1:  la      t0, palloc_free_count
    lw      t0, 0(t0)
    li      a0, 0
    li      t1, BALLOON_MIN_FREE
    bleu    t0, t1, 2f
    call    page_alloc
2:  lw      ra, 12(sp)
    addi    sp, sp, 16
    ret

# balloon_deflate(a0 = pages wanted): take up to one batch back from the top directory.
balloon_deflate:
    addi    sp, sp, -16
    sw      ra, 12(sp)
    sw      s0, 8(sp)
    sw      s1, 4(sp)
    li      t0, BALLOON_BATCH
    bleu    a0, t0, 1f
    mv      a0, t0
1:  la      t0, balloon_fill
    lw      t1, 0(t0)
    bleu    a0, t1, 2f
    mv      a0, t1
2:  mv      s0, a0                      # s0 = pages to take back
    beqz    s0, 9f
    sub     t1, t1, s0
    sw      t1, 0(t0)                   # fill -= n: the last n slots leave the directory
    la      t0, balloon_size
    lw      t2, 0(t0)
    sub     t2, t2, s0
    sw      t2, 0(t0)
    la      t0, balloon_dir
    lw      t0, 0(t0)
    slli    t1, t1, 2
    add     t0, t0, t1                  # t0 + 4 = the first slot leaving
    la      t2, balloon_batch
    li      t3, 0
3:  beq     t3, s0, 4f
    lw      t4, 4(t0)
    sw      t4, 0(t2)
    addi    t0, t0, 4
    addi    t2, t2, 4
    addi    t3, t3, 1
    j       3b
4:  mv      a0, s0
    la      a1, balloon_batch
    li      a2, 0
    li      a7, SBI_EXT_VMSH_BALLOON
    li      a6, VMSH_BALLOON_DEFLATE_BATCH
    ecall
    sub     t0, s0, a1                  # pages the hypervisor did not hold: the guest's anyway
    la      t1, balloon_refused
    lw      t2, 0(t1)
    add     t2, t2, t0
    sw      t2, 0(t1)
    li      s1, 0
5:  beq     s1, s0, 6f                  # every page goes back to the allocator
    la      t0, balloon_batch
    slli    t1, s1, 2
    add     t0, t0, t1
    lw      a0, 0(t0)
    call    page_free
    addi    s1, s1, 1
    j       5b
6:  call    balloon_pop_empty_dir
9:  lw      s1, 4(sp)
    lw      s0, 8(sp)
    lw      ra, 12(sp)
    addi    sp, sp, 16
    ret

# balloon_push_dir() -> a0 = a new empty top directory, or 0 when no page is left.
balloon_push_dir:
    addi    sp, sp, -16
    sw      ra, 12(sp)
    call    page_alloc
    beqz    a0, 1f
    la      t0, balloon_dir
    lw      t1, 0(t0)
    sw      t1, 0(a0)                   # link the previous directory
    sw      a0, 0(t0)
    la      t0, balloon_fill
    sw      zero, 0(t0)
1:  lw      ra, 12(sp)
    addi    sp, sp, 16
    ret

# balloon_pop_empty_dir(): an empty top directory goes back to the allocator.
balloon_pop_empty_dir:
    la      t0, balloon_fill
    lw      t1, 0(t0)
    bnez    t1, 1f
    la      t2, balloon_dir
    lw      a0, 0(t2)
    beqz    a0, 1f
    lw      t1, 0(a0)
    sw      t1, 0(t2)                   # the previous directory is on top again,
    beqz    t1, 2f
    li      t3, BALLOON_DIR_SLOTS       #   and it is full
    sw      t3, 0(t0)
2:  j       page_free                   # tail call
1:  ret

    .section .data
    .balign 4
balloon_present:    .word 0             # 1 when the hypervisor offers the balloon
balloon_ticks:      .word 0             # calls of balloon_tick
balloon_size:       .word 0             # pages the balloon holds
balloon_dir:        .word 0             # top directory page, 0 if none
balloon_fill:       .word 0             # page addresses in the top directory
balloon_refused:    .word 0             # deflated pages the hypervisor did not hold
balloon_evict_hook: .word 0             # routine dropping a clean cache page (-> a0), or 0

    .section .bss
    .balign 4
balloon_batch:      .space BALLOON_BATCH * 4    # page addresses of one SBI call
