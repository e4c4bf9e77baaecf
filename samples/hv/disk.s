# disk.s - a guest that reads its disk through vmsh's paravirtual block device (SBI
# VMSH_BLOCK), for Disco's copy-on-write disks: it reads `blocks` blocks, one into each page
# of a buffer, and sums every word. With `write_block` >= 0 it then changes word 0 of that
# block's page, writes the page back (into its own overlay of the shared image) and reads
# the block again into a scratch page, adding the word it reads back.
#
# Under a hypervisor several VMs over one base image share the frames of the blocks they
# all read: the block device maps a block another VM read already to the same machine frame.
#
# Parameters (32-bit words a hypervisor can set before boot): blocks (at most 512),
# write_block. Without a disk (the bare machine, a VM created without one) it says so.
#
# expect-exit: 0
# expect-output:
# | disk: none (SBI VMSH_BLOCK not supported)

.include "../kernel/sbi_defs.s"
.include "../kernel/sbi_shim.s"
.include "guest_lib.s"

.equ SBI_EXT_VMSH_BLOCK,    0x0A000002
.equ SBI_BLOCK_BLOCKS,      0
.equ SBI_BLOCK_READ,        1               # a0 = block, a1 = gpa low, a2 = high
.equ SBI_BLOCK_WRITE,       2
.equ BUFFER,                0x80100000      # block k goes to page k
.equ SCRATCH,               0x800ff000

    .text
    .balign PAGE_SIZE
    .globl kernel_entry
kernel_entry:
    la      sp, stack_top
    li      a7, SBI_EXT_VMSH_BLOCK
    li      a6, SBI_BLOCK_BLOCKS
    ecall
    bnez    a0, no_disk
    lw      s1, blocks
    li      s10, 0                      # checksum
    li      s2, 0                       # block
read:
    bgeu    s2, s1, 3f
    slli    s3, s2, 12
    li      t0, BUFFER
    add     s3, s3, t0                  # its page
    mv      a0, s2
    mv      a1, s3
    li      a2, 0
    li      a7, SBI_EXT_VMSH_BLOCK
    li      a6, SBI_BLOCK_READ
    ecall
    bnez    a0, failed
    li      t1, 1024
1:  lw      t2, 0(s3)                   # sum the block's words
    add     s10, s10, t2
    addi    s3, s3, 4
    addi    t1, t1, -1
    bnez    t1, 1b
    addi    s2, s2, 1
    j       read
3:  lw      s4, write_block
    bltz    s4, report
    slli    s3, s4, 12                  # change word 0 of its page and write it back
    li      t0, BUFFER
    add     s3, s3, t0
    lw      t2, 0(s3)
    addi    t2, t2, 1
    sw      t2, 0(s3)
    mv      a0, s4
    mv      a1, s3
    li      a2, 0
    li      a7, SBI_EXT_VMSH_BLOCK
    li      a6, SBI_BLOCK_WRITE
    ecall
    bnez    a0, failed
    mv      a0, s4                      # and read it back elsewhere
    li      a1, SCRATCH
    li      a2, 0
    li      a7, SBI_EXT_VMSH_BLOCK
    li      a6, SBI_BLOCK_READ
    ecall
    bnez    a0, failed
    li      t0, SCRATCH
    lw      t2, 0(t0)
    add     s10, s10, t2
report:
    la      a0, msg
    call    puts
    mv      a0, s1
    call    putdec
    la      a0, sum_msg
    call    puts
    mv      a0, s10
    call    puthex
    la      a0, newline
    call    puts
    call    shutdown
no_disk:
    la      a0, none_msg
    call    puts
    call    shutdown
failed:
    la      a0, failed_msg
    call    puts
    li      a7, SBI_EXT_SRST
    li      a6, SBI_SRST_SYSTEM_RESET
    li      a0, SBI_SRST_TYPE_SHUTDOWN
    li      a1, SBI_SRST_REASON_SYSTEM_FAILURE
    ecall
1:  j       1b

    .section .rodata
msg:        .asciz "disk: "
sum_msg:    .asciz " blocks read, checksum "
none_msg:   .asciz "disk: none (SBI VMSH_BLOCK not supported)\n"
failed_msg: .asciz "disk: a block call failed\n"
newline:    .asciz "\n"

    .data
    .balign 4
    .globl blocks, write_block
blocks:     .word 64
write_block: .word -1                   # >= 0: change, write back and read again this block

    .section .bss
    .balign 16
stack:      .space 1024
stack_top:
