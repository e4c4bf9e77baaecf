# syscall.s - Adams and Agesen's "syscall": a user process's system call round trip.
#
# A U-mode process makes micro_iterations null system calls (ecall, the kernel saves its
# registers, dispatches, restores them, sret) and exits. On the bare machine a round trip
# is two traps and about 80 instructions. A trap-and-emulate VMM sees the ecall, reflects
# it into the guest kernel, and then every CSR access and the sret of the kernel's trap
# path exit too; hardware assistance delegates the trap to the guest and exits not at all.
#
# expect-exit: 0
# expect-output:
# | syscall: 1000 system calls

.include "micro.s"

    .section .text
# micro_main(a0 = iterations) -> a0 = system calls made
micro_main:
    addi    sp, sp, -16
    sw      ra, 12(sp)
    sw      s0, 8(sp)
    mv      s0, a0
    call    vm_init                     # paging on: a process needs its address space
    la      a0, syscall_user
    la      a1, syscall_user_end
    mv      a2, s0
    call    process_run                 # -> its exit code: the calls it made
    lw      s0, 8(sp)
    lw      ra, 12(sp)
    addi    sp, sp, 16
    ret

# The process (copied to PROC_TEXT): a0 = how many calls to make.
syscall_user:
    mv      s0, a0                      # s0 = calls left
    li      s1, 0                       # s1 = calls made
1:  beqz    s0, 2f
    li      a7, PSYS_NULL
    ecall
    addi    s1, s1, 1
    addi    s0, s0, -1
    j       1b
2:  mv      a0, s1
    li      a7, PSYS_EXIT
    ecall
syscall_user_end:

    .section .rodata
micro_name: .asciz "syscall"
micro_unit: .asciz "system calls"

.include "micro_end.s"
