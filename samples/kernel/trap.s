# trap.s - entering the kernel from U-mode and going back.
#
# Hardware rules (privileged spec):
#   - A trap to S-mode jumps to stvec, saves the pc in sepc, the reason in scause (top bit
#     set for interrupts), a fault address in stval, the old mode in sstatus.SPP, and
#     clears sstatus.SIE (after copying it into SPIE). No register is saved for us.
#   - sret jumps to sepc, in the mode held in sstatus.SPP, and sets SIE from SPIE.
#
# Convention: while a task runs, sscratch holds its record (its trap frame is at offset 0);
# while the kernel runs, sscratch is 0. A trap that finds sscratch = 0 came from the kernel
# itself, which is a bug: it panics.

    .section .text

# trap_vector: stvec points here (direct mode: base 4-byte aligned, every trap enters here).
    .balign 4
trap_vector:
    sscratch_swap_sp                    # sp = the task's frame, sscratch = the user's sp
    beqz    sp, kernel_trap
    sw      x1, 1*4(sp)
    sw      x3, 3*4(sp)
    sw      x4, 4*4(sp)
    sw      x5, 5*4(sp)
    sw      x6, 6*4(sp)
    sw      x7, 7*4(sp)
    sw      x8, 8*4(sp)
    sw      x9, 9*4(sp)
    sw      x10, 10*4(sp)
    sw      x11, 11*4(sp)
    sw      x12, 12*4(sp)
    sw      x13, 13*4(sp)
    sw      x14, 14*4(sp)
    sw      x15, 15*4(sp)
    sw      x16, 16*4(sp)
    sw      x17, 17*4(sp)
    sw      x18, 18*4(sp)
    sw      x19, 19*4(sp)
    sw      x20, 20*4(sp)
    sw      x21, 21*4(sp)
    sw      x22, 22*4(sp)
    sw      x23, 23*4(sp)
    sw      x24, 24*4(sp)
    sw      x25, 25*4(sp)
    sw      x26, 26*4(sp)
    sw      x27, 27*4(sp)
    sw      x28, 28*4(sp)
    sw      x29, 29*4(sp)
    sw      x30, 30*4(sp)
    sw      x31, 31*4(sp)
    sscratch_read t0
    sw      t0, FRAME_SP(sp)            # the user's sp
    sepc_read t0
    sw      t0, FRAME_PC(sp)
    sscratch_write zero                 # from here on a trap is a kernel bug
    la      sp, kernel_stack_top        # one kernel stack serves every trap
    call    handle_trap
    # fall through: return to whichever task is current now

# trap_return: resume the current task in U-mode from its trap frame.
trap_return:
    la      t0, current
    lw      t0, 0(t0)                   # t0 = the task (its frame is at offset 0)
    sscratch_write t0                   # for its next trap
    lw      t1, FRAME_PC(t0)
    sepc_write t1
    li      t1, SSTATUS_SPP
    sstatus_clear t1, t2                # SPP = 0: sret goes to U-mode
    lw      x1, 1*4(t0)
    lw      x2, 2*4(t0)
    lw      x3, 3*4(t0)
    lw      x4, 4*4(t0)
    lw      x6, 6*4(t0)
    lw      x7, 7*4(t0)
    lw      x8, 8*4(t0)
    lw      x9, 9*4(t0)
    lw      x10, 10*4(t0)
    lw      x11, 11*4(t0)
    lw      x12, 12*4(t0)
    lw      x13, 13*4(t0)
    lw      x14, 14*4(t0)
    lw      x15, 15*4(t0)
    lw      x16, 16*4(t0)
    lw      x17, 17*4(t0)
    lw      x18, 18*4(t0)
    lw      x19, 19*4(t0)
    lw      x20, 20*4(t0)
    lw      x21, 21*4(t0)
    lw      x22, 22*4(t0)
    lw      x23, 23*4(t0)
    lw      x24, 24*4(t0)
    lw      x25, 25*4(t0)
    lw      x26, 26*4(t0)
    lw      x27, 27*4(t0)
    lw      x28, 28*4(t0)
    lw      x29, 29*4(t0)
    lw      x30, 30*4(t0)
    lw      x31, 31*4(t0)
    lw      x5, 5*4(t0)                 # t0 (x5) last: it held the frame address
    return_to_user

# handle_trap(): decide what the trap was and tail-jump to its handler, which returns
# straight to trap_vector. The current task's registers are in its frame.
handle_trap:
    scause_read t0
    li      t1, SCAUSE_INTERRUPT | IRQ_S_TIMER
    beq     t0, t1, timer_interrupt
    bltz    t0, unexpected_interrupt
    li      t1, CAUSE_USER_ECALL
    beq     t0, t1, syscall
    li      t1, CAUSE_FETCH_PAGE_FAULT
    beq     t0, t1, user_page_fault
    li      t1, CAUSE_LOAD_PAGE_FAULT
    beq     t0, t1, user_page_fault
    li      t1, CAUSE_STORE_PAGE_FAULT
    beq     t0, t1, user_page_fault
    j       user_exception

# user_page_fault(): the task touched an address its page table does not allow.
# "kernel: task 2: store page fault at 0x40101000, killed"
user_page_fault:
    addi    sp, sp, -16
    sw      ra, 12(sp)
    la      t0, stat_page_faults
    lw      t1, 0(t0)
    addi    t1, t1, 1
    sw      t1, 0(t0)
    la      a0, current
    lw      a0, 0(a0)
    call    kput_task
    scause_read t0
    la      a0, msg_fetch
    li      t1, CAUSE_FETCH_PAGE_FAULT
    beq     t0, t1, 1f
    la      a0, msg_load
    li      t1, CAUSE_LOAD_PAGE_FAULT
    beq     t0, t1, 1f
    la      a0, msg_store
1:  call    kput_str
    la      a0, msg_page_fault_at
    call    kput_str
    stval_read a0                       # the faulting virtual address
    call    kput_hex
    la      a0, msg_killed
    call    kput_str
    call    kput_newline
    lw      ra, 12(sp)
    addi    sp, sp, 16
    j       kill_current

# user_exception(): any other exception from U-mode (illegal instruction, breakpoint,
# misaligned or access fault). "kernel: task 2: exception 2 at pc 0x40000010, killed"
user_exception:
    addi    sp, sp, -16
    sw      ra, 12(sp)
    la      a0, current
    lw      a0, 0(a0)
    call    kput_task
    la      a0, msg_exception
    call    kput_str
    scause_read a0
    call    kput_dec
    la      a0, msg_at_pc
    call    kput_str
    sepc_read a0
    call    kput_hex
    la      a0, msg_killed
    call    kput_str
    call    kput_newline
    lw      ra, 12(sp)
    addi    sp, sp, 16
    j       kill_current

# kill_current(): end the current task and run another.
kill_current:
    addi    sp, sp, -16
    sw      ra, 12(sp)
    la      a0, current
    lw      a0, 0(a0)
    call    task_destroy
    lw      ra, 12(sp)
    addi    sp, sp, 16
    j       schedule

# unexpected_interrupt(): only the timer is enabled in sie; anything else is a bug.
unexpected_interrupt:
    la      a0, msg_unexpected_interrupt
    call    panic

# kernel_trap: a trap while the kernel itself ran (sscratch was 0). Report and power off.
kernel_trap:
    sscratch_swap_sp                    # undo the swap: sscratch = 0 again
    la      sp, kernel_stack_top        # the old stack may be what went wrong
    la      a0, msg_kernel_trap
    call    kput_str
    scause_read a0
    call    kput_hex
    la      a0, msg_sepc
    call    kput_str
    sepc_read a0
    call    kput_hex
    la      a0, msg_stval
    call    kput_str
    stval_read a0
    call    kput_hex
    call    kput_newline
    li      a0, SBI_SRST_REASON_SYSTEM_FAILURE
    call    sbi_shutdown

    .section .rodata
msg_fetch:                .asciz ": fetch"
msg_load:                 .asciz ": load"
msg_store:                .asciz ": store"
msg_page_fault_at:        .asciz " page fault at "
msg_killed:               .asciz ", killed"
msg_exception:            .asciz ": exception "
msg_at_pc:                .asciz " at pc "
msg_unexpected_interrupt: .asciz "unexpected interrupt"
msg_kernel_trap:          .asciz "kernel: panic: trap in the kernel, scause "
msg_sepc:                 .asciz ", sepc "
msg_stval:                .asciz ", stval "

    .section .bss
    .balign 16
kernel_stack:
    .space  KERNEL_STACK_SIZE
kernel_stack_top:
