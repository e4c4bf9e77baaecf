# superpages.s - a TLB-heavy guest for the superpage experiment (Navarro et al., OSDI 2002):
# it maps a data window of `regions` 4 MiB regions (16 MiB by default) with 4 KiB pages or,
# when `guest_mega` is 1, with 4 MiB megapages, writes the first word of every page, then
# reads one word of each page, page after page, for `rounds` rounds. With 4 KiB pages every
# read misses a 32-entry TLB (4096 pages); with megapages four entries cover the window,
# if the host backs it with megapages too (a TLB entry is as large as the smaller page of
# the two stages).
#
# Like a kernel that initializes its memory, it first writes a word of every page of its
# own first 4 MiB (image, page tables, stack and the rest), so that every region of its
# memory is populated: a hypervisor with superpage reservations can promote them all.
#
# Parameters (32-bit words a hypervisor can set before boot): guest_mega, regions (1..8),
# rounds. An S-mode program using SBI only; on the bare machine the kernel's M-mode shim
# boots it (samples/kernel/sbi_shim.s), a hypervisor starts it at kernel_entry.
#
# expect-exit: 0
# expect-output:
# | superpages: 4096 pages of 4 KiB x 8 rounds, checksum 0x03ffc000

.include "../kernel/sbi_defs.s"
.include "../kernel/sbi_shim.s"
.include "guest_lib.s"

.equ ROOT,          0x80100000          # the guest's root table
.equ LEAF,          0x80101000          # the window's leaf tables, one per region (4 KiB pages)
.equ DATA,          0x80400000          # the window's frames: regions 1.. of guest memory
.equ REGION_END,    0x80400000          # end of the first region
.equ WINDOW,        0x40000000
.equ WINDOW_INDEX,  WINDOW >> 22
.equ LEAF_FLAGS,    PTE_V | PTE_R | PTE_W | PTE_A | PTE_D

    .text
    .balign PAGE_SIZE
    .globl kernel_entry
kernel_entry:
    la      sp, stack_top
    la      t0, image_end               # touch every page of the first region past the image
    li      t1, REGION_END
1:  sw      zero, 0(t0)
    li      t2, PAGE_SIZE
    add     t0, t0, t2
    bltu    t0, t1, 1b
    li      s1, ROOT
    li      t1, KERNEL_MEGA_PTE         # the guest itself: one global megapage, identity
    addi    t6, s1, 2047                # its root entry: index 0x200, offset 0x800
    sw      t1, 1(t6)
    lw      s5, regions
    lw      s6, guest_mega
    li      s3, 0                       # region of the window
map_region:
    slli    t0, s3, 2                   # its root entry
    add     t0, t0, s1
    addi    t0, t0, WINDOW_INDEX * 4
    slli    t2, s3, 22                  # its frames
    li      t1, DATA
    add     t2, t2, t1
    beqz    s6, small_pages
    srli    t1, t2, 12                  # one megapage leaf
    slli    t1, t1, PTE_PPN_SHIFT
    ori     t1, t1, LEAF_FLAGS
    sw      t1, 0(t0)
    j       next_region
small_pages:
    slli    t3, s3, 12                  # a leaf table of 1024 entries
    li      t1, LEAF
    add     t3, t3, t1
    srli    t1, t3, 12
    slli    t1, t1, PTE_PPN_SHIFT
    ori     t1, t1, PTE_V
    sw      t1, 0(t0)
    li      t4, 0
1:  slli    t1, t4, 12
    add     t1, t1, t2
    srli    t1, t1, 12
    slli    t1, t1, PTE_PPN_SHIFT
    ori     t1, t1, LEAF_FLAGS
    slli    t5, t4, 2
    add     t5, t5, t3
    sw      t1, 0(t5)
    addi    t4, t4, 1
    li      t1, 1024
    blt     t4, t1, 1b
next_region:
    addi    s3, s3, 1
    blt     s3, s5, map_region
    srli    t0, s1, 12
    li      t1, SATP_SV32
    or      t0, t0, t1
    csrw    satp, t0
    sfence.vma
    slli    s7, s5, 10                  # pages in the window
    li      s2, WINDOW
    li      s3, 0                       # word 0 of page k holds k
fill:
    slli    t0, s3, 12
    add     t0, t0, s2
    sw      s3, 0(t0)
    addi    s3, s3, 1
    blt     s3, s7, fill
    lw      s4, rounds
    li      s10, 0                      # checksum
    li      t3, PAGE_SIZE
round:
    mv      t0, s2
    mv      t1, s7
1:  lw      t2, 0(t0)
    add     s10, s10, t2
    add     t0, t0, t3
    addi    t1, t1, -1
    bnez    t1, 1b
    addi    s4, s4, -1
    bnez    s4, round
    la      a0, msg
    call    puts
    mv      a0, s7
    call    putdec
    la      a0, small_msg
    beqz    s6, 2f
    la      a0, mega_msg
2:  call    puts
    lw      a0, rounds
    call    putdec
    la      a0, sum_msg
    call    puts
    mv      a0, s10
    call    puthex
    la      a0, newline
    call    puts
    call    shutdown

    .section .rodata
msg:        .asciz "superpages: "
small_msg:  .asciz " pages of 4 KiB x "
mega_msg:   .asciz " pages of 4 MiB megapages x "
sum_msg:    .asciz " rounds, checksum "
newline:    .asciz "\n"

    .data
    .balign 4
    .globl guest_mega, regions, rounds
guest_mega: .word 0                     # 1: map the window with megapages
regions:    .word 4                     # 4 MiB regions in the window (at most 8)
rounds:     .word 8

    .section .bss
    .balign 16
stack:      .space 1024
stack_top:
    .balign 4
image_end:
