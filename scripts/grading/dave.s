# A submission that does not assemble: the immediate is out of range.
        .globl _start
_start: mv   t0, a0
        addi a0, zero, 5000
        li   t1, 0x100000
        li   t2, 0x5555
        sw   t2, 0(t1)
