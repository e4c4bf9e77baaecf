# micro.s - what every microbenchmark shares: boot, the result line, and the kernel parts
# it reuses. A microbenchmark (syscall.s, in.s, ...) includes this file first and then
# defines three things:
#   micro_main(a0 = iterations) -> a0 = operations done; the kernel-mode work
#   micro_name                     its name, a string ("syscall")
#   micro_unit                     what one operation is, a string ("system calls")
# The result line reads "<name>: <count> <unit>"; the run ends with SBI shutdown, exit
# code 0 (or a panic line and exit code 1).
#
# Boot contract: as the teaching kernel's (samples/kernel/README.md): on the bare machine
# _start runs the kernel's M-mode shim, which enters kernel_entry in S-mode; under a
# hypervisor the VMM starts the guest at kernel_entry in (V)S-mode with paging off and is
# its SBI. Paging stays off unless micro_main calls vm_init (the kernel's Sv32 setup:
# global megapages over its 8 MiB of RAM).
#
# micro_iterations (a word, default MICRO_ITERATIONS) says how many operations to time;
# a hypervisor script sets it with vm.load(image, {params: {micro_iterations: n}}).
#
# The privileged instructions are written as the kernel's paravirt.s macros, so the same
# source builds for the `pv` hypervisor too (samples/micro/pv/).

.include "../kernel/sbi_defs.s"       # SBI extension and function IDs
.include "../kernel/sbi_shim.s"       # the bare machine's M-mode firmware (_start)
.include "../kernel/riscv_defs.s"     # S-mode CSR bits, causes, Sv32 layouts
.include "../kernel/kernel_defs.s"    # RAM layout, user layout, TASK_* names lib.s uses,
                                      # and the privileged operations as macros (paravirt.s)

.equ MICRO_ITERATIONS, 1000

    .section .bss
    .balign 4
kernel_bss_start:

    .section .text
    .balign PAGE_SIZE                   # the S-mode part starts on a page of its own
    .globl kernel_entry
kernel_entry:
    la      t0, kernel_bss_start        # clear .bss
    la      t1, kernel_end
1:  bgeu    t0, t1, 2f
    sw      zero, 0(t0)
    addi    t0, t0, 4
    j       1b
2:  la      sp, kernel_stack_top
.if PARAVIRT
    call    pv_init                     # join the hypervisor (../kernel/pv.s)
.endif
    li      t0, SSTATUS_SIE | SSTATUS_SUM | SSTATUS_MXR
    sstatus_clear t0, t1
    sscratch_write zero                 # a trap while the kernel runs is a bug
    la      t0, micro_trap
    trap_vector_set t0
    sie_write zero, t0                  # the benchmarks take no interrupts
    call    sbi_init
    la      a0, kernel_end
    li      a1, RAM_END
    call    page_alloc_init
    la      t0, micro_iterations
    lw      a0, 0(t0)
    call    micro_main
    mv      s0, a0                      # s0 = operations done
    la      a0, micro_name              # "<name>: <count> <unit>"
    call    kput_str
    la      a0, msg_colon
    call    kput_str
    mv      a0, s0
    call    kput_dec
    li      a0, 32                      # ' '
    call    kput_char
    la      a0, micro_unit
    call    kput_str
    call    kput_newline
    li      a0, SBI_SRST_REASON_NONE
    call    sbi_shutdown

# micro_check(a0 = condition): panic with "check failed" unless a0 != 0.
micro_check:
    bnez    a0, 1f
    la      a0, msg_check_failed
    call    panic
1:  ret

    .section .rodata
msg_colon:        .asciz ": "
msg_check_failed: .asciz "check failed"

    .section .data
    .balign 4
    .globl micro_iterations
micro_iterations: .word MICRO_ITERATIONS

    .section .bss
    .balign 16
kernel_stack:
    .space  KERNEL_STACK_SIZE
kernel_stack_top:

.include "../kernel/sbi.s"            # SBI calls: probe, console, timer, shutdown
.include "../kernel/lib.s"            # kput_*, panic, memcpy
.include "../kernel/palloc.s"         # the page allocator
.include "../kernel/vm.s"             # Sv32: vm_init, vm_new_space, vm_map_page, ...
.include "process.s"                  # user processes: run, system calls, fork, wait
.if PARAVIRT
.include "../kernel/pv.s"             # the paravirtual build's start, batch, console ring
.endif
