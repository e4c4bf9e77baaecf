# A submission for the graders in scripts/: the sum 1 + 2 + ... + n.
# The grader puts n in a0; the program leaves the sum in a0 and exits through the finisher.
        .globl _start
_start: mv   t0, a0             # n
        li   a0, 0
1:      beqz t0, 2f
        add  a0, a0, t0
        addi t0, t0, -1
        j    1b
2:      li   t1, 0x100000       # the test finisher: 0x5555 = exit 0
        li   t2, 0x5555
        sw   t2, 0(t1)
