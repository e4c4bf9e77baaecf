# toucher.s - a memory toucher: a working set of pages written over and over, optionally
# with sleeps between passes. An ESX workload guest (see esxlib.s): with no sleep it is an
# active VM whose pages the hypervisor's sampler finds touched; with a long sleep it is an
# idle one whose memory the idle memory tax takes away. A file cache filled after the
# first pass (it grows into the memory the program leaves) gives its balloon driver clean
# pages to give up first.
#
# Parameters (.data words; a script may patch them before the run):
#   mem_size     8 MiB  guest RAM the program manages (at most the VM's memory)
#   ws_pages     64     working-set pages, each written on every pass
#   cache_pages  0      file-cache pages read after the first pass, then left alone (clean)
#   cache_refill 0      1: after every pass, read the cache back up to cache_pages (it grows
#                       again into memory the balloon returns; the balloon takes it first)
#   passes       4      passes over the working set; 0 runs forever
#   idle_ticks   0      timebase ticks (10 MHz: 10 per microsecond) slept after each pass
#   touch_words  1      words written per page per pass (1..1024)
# After each pass the balloon driver polls its target (when the hypervisor offers one).
#
# expect-exit: 0
# expect-output:
# | toucher: 64 working-set pages, 0 cache pages, 4 passes, idle 0 ticks
# | toucher: 4 passes done

.include "../kernel/sbi_defs.s"
.include "../kernel/sbi_shim.s"
.include "../kernel/riscv_defs.s"
.include "../kernel/kernel_defs.s"

    .section .text
    .balign PAGE_SIZE                   # the program starts on a page of its own
    .globl kernel_entry
kernel_entry:
    la      sp, guest_stack_top
    call    guest_boot
    call    print_params
    call    alloc_working_set           # s0 = first page, s1 = pages
    mv      s0, a0
    la      t0, ws_pages
    lw      s1, 0(t0)
    li      s2, 0                       # s2 = passes done
1:  mv      a0, s0
    mv      a1, s1
    mv      a2, s2
    call    touch_pass
    addi    s2, s2, 1
    li      t0, 1
    beq     s2, t0, 4f                  # after the first pass the file cache is read: it
    la      t0, cache_refill            #   grows into the memory the program leaves, and
    lw      t0, 0(t0)                   #   answers the balloon while it does; with
    beqz    t0, 3f                      #   cache_refill, after every pass too
4:  la      t0, cache_pages
    lw      a0, 0(t0)
    la      t1, pcache_count
    lw      t1, 0(t1)
    sub     a0, a0, t1                  # a0 = cache pages missing
    blez    a0, 3f
    call    pcache_fill
3:  call    balloon_poll
    la      t0, idle_ticks
    lw      a0, 0(t0)
    beqz    a0, 2f
    call    guest_idle
2:  la      t0, passes
    lw      t0, 0(t0)
    bne     s2, t0, 1b                  # passes = 0 never matches: forever
    la      a0, msg_toucher
    call    kput_str
    mv      a0, s2
    call    kput_dec
    la      a0, msg_passes_done
    call    kput_str
    call    kput_newline
    li      a0, SBI_SRST_REASON_NONE
    call    sbi_shutdown

# alloc_working_set() -> a0 = first page of ws_pages consecutive pages. Before anything is
# freed the allocator hands out its untouched pages in address order, so they are adjacent.
alloc_working_set:
    addi    sp, sp, -16
    sw      ra, 12(sp)
    sw      s0, 8(sp)
    sw      s1, 4(sp)
    la      t0, ws_pages
    lw      s1, 0(t0)                   # s1 = pages left
    li      s0, 0                       # s0 = first page
1:  beqz    s1, 3f
    call    page_alloc
    beqz    a0, 4f
    bnez    s0, 2f
    mv      s0, a0
2:  addi    s1, s1, -1
    j       1b
3:  mv      a0, s0
    lw      s1, 4(sp)
    lw      s0, 8(sp)
    lw      ra, 12(sp)
    addi    sp, sp, 16
    ret
4:  la      a0, msg_no_memory
    call    panic

# touch_pass(a0 = first page, a1 = pages, a2 = pass): write touch_words words of every page.
touch_pass:
    la      t0, touch_words
    lw      t0, 0(t0)
    li      t1, 1024
    bleu    t0, t1, 1f
    mv      t0, t1
1:  bnez    t0, 2f
    li      t0, 1
2:  slli    t0, t0, 2                   # t0 = bytes written per page
    li      t1, PAGE_SIZE
    mul     t1, a1, t1
    add     t1, a0, t1                  # t1 = end of the working set
3:  beq     a0, t1, 6f
    li      t2, 0
4:  add     t3, a0, t2
    xor     t4, a2, t3                  # the pass and the address: every pass writes anew
    sw      t4, 0(t3)
    addi    t2, t2, 4
    bne     t2, t0, 4b
    li      t2, PAGE_SIZE
    add     a0, a0, t2
    j       3b
6:  ret

# print_params(): "toucher: 64 working-set pages, 0 cache pages, 4 passes, idle 0 ticks"
print_params:
    addi    sp, sp, -16
    sw      ra, 12(sp)
    la      a0, msg_toucher
    call    kput_str
    la      t0, ws_pages
    lw      a0, 0(t0)
    call    kput_dec
    la      a0, msg_ws
    call    kput_str
    la      t0, cache_pages
    lw      a0, 0(t0)
    call    kput_dec
    la      a0, msg_cache
    call    kput_str
    la      t0, passes
    lw      a0, 0(t0)
    call    kput_dec
    la      a0, msg_passes_idle
    call    kput_str
    la      t0, idle_ticks
    lw      a0, 0(t0)
    call    kput_dec
    la      a0, msg_ticks
    call    kput_str
    call    kput_newline
    lw      ra, 12(sp)
    addi    sp, sp, 16
    ret

    .section .rodata
msg_toucher:     .asciz "toucher: "
msg_ws:          .asciz " working-set pages, "
msg_cache:       .asciz " cache pages, "
msg_passes_idle: .asciz " passes, idle "
msg_ticks:       .asciz " ticks"
msg_passes_done: .asciz " passes done"
msg_no_memory:   .asciz "no memory for the working set"

    .section .data
    .balign 4
    .globl mem_size, ws_pages, cache_pages, passes, idle_ticks, touch_words, cache_refill
mem_size:    .word 0x00800000
ws_pages:    .word 64
cache_pages: .word 0
passes:      .word 4
idle_ticks:  .word 0
touch_words: .word 1
cache_refill: .word 0

.include "../kernel/sbi.s"
.include "../kernel/lib.s"
.include "../kernel/palloc.s"
.include "../kernel/balloon.s"
.include "pcache.s"
.include "esxlib.s"

    .section .bss
    .balign 4
image_end:                              # the allocator's pages start at the next page
