# compute.s - the smallest useful batch guest: it counts the primes below `limit` by trial
# division, prints the count and powers off. A computation for LightVM-style density
# (Manco et al., SOSP 2017): a VM that boots, does one job, answers and goes away.
#
# Like echo.s it writes no memory (registers only, no stack), so clones of a booted
# template share all its pages.
#
# An S-mode program: the teaching kernel's M-mode shim at _start for the bare machine and
# QEMU, the job at kernel_entry for a hypervisor (the VMM is its SBI firmware).
#
# Parameters (.data words a script may patch with vm.load(image, {params})):
#   limit   10000   count the primes below it
#
# expect-exit: 0
# expect-output:
# | compute: 1229 primes below 10000

.include "../kernel/sbi_defs.s"
.include "../kernel/sbi_shim.s"

    .text
    .balign 4096                        # the job starts on a page of its own
    .globl kernel_entry
kernel_entry:
    la      t0, limit
    lw      s1, 0(t0)                   # s1 = limit
    li      s2, 0                       # s2 = primes found
    li      s3, 2                       # s3 = candidate
candidate:
    bgeu    s3, s1, report
    li      t1, 2                       # t1 = divisor
1:  mul     t2, t1, t1
    bgtu    t2, s3, prime               # no divisor up to its square root
    remu    t2, s3, t1
    beqz    t2, next
    addi    t1, t1, 1
    j       1b
prime:
    addi    s2, s2, 1
next:
    addi    s3, s3, 1
    j       candidate

report:
    la      a0, msg_count
    jal     puts
    mv      a0, s2
    jal     putdec
    la      a0, msg_below
    jal     puts
    mv      a0, s1
    jal     putdec
    li      a0, 10
    jal     putc
    li      a0, SBI_SRST_TYPE_SHUTDOWN
    li      a1, SBI_SRST_REASON_NONE
    li      a6, SBI_SRST_SYSTEM_RESET
    li      a7, SBI_EXT_SRST
    ecall
1:  j       1b

# putc(a0 = byte): through SBI's legacy console putchar. Leaf (the call changes a0 only).
putc:
    li      a7, SBI_EXT_LEGACY_PUTCHAR
    ecall
    ret

# puts(a0 = NUL-terminated string). t3 keeps the return address across putc.
puts:
    mv      t2, a0
    mv      t3, ra
1:  lbu     a0, 0(t2)
    beqz    a0, 2f
    jal     putc
    addi    t2, t2, 1
    j       1b
2:  mv      ra, t3
    ret

# putdec(a0 = value): unsigned decimal, the highest power of ten first. t3 keeps ra.
putdec:
    mv      t4, a0
    mv      t3, ra
    li      t5, 1000000000
    li      t6, 0                       # t6 = a digit was printed
1:  divu    a0, t4, t5
    remu    t4, t4, t5
    bnez    a0, 2f
    bnez    t6, 2f
    li      t0, 1
    bne     t5, t0, 3f                  # leading zero: skipped, but 0 itself prints
2:  addi    a0, a0, 48
    jal     putc
    li      t6, 1
3:  li      t0, 10
    divu    t5, t5, t0
    bnez    t5, 1b
    mv      ra, t3
    ret

msg_count:  .asciz "compute: "
msg_below:  .asciz " primes below "

    .data
    .balign 4
    .globl limit
limit:  .word 10000
