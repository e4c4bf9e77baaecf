# guest_lib.s - what the samples/hv guests share: Sv32 names, console output through
# the SBI legacy putchar, and power-off through SBI SRST. Include after sbi_defs.s.

.equ PAGE_SIZE,     4096
.equ SATP_SV32,     1 << 31
.equ SATP_ASID_SHIFT, 22
.equ PTE_V,         1 << 0
.equ PTE_R,         1 << 1
.equ PTE_W,         1 << 2
.equ PTE_X,         1 << 3
.equ PTE_G,         1 << 5
.equ PTE_A,         1 << 6
.equ PTE_D,         1 << 7
.equ PTE_PPN_SHIFT, 10
# the guest's own pages: its image is mapped by one global megapage, identity
.equ KERNEL_MEGA_INDEX, 0x80000000 >> 22
.equ KERNEL_MEGA_PTE, ((0x80000000 >> 12) << PTE_PPN_SHIFT) | PTE_V | PTE_R | PTE_W | PTE_X | PTE_G | PTE_A | PTE_D

    .text
# puts(a0 = NUL-terminated string)
puts:
    mv      t2, a0
1:  lbu     a0, 0(t2)
    beqz    a0, 2f
    li      a7, SBI_EXT_LEGACY_PUTCHAR
    ecall
    addi    t2, t2, 1
    j       1b
2:  ret

# puthex(a0 = value): "0x" and eight hex digits
puthex:
    mv      t2, a0
    li      a0, 48                      # '0'
    li      a7, SBI_EXT_LEGACY_PUTCHAR
    ecall
    li      a0, 120                     # 'x'
    ecall
    li      t3, 28
1:  srl     a0, t2, t3
    andi    a0, a0, 15
    li      t4, 10
    blt     a0, t4, 2f
    addi    a0, a0, 87                  # 'a' - 10
    j       3f
2:  addi    a0, a0, 48                  # '0'
3:  ecall
    addi    t3, t3, -4
    bgez    t3, 1b
    ret

# putdec(a0 = value): unsigned decimal
putdec:
    addi    sp, sp, -16
    mv      t2, a0
    addi    t4, sp, 15
    sb      zero, 0(t4)
    li      t5, 10
1:  remu    t0, t2, t5
    addi    t0, t0, 48
    addi    t4, t4, -1
    sb      t0, 0(t4)
    divu    t2, t2, t5
    bnez    t2, 1b
    mv      a0, t4
    mv      t6, ra
    call    puts
    mv      ra, t6
    addi    sp, sp, 16
    ret

# shutdown(): SBI SRST, shutdown with no reason (exit code 0)
shutdown:
    li      a7, SBI_EXT_SRST
    li      a6, SBI_SRST_SYSTEM_RESET
    li      a0, SBI_SRST_TYPE_SHUTDOWN
    li      a1, SBI_SRST_REASON_NONE
    ecall
1:  j       1b
