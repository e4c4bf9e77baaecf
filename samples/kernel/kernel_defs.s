# kernel_defs.s - the kernel's layout, tunables, task record and system-call numbers, and
# (at the end) its privileged operations as macros. Names and macros only; no code or data.

# Physical memory (the kernel maps it at the same virtual addresses: identity mapping)
#
#   0x8000_0000  _start        the M-mode shim (bare machine only)
#   0x8000_1000  kernel_entry  the S-mode kernel: text, rodata, data, bss, up to kernel_end
#   0x8000_6000  IMAGE_END     free pages, handed out by the page allocator
#   RAM_END                    end of the RAM the kernel manages
.equ RAM_BASE,          0x80000000
.equ RAM_SIZE,          0x00800000  # the kernel uses 8 MiB; the machine must have at least that
.equ RAM_END,           RAM_BASE + RAM_SIZE
# Where the image ends at most, in either build: the paravirtual build's code is longer, and
# both must hand out the same pages, so the allocator starts here, not at kernel_end.
.equ IMAGE_END,         RAM_BASE + 0x6000

# Every task's virtual address space
#
#   0x4000_0000  USER_TEXT        program code and constants  (R-X, U)
#   0x4010_0000  USER_HEAP        heap, grown by sbrk a page at a time  (RW-, U)
#   0x4040_0000  USER_HEAP_LIMIT  the heap stays below
#   0x407F_F000                   one stack page  (RW-, U)
#   0x4080_0000  USER_STACK_TOP   initial sp
#   0x8000_0000  RAM_BASE         the kernel (no U: user code cannot touch it)
.equ USER_TEXT,         0x40000000
.equ USER_HEAP,         0x40100000
.equ USER_HEAP_LIMIT,   0x40400000
.equ USER_STACK_TOP,    0x40800000

# Scheduling: a task runs for TIME_SLICE ticks of the time CSR before it is preempted.
# At the virt machine's 10 MHz timebase that is 5 us: about 5000 instructions on a machine
# running one instruction per nanosecond (QEMU with -icount shift=0).
.equ TIME_SLICE,        50

.equ MAX_TASKS,         4
.equ WRITE_MAX,         128         # write() sends at most this many bytes per call
.equ LINE_MAX,          128         # longest kernel message line
.equ KERNEL_STACK_SIZE, 4096

# Task record (TASK_SIZE bytes each, in the `tasks` array)
# The first 32 words are the trap frame: the user registers saved on a trap.
# Slot 0 holds the pc (sepc), because x0 needs no saving; slot n holds register xn.
.equ FRAME_PC,          0 * 4
.equ FRAME_RA,          1 * 4
.equ FRAME_SP,          2 * 4
.equ FRAME_A0,          10 * 4
.equ FRAME_A1,          11 * 4
.equ FRAME_A2,          12 * 4
.equ FRAME_A7,          17 * 4
.equ TASK_STATE,        128         # TASK_FREE or TASK_RUNNABLE
.equ TASK_PID,          132         # 1.. (also the task's ASID)
.equ TASK_SATP,         136         # satp value of its address space
.equ TASK_ROOT,         140         # physical address of its root page table
.equ TASK_BRK,          144         # next heap address sbrk maps
.equ TASK_NAME,         148         # address of its name string
.equ TASK_SIZE,         256
.equ TASK_SIZE_SHIFT,   8

.equ TASK_FREE,         0
.equ TASK_RUNNABLE,     1

# System calls: a7 = number, a0..a2 = arguments, `ecall` from U-mode; result in a0.
.equ SYS_WRITE,         1           # write(buf, len) -> bytes written, or -1 (bad buffer)
.equ SYS_EXIT,          2           # exit(code): does not return
.equ SYS_SBRK,          3           # sbrk(bytes) -> start of the new zeroed pages, or -1
.equ SYS_GETPID,        4           # getpid() -> pid
.equ SYS_YIELD,         5           # yield() -> 0, after the other tasks had a turn
.equ SYSCALL_COUNT,     6

# The privileged operations, native or paravirtual (the path works from samples/kernel and
# from the folders next to it, for GNU as -I and for vmsh alike).
.include "../kernel/paravirt.s"
