# checksum.s - keeps a checksum of each of its pages and verifies them, round after round:
# the guest of the "no data lost" stress test. An ESX workload guest (see esxlib.s).
# Whatever the hypervisor does underneath (share pages copy-on-write, map zero pages to
# its zero frame, swap pages out and back in, balloon the guest's free pages), every page
# must read back as the guest last wrote it. A mismatch is reported and the guest stops
# with a failure (SBI SRST reason 1).
#
# Contents change as it runs, so copy-on-write gets broken and pages become shareable
# again: page i's content is picked by (i + 2 * generation) mod 4: zeros, one content shared
# by all such pages, or (twice) fresh pseudo-random words. Every round, one page in `rewrite`
# gets a new generation (the doubling makes a rewritten page cycle through all four kinds
# even when `rewrite` is a multiple of 4). After each round the balloon driver polls its target.
#
# Parameters (.data words; a script may patch them before the run):
#   mem_size   8 MiB  guest RAM the program manages (at most the VM's memory)
#   pages      64     pages under checksum (at most 4096)
#   seed       1      picks the pseudo-random contents
#   rounds     4      verification rounds; 0 runs forever
#   rewrite    8      each round rewrites every rewrite-th page (0: never)
# Figures for a debugger or a script: rounds_done, pages_checked, pages_rewritten.
#
# expect-exit: 0
# expect-output:
# | checksum: 64 pages, seed 1, 4 rounds, rewrite 1 in 8
# | checksum: 4 rounds, 256 page checks, 32 rewrites, all intact

.include "../kernel/sbi_defs.s"
.include "../kernel/sbi_shim.s"
.include "../kernel/riscv_defs.s"
.include "../kernel/kernel_defs.s"

.equ CHECK_MAX_PAGES,   4096
.equ CHECK_SAME_SEED,   0x5A3E0001      # the one shared content (as filler.s's "same" pages)

    .section .text
    .balign PAGE_SIZE                   # the program starts on a page of its own
    .globl kernel_entry
kernel_entry:
    la      sp, guest_stack_top
    call    guest_boot
    la      t0, seed
    lw      t0, 0(t0)
    li      t1, 0x9E3779B9              # any seed, even 0, gives a nonzero xorshift state
    xor     t0, t0, t1
    la      t1, rng_state
    sw      t0, 0(t1)
    call    print_params
    call    alloc_pages                 # s0 = first page, s1 = pages
    mv      s0, a0
    mv      s1, a1
    li      s2, 0                       # s2 = page index
1:  beq     s2, s1, 2f                  # generation 0 of every page
    mv      a0, s2
    li      a1, 0
    call    write_page
    addi    s2, s2, 1
    j       1b
2:  la      t0, rounds_done
    lw      t1, 0(t0)
    la      t2, rounds
    lw      t2, 0(t2)
    beqz    t2, 21f                     # rounds = 0: forever
    beq     t1, t2, 5f
21: li      s2, 0
3:  beq     s2, s1, 4f
    mv      a0, s2
    call    verify_page
    mv      a0, s2
    call    maybe_rewrite
    addi    s2, s2, 1
    j       3b
4:  la      t0, rounds_done
    lw      t1, 0(t0)
    addi    t1, t1, 1
    sw      t1, 0(t0)
    call    balloon_poll
    j       2b
5:  call    print_summary
    li      a0, SBI_SRST_REASON_NONE
    call    sbi_shutdown

# alloc_pages() -> a0 = first page, a1 = pages: `pages` adjacent pages (before anything is
# freed the allocator hands out untouched pages in address order).
alloc_pages:
    addi    sp, sp, -16
    sw      ra, 12(sp)
    sw      s0, 8(sp)
    sw      s1, 4(sp)
    la      t0, pages
    lw      s1, 0(t0)
    li      t1, CHECK_MAX_PAGES
    bleu    s1, t1, 1f
    mv      s1, t1
    sw      s1, 0(t0)
1:  li      s0, 0                       # s0 = first page, once known
    mv      t1, s1                      # t1 = pages left (kept in 0(sp) across calls)
2:  beqz    t1, 4f
    sw      t1, 0(sp)
    call    page_alloc
    lw      t1, 0(sp)
    beqz    a0, 9f
    bnez    s0, 3f
    mv      s0, a0
3:  addi    t1, t1, -1
    j       2b
4:  la      t0, page_base
    sw      s0, 0(t0)
    mv      a0, s0
    mv      a1, s1
    lw      s1, 4(sp)
    lw      s0, 8(sp)
    lw      ra, 12(sp)
    addi    sp, sp, 16
    ret
9:  la      a0, msg_no_memory
    call    panic

# page_address(a0 = index) -> a0 = its page. Leaf.
page_address:
    la      t0, page_base
    lw      t0, 0(t0)
    slli    a0, a0, PAGE_SHIFT
    add     a0, a0, t0
    ret

# write_page(a0 = index, a1 = generation): new contents, and their checksum in the table.
write_page:
    addi    sp, sp, -16
    sw      ra, 12(sp)
    sw      s0, 8(sp)
    sw      s1, 4(sp)
    mv      s0, a0
    slli    t0, a1, 1
    add     t0, a0, t0
    andi    t0, t0, 3                   # (index + 2 * generation) mod 4:
                                        #   0 zeros, 1 shared content, 2-3 random
    li      s1, 0
    beqz    t0, 2f
    li      s1, CHECK_SAME_SEED
    li      t1, 1
    beq     t0, t1, 2f
    la      t0, rng_state               # xorshift32 (Marsaglia 2003): 13, 17, 5
    lw      s1, 0(t0)
    slli    t1, s1, 13
    xor     s1, s1, t1
    srli    t1, s1, 17
    xor     s1, s1, t1
    slli    t1, s1, 5
    xor     s1, s1, t1
    sw      s1, 0(t0)
2:  mv      a0, s0
    call    page_address
    mv      a1, s1
    call    page_fill
    mv      a0, s0
    call    page_address
    call    page_checksum
    la      t0, checksums
    slli    t1, s0, 2
    add     t0, t0, t1
    sw      a0, 0(t0)
    lw      s1, 4(sp)
    lw      s0, 8(sp)
    lw      ra, 12(sp)
    addi    sp, sp, 16
    ret

# verify_page(a0 = index): its checksum must match the table; otherwise report and stop.
verify_page:
    addi    sp, sp, -16
    sw      ra, 12(sp)
    sw      s0, 8(sp)
    mv      s0, a0
    call    page_address
    call    page_checksum
    la      t0, checksums
    slli    t1, s0, 2
    add     t0, t0, t1
    lw      t0, 0(t0)
    bne     a0, t0, 1f
    la      t0, pages_checked
    lw      t1, 0(t0)
    addi    t1, t1, 1
    sw      t1, 0(t0)
    lw      s0, 8(sp)
    lw      ra, 12(sp)
    addi    sp, sp, 16
    ret
# "checksum: page 12 at 0x8000c000 changed in round 3"
1:  la      a0, msg_checksum
    call    kput_str
    la      a0, msg_page
    call    kput_str
    mv      a0, s0
    call    kput_dec
    la      a0, msg_at
    call    kput_str
    mv      a0, s0
    call    page_address
    call    kput_hex
    la      a0, msg_changed
    call    kput_str
    la      t0, rounds_done
    lw      a0, 0(t0)
    call    kput_dec
    call    kput_newline
    li      a0, SBI_SRST_REASON_SYSTEM_FAILURE
    call    sbi_shutdown

# maybe_rewrite(a0 = index): in round r, pages with (index + r) mod rewrite = 0 get their next
# generation (generation r + 1).
maybe_rewrite:
    la      t0, rewrite
    lw      t0, 0(t0)
    beqz    t0, 1f
    la      t1, rounds_done
    lw      a1, 0(t1)
    add     t2, a0, a1
    remu    t2, t2, t0
    bnez    t2, 1f
    la      t0, pages_rewritten
    lw      t1, 0(t0)
    addi    t1, t1, 1
    sw      t1, 0(t0)
    addi    a1, a1, 1
    j       write_page                  # tail call
1:  ret

# print_params(): "checksum: 64 pages, seed 1, 4 rounds, rewrite 1 in 8"
print_params:
    addi    sp, sp, -16
    sw      ra, 12(sp)
    la      a0, msg_checksum
    call    kput_str
    la      t0, pages
    lw      a0, 0(t0)
    call    kput_dec
    la      a0, msg_pages_seed
    call    kput_str
    la      t0, seed
    lw      a0, 0(t0)
    call    kput_dec
    la      a0, msg_comma
    call    kput_str
    la      t0, rounds
    lw      a0, 0(t0)
    call    kput_dec
    la      a0, msg_rounds_rewrite
    call    kput_str
    la      t0, rewrite
    lw      a0, 0(t0)
    call    kput_dec
    call    kput_newline
    lw      ra, 12(sp)
    addi    sp, sp, 16
    ret

# print_summary(): "checksum: 4 rounds, 256 page checks, 32 rewrites, all intact"
print_summary:
    addi    sp, sp, -16
    sw      ra, 12(sp)
    la      a0, msg_checksum
    call    kput_str
    la      t0, rounds_done
    lw      a0, 0(t0)
    call    kput_dec
    la      a0, msg_rounds
    call    kput_str
    la      t0, pages_checked
    lw      a0, 0(t0)
    call    kput_dec
    la      a0, msg_checks
    call    kput_str
    la      t0, pages_rewritten
    lw      a0, 0(t0)
    call    kput_dec
    la      a0, msg_intact
    call    kput_str
    call    kput_newline
    lw      ra, 12(sp)
    addi    sp, sp, 16
    ret

    .section .rodata
msg_checksum:       .asciz "checksum: "
msg_pages_seed:     .asciz " pages, seed "
msg_comma:          .asciz ", "
msg_rounds_rewrite: .asciz " rounds, rewrite 1 in "
msg_rounds:         .asciz " rounds, "
msg_checks:         .asciz " page checks, "
msg_intact:         .asciz " rewrites, all intact"
msg_page:           .asciz "page "
msg_at:             .asciz " at "
msg_changed:        .asciz " changed in round "
msg_no_memory:      .asciz "no memory for the pages to check"

    .section .data
    .balign 4
    .globl mem_size, pages, seed, rounds, rewrite, rounds_done, pages_checked, pages_rewritten
mem_size:        .word 0x00800000
pages:           .word 64
seed:            .word 1
rounds:          .word 4
rewrite:         .word 8
rounds_done:     .word 0
pages_checked:   .word 0
pages_rewritten: .word 0
page_base:       .word 0                # the first page under checksum
rng_state:       .word 0

.include "../kernel/sbi.s"
.include "../kernel/lib.s"
.include "../kernel/palloc.s"
.include "../kernel/balloon.s"
.include "esxlib.s"

    .section .bss
    .balign 4
checksums:       .space CHECK_MAX_PAGES * 4     # the checksum of each page, by index
image_end:                              # the allocator's pages start at the next page
