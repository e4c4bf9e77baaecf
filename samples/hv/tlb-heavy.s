# tlb-heavy.s - a TLB-miss-heavy guest: one address space maps a working set of 256 pages
# (1 MiB, eight times what the 32-entry data TLB reaches) with 4 KiB pages, then reads one
# word of each page, page after page, for 40 rounds: almost every access misses the TLB.
# Its page tables are written once. The workload where nested paging pays (Bhargava et
# al., ASPLOS 2008): each miss walks the guest table through the G-stage, up to 8 memory
# references for Sv32 over Sv32x4 instead of 2, while shadow paging walks 2 after the
# first round of hidden faults.
#
# An S-mode program using SBI only. On the bare machine the kernel's M-mode shim boots it
# (samples/kernel/sbi_shim.s); a hypervisor starts it at kernel_entry.
#
# expect-exit: 0
# expect-output:
# | tlb-heavy: 256 pages x 40 rounds, checksum 0x0013ec00

.include "../kernel/sbi_defs.s"
.include "../kernel/sbi_shim.s"
.include "guest_lib.s"

.equ WSET,          256                 # pages in the working set
.equ ROUNDS,        40
.equ ROOT,          0x80100000
.equ LEAF,          0x80101000
.equ DATA,          0x80200000
.equ WINDOW,        0x40000000
.equ WINDOW_INDEX,  WINDOW >> 22

    .text
    .balign PAGE_SIZE
    .globl kernel_entry
kernel_entry:
    la      sp, stack_top
    li      s1, ROOT
    li      t1, KERNEL_MEGA_PTE
    addi    t6, s1, 2047              # the megapage's root entry: index 0x200, offset 0x800
    sw      t1, 1(t6)
    li      t1, (LEAF >> 12) << PTE_PPN_SHIFT | PTE_V
    sw      t1, WINDOW_INDEX * 4(s1)
    li      s2, LEAF
    li      s3, 0
map:                                    # page k of the window -> data frame k
    slli    t0, s3, 12
    li      t1, DATA
    add     t0, t0, t1
    srli    t0, t0, 12
    slli    t0, t0, PTE_PPN_SHIFT
    ori     t0, t0, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D
    slli    t1, s3, 2
    add     t1, t1, s2
    sw      t0, 0(t1)
    addi    s3, s3, 1
    li      t0, WSET
    blt     s3, t0, map
    srli    t0, s1, 12
    li      t1, SATP_SV32
    or      t0, t0, t1
    csrw    satp, t0
    sfence.vma
    li      s3, 0                       # word 0 of page k holds k
fill:
    slli    t0, s3, 12
    li      t1, WINDOW
    add     t0, t0, t1
    sw      s3, 0(t0)
    addi    s3, s3, 1
    li      t0, WSET
    blt     s3, t0, fill
    li      s10, 0                      # checksum
    li      s4, 0                       # round
round:
    li      t0, WINDOW
    li      t1, WSET
1:  lw      t2, 0(t0)
    add     s10, s10, t2
    li      t3, PAGE_SIZE
    add     t0, t0, t3
    addi    t1, t1, -1
    bnez    t1, 1b
    addi    s4, s4, 1
    li      t0, ROUNDS
    blt     s4, t0, round
    la      a0, msg
    call    puts
    mv      a0, s10
    call    puthex
    la      a0, newline
    call    puts
    call    shutdown

    .section .rodata
msg:        .asciz "tlb-heavy: 256 pages x 40 rounds, checksum "
newline:    .asciz "\n"

    .section .bss
    .balign 16
stack:      .space 1024
stack_top:
