# kernel-pv.s - the teaching kernel, built for vmsh's paravirtual hypervisor (Xen's way).
#
# The same source as kernel.s, with PARAVIRT set: its privileged operations (paravirt.s)
# become accesses to the page it shares with the hypervisor and hypercalls (SBI extension
# EXT_VMSH), its page tables hold machine page numbers from the p2m table and change only
# in validated batches, and its console is a ring in the shared page (pv.s). It runs only
# under hv's `pv` technique:
#   ./vmsh boot samples/kernel/kernel-pv.s --technique pv
#   hv.create({name: 'pv', technique: 'pv'}).load(asm(readFile('samples/kernel/kernel-pv.s')))
# and prints what kernel.s prints on the bare machine.
#
# expect-technique: pv
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

.equ PARAVIRT, 1
.include "kernel.s"
