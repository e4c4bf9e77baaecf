# A submission: off by one (sums 1 .. n-1).
        .globl _start
_start: addi t0, a0, -1
        li   a0, 0
1:      beqz t0, 2f
        add  a0, a0, t0
        addi t0, t0, -1
        j    1b
2:      li   t1, 0x100000
        li   t2, 0x5555
        sw   t2, 0(t1)
