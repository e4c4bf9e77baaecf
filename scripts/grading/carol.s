# A submission that never ends: the counter is never decremented.
        .globl _start
_start: mv   t0, a0
        li   a0, 0
1:      beqz t0, 2f
        add  a0, a0, t0
        j    1b
2:      li   t1, 0x100000
        li   t2, 0x5555
        sw   t2, 0(t1)
