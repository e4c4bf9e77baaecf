# disco.s - a multi-vCPU workload for Disco's NUMA page placement (Bugnion et al., SOSP 1997).
#
# Hart 0 initializes all the data (word 0 of page k holds k), as an operating system that
# sets memory up on one CPU does, then starts harts 1 .. harts-1 with SBI HSM hart_start.
# Every hart then makes `rounds` passes over its own `pages` pages (a load and a store in
# each: private read-write data) and over a table of `shared` pages that every hart reads
# (read-shared data). With `rewrite` set, the harts then meet at a barrier, hart 0 adds 1 to
# word 0 of every shared page, and after a second barrier each reads the table `rounds` times
# again: a hypervisor that replicated the table must show every hart the new words. Each
# hart adds its checksum to a shared sum; the last to finish prints it and shuts down, the
# others stop (hart_stop).
#
# Paging stays off: the only translation is the hypervisor's (G-stage), so every TLB miss is
# one on a page of this data, and with 4 KiB pages a pass of 128 pages misses a 32-entry
# TLB every time: the misses Disco's counters see.
#
# Parameters (32-bit words a hypervisor can set before boot): harts (1..8), pages, shared,
# rounds, rewrite (0 or 1). An S-mode program using SBI only; on the bare machine the kernel's M-mode shim
# boots it (one hart), a hypervisor starts it at kernel_entry.
#
# expect-exit: 0
# expect-output:
# | disco: 1 harts x 64 pages, 64 shared, 8 rounds, checksum 0x00010500

.include "../kernel/sbi_defs.s"
.include "../kernel/sbi_shim.s"
.include "guest_lib.s"

# SBI HSM (hart state management)
.equ SBI_EXT_HSM,           0x48534D        # "HSM"
.equ SBI_HSM_HART_START,    0               # a0 = hartid, a1 = start address, a2 = opaque
.equ SBI_HSM_HART_STOP,     1
.equ DATA,                  0x80100000      # the data: each hart's pages, then the shared table
.equ STACK_SIZE,            1024

    .text
    .balign PAGE_SIZE
    .globl kernel_entry
kernel_entry:
    lw      s1, harts
    lw      s2, pages
    lw      s3, shared
    mul     t0, s1, s2
    add     s4, t0, s3                  # pages in all
    li      t1, DATA
    li      t2, 0
1:  slli    t3, t2, 12                  # word 0 of page k holds k
    add     t3, t3, t1
    sw      t2, 0(t3)
    addi    t2, t2, 1
    bltu    t2, s4, 1b
    li      s5, 1                       # start the other harts at `hart`
2:  bgeu    s5, s1, 3f
    mv      a0, s5
    la      a1, hart
    li      a2, 0
    li      a7, SBI_EXT_HSM
    li      a6, SBI_HSM_HART_START
    ecall
    addi    s5, s5, 1
    j       2b
3:  li      a0, 0

# hart(a0 = hartid): the work of one hart
hart:
    mv      s0, a0
    la      sp, stacks                  # its stack
    addi    t0, s0, 1
    slli    t0, t0, 10                  # STACK_SIZE
    add     sp, sp, t0
    lw      s1, harts
    lw      s2, pages
    lw      s3, shared
    lw      s4, rounds
    li      s10, 0                      # checksum
    li      t6, DATA
    mul     t0, s0, s2
    slli    t0, t0, 12
    add     s6, t6, t0                  # its own pages
    mul     t0, s1, s2
    slli    t0, t0, 12
    add     s7, t6, t0                  # the shared table
    li      t5, PAGE_SIZE
round:
    mv      t0, s6
    mv      t1, s2
1:  lw      t2, 0(t0)                   # its own page: read and write
    add     s10, s10, t2
    addi    t2, t2, 1
    sw      t2, 0(t0)
    add     t0, t0, t5
    addi    t1, t1, -1
    bnez    t1, 1b
    mv      t0, s7
    mv      t1, s3
    beqz    t1, 3f
2:  lw      t2, 0(t0)                   # the shared table: read only
    add     s10, s10, t2
    add     t0, t0, t5
    addi    t1, t1, -1
    bnez    t1, 2b
3:  addi    s4, s4, -1
    bnez    s4, round
    lw      t0, rewrite
    beqz    t0, done
    la      a0, barrier1
    call    barrier
    bnez    s0, 5f
    mv      t0, s7                      # hart 0 writes the shared table
    mv      t1, s3
    beqz    t1, 5f
4:  lw      t2, 0(t0)
    addi    t2, t2, 1
    sw      t2, 0(t0)
    add     t0, t0, t5
    addi    t1, t1, -1
    bnez    t1, 4b
5:  la      a0, barrier2
    call    barrier
    lw      s4, rounds
reread:
    mv      t0, s7
    mv      t1, s3
    beqz    t1, done
1:  lw      t2, 0(t0)                   # the shared table again
    add     s10, s10, t2
    add     t0, t0, t5
    addi    t1, t1, -1
    bnez    t1, 1b
    addi    s4, s4, -1
    bnez    s4, reread
done:
    la      t0, checksum
    amoadd.w.aqrl zero, s10, (t0)
    la      t0, finished
    li      t1, 1
    amoadd.w.aqrl t1, t1, (t0)
    addi    t1, t1, 1
    bne     t1, s1, stop                # not the last one
    la      a0, msg
    call    puts
    mv      a0, s1
    call    putdec
    la      a0, harts_msg
    call    puts
    lw      a0, pages
    call    putdec
    la      a0, pages_msg
    call    puts
    lw      a0, shared
    call    putdec
    la      a0, shared_msg
    call    puts
    lw      a0, rounds
    call    putdec
    la      a0, sum_msg
    call    puts
    lw      a0, checksum
    call    puthex
    la      a0, newline
    call    puts
    call    shutdown
# barrier(a0 = counter): waits until all s1 harts have arrived
barrier:
    li      t0, 1
    amoadd.w.aqrl zero, t0, (a0)
1:  lw      t0, 0(a0)
    bne     t0, s1, 1b
    ret

stop:
    li      a7, SBI_EXT_HSM
    li      a6, SBI_HSM_HART_STOP
    ecall
    j       stop

    .section .rodata
msg:        .asciz "disco: "
harts_msg:  .asciz " harts x "
pages_msg:  .asciz " pages, "
shared_msg: .asciz " shared, "
sum_msg:    .asciz " rounds, checksum "
newline:    .asciz "\n"

    .data
    .balign 4
    .globl harts, pages, shared, rounds, rewrite
harts:      .word 1
pages:      .word 64                    # each hart's own pages
shared:     .word 64                    # pages every hart reads
rounds:     .word 8
rewrite:    .word 0                     # 1: hart 0 rewrites the shared table, then all read it again
checksum:   .word 0
finished:   .word 0
barrier1:   .word 0
barrier2:   .word 0

    .section .bss
    .balign 16
stacks:     .space 8 * STACK_SIZE
