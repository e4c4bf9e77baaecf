# task.s - tasks: creating a user program's address space, and tearing it down.
#
# A task is a record in the `tasks` array (layout: kernel_defs.s): its saved user registers
# (the trap frame), its state, pid, address space (root table and satp) and heap end.
# Task i has pid i + 1, and the pid doubles as the address space's ASID, so the TLB can
# keep every task's translations apart and a switch needs no TLB flush.

    .section .text

# task_create(a0 = program start, a1 = program end, a2 = name) -> a0 = the new task.
# Copies the program into fresh pages at USER_TEXT (R-X, U), gives it one zeroed stack
# page below USER_STACK_TOP (RW-, U) and an empty heap at USER_HEAP. Boot-time only:
# running out of slots or memory is a panic.
task_create:
    addi    sp, sp, -32
    sw      ra, 28(sp)
    sw      s0, 24(sp)
    sw      s1, 20(sp)
    sw      s2, 16(sp)
    sw      s3, 12(sp)
    sw      s4, 8(sp)
    sw      s5, 4(sp)
    mv      s1, a0                      # s1 = program start
    sub     s2, a1, a0                  # s2 = program size
    mv      s4, a2                      # s4 = name
    # a free slot
    la      s0, tasks                   # s0 = task
    li      t0, TASK_SIZE * MAX_TASKS
    add     t0, s0, t0
1:  lw      t1, TASK_STATE(s0)
    beqz    t1, 2f                      # TASK_FREE
    addi    s0, s0, TASK_SIZE
    bne     s0, t0, 1b
    la      a0, msg_too_many_tasks
    call    panic
2:  la      t0, tasks
    sub     t0, s0, t0
    srli    t0, t0, TASK_SIZE_SHIFT
    addi    t0, t0, 1
    sw      t0, TASK_PID(s0)
    sw      s4, TASK_NAME(s0)
    # the registers: all zero but pc and sp
    mv      t0, s0
    addi    t1, s0, 32 * 4
3:  sw      zero, 0(t0)
    addi    t0, t0, 4
    bne     t0, t1, 3b
    li      t0, USER_TEXT
    sw      t0, FRAME_PC(s0)
    li      t0, USER_STACK_TOP
    sw      t0, FRAME_SP(s0)
    li      t0, USER_HEAP
    sw      t0, TASK_BRK(s0)
    # the address space
    call    vm_new_space
    beqz    a0, vm_out_of_memory
    sw      a0, TASK_ROOT(s0)
    satp_ppn t0, a0
    lw      t1, TASK_PID(s0)
    slli    t1, t1, SATP_ASID_SHIFT
    or      t0, t0, t1
    li      t1, SATP_MODE_SV32
    or      t0, t0, t1
    sw      t0, TASK_SATP(s0)
    # the program, a page at a time
    li      s3, 0                       # s3 = offset into the program
4:  bgeu    s3, s2, 6f
    call    page_alloc_zeroed
    beqz    a0, vm_out_of_memory
    mv      s5, a0                      # s5 = the page
    sub     a2, s2, s3                  # bytes left,
    li      t0, PAGE_SIZE
    bleu    a2, t0, 5f
    mv      a2, t0                      #   at most a page
5:  add     a1, s1, s3
    call    memcpy                      # (a0 = page, a1 = source, a2 = bytes)
    mv      a2, s5
    lw      a0, TASK_ROOT(s0)
    li      a1, USER_TEXT
    add     a1, a1, s3
    li      a3, PTE_R | PTE_X | PTE_U
    call    vm_map_page
    bnez    a0, vm_out_of_memory
    li      t0, PAGE_SIZE
    add     s3, s3, t0
    j       4b
    # the stack
6:  call    page_alloc_zeroed
    beqz    a0, vm_out_of_memory
    mv      a2, a0
    lw      a0, TASK_ROOT(s0)
    li      a1, USER_STACK_TOP - PAGE_SIZE
    li      a3, PTE_R | PTE_W | PTE_U
    call    vm_map_page
    bnez    a0, vm_out_of_memory
    # order our page-table stores before the hart walks this space (ASID = pid)
    lw      t0, TASK_PID(s0)
    tlb_flush_asid t0
    li      t0, TASK_RUNNABLE
    sw      t0, TASK_STATE(s0)
    la      t0, tasks_alive
    lw      t1, 0(t0)
    addi    t1, t1, 1
    sw      t1, 0(t0)
    # "kernel: task 1 (A): code at 0x40000000, stack below 0x40800000, asid 1"
    mv      a0, s0
    call    kput_task
    la      a0, msg_open_paren
    call    kput_str
    mv      a0, s4
    call    kput_str
    la      a0, msg_close_paren
    call    kput_str
    la      a0, msg_code_at
    call    kput_str
    li      a0, USER_TEXT
    call    kput_hex
    la      a0, msg_stack_below
    call    kput_str
    li      a0, USER_STACK_TOP
    call    kput_hex
    la      a0, msg_asid
    call    kput_str
    lw      a0, TASK_PID(s0)
    call    kput_dec
    call    kput_newline
    mv      a0, s0
    lw      s5, 4(sp)
    lw      s4, 8(sp)
    lw      s3, 12(sp)
    lw      s2, 16(sp)
    lw      s1, 20(sp)
    lw      s0, 24(sp)
    lw      ra, 28(sp)
    addi    sp, sp, 32
    ret

# task_destroy(a0 = task): free its address space and its slot.
task_destroy:
    addi    sp, sp, -16
    sw      ra, 12(sp)
    sw      s0, 8(sp)
    mv      s0, a0
    la      t0, kernel_satp
    lw      t0, 0(t0)
    satp_write t0                       # leave the dying space before freeing its tables
    lw      a0, TASK_ROOT(s0)
    call    vm_free_space
    lw      t0, TASK_PID(s0)
    tlb_flush_asid t0                   # drop its translations: its pages will be reused
    sw      zero, TASK_STATE(s0)        # TASK_FREE
    la      t0, tasks_alive
    lw      t1, 0(t0)
    addi    t1, t1, -1
    sw      t1, 0(t0)
    lw      s0, 8(sp)
    lw      ra, 12(sp)
    addi    sp, sp, 16
    ret

    .section .rodata
msg_too_many_tasks: .asciz "too many tasks"
msg_open_paren:     .asciz " ("
msg_close_paren:    .asciz "): "
msg_code_at:        .asciz "code at "
msg_stack_below:    .asciz ", stack below "
msg_asid:           .asciz ", asid "

    .section .data
    .balign 4
tasks_alive: .word 0                    # tasks not yet exited or killed

    .section .bss
    .balign 4
tasks: .space TASK_SIZE * MAX_TASKS
