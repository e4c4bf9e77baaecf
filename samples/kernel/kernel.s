# kernel.s - a tiny teaching kernel for RV32 (S-mode, Sv32), with its own M-mode boot shim.
#
# Boot contract
#   bare machine:        boot at _start (0x8000_0000, M-mode): the shim (sbi_shim.s) sets
#                        up the hart and mret's to kernel_entry in S-mode; it is the SBI.
#   under a hypervisor:  start at kernel_entry in (V)S-mode, a0 = hartid, a1 = 0 (ignored),
#                        paging off; the SBI comes from the VMM. The shim never runs.
# From kernel_entry on the kernel uses nothing but S-mode CSRs, the time CSR and SBI calls
# (BASE, DBCN with a legacy-console fallback, TIME, SRST). It never touches M-mode CSRs, the
# CLINT or the UART, so the same image runs unchanged in both places and prints the same.
#
# What it does: a page allocator over the RAM after the image, Sv32 page tables (the kernel
# identity-mapped by global megapages, each task in its own address space and ASID), three
# U-mode tasks preempted round robin by the SBI timer, and five system calls (write, exit,
# sbrk, getpid, yield). A task that touches unmapped memory is killed. When every task is
# gone the kernel prints a summary and powers off through SBI SRST with exit code 0.
#
# Build with GNU tools (our own assembler takes this file directly):
#   riscv64-unknown-elf-as -march=rv32ima_zicsr_zifencei -mabi=ilp32 -mno-relax \
#       -I samples/kernel samples/kernel/kernel.s -o kernel.o
#   riscv64-unknown-elf-ld -m elf32lriscv -T samples/kernel/kernel.ld kernel.o -o kernel.elf
#   qemu-system-riscv32 -M virt -bios none -nographic -monitor none -kernel kernel.elf
# (samples/kernel/run-qemu.sh does all three.)
#
# Layout: the sections follow the source order, .text first at 0x8000_0000 (the shim, then
# the kernel from the next page on), then .rodata, .data, .bss, ending before IMAGE_END
# (0x8000_6000, in both builds); the pages from there up to RAM_END belong to the page
# allocator.
#
# The alternation of the A and B lines comes from timer preemption; B starts half a line
# of work behind A, so the order holds for any slice shorter than half a line (user.s).
# The output below was taken with QEMU -icount shift=0,sleep=off (one instruction per
# nanosecond); it stays the same for slices from ~300 to ~45,000 instructions. README.md
# lists which lines are invariant.
#
# expect-exit: 0
# expect-output:
# | kernel: boot on hart 0, SBI v2.0 with DBCN TIME SRST
# | kernel: page allocator: 2042 free pages at 0x80006000..0x80800000
# | kernel: Sv32 paging on: 0x80000000..0x80800000 mapped in every address space, 2041 pages free
# | kernel: task 1 (A): code at 0x40000000, stack below 0x40800000, asid 1
# | kernel: task 2 (B): code at 0x40000000, stack below 0x40800000, asid 2
# | kernel: task 3 (C): code at 0x40000000, stack below 0x40800000, asid 3
# | C: I am task 3
# | C: bad pointer refused
# | kernel: task 3 exited with code 3
# | A: 1
# | B: 1
# | A: 2
# | B: 2
# | A: 3
# | B: 3
# | A: 4
# | B: 4
# | A: 5
# | kernel: task 1 exited with code 0
# | B: 5
# | kernel: task 2: store page fault at 0x40101000, killed
# | kernel: all tasks done: 19 syscalls, 1 page fault(s), 2041 pages free

.include "sbi_defs.s"       # the SBI interface: extension/function IDs, error codes
.include "sbi_shim.s"       # M-mode firmware: boots the hart, serves SBI (bare machine only)
.include "riscv_defs.s"     # S-mode CSR bits, trap causes, Sv32 address and PTE layout
.include "kernel_defs.s"    # memory layout, tunables, task record, syscall numbers, paravirt.s

    .section .bss
    .balign 4
kernel_bss_start:                       # the kernel's .bss (the shim has none)

    .section .text
    .balign PAGE_SIZE                   # the S-mode kernel starts on a page of its own
    .globl kernel_entry
# kernel_entry: in S-mode, paging off. In: a0 = hartid, a1 = opaque (ignored).
kernel_entry:
    mv      s0, a0                      # s0 = hartid
    la      t0, kernel_bss_start        # clear .bss: the kernel does not rely on its
    la      t1, kernel_end              #   loader for zeros
1:  bgeu    t0, t1, 2f
    sw      zero, 0(t0)
    addi    t0, t0, 4
    j       1b
2:  la      sp, kernel_stack_top
.if PARAVIRT
    call    pv_init                     # join the hypervisor (pv.s)
.endif
    li      t0, SSTATUS_SIE | SSTATUS_SUM | SSTATUS_MXR
    sstatus_clear t0, t1                # a known start, whoever booted us
    sscratch_write zero                 # the kernel runs: a trap now is a kernel bug
    la      t0, trap_vector
    trap_vector_set t0
    sie_write zero, t0                  # no interrupts until the tasks are ready
    call    sbi_init
    call    balloon_init                # off unless the hypervisor offers a balloon
    mv      a0, s0
    call    print_boot_line
    la      t0, kernel_end
    li      a0, IMAGE_END
    bleu    t0, a0, 3f
    la      a0, msg_image_too_big       # the image grew past IMAGE_END: move it (kernel_defs.s)
    call    panic
