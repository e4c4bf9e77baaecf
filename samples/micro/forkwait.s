# forkwait.s - Adams and Agesen's "forkwait": create a process with a copied address
# space, run it, wait for it.
#
# The parent forks micro_iterations times; each child exits at once with code 7, and the
# parent's wait must return 7. A fork builds a new page table and copies the parent's
# pages; the exit frees them. This is the benchmark the paper found hardest for
# first-generation hardware assistance (forkwait: native 6.0 s, binary translation 36.9 s,
# VT-x 106.4 s): every page-table write of fork and exit is a shadow-paging event.
#
# expect-exit: 0
# expect-output:
# | forkwait: 1000 processes forked and waited for

.include "micro.s"

    .section .text
# micro_main(a0 = iterations) -> a0 = children reaped
micro_main:
    addi    sp, sp, -16
    sw      ra, 12(sp)
    sw      s0, 8(sp)
    mv      s0, a0
    call    vm_init
    la      a0, forkwait_user
    la      a1, forkwait_user_end
    mv      a2, s0
    call    process_run                 # -> children it reaped
    lw      s0, 8(sp)
    lw      ra, 12(sp)
    addi    sp, sp, 16
    ret

# The process: a0 = children to create.
forkwait_user:
    mv      s0, a0                      # s0 = children left
    li      s1, 0                       # s1 = children reaped
1:  beqz    s0, 3f
    li      a7, PSYS_FORK
    ecall
    beqz    a0, 2f                      # the child
    li      a7, PSYS_WAIT
    ecall
    li      t0, 7
    bne     a0, t0, 4f
    addi    s1, s1, 1
    addi    s0, s0, -1
    j       1b
2:  li      a0, 7                       # the child exits at once
    li      a7, PSYS_EXIT
    ecall
3:  mv      a0, s1
    li      a7, PSYS_EXIT
    ecall
4:  li      a0, -1                      # wait returned the wrong code
    li      a7, PSYS_EXIT
    ecall
forkwait_user_end:

    .section .rodata
micro_name: .asciz "forkwait"
micro_unit: .asciz "processes forked and waited for"

.include "micro_end.s"
