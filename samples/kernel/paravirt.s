# paravirt.s - the kernel's privileged operations, as macros (Linux's pv_ops idea).
#
# Every instruction of a kernel that needs S-mode privilege, and every store into a page
# table, is written as one of these macros; the native build expands each to the
# instruction itself. (A paravirtual build, which sets PARAVIRT to 1 before it includes
# this file, expands them to requests to a hypervisor that knows the kernel.)
#
# The macros keep every register they do not name. Macros that take a `tmp` register may
# change it.

.ifndef PARAVIRT
.equ PARAVIRT, 0
.endif

# ---------------------------------------------------------------- trap state

# sscratch_swap_sp: sp <-> sscratch (the trap vector's first instruction)
.macro sscratch_swap_sp
    csrrw   sp, sscratch, sp
.endm

.macro sscratch_read rd
    csrr    \rd, sscratch
.endm

.macro sscratch_write rs
    csrw    sscratch, \rs
.endm

.macro sepc_read rd
    csrr    \rd, sepc
.endm

.macro sepc_write rs
    csrw    sepc, \rs
.endm

.macro scause_read rd
    csrr    \rd, scause
.endm

.macro stval_read rd
    csrr    \rd, stval
.endm

# trap_vector_set rs: traps enter at the address in rs (direct mode)
.macro trap_vector_set rs
    csrw    stvec, \rs
.endm

# return_to_user: to U-mode at sepc (every register already holds the task's value)
.macro return_to_user
    sret
.endm

# ---------------------------------------------------------------- status and interrupts

.macro sstatus_set rs
    csrs    sstatus, \rs
.endm

.macro sstatus_clear rs
    csrc    sstatus, \rs
.endm

# sie_write rs, tmp: the interrupt mask (sie) = rs
.macro sie_write rs, tmp
    csrw    sie, \rs
.endm

.macro sie_set rs, tmp
    csrs    sie, \rs
.endm

# wait_for_interrupt: sleep until an interrupt is pending
.macro wait_for_interrupt
    wfi
.endm

# time_read_hi rd / time_read_lo rd: the halves of the 64-bit time CSR
.macro time_read_hi rd
    csrr    \rd, timeh
.endm

.macro time_read_lo rd
    csrr    \rd, time
.endm

# ---------------------------------------------------------------- address spaces

.macro satp_write rs
    csrw    satp, \rs
.endm

.macro satp_read rd
    csrr    \rd, satp
.endm

# tlb_flush_all: sfence.vma zero, zero
.macro tlb_flush_all
    sfence.vma zero, zero
.endm

# tlb_flush_asid asid: every non-global translation of that ASID
.macro tlb_flush_asid asid
    sfence.vma zero, \asid
.endm

# tlb_flush_page va, asid: the translations of one page
.macro tlb_flush_page va, asid
    sfence.vma \va, \asid
.endm

# ---------------------------------------------------------------- page tables

# pte_store val, addr: the PTE at physical address addr (reached through the kernel's
# identity mapping) becomes val
.macro pte_store val, addr
    sw      \val, 0(\addr)
.endm

# pte_load rd, addr: the PTE at addr, as the next page walk would see it
.macro pte_load rd, addr
    lw      \rd, 0(\addr)
.endm

# pte_commit: the PTE stores so far are in the tables (before a walk may need them)
.macro pte_commit
.endm

# pt_release root: the address space whose root table is at physical address root is
# gone (satp no longer points to it): its tables are ordinary pages again
.macro pt_release root
.endm

# pa_to_pte rd, rs, tmp: the PPN field of a PTE (pa >> 12 << 10) mapping physical address rs
.macro pa_to_pte rd, rs, tmp
    srli    \rd, \rs, PAGE_SHIFT
    slli    \rd, \rd, PTE_PPN_SHIFT
.endm

# pte_to_pa rd, rs, tmp: the physical address a PTE (or pointer PTE) rs holds
.macro pte_to_pa rd, rs, tmp
    srli    \rd, \rs, PTE_PPN_SHIFT
    slli    \rd, \rd, PAGE_SHIFT
.endm

# the flags of the kernel's own mappings (not U: tasks cannot touch the kernel)
.equ PTE_KERNEL, PTE_V | PTE_R | PTE_W | PTE_X | PTE_G | PTE_A | PTE_D