3:  li      a1, RAM_END
    call    page_alloc_init
    call    print_memory_line
    call    vm_init
    call    print_paging_line
    call    create_tasks
    li      t0, SIE_STIE
    sie_set t0, t1                      # timer interrupts on (taken in U-mode only)
    call    schedule                    # the first task, with a fresh time slice
    j       trap_return                 # into U-mode

# create_tasks(): one task per entry of user_programs.
create_tasks:
    addi    sp, sp, -16
    sw      ra, 12(sp)
    sw      s0, 8(sp)
    la      s0, user_programs           # s0 = entry: start, end, name
1:  la      t0, user_programs_end
    beq     s0, t0, 2f
    lw      a0, 0(s0)
    lw      a1, 4(s0)
    lw      a2, 8(s0)
    call    task_create
    addi    s0, s0, 12
    j       1b
2:  lw      s0, 8(sp)
    lw      ra, 12(sp)
    addi    sp, sp, 16
    ret

# print_boot_line(a0 = hartid): "kernel: boot on hart 0, SBI v2.0 with DBCN TIME SRST"
print_boot_line:
    addi    sp, sp, -16
    sw      ra, 12(sp)
    sw      s0, 8(sp)
    mv      s0, a0
    la      a0, msg_boot
    call    kput_str
    mv      a0, s0
    call    kput_dec
    la      a0, msg_sbi_v
    call    kput_str
    la      s0, sbi_spec_version
    lw      s0, 0(s0)
    srli    a0, s0, SBI_SPEC_VERSION_MAJOR_SHIFT
    call    kput_dec
    li      a0, 46                      # '.'
    call    kput_char
    li      t0, SBI_SPEC_VERSION_MINOR_MASK
    and     a0, s0, t0
    call    kput_dec
    la      a0, msg_with
    call    kput_str
    la      t0, sbi_has_dbcn
    lw      t0, 0(t0)
    beqz    t0, 1f
    la      a0, msg_dbcn
    call    kput_str
1:  la      t0, sbi_has_time
    lw      t0, 0(t0)
    beqz    t0, 2f
    la      a0, msg_time
    call    kput_str
2:  la      t0, sbi_has_srst
    lw      t0, 0(t0)
    beqz    t0, 3f
    la      a0, msg_srst
    call    kput_str
3:  call    kput_newline
    lw      s0, 8(sp)
    lw      ra, 12(sp)
    addi    sp, sp, 16
    ret

# print_memory_line(): "kernel: page allocator: 2042 free pages at 0x80006000..0x80800000"
print_memory_line:
    addi    sp, sp, -16
    sw      ra, 12(sp)
    la      a0, msg_memory
    call    kput_str
    la      a0, palloc_free_count
    lw      a0, 0(a0)
    call    kput_dec
    la      a0, msg_free_pages_at
    call    kput_str
    la      a0, palloc_fresh
    lw      a0, 0(a0)
    call    kput_hex
    la      a0, msg_dots
    call    kput_str
    la      a0, palloc_end
    lw      a0, 0(a0)
    call    kput_hex
    call    kput_newline
    lw      ra, 12(sp)
    addi    sp, sp, 16
    ret

# print_paging_line(): "kernel: Sv32 paging on: 0x80000000..0x80800000 mapped in every
# address space, 2041 pages free" (the kernel's root table took one page)
print_paging_line:
    addi    sp, sp, -16
    sw      ra, 12(sp)
    la      a0, msg_paging
    call    kput_str
    li      a0, RAM_BASE
    call    kput_hex
    la      a0, msg_dots
    call    kput_str
    li      a0, RAM_END
    call    kput_hex
    la      a0, msg_mapped_everywhere
    call    kput_str
    la      a0, palloc_free_count
    lw      a0, 0(a0)
    call    kput_dec
    la      a0, msg_pages_free
    call    kput_str
    call    kput_newline
    lw      ra, 12(sp)
    addi    sp, sp, 16
    ret

    .section .rodata
msg_image_too_big:  .asciz "the image ends after IMAGE_END"
msg_boot:           .asciz "kernel: boot on hart "
msg_sbi_v:          .asciz ", SBI v"
msg_with:           .asciz " with"
msg_dbcn:           .asciz " DBCN"
msg_time:           .asciz " TIME"
msg_srst:           .asciz " SRST"
msg_memory:         .asciz "kernel: page allocator: "
msg_free_pages_at:  .asciz " free pages at "
msg_dots:           .asciz ".."
msg_paging:         .asciz "kernel: Sv32 paging on: "
msg_mapped_everywhere: .asciz " mapped in every address space, "

.include "sbi.s"            # the kernel's SBI calls: probe, console, timer, shutdown
.include "lib.s"            # line-buffered printing, memcpy, panic
.include "palloc.s"         # physical page allocator (free list + untouched region)
.include "balloon.s"        # balloon driver: gives pages back to a hypervisor that asks
.include "vm.s"             # Sv32 page tables: kernel megapages, user spaces, range checks
.include "task.s"           # creating and destroying tasks (address space, stack, program)
.include "sched.s"          # round-robin scheduler on SBI timer interrupts, summary
.include "trap.s"           # trap vector, user context save/restore, fault handling
.include "syscall.s"        # write, exit, sbrk, getpid, yield
.include "user.s"           # the U-mode programs A, B and C
.if PARAVIRT
.include "pv.s"             # the paravirtual build's start, page-table batch and console ring
.endif

    .section .bss
    .balign 4
kernel_end:                             # the end of the image; the allocator takes the
                                        #   pages from the next page boundary on
