# callret.s - Adams and Agesen's "call/ret": a function call and its return, in the
# guest kernel.
#
# Nothing here is privileged: on the bare machine and under trap-and-emulate or hardware
# assistance it runs at full speed. A binary translator must rewrite both: the call's
# link value is the guest's own address, and the return is an indirect jump whose target
# the translator looks up in its translation cache.
#
# expect-exit: 0
# expect-output:
# | callret: 1000 calls and returns

.include "micro.s"

    .section .text
# micro_main(a0 = iterations) -> a0 = calls made
micro_main:
    addi    sp, sp, -16
    sw      ra, 12(sp)
    sw      s0, 8(sp)
    sw      s1, 4(sp)
    mv      s0, a0                      # s0 = calls left
    li      s1, 0                       # s1 = calls returned from
1:  beqz    s0, 2f
    mv      a0, s1
    call    callret_leaf
    mv      s1, a0
    addi    s0, s0, -1
    j       1b
2:  mv      a0, s1
    lw      s1, 4(sp)
    lw      s0, 8(sp)
    lw      ra, 12(sp)
    addi    sp, sp, 16
    ret

# callret_leaf(a0) -> a0 + 1
callret_leaf:
    addi    a0, a0, 1
    ret

    .section .rodata
micro_name: .asciz "callret"
micro_unit: .asciz "calls and returns"

.include "micro_end.s"
