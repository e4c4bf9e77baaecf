# hyper.s - a small hypervisor for RV32 with the H extension, and the guest it runs.
#
# It runs the teaching kernel (samples/kernel) unmodified, as a virtual machine: the kernel
# executes in VS-mode on the real hart, and the hypervisor only runs when the kernel does
# something the hardware hands back to it (an exit):
#   - an SBI call (ecall from VS-mode): console, timer, shutdown, served here (vsbi.s);
#   - a guest-physical page not mapped yet (a guest-page fault): mapped on first touch (gstage.s);
#   - an instruction the guest may not execute itself (virtual instruction): emulated (faults.s);
#   - our own timer, which stands in for the guest's (vtimer.s).
# Everything else (its page tables, its system calls, its own page faults, its timer
# interrupt once raised) the hardware does for the guest, in VS-mode, without us.
#
# Boot contract (the kernel's, one level down): on the bare machine _start runs the M-mode
# firmware (samples/kernel/sbi_shim.s, the same the kernel boots with), which drops to
# HS-mode at kernel_entry. Under another hypervisor (vmsh's hv with nested: true) we start
# at kernel_entry in its virtual HS-mode. Either way we get our console, timer and shutdown
# from the SBI below us (samples/kernel/sbi.s, the kernel's own wrappers), and hand the
# guest an SBI of our own.
#
# Layout: the firmware page, the hypervisor (kernel_entry on), then .rodata with the
# guest image, .data, .bss (the G-stage table, the vCPU, a stack). hyper_defs.s draws
# where the guest's RAM is.
#
# Needs the H extension: `vmsh boot samples/hyper/hyper.s --isa rv32imah`, or QEMU with
# `-cpu rv32,h=true` (samples/hyper/run-qemu.sh). Without it, it says so and fails.
#
# The output is the guest's, framed by two lines of ours. The exits counted on the last
# line do not depend on timing; the timer's exits do (one set_timer and one timer
# interrupt per time slice, over 200 of each), so they stay in memory (hyper_exits),
# and the console text is the same on every machine, as the kernel's is.
#
# expect-isa: rv32imah
# expect-exit: 0
# expect-output:
# | hyper: H extension present, guest at 0x80400000, G-stage Sv32x4
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
# | hyper: guest powered off: 28 sbi, 21 guest-page fault, 0 virtual instruction exits

.include "../kernel/sbi_defs.s"     # the SBI interface (samples/kernel)
.include "../kernel/sbi_shim.s"     # M-mode firmware: boots the hart, our SBI (bare machine only)
.include "../kernel/riscv_defs.s"   # S-mode CSR bits, trap causes, Sv32 (samples/kernel)
.include "../kernel/kernel_defs.s"  # the kernel's tunables: lib.s prints lines of LINE_MAX
.include "hyper_defs.s"     # the H extension's names, the guest's memory

    .section .bss
    .balign 4
hyper_bss_start:

    .section .text
    .balign PAGE_SIZE                   # the hypervisor starts on a page of its own
    .globl kernel_entry
# kernel_entry: in HS-mode (S-mode, V=0), paging off. In: a0 = hartid, a1 = opaque (ignored).
kernel_entry:
    la      t0, hyper_bss_start         # clear .bss: the tables must start empty,
    la      t1, hyper_end               #   whoever loaded us
1:  bgeu    t0, t1, 2f
    sw      zero, 0(t0)
    addi    t0, t0, 4
    j       1b
2:  la      sp, hyper_stack_top
    csrw    sscratch, zero              # the hypervisor runs: a trap now is our own bug
    la      t0, hyper_trap
    csrw    stvec, t0                   # every trap of the guest that is not its own
    csrw    sie, zero                   # our timer is off until the guest asks for one
    call    sbi_init                    # our SBI: spec version, DBCN, TIME, SRST
    call    has_h_extension
    beqz    a0, no_h_extension
    call    print_boot_line
    call    guest_load                  # the kernel image into guest RAM
    call    gstage_init                 # the G-stage table, empty, and hgatp
    call    vcpu_boot                   # the guest's registers and CSRs, as at power-on
    j       vcpu_run                    # into the guest; we come back at hyper_trap

no_h_extension:
    la      a0, msg_no_h
    call    kput_str
    call    kput_newline
    li      a0, SBI_SRST_REASON_SYSTEM_FAILURE
    call    sbi_shutdown                # does not return

# print_boot_line(): "hyper: H extension present, guest at 0x80400000, G-stage Sv32x4"
print_boot_line:
    addi    sp, sp, -16
    sw      ra, 12(sp)
    la      a0, msg_boot
    call    kput_str
    li      a0, GUEST_HPA
    call    kput_hex
    la      a0, msg_gstage
    call    kput_str
    call    kput_newline
    lw      ra, 12(sp)
    addi    sp, sp, 16
    ret

    .section .rodata
msg_boot:   .asciz "hyper: H extension present, guest at "
msg_gstage: .asciz ", G-stage Sv32x4"
msg_no_h:   .asciz "hyper: this hart has no H extension (misa.H): no guest can run"

.include "../kernel/sbi.s"          # our SBI calls: probe, console, timer, shutdown (samples/kernel)
.include "../kernel/lib.s"          # line-buffered printing, memcpy (samples/kernel)
.include "probe.s"          # does the hart have the H extension?
.include "guest.s"          # the guest image, loading it, the vCPU at power-on
.include "gstage.s"         # the G-stage table: guest-physical to host-physical
.include "vcpu.s"           # entering the guest, and the exit path back to us
.include "vsbi.s"           # the SBI the guest sees
.include "vtimer.s"         # the guest's timer, on ours
.include "faults.s"         # guest-page faults, virtual instructions, injecting traps
.include "stats.s"          # exits by kind, and the summary at power-off

    .section .bss
    .balign 16
hyper_stack:
    .space  HYPER_STACK_SIZE
hyper_stack_top:
hyper_end:
