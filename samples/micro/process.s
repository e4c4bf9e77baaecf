# process.s - user processes for the microbenchmarks: run one to completion, its system
# calls and faults, fork (a copied address space) and wait.
#
# At most two processes exist: the one process_run starts (pid 1) and, while it waits in
# fork, its child (pid 2). Each has its own Sv32 address space (the kernel's global
# megapages plus its own pages; ASID = pid):
#
#   0x4000_0000  PROC_TEXT        the program, copied in      (R-X, U)
#   0x403F_F000                   one stack page, sp starts at PROC_STACK_TOP  (RW-, U)
#   0x4040_0000  PROC_DEMAND      demand-mapped pages: a fault here maps a fresh page
#   0x4080_0000  PROC_DEMAND_END
#
# System calls (a7 = number, a0 = argument, `ecall`; result in a0):
#   PSYS_EXIT  exit(code)           PSYS_NULL  -> 0, nothing else (the cheapest round trip)
#   PSYS_FORK  -> child pid / 0     PSYS_WAIT  -> the exit code of the child, -1 without one
# fork runs the child first, until it exits; the parent then finds it in wait.
# An illegal instruction is skipped (counted in proc_illegal_count); any other exception
# ends the process with exit code PROC_CRASHED.
#
# The kernel runs only on traps (the trap vector, micro_trap) with one stack; a process's
# user registers live in its record. The kernel's own work (micro_main) continues when the
# first process exits: process_run saved its context and returns there.

.equ PSYS_EXIT,         1
.equ PSYS_NULL,         2
.equ PSYS_FORK,         3
.equ PSYS_WAIT,         4

.equ PROC_TEXT,         0x40000000
.equ PROC_STACK_TOP,    0x40400000
.equ PROC_DEMAND,       0x40400000
.equ PROC_DEMAND_END,   0x40800000
.equ PROC_CRASHED,      255

# process record: the trap frame (slot 0 = pc, slot n = xn), then the rest
.equ PROC_ROOT,         128         # physical address of its root page table
.equ PROC_SATP,         132
.equ PROC_PID,          136
.equ PROC_PARENT,       140         # its parent's record, 0 for pid 1
.equ PROC_TEXT_SIZE,    144         # bytes of program at PROC_TEXT
.equ PROC_DEMAND_TOP,   148         # end of the highest demand page it touched
.equ PROC_CHILD_EXIT,   152         # what wait returns: its child's exit code, or -1
.equ PROC_SIZE,         256

    .section .text

# process_run(a0 = program start, a1 = program end, a2 = argument) -> a0 = its exit code.
# Copies the program to PROC_TEXT in a new address space, gives it a stack page and runs
# it in U-mode with a0 = argument, until it exits.
process_run:
    la      t0, kernel_context          # the kernel goes on here when the process exits
    sw      ra, 0(t0)
    sw      sp, 4(t0)
    sw      s0, 8(t0)
    sw      s1, 12(t0)
    sw      s2, 16(t0)
    sw      s3, 20(t0)
    sw      s4, 24(t0)
    sw      s5, 28(t0)
    mv      s1, a0                      # s1 = program start
    sub     s2, a1, a0                  # s2 = program size
    mv      s3, a2                      # s3 = argument
    la      s0, procs                   # s0 = the record of pid 1
    li      a1, 1
    mv      a0, s0
    call    proc_init
    sw      zero, PROC_PARENT(s0)
    sw      s2, PROC_TEXT_SIZE(s0)
    li      s4, 0                       # s4 = offset into the program
1:  bgeu    s4, s2, 2f                  # the program, a page at a time
    call    page_alloc_zeroed
    beqz    a0, vm_out_of_memory
    mv      s5, a0                      # s5 = the page
    sub     a2, s2, s4                  # bytes left,
    li      t0, PAGE_SIZE
    bleu    a2, t0, 3f
    mv      a2, t0                      #   at most a page
3:  add     a1, s1, s4
    call    memcpy                      # (a0 = page, a1 = source, a2 = bytes)
    mv      a2, s5
    lw      a0, PROC_ROOT(s0)
    li      a1, PROC_TEXT
    add     a1, a1, s4
    li      a3, PTE_R | PTE_X | PTE_U
    call    vm_map_page
    bnez    a0, vm_out_of_memory
    li      t0, PAGE_SIZE
    add     s4, s4, t0
    j       1b
2:  call    page_alloc_zeroed           # the stack
    beqz    a0, vm_out_of_memory
    mv      a2, a0
    lw      a0, PROC_ROOT(s0)
    li      a1, PROC_STACK_TOP - PAGE_SIZE
    li      a3, PTE_R | PTE_W | PTE_U
    call    vm_map_page
    bnez    a0, vm_out_of_memory
    li      t0, PROC_TEXT
    sw      t0, FRAME_PC(s0)
    li      t0, PROC_STACK_TOP
    sw      t0, FRAME_SP(s0)
    sw      s3, FRAME_A0(s0)
    la      t0, current_proc
    sw      s0, 0(t0)
    j       proc_resume

# proc_init(a0 = record, a1 = pid): zeroed registers, a new address space (ASID = pid).
proc_init:
    addi    sp, sp, -16
    sw      ra, 12(sp)
    sw      s0, 8(sp)
    mv      s0, a0
    mv      t0, a0                      # clear the whole record
    addi    t1, a0, PROC_SIZE
1:  sw      zero, 0(t0)
    addi    t0, t0, 4
    bne     t0, t1, 1b
    sw      a1, PROC_PID(s0)
    li      t0, PROC_DEMAND
    sw      t0, PROC_DEMAND_TOP(s0)
    li      t0, -1
    sw      t0, PROC_CHILD_EXIT(s0)
    call    vm_new_space
    beqz    a0, vm_out_of_memory
    sw      a0, PROC_ROOT(s0)
    satp_ppn t0, a0
    lw      t1, PROC_PID(s0)
    slli    t1, t1, SATP_ASID_SHIFT
    or      t0, t0, t1
    li      t1, SATP_MODE_SV32
    or      t0, t0, t1
    sw      t0, PROC_SATP(s0)
    lw      s0, 8(sp)
    lw      ra, 12(sp)
    addi    sp, sp, 16
    ret

# proc_resume: back to U-mode in the current process (its address space, its registers).
proc_resume:
    la      t0, current_proc
    lw      t0, 0(t0)                   # t0 = the process (its frame is at offset 0)
    lw      t1, PROC_SATP(t0)
    call    proc_enter_space
    sscratch_write t0                   # for its next trap
    lw      t1, FRAME_PC(t0)
    sepc_write t1
    li      t1, SSTATUS_SPP
    sstatus_clear t1, t2                # return to U-mode
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
    lw      x5, 5*4(t0)                 # t0 last: it held the record
    return_to_user

# proc_enter_space(t1 = satp): switch to that address space unless it is current; keeps
# t0 (a leaf that uses only t1 and t2).
proc_enter_space:
    la      t2, active_satp
    lw      t2, 0(t2)
    beq     t1, t2, 1f                  # the same space: a satp write would cost for nothing
    satp_write t1
    la      t2, active_satp
    sw      t1, 0(t2)
1:  ret

# micro_trap: stvec. Every trap from a process enters here; one from the kernel is a bug.
    .balign 4
micro_trap:
    sscratch_swap_sp                    # sp = the process's record, sscratch = its sp
    beqz    sp, micro_kernel_trap
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
    sw      t0, FRAME_SP(sp)
    sepc_read t0
    sw      t0, FRAME_PC(sp)
    sscratch_write zero                 # the kernel runs
    mv      s0, sp                      # s0 = the process
    la      sp, trap_stack_top          # not the kernel's stack: micro_main's frames live there
    scause_read t0
    li      t1, CAUSE_USER_ECALL
    beq     t0, t1, proc_syscall
    li      t1, CAUSE_ILLEGAL_INSTRUCTION
    beq     t0, t1, proc_illegal
    li      t1, CAUSE_LOAD_PAGE_FAULT
    beq     t0, t1, proc_page_fault
    li      t1, CAUSE_STORE_PAGE_FAULT
    beq     t0, t1, proc_page_fault
proc_crash:
    li      a0, PROC_CRASHED
    j       proc_exit

micro_kernel_trap:
    sscratch_swap_sp                    # sscratch = 0 again
    la      sp, trap_stack_top
    la      a0, msg_kernel_trap
    call    panic

# proc_illegal: skip the instruction, count it, go on.
proc_illegal:
    lw      t0, FRAME_PC(s0)
    addi    t0, t0, 4
    sw      t0, FRAME_PC(s0)
    la      t0, proc_illegal_count
    lw      t1, 0(t0)
    addi    t1, t1, 1
    sw      t1, 0(t0)
    j       proc_resume

# proc_page_fault: a demand page gets a fresh page (not zeroed: the benchmarks write
# before they read); a fault anywhere else ends the process.
proc_page_fault:
    stval_read s1                       # s1 = the address
    li      t0, PROC_DEMAND
    bltu    s1, t0, proc_crash
    li      t0, PROC_DEMAND_END
    bgeu    s1, t0, proc_crash
    srli    s1, s1, PAGE_SHIFT
    slli    s1, s1, PAGE_SHIFT          # s1 = its page
    call    page_alloc
    beqz    a0, proc_crash
    mv      a2, a0
    lw      a0, PROC_ROOT(s0)
    mv      a1, s1
    li      a3, PTE_R | PTE_W | PTE_U
    call    vm_map_page
    bnez    a0, proc_crash
    lw      t0, PROC_PID(s0)
    tlb_flush_page s1, t0               # a new mapping of a live space: fence its page
    li      t0, PAGE_SIZE
    add     s1, s1, t0
    lw      t0, PROC_DEMAND_TOP(s0)
    bleu    s1, t0, proc_resume
    sw      s1, PROC_DEMAND_TOP(s0)
    j       proc_resume

# proc_syscall: s0 = the caller. Resumes it (or another process) when done.
proc_syscall:
    lw      t0, FRAME_PC(s0)
    addi    t0, t0, 4                   # after the ecall
    sw      t0, FRAME_PC(s0)
    lw      t0, FRAME_A7(s0)
    li      t1, PSYS_NULL
    beq     t0, t1, 1f
    li      t1, PSYS_EXIT
    beq     t0, t1, 2f
    li      t1, PSYS_FORK
    beq     t0, t1, proc_fork
    li      t1, PSYS_WAIT
    beq     t0, t1, 3f
    li      t0, -1                      # no such call
    sw      t0, FRAME_A0(s0)
    j       proc_resume
1:  sw      zero, FRAME_A0(s0)
    j       proc_resume
2:  lw      a0, FRAME_A0(s0)
    j       proc_exit
3:  lw      t0, PROC_CHILD_EXIT(s0)
    sw      t0, FRAME_A0(s0)
    li      t0, -1
    sw      t0, PROC_CHILD_EXIT(s0)     # reaped
    j       proc_resume

# proc_exit(a0 = code, s0 = the process): free its address space; its parent (if any)
# goes on, else the kernel's work after process_run.
proc_exit:
    mv      s1, a0                      # s1 = code
    la      t0, kernel_satp
    lw      t1, 0(t0)
    call    proc_enter_space            # leave the dying space before freeing it
    mv      a0, s0
    call    proc_free_space
    lw      t0, PROC_PID(s0)
    tlb_flush_asid t0                   # its ASID comes back with the next process
    sw      zero, PROC_PID(s0)          # the record is free
    lw      t0, PROC_PARENT(s0)
    beqz    t0, 1f
    sw      s1, PROC_CHILD_EXIT(t0)     # the parent goes on, and finds the code in wait
    la      t1, current_proc
    sw      t0, 0(t1)
    j       proc_resume
1:  mv      a0, s1
    la      t0, kernel_context
    lw      ra, 0(t0)
    lw      sp, 4(t0)
    lw      s0, 8(t0)
    lw      s1, 12(t0)
    lw      s2, 16(t0)
    lw      s3, 20(t0)
    lw      s4, 24(t0)
    lw      s5, 28(t0)
    ret                                 # from process_run

# proc_fork: s0 = the parent. The child (pid 2) gets a copy of every page the parent has
# and its registers (a0 = 0); the parent's fork returns the child's pid once it has run.
proc_fork:
    la      s1, procs + PROC_SIZE       # s1 = the child's record
    lw      t0, PROC_PID(s1)
    bnez    t0, 9f                      # one child at a time
    mv      a0, s1
    li      a1, 2
    call    proc_init
    sw      s0, PROC_PARENT(s1)
    lw      t0, PROC_TEXT_SIZE(s0)
    sw      t0, PROC_TEXT_SIZE(s1)
    mv      t0, s0                      # the registers
    mv      t1, s1
    addi    t2, s0, 32 * 4
1:  lw      t3, 0(t0)
    sw      t3, 0(t1)
    addi    t0, t0, 4
    addi    t1, t1, 4
    bne     t0, t2, 1b
    sw      zero, FRAME_A0(s1)          # the child's fork returns 0
    lw      t0, PROC_PID(s1)
    sw      t0, FRAME_A0(s0)            # the parent's, the child's pid
    li      s2, PROC_TEXT               # s2 = the page being copied
    lw      s3, PROC_TEXT_SIZE(s0)
    add     s3, s3, s2                  # s3 = end of the program
2:  bgeu    s2, s3, 3f
    mv      a0, s2
    call    proc_copy_page
    li      t0, PAGE_SIZE
    add     s2, s2, t0
    j       2b
3:  li      a0, PROC_STACK_TOP - PAGE_SIZE
    call    proc_copy_page
    li      s2, PROC_DEMAND
    lw      s3, PROC_DEMAND_TOP(s0)
    sw      s3, PROC_DEMAND_TOP(s1)
4:  bgeu    s2, s3, 5f                  # demand pages the parent has
    mv      a0, s2
    call    proc_copy_page
    li      t0, PAGE_SIZE
    add     s2, s2, t0
    j       4b
5:  la      t0, current_proc            # the child runs first
    sw      s1, 0(t0)
    j       proc_resume
9:  li      t0, -1
    sw      t0, FRAME_A0(s0)
    j       proc_resume

# proc_copy_page(a0 = va; s0 = parent, s1 = child): if the parent maps va, the child
# gets a copy of that page, mapped with the same rights.
proc_copy_page:
    addi    sp, sp, -16
    sw      ra, 12(sp)
    sw      s2, 8(sp)
    sw      s3, 4(sp)
    sw      s4, 0(sp)
    mv      s2, a0                      # s2 = va
    lw      a0, PROC_ROOT(s0)
    mv      a1, s2
    call    vm_lookup
    andi    t0, a0, PTE_V
    beqz    t0, 1f
    mv      s3, a0                      # s3 = the parent's PTE
    call    page_alloc
    beqz    a0, vm_out_of_memory
    mv      s4, a0                      # s4 = the child's page
    pte_to_pa a1, s3, t0
    call    page_copy
    mv      a2, s4
    lw      a0, PROC_ROOT(s1)
    mv      a1, s2
    andi    a3, s3, PTE_R | PTE_W | PTE_X | PTE_U
    call    vm_map_page
    bnez    a0, vm_out_of_memory
1:  lw      s4, 0(sp)
    lw      s3, 4(sp)
    lw      s2, 8(sp)
    lw      ra, 12(sp)
    addi    sp, sp, 16
    ret

# proc_free_space(a0 = process): give back its pages, its leaf tables and its root. The
# kernel must have left the space (satp) first.
proc_free_space:
    addi    sp, sp, -16
    sw      ra, 12(sp)
    sw      s0, 8(sp)
    sw      s1, 4(sp)
    sw      s2, 0(sp)
    mv      s0, a0
    lw      a0, PROC_ROOT(s0)
    pt_release a0
    li      s1, PROC_TEXT               # the program's pages
    lw      s2, PROC_TEXT_SIZE(s0)
    add     s2, s2, s1
1:  bgeu    s1, s2, 2f
    mv      a0, s1
    call    proc_free_page
    li      t0, PAGE_SIZE
    add     s1, s1, t0
    j       1b
2:  li      a0, PROC_STACK_TOP - PAGE_SIZE
    call    proc_free_page
    li      s1, PROC_DEMAND             # its demand pages
    lw      s2, PROC_DEMAND_TOP(s0)
3:  bgeu    s1, s2, 4f
    mv      a0, s1
    call    proc_free_page
    li      t0, PAGE_SIZE
    add     s1, s1, t0
    j       3b
4:  li      a0, PROC_TEXT               # the leaf tables of its two 4 MiB regions
    call    proc_free_table
    li      a0, PROC_DEMAND
    call    proc_free_table
    lw      a0, PROC_ROOT(s0)
    call    page_free
    lw      s2, 0(sp)
    lw      s1, 4(sp)
    lw      s0, 8(sp)
    lw      ra, 12(sp)
    addi    sp, sp, 16
    ret

# proc_free_table(a0 = va; s0 = process): give back the leaf table over va, if any.
proc_free_table:
    lw      t0, PROC_ROOT(s0)
    srli    t1, a0, VPN1_SHIFT
    slli    t1, t1, 2
    add     t0, t0, t1
    pte_load t1, t0
    andi    t2, t1, PTE_V
    beqz    t2, 1f
    pte_to_pa a0, t1, t2
    j       page_free                   # tail call
1:  ret

# proc_free_page(a0 = va; s0 = process): give back the page mapped at va, if any.
proc_free_page:
    addi    sp, sp, -16
    sw      ra, 12(sp)
    mv      a1, a0
    lw      a0, PROC_ROOT(s0)
    call    vm_lookup
    andi    t0, a0, PTE_V
    beqz    t0, 1f
    pte_to_pa a0, a0, t0
    call    page_free
1:  lw      ra, 12(sp)
    addi    sp, sp, 16
    ret

# page_copy(a0 = destination page, a1 = source page): 4 KiB, eight words at a time. Leaf.
page_copy:
    li      t0, PAGE_SIZE
    add     t0, a1, t0                  # t0 = source end
1:  lw      t1, 0(a1)
    lw      t2, 4(a1)
    lw      t3, 8(a1)
    lw      t4, 12(a1)
    sw      t1, 0(a0)
    sw      t2, 4(a0)
    sw      t3, 8(a0)
    sw      t4, 12(a0)
    lw      t1, 16(a1)
    lw      t2, 20(a1)
    lw      t3, 24(a1)
    lw      t4, 28(a1)
    sw      t1, 16(a0)
    sw      t2, 20(a0)
    sw      t3, 24(a0)
    sw      t4, 28(a0)
    addi    a0, a0, 32
    addi    a1, a1, 32
    bne     a1, t0, 1b
    ret

    .section .rodata
msg_kernel_trap: .asciz "trap in the kernel"

    .section .data
    .balign 4
current_proc:       .word 0             # the process that runs (or ran last)
active_satp:        .word 0             # what satp holds now
proc_illegal_count: .word 0             # illegal instructions skipped

    .section .bss
    .balign 4
kernel_context: .space 8 * 4            # ra, sp, s0..s5 of process_run's caller
procs:          .space 2 * PROC_SIZE
    .balign 16
trap_stack:     .space 2048             # the trap handlers' stack
trap_stack_top:
