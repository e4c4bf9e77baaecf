# pt-heavy.s - a page-table-heavy guest: it builds 32 short-lived address spaces. For each
# it writes a root table (its own code's global megapage and a window of 16 pages at
# 0x4000_0000), switches satp to it, writes and reads each page once, switches back and
# tears the tables down again. That is 36 PTE writes and an sfence.vma per address space
# for only 32 data accesses: the workload where shadow paging pays (Adams and Agesen,
# ASPLOS 2006): every PTE write is an exit under traced shadows, every fill a hidden fault.
#
# An S-mode program using SBI only. On the bare machine the kernel's M-mode shim boots it
# (samples/kernel/sbi_shim.s); a hypervisor starts it at kernel_entry.
#
# expect-exit: 0
# expect-output:
# | pt-heavy: 32 address spaces x 16 pages, checksum 0x0001ff00

.include "../kernel/sbi_defs.s"
.include "../kernel/sbi_shim.s"
.include "guest_lib.s"

.equ SPACES,        32
.equ PAGES,         16                  # pages mapped in each address space
.equ ROOTS,         0x80100000          # 4 root tables, reused in turn
.equ LEAVES,        0x80104000          # 4 leaf tables, reused in turn
.equ KROOT,         0x80108000          # the resting address space: the megapage alone
.equ DATA,          0x80200000          # 64 data frames, handed out in turn
.equ WINDOW,        0x40000000
.equ WINDOW_INDEX,  WINDOW >> 22

    .text
    .balign PAGE_SIZE
    .globl kernel_entry
kernel_entry:
    la      sp, stack_top
    li      t0, KROOT                   # the resting space: just the megapage
    li      t1, KERNEL_MEGA_PTE
    addi    t6, t0, 2047              # the megapage's root entry: index 0x200, offset 0x800
    sw      t1, 1(t6)
    srli    t0, t0, 12
    li      t1, SATP_SV32
    or      s11, t0, t1                 # s11 = satp of the resting space (ASID 0)
    csrw    satp, s11
    sfence.vma
    li      s0, 0                       # s0 = address space number i
    li      s10, 0                      # s10 = checksum
space:
    andi    t0, s0, 3
    slli    t0, t0, 12
    li      s1, ROOTS
    add     s1, s1, t0                  # s1 = root table
    li      s2, LEAVES
    add     s2, s2, t0                  # s2 = leaf table
    li      t1, KERNEL_MEGA_PTE         # root: our own code, global megapage
    addi    t6, s1, 2047              # the megapage's root entry: index 0x200, offset 0x800
    sw      t1, 1(t6)
    srli    t1, s2, 12                  # root: the window's leaf table
    slli    t1, t1, PTE_PPN_SHIFT
    ori     t1, t1, PTE_V
    sw      t1, WINDOW_INDEX * 4(s1)
    li      s3, 0                       # s3 = page j
map:
    slli    t0, s0, 4                   # frame (i * 16 + j) mod 64
    add     t0, t0, s3
    andi    t0, t0, 63
    slli    t0, t0, 12
    li      t1, DATA
    add     t0, t0, t1
    srli    t0, t0, 12
    slli    t0, t0, PTE_PPN_SHIFT
    ori     t0, t0, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D
    slli    t1, s3, 2
    add     t1, t1, s2
    sw      t0, 0(t1)
    addi    s3, s3, 1
    li      t0, PAGES
    blt     s3, t0, map
    andi    t0, s0, 15                  # satp: this root, ASID (i mod 16) + 1
    addi    t0, t0, 1
    slli    t0, t0, SATP_ASID_SHIFT
    srli    t1, s1, 12
    or      t0, t0, t1
    li      t1, SATP_SV32
    or      t0, t0, t1
    csrw    satp, t0
    sfence.vma                          # the ASID may have been used by an older space
    li      s3, 0
touch:
    slli    t0, s3, 12
    li      t1, WINDOW
    add     t0, t0, t1
    slli    t1, s0, 4
    add     t1, t1, s3                  # value i * 16 + j
    sw      t1, 0(t0)
    lw      t2, 0(t0)
    add     s10, s10, t2
    addi    s3, s3, 1
    li      t0, PAGES
    blt     s3, t0, touch
    csrw    satp, s11                   # back to the resting space, tear the tables down
    li      s3, 0
unmap:
    slli    t1, s3, 2
    add     t1, t1, s2
    sw      zero, 0(t1)
    addi    s3, s3, 1
    li      t0, PAGES
    blt     s3, t0, unmap
    sw      zero, WINDOW_INDEX * 4(s1)
    addi    t6, s1, 2047              # the megapage's root entry: index 0x200, offset 0x800
    sw      zero, 1(t6)
    sfence.vma
    addi    s0, s0, 1
    li      t0, SPACES
    blt     s0, t0, space
    la      a0, msg
    call    puts
    mv      a0, s10
    call    puthex
    la      a0, newline
    call    puts
    call    shutdown

    .section .rodata
msg:        .asciz "pt-heavy: 32 address spaces x 16 pages, checksum "
newline:    .asciz "\n"

    .section .bss
    .balign 16
stack:      .space 1024
stack_top:
