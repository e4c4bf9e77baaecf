# divzero.s - Adams and Agesen's "divzero", as an illegal-instruction trap.
#
# On x86 a division by zero raises an exception the kernel handles. RISC-V's division
# does not trap (x / 0 gives all ones, x % 0 gives x: samples/arith.s), so the closest
# RISC-V operation is another exception a user process takes into its kernel: an illegal
# instruction. The process executes the all-zero word (defined illegal by the ISA)
# micro_iterations times; the kernel counts each and skips it. On the bare machine and
# under hardware assistance (delegated to the guest) it is a trap into the kernel and
# its sret; under trap-and-emulate the VMM sees the trap first and reflects it.
#
# expect-exit: 0
# expect-output:
# | divzero: 1000 illegal-instruction traps

.include "micro.s"

    .section .text
# micro_main(a0 = iterations) -> a0 = traps taken
micro_main:
    addi    sp, sp, -16
    sw      ra, 12(sp)
    sw      s0, 8(sp)
    mv      s0, a0
    call    vm_init
    la      a0, divzero_user
    la      a1, divzero_user_end
    mv      a2, s0
    call    process_run
    seqz    a0, a0                      # the process ended normally
    call    micro_check
    la      a0, proc_illegal_count
    lw      a0, 0(a0)
    lw      s0, 8(sp)
    lw      ra, 12(sp)
    addi    sp, sp, 16
    ret

# The process: a0 = how many illegal instructions to execute.
divzero_user:
1:  beqz    a0, 2f
    .word   0                           # illegal: the kernel skips it
    addi    a0, a0, -1
    j       1b
2:  li      a7, PSYS_EXIT
    ecall
divzero_user_end:

    .section .rodata
micro_name: .asciz "divzero"
micro_unit: .asciz "illegal-instruction traps"

.include "micro_end.s"
