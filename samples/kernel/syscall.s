# syscall.s - system calls: `ecall` from U-mode (scause 8).
#
# ABI: a7 = number (SYS_* in kernel_defs.s), a0..a2 = arguments, result in a0; every other
# register comes back unchanged (they are restored from the trap frame).
# Hardware rule: sepc points at the ecall itself, so the kernel adds 4 to resume after it.

    .section .text

# syscall(): read the call from the current task's frame, run its handler, store the result.
# Handlers get a0..a2 = arguments and a3 = the task, and return a0 = result. exit and yield
# change the current task; the result still goes into the caller's own frame.
syscall:
    addi    sp, sp, -16
    sw      ra, 12(sp)
    sw      s0, 8(sp)
    la      t0, stat_syscalls
    lw      t1, 0(t0)
    addi    t1, t1, 1
    sw      t1, 0(t0)
    la      s0, current
    lw      s0, 0(s0)                   # s0 = the calling task
    lw      t0, FRAME_PC(s0)
    addi    t0, t0, 4
    sw      t0, FRAME_PC(s0)            # resume after the ecall
    lw      t0, FRAME_A7(s0)
    li      t1, SYSCALL_COUNT
    bltu    t0, t1, 1f
    li      t0, 0                       # unknown numbers go to sys_invalid
1:  slli    t0, t0, 2
    la      t1, syscall_table
    add     t1, t1, t0
    lw      t1, 0(t1)
    lw      a0, FRAME_A0(s0)
    lw      a1, FRAME_A1(s0)
    lw      a2, FRAME_A2(s0)
    mv      a3, s0
    jalr    t1
    sw      a0, FRAME_A0(s0)
    lw      s0, 8(sp)
    lw      ra, 12(sp)
    addi    sp, sp, 16
    ret

# sys_invalid() -> -1
sys_invalid:
    li      a0, -1
    ret

# sys_write(a0 = buf, a1 = len, a3 = task) -> bytes written, or -1 if the buffer is not the
# task's readable memory. At most WRITE_MAX bytes per call. The bytes are copied into a
# kernel buffer (the console takes physical addresses and the user's are virtual) and leave
# in one SBI call, so a line written with one write() is never torn apart.
sys_write:
    addi    sp, sp, -16
    sw      ra, 12(sp)
    sw      s0, 8(sp)
    sw      s1, 4(sp)
    mv      s0, a0                      # s0 = buf
    mv      s1, a1                      # s1 = len
    li      t0, WRITE_MAX
    bleu    s1, t0, 1f
    mv      s1, t0
1:  beqz    s1, 3f
    lw      a0, TASK_ROOT(a3)
    mv      a1, s0
    mv      a2, s1
    li      a3, PTE_R
    call    vm_user_range_ok
    beqz    a0, 2f
    li      t0, SSTATUS_SUM
    sstatus_set t0, t1                  # SUM: S-mode may now load from U pages
    la      a0, write_buffer
    mv      a1, s0
    mv      a2, s1
    call    memcpy
    li      t0, SSTATUS_SUM
    sstatus_clear t0, t1                # and no longer
    la      a0, write_buffer
    mv      a1, s1
    call    sbi_console_write
    j       3f
2:  li      s1, -1
3:  mv      a0, s1
    lw      s1, 4(sp)
    lw      s0, 8(sp)
    lw      ra, 12(sp)
    addi    sp, sp, 16
    ret

# sys_exit(a0 = code, a3 = task): "kernel: task 1 exited with code 0", then run another task.
sys_exit:
    addi    sp, sp, -16
    sw      ra, 12(sp)
    sw      s0, 8(sp)
    sw      s1, 4(sp)
    mv      s0, a3                      # s0 = task
    mv      s1, a0                      # s1 = code
    mv      a0, s0
    call    kput_task
    la      a0, msg_exited
    call    kput_str
    mv      a0, s1
    call    kput_dec
    call    kput_newline
    mv      a0, s0
    call    task_destroy
    call    schedule
    lw      s1, 4(sp)
    lw      s0, 8(sp)
    lw      ra, 12(sp)
    addi    sp, sp, 16
    ret                                 # (the result lands in the dead task's frame)

# sys_sbrk(a0 = bytes, a3 = task) -> the old heap end, where the new memory starts, or -1.
# Grows the heap by whole pages: each a fresh zeroed page, mapped RW- U at the heap end.
sys_sbrk:
    addi    sp, sp, -32
    sw      ra, 28(sp)
    sw      s0, 24(sp)
    sw      s1, 20(sp)
    sw      s2, 16(sp)
    sw      s3, 12(sp)
    mv      s0, a3                      # s0 = task
    lw      s1, TASK_BRK(s0)            # s1 = old heap end (the result)
    li      t0, PAGE_SIZE - 1
    add     s2, a0, t0
    bltu    s2, a0, 3f                  # the rounding wrapped: far too much
    srli    s2, s2, PAGE_SHIFT          # s2 = pages to add
    li      t0, USER_HEAP_LIMIT
    sub     t0, t0, s1
    srli    t0, t0, PAGE_SHIFT          # pages left below the limit
    bgtu    s2, t0, 3f
1:  beqz    s2, 2f
    call    page_alloc_zeroed
    beqz    a0, 3f
    mv      s3, a0                      # s3 = the page
    mv      a2, a0
    lw      a0, TASK_ROOT(s0)
    lw      a1, TASK_BRK(s0)
    li      a3, PTE_R | PTE_W | PTE_U
    call    vm_map_page
    bnez    a0, 4f
    lw      t0, TASK_BRK(s0)
    lw      t1, TASK_PID(s0)
    tlb_flush_page t0, t1               # a new mapping of a live space: fence that page
    li      t1, PAGE_SIZE
    add     t0, t0, t1
    sw      t0, TASK_BRK(s0)
    addi    s2, s2, -1
    j       1b
4:  mv      a0, s3                      # no leaf table for it: give the page back
    call    page_free
3:  li      s1, -1
2:  mv      a0, s1
    lw      s3, 12(sp)
    lw      s2, 16(sp)
    lw      s1, 20(sp)
    lw      s0, 24(sp)
    lw      ra, 28(sp)
    addi    sp, sp, 32
    ret

# sys_getpid(a3 = task) -> its pid
sys_getpid:
    lw      a0, TASK_PID(a3)
    ret

# sys_yield() -> 0 once the task runs again: the rest of its slice goes to the next task.
sys_yield:
    addi    sp, sp, -16
    sw      ra, 12(sp)
    call    schedule
    li      a0, 0
    lw      ra, 12(sp)
    addi    sp, sp, 16
    ret

    .section .rodata
    .balign 4
syscall_table:              # indexed by a7
    .word   sys_invalid     # 0
    .word   sys_write       # SYS_WRITE  1
    .word   sys_exit        # SYS_EXIT   2
    .word   sys_sbrk        # SYS_SBRK   3
    .word   sys_getpid      # SYS_GETPID 4
    .word   sys_yield       # SYS_YIELD  5
msg_exited: .asciz " exited with code "

    .section .bss
write_buffer: .space WRITE_MAX
