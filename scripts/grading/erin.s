# A submission that faults: it loads from address 0, where there is no memory.
        .globl _start
_start: lw   a0, 0(zero)
        li   t1, 0x100000
        li   t2, 0x5555
        sw   t2, 0(t1)
