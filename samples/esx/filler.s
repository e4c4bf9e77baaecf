# filler.s - fills pages with chosen contents, then keeps them: the workload of the page
# sharing experiments. An ESX workload guest (see esxlib.s). Its pages come in four kinds:
#   zero     written with zeros: the hypervisor maps them all to its one zero frame
#   same     one content for every such page, in every VM: all share a single frame
#   indexed  page n holds content n: the same in every VM running filler, different
#            within one VM (like the code and data of identical guests)
#   private  content from `seed`: unique per VM when each VM has its own seed
# Then it sleeps and re-reads every page, `passes` times (reads do not break sharing), and
# prints a checksum of all the pages: it proves the contents survived whatever the
# hypervisor did underneath.
#
# Parameters (.data words; a script may patch them before the run):
#   mem_size       8 MiB  guest RAM the program manages (at most the VM's memory)
#   zero_pages     16
#   same_pages     16
#   indexed_pages  16
#   private_pages  16
#   seed           1      picks the private contents
#   passes         2      sleep-and-read passes; 0 runs forever
#   idle_ticks     1000   timebase ticks (10 MHz) slept before each pass
#
# expect-exit: 0
# expect-output:
# | filler: 16 zero, 16 same, 16 indexed, 16 private pages, seed 1
# | filler: 2 passes done, checksum 0x1c3e553f

.include "../kernel/sbi_defs.s"
.include "../kernel/sbi_shim.s"
.include "../kernel/riscv_defs.s"
.include "../kernel/kernel_defs.s"

.equ FILL_SAME_SEED,    0x5A3E0001      # the content of every "same" page
.equ FILL_INDEX_SEED,   0x1D000001      # indexed page n: this seed + n
.equ FILL_PRIVATE_SEED, 0x70000001      # private page n: this ^ (seed << 16) + n

    .section .text
    .balign PAGE_SIZE                   # the program starts on a page of its own
    .globl kernel_entry
kernel_entry:
    la      sp, guest_stack_top
    call    guest_boot
    call    print_params
    call    fill_pages                  # a0 = first page, a1 = pages
    mv      s0, a0
    mv      s1, a1
    li      s2, 0                       # s2 = passes done
1:  la      t0, passes
    lw      t0, 0(t0)
    beqz    t0, 11f                     # passes = 0: forever
    beq     s2, t0, 2f
11: la      t0, idle_ticks
    lw      a0, 0(t0)
    call    guest_idle                  # sleeps, then polls the balloon
    mv      a0, s0
    mv      a1, s1
    call    checksum_pages
    mv      s3, a0                      # s3 = checksum of the last pass
    addi    s2, s2, 1
    j       1b
2:  la      a0, msg_filler
    call    kput_str
    mv      a0, s2
    call    kput_dec
    la      a0, msg_passes_done
    call    kput_str
    mv      a0, s3
    call    kput_hex
    call    kput_newline
    li      a0, SBI_SRST_REASON_NONE
    call    sbi_shutdown

# fill_pages() -> a0 = first page, a1 = pages: allocates and fills every kind in turn.
# Before anything is freed the allocator hands out untouched pages in address order, so
# the pages are adjacent.
fill_pages:
    addi    sp, sp, -32
    sw      ra, 28(sp)
    sw      s0, 24(sp)
    sw      s1, 20(sp)
    sw      s2, 16(sp)
    sw      s3, 12(sp)
    li      s0, 0                       # s0 = first page
    li      s1, 0                       # s1 = pages filled
    li      s2, 0                       # s2 = kind: 0 zero, 1 same, 2 indexed, 3 private
1:  slli    t0, s2, 2
    la      t1, zero_pages
    add     t1, t1, t0
    lw      s3, 0(t1)                   # s3 = pages of this kind, counted down
2:  beqz    s3, 4f
    call    page_alloc
    beqz    a0, 9f
    bnez    s0, 3f
    mv      s0, a0
3:  mv      a1, s2
    mv      a2, s3
    call    kind_seed                   # a1 = the page's seed
    call    page_fill
    addi    s1, s1, 1
    addi    s3, s3, -1
    j       2b
4:  addi    s2, s2, 1
    li      t0, 4
    bne     s2, t0, 1b
    mv      a0, s0
    mv      a1, s1
    lw      s3, 12(sp)
    lw      s2, 16(sp)
    lw      s1, 20(sp)
    lw      s0, 24(sp)
    lw      ra, 28(sp)
    addi    sp, sp, 32
    ret
9:  la      a0, msg_no_memory
    call    panic

# kind_seed(a1 = kind, a2 = n, the page's number within its kind) -> a1 = its seed; a0 kept. Leaf.
kind_seed:
    beqz    a1, 1f                      # zero: seed 0
    li      t0, 1
    bne     a1, t0, 2f
    li      a1, FILL_SAME_SEED
    ret
2:  li      t0, 2
    bne     a1, t0, 3f
    li      a1, FILL_INDEX_SEED
    add     a1, a1, a2
    ret
3:  la      t0, seed
    lw      t0, 0(t0)
    slli    t0, t0, 16
    li      a1, FILL_PRIVATE_SEED
    xor     a1, a1, t0
    add     a1, a1, a2
    ret
1:  li      a1, 0
    ret

# checksum_pages(a0 = first page, a1 = pages) -> a0 = the pages' checksums combined
checksum_pages:
    addi    sp, sp, -16
    sw      ra, 12(sp)
    sw      s0, 8(sp)
    sw      s1, 4(sp)
    sw      s2, 0(sp)
    mv      s0, a0
    mv      s1, a1
    li      s2, 0                       # s2 = combined checksum
1:  beqz    s1, 2f
    mv      a0, s0
    call    page_checksum
    slli    t0, s2, 7
    srli    s2, s2, 25
    or      s2, s2, t0
    xor     s2, s2, a0
    li      t0, PAGE_SIZE
    add     s0, s0, t0
    addi    s1, s1, -1
    j       1b
2:  mv      a0, s2
    lw      s2, 0(sp)
    lw      s1, 4(sp)
    lw      s0, 8(sp)
    lw      ra, 12(sp)
    addi    sp, sp, 16
    ret

# print_params(): "filler: 16 zero, 16 same, 16 indexed, 16 private pages, seed 1"
print_params:
    addi    sp, sp, -16
    sw      ra, 12(sp)
    sw      s0, 8(sp)
    sw      s1, 4(sp)
    la      a0, msg_filler
    call    kput_str
    la      s0, zero_pages              # s0 = the four counts, in order
    la      s1, kind_names              # s1 = their names
1:  lw      a0, 0(s0)
    call    kput_dec
    lw      a0, 0(s1)
    call    kput_str
    addi    s0, s0, 4
    addi    s1, s1, 4
    la      t0, kind_names_end
    bne     s1, t0, 1b
    la      t0, seed
    lw      a0, 0(t0)
    call    kput_dec
    call    kput_newline
    lw      s1, 4(sp)
    lw      s0, 8(sp)
    lw      ra, 12(sp)
    addi    sp, sp, 16
    ret

    .section .rodata
msg_filler:      .asciz "filler: "
msg_zero:        .asciz " zero, "
msg_same:        .asciz " same, "
msg_indexed:     .asciz " indexed, "
msg_private:     .asciz " private pages, seed "
msg_passes_done: .asciz " passes done, checksum "
msg_no_memory:   .asciz "no memory for the pages to fill"
    .balign 4
kind_names:      .word msg_zero, msg_same, msg_indexed, msg_private
kind_names_end:

    .section .data
    .balign 4
    .globl mem_size, zero_pages, same_pages, indexed_pages, private_pages, seed, passes, idle_ticks
mem_size:      .word 0x00800000
zero_pages:    .word 16                 # the four counts stay in this order (fill_pages)
same_pages:    .word 16
indexed_pages: .word 16
private_pages: .word 16
seed:          .word 1
passes:        .word 2
idle_ticks:    .word 1000

.include "../kernel/sbi.s"
.include "../kernel/lib.s"
.include "../kernel/palloc.s"
.include "../kernel/balloon.s"
.include "esxlib.s"

    .section .bss
    .balign 4
image_end:                              # the allocator's pages start at the next page
