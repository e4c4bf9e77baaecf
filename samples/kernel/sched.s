# sched.s - round-robin scheduling on timer interrupts.
#
# The kernel has one stack and keeps no kernel state per task besides its record: a task
# switch is only the choice of which trap frame trap_return restores, plus a satp write to
# enter that task's address space. Every task gets TIME_SLICE ticks before the timer
# (programmed through SBI TIME) interrupts it.
#
# Hardware rule: S-mode interrupts are always taken while the hart runs in U-mode (sie
# still masks them one by one); in S-mode only when sstatus.SIE is set. The kernel never
# sets SIE, so a timer that expires during a system call waits until the return to U-mode.

    .section .text

# timer_interrupt(): the S timer fired (scause = interrupt 5); the running task's slice is over.
timer_interrupt:
    la      t0, stat_timer_interrupts
    lw      t1, 0(t0)
    addi    t1, t1, 1
    sw      t1, 0(t0)
    addi    sp, sp, -16
    sw      ra, 12(sp)
    call    balloon_tick                # the balloon driver's turn (off without a balloon)
    lw      ra, 12(sp)
    addi    sp, sp, 16
    j       schedule                    # tail call: schedule returns to our caller

# schedule(): make the next runnable task after `current` (round robin) the current one,
# switch to its address space and arm the timer for its slice. Returns to the caller,
# which then returns to U-mode through trap_return. With no task left, prints the
# summary and powers off: does not return.
schedule:
    addi    sp, sp, -16
    sw      ra, 12(sp)
    sw      s0, 8(sp)
    la      t0, current
    lw      s0, 0(t0)                   # s0 = previous task, 0 before the first
    la      t1, tasks                   # t1 = candidate
    li      t3, TASK_SIZE * MAX_TASKS
    add     t3, t1, t3                  # t3 = end of the array
    beqz    s0, 1f
    addi    t1, s0, TASK_SIZE           # start looking just after the previous task
1:  li      t2, MAX_TASKS               # t2 = candidates left (the previous task comes last)
2:  bne     t1, t3, 3f
    la      t1, tasks                   # wrap around
3:  lw      t0, TASK_STATE(t1)
    li      t4, TASK_RUNNABLE
    beq     t0, t4, 4f
    addi    t1, t1, TASK_SIZE
    addi    t2, t2, -1
    bnez    t2, 2b
    j       all_tasks_done
4:  beq     t1, s0, 5f                  # the same task goes on: nothing to switch
    la      t0, current
    sw      t1, 0(t0)
    lw      t0, TASK_SATP(t1)
    satp_write t0                       # enter its address space
    lw      t0, TASK_PID(t1)
    la      t2, vm_max_asid
    lw      t2, 0(t2)
    bleu    t0, t2, 6f                  # the hart keeps this ASID: its TLB entries are its own
    tlb_flush_all                       # too few ASID bits: flush everything instead
6:  la      t0, stat_switches
    lw      t2, 0(t0)
    addi    t2, t2, 1
    sw      t2, 0(t0)
5:  call    timer_arm
    lw      s0, 8(sp)
    lw      ra, 12(sp)
    addi    sp, sp, 16
    ret

# timer_arm(): ask for a timer interrupt TIME_SLICE ticks from now.
timer_arm:
    addi    sp, sp, -16
    sw      ra, 12(sp)
    call    read_time
    addi    a0, a0, TIME_SLICE          # 64-bit add: carry into the high word
    sltiu   t0, a0, TIME_SLICE
    add     a1, a1, t0
    call    sbi_set_timer
    lw      ra, 12(sp)
    addi    sp, sp, 16
    ret

# read_time() -> a0 = time low, a1 = time high. Leaf.
read_time:
    time_read a0, a1, t0
    ret

# all_tasks_done(): every task has exited or was killed. Print the summary, power off.
# "kernel: all tasks done: 14 syscalls, 1 page fault(s), 2037 pages free"
# (The counts printed do not depend on timing; stat_switches and stat_timer_interrupts do
# and stay in memory for a debugger, so the console text is the same on every machine.)
all_tasks_done:
    la      a0, msg_all_done
    call    kput_str
    la      a0, stat_syscalls
    lw      a0, 0(a0)
    call    kput_dec
    la      a0, msg_syscalls
    call    kput_str
    la      a0, stat_page_faults
    lw      a0, 0(a0)
    call    kput_dec
    la      a0, msg_page_faults
    call    kput_str
    la      a0, palloc_free_count
    lw      a0, 0(a0)
    call    kput_dec
    la      a0, msg_pages_free
    call    kput_str
    call    kput_newline
    li      a0, SBI_SRST_REASON_NONE
    call    sbi_shutdown                # does not return

    .section .rodata
msg_all_done:    .asciz "kernel: all tasks done: "
msg_syscalls:    .asciz " syscalls, "
msg_page_faults: .asciz " page fault(s), "
msg_pages_free:  .asciz " pages free"

    .section .data
    .balign 4
current:               .word 0          # the running task (or the last one that ran)
stat_switches:         .word 0          # times the running task changed
stat_timer_interrupts: .word 0          # slices that ended by preemption
stat_syscalls:         .word 0
stat_page_faults:      .word 0
