# user.s - the user programs. Each runs in U-mode in its own address space.
#
# A program is everything between its _start and _end labels: the kernel copies those bytes
# to USER_TEXT (0x4000_0000) in the task's own pages. So the code must not care where it
# was assembled: branches and jumps are pc-relative, and `la` is too (it becomes auipc +
# addi), which keeps each program's constants (kept inside it) reachable after the copy.
# A program talks to the kernel only through `ecall` (kernel_defs.s: SYS_*).
#
# A and B do the same busy work before each line, but B starts half a line behind A. With
# round-robin slices the two make equal progress (to within one slice), so their lines
# alternate A, B, A, B ... whatever the exact slice length, as long as a slice is shorter
# than half a line of work. Without preemption all of one task's lines would come first.

.equ BUSY_LOOPS, 50000          # about 100,000 instructions of work before each line
.equ ASCII_0,    48             # '0'

    .section .text
    .balign 4

# Program A: five lines "A: 1".."A: 5" built in a heap page from sbrk, then exit(0).
user_a_start:
    li      a0, PAGE_SIZE
    li      a7, SYS_SBRK
    ecall                           # a0 = a fresh zeroed page at the heap end
    mv      s0, a0                  # s0 = line buffer in the heap
    la      a1, user_a_line
    li      a2, 5                   # copy the template "A: 0\n"
1:  lbu     t0, 0(a1)
    sb      t0, 0(a0)
    addi    a0, a0, 1
    addi    a1, a1, 1
    addi    a2, a2, -1
    bnez    a2, 1b
    li      s1, 1                   # s1 = line number
2:  li      t0, BUSY_LOOPS
3:  addi    t0, t0, -1
    bnez    t0, 3b
    addi    t0, s1, ASCII_0
    sb      t0, 3(s0)               # the digit
    mv      a0, s0
    li      a1, 5
    li      a7, SYS_WRITE
    ecall
    addi    s1, s1, 1
    li      t0, 6
    bne     s1, t0, 2b
    li      a0, 0
    li      a7, SYS_EXIT
    ecall
user_a_line: .asciz "A: 0\n"
    .balign 4
user_a_end:

# Program B: half a line of work first, five lines "B: 1".."B: 5" built on its stack, then
# it takes a heap page and stores one word past its end: nothing is mapped there, so the
# kernel kills it.
user_b_start:
    li      t0, BUSY_LOOPS / 2
0:  addi    t0, t0, -1
    bnez    t0, 0b
    addi    sp, sp, -16
    la      a1, user_b_line
    mv      a0, sp
    li      a2, 5                   # copy the template "B: 0\n"
1:  lbu     t0, 0(a1)
    sb      t0, 0(a0)
    addi    a0, a0, 1
    addi    a1, a1, 1
    addi    a2, a2, -1
    bnez    a2, 1b
    li      s1, 1                   # s1 = line number
2:  li      t0, BUSY_LOOPS
3:  addi    t0, t0, -1
    bnez    t0, 3b
    addi    t0, s1, ASCII_0
    sb      t0, 3(sp)
    mv      a0, sp
    li      a1, 5
    li      a7, SYS_WRITE
    ecall
    addi    s1, s1, 1
    li      t0, 6
    bne     s1, t0, 2b
    li      a0, PAGE_SIZE
    li      a7, SYS_SBRK
    ecall                           # a0 = its first heap page
    li      t0, 1
    sw      t0, 0(a0)               # fine: inside the page
    li      t1, PAGE_SIZE
    add     a0, a0, t1
    sw      t0, 0(a0)               # one past the end: store page fault
    li      a0, 0                   # (never reached)
    li      a7, SYS_EXIT
    ecall
user_b_line: .asciz "B: 0\n"
    .balign 4
user_b_end:

# Program C: says which task it is, shows that the kernel refuses to write() from kernel
# memory, yields its turn once, and exits with code 3.
user_c_start:
    li      a7, SYS_GETPID
    ecall
    addi    s0, a0, ASCII_0         # s0 = the pid as a digit (pids are 1..MAX_TASKS)
    addi    sp, sp, -32
    la      a1, user_c_line
    mv      a0, sp
    li      a2, 15                  # copy the template "C: I am task 0\n"
1:  lbu     t0, 0(a1)
    sb      t0, 0(a0)
    addi    a0, a0, 1
    addi    a1, a1, 1
    addi    a2, a2, -1
    bnez    a2, 1b
    sb      s0, 13(sp)              # the digit
    mv      a0, sp
    li      a1, 15
    li      a7, SYS_WRITE
    ecall
    li      a0, RAM_BASE            # the kernel's own memory: mapped, but not for U-mode
    li      a1, 16
    li      a7, SYS_WRITE
    ecall                           # a0 = -1: refused
    mv      t1, a0
    li      t0, -1
    la      a0, user_c_refused
    li      a1, 23
    beq     t1, t0, 2f
    la      a0, user_c_accepted
    li      a1, 24
2:  li      a7, SYS_WRITE
    ecall
    li      a7, SYS_YIELD
    ecall
    li      a0, 3
    li      a7, SYS_EXIT
    ecall
user_c_line:     .asciz "C: I am task 0\n"
user_c_refused:  .asciz "C: bad pointer refused\n"
user_c_accepted: .asciz "C: bad pointer ACCEPTED\n"
    .balign 4
user_c_end:

# The program table: start, end and name of each program, in creation order.
    .section .rodata
    .balign 4
user_programs:
    .word   user_a_start, user_a_end, user_a_name
    .word   user_b_start, user_b_end, user_b_name
    .word   user_c_start, user_c_end, user_c_name
user_programs_end:
user_a_name: .asciz "A"
user_b_name: .asciz "B"
user_c_name: .asciz "C"
