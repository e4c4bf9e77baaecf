# paravirt.s - the kernel's privileged operations, as macros (Linux's pv_ops idea).
#
# Every instruction of the kernel that needs S-mode privilege, and every store into a page
# table, is written as one of these macros. The native build (kernel.s) expands each to the
# instruction itself. The paravirtual build (kernel-pv.s sets PARAVIRT to 1 before it
# includes kernel.s) expands them for vmsh's `pv` hypervisor, which runs the kernel
# deprivileged (in U-mode) and never lets it touch a CSR:
#
#   native                            paravirtual
#   csrr/csrw sepc, sscratch, scause  lw/sw in the page shared with the hypervisor: no exit
#   csrw sie, csrs/csrc sstatus       sw in the shared page; unmasking while an interrupt
#                                     is pending asks for it (hypercall irq)
#   csrw stvec                        hypercall set_trap_vector
#   sret (to a task)                  hypercall return
#   wfi                               hypercall block
#   rdtime                            the time CSR plus the offset in the shared page
#   sw into a page table, sfence.vma  queued multicall entries (mmu_update, flush), sent in
#                                     one batch with the next hypercall: a whole fork's
#                                     page table costs one exit
#   csrw satp                         a queued "new satp" entry, sent at once
#   pa <-> PTE PPN                    the physical-to-machine table (p2m) and back (m2p):
#                                     direct paging, the tables hold machine page numbers
#   a new address space               pinned (a queued entry): the hypervisor validates its
#                                     tables from the start, as Xen's pinned page tables
#
# Machine page numbers live only in the page tables: a satp holds the root's physical page
# number (the hypervisor finds its machine page), so a saved kernel can be loaded into
# other machine frames (the hypervisor translates its pinned tables, as Xen's save/restore).
#
# The hypervisor keeps the top 4 MiB of every address space (Xen's hypervisor hole):
#   PV_M2P 0xFFC0_0000  m2p: word k = the physical page number of machine page 0x80000 + k
#   PV_P2M 0xFFE0_0000  p2m: word k = the machine page number of physical page 0x80000 + k
#   PV_SHARED 0xFFFF_F000  the shared page: its fields lie in the top 2 KiB, where a
#                          load or store based on x0 reaches them ("lw t0, PV_SCAUSE(zero)")
# and maps the kernel's RAM for it in every address space it registers.
#
# The macros keep every register they do not name. Macros that take a `tmp` register may
# change it. The paravirtual ones may use the stack (a kernel stack must be in sp).

.ifndef PARAVIRT
.equ PARAVIRT, 0
.endif

.if PARAVIRT
.equ PV_M2P,            0xFFC00000
.equ PV_P2M,            0xFFE00000
.equ PV_SHARED,         0xFFFFF000
.equ PV_RAM_PN,         0x80000     # m2p and p2m begin at page number 0x80000 (0x8000_0000)
# the shared page: the console ring at offset 0, the fields at offsets 0x800 up
.equ PV_CONSOLE_RING,   0x000       # bytes, PV_CONSOLE_SIZE of them, indexed mod the size
.equ PV_CONSOLE_SIZE,   0x400
.equ PV_SSTATUS,        0x800 - 0x1000  # virtual sstatus: SIE, SPIE, SPP, SUM, MXR
.equ PV_SIE,            0x804 - 0x1000  # the interrupt mask (sie)
.equ PV_SIP,            0x808 - 0x1000  # pending interrupts (the hypervisor sets STIP)
.equ PV_SCAUSE,         0x80C - 0x1000  # what the hypervisor delivers with a trap
.equ PV_STVAL,          0x810 - 0x1000
.equ PV_SEPC,           0x814 - 0x1000  # the trap's pc; return goes there
.equ PV_SSCRATCH,       0x818 - 0x1000
.equ PV_SATP,           0x81C - 0x1000  # the satp the hypervisor accepted
.equ PV_TIME_DELTA,     0x820 - 0x1000  # 64 bits: guest time = the time CSR + this
.equ PV_BATCH_COUNT,    0x828 - 0x1000  # multicall entries queued in the batch
.equ PV_CONSOLE_PROD,   0x82C - 0x1000  # bytes put into the ring, ever
.equ PV_CONSOLE_CONS,   0x830 - 0x1000  # bytes the hypervisor took, ever
.equ PV_A6,             0x834 - 0x1000  # a task's a6 and a7, for return
.equ PV_A7,             0x838 - 0x1000
.equ PV_SCRATCH,        0x83C - 0x1000  # free for the macros
.endif

# pv_hypercall fid, arg0, arg1: EXT_VMSH call fid with a0 = arg0, a1 = arg1; every register
# comes back unchanged (errors are ignored; pte_commit checks its own)
.macro pv_hypercall fid, arg0=zero, arg1=zero
    addi    sp, sp, -32
    sw      a0, 28(sp)
    sw      a1, 24(sp)
    sw      a6, 20(sp)
    sw      a7, 16(sp)
    sw      \arg0, 4(sp)
    sw      \arg1, 0(sp)
    lw      a0, 4(sp)
    lw      a1, 0(sp)
    li      a7, SBI_EXT_VMSH
    li      a6, \fid
    ecall
    lw      a7, 16(sp)
    lw      a6, 20(sp)
    lw      a1, 24(sp)
    lw      a0, 28(sp)
    addi    sp, sp, 32
.endm

# pv_queue op, ptr, val: queue the multicall entry (ptr | op, val) (pv.s: pv_queue)
.macro pv_queue op, ptr, val
    addi    sp, sp, -16
    sw      ra, 12(sp)
    sw      a0, 8(sp)
    sw      a1, 4(sp)
    sw      \ptr, 0(sp)
    mv      a1, \val
    lw      a0, 0(sp)
    ori     a0, a0, \op
    call    pv_queue_entry
    lw      a1, 4(sp)
    lw      a0, 8(sp)
    lw      ra, 12(sp)
    addi    sp, sp, 16
.endm

# ---------------------------------------------------------------- trap state

# sscratch_swap_sp: sp <-> sscratch (the trap vector's first instruction)
.macro sscratch_swap_sp
.if PARAVIRT
    sw      t0, PV_SCRATCH(zero)
    mv      t0, sp
    lw      sp, PV_SSCRATCH(zero)
    sw      t0, PV_SSCRATCH(zero)
    lw      t0, PV_SCRATCH(zero)
.else
    csrrw   sp, sscratch, sp
.endif
.endm

.macro sscratch_read rd
.if PARAVIRT
    lw      \rd, PV_SSCRATCH(zero)
.else
    csrr    \rd, sscratch
.endif
.endm

.macro sscratch_write rs
.if PARAVIRT
    sw      \rs, PV_SSCRATCH(zero)
.else
    csrw    sscratch, \rs
.endif
.endm

.macro sepc_read rd
.if PARAVIRT
    lw      \rd, PV_SEPC(zero)
.else
    csrr    \rd, sepc
.endif
.endm

.macro sepc_write rs
.if PARAVIRT
    sw      \rs, PV_SEPC(zero)
.else
    csrw    sepc, \rs
.endif
.endm

.macro scause_read rd
.if PARAVIRT
    lw      \rd, PV_SCAUSE(zero)
.else
    csrr    \rd, scause
.endif
.endm

.macro stval_read rd
.if PARAVIRT
    lw      \rd, PV_STVAL(zero)
.else
    csrr    \rd, stval
.endif
.endm

# trap_vector_set rs: traps enter at the address in rs (direct mode)
.macro trap_vector_set rs
.if PARAVIRT
    pv_hypercall VMSH_SET_TRAP_VECTOR, \rs
.else
    csrw    stvec, \rs
.endif
.endm

# return_to_user: to the mode in sstatus.SPP (a task) at sepc; every register already
# holds the task's value
.macro return_to_user
.if PARAVIRT
    sw      a6, PV_A6(zero)             # the hypervisor gives them back
    sw      a7, PV_A7(zero)
    li      a7, SBI_EXT_VMSH
    li      a6, VMSH_RETURN
    ecall                               # does not return here
.else
    sret
.endif
.endm

# ---------------------------------------------------------------- status and interrupts

# sstatus_set rs, tmp / sstatus_clear rs, tmp: set or clear the bits of rs in sstatus
.macro sstatus_set rs, tmp
.if PARAVIRT
    lw      \tmp, PV_SSTATUS(zero)
    or      \tmp, \tmp, \rs
    sw      \tmp, PV_SSTATUS(zero)
    andi    \tmp, \rs, SSTATUS_SIE
    beqz    \tmp, .Lpv_sstatus\@
    lw      \tmp, PV_SIP(zero)          # interrupts on with one pending: take it now
    beqz    \tmp, .Lpv_sstatus\@
    pv_hypercall VMSH_IRQ
.Lpv_sstatus\@:
.else
    csrs    sstatus, \rs
.endif
.endm

.macro sstatus_clear rs, tmp
.if PARAVIRT
    lw      \tmp, PV_SSTATUS(zero)
    or      \tmp, \tmp, \rs
    xor     \tmp, \tmp, \rs             # the bits of rs cleared
    sw      \tmp, PV_SSTATUS(zero)
.else
    csrc    sstatus, \rs
.endif
.endm

# sie_write rs, tmp: the interrupt mask (sie) = rs
.macro sie_write rs, tmp
.if PARAVIRT
    sw      \rs, PV_SIE(zero)
    lw      \tmp, PV_SIP(zero)
    and     \tmp, \tmp, \rs
    beqz    \tmp, .Lpv_sie\@            # nothing it unmasks is pending: no exit
    pv_hypercall VMSH_IRQ
.Lpv_sie\@:
.else
    csrw    sie, \rs
.endif
.endm

# sie_set rs, tmp: sie |= rs
.macro sie_set rs, tmp
.if PARAVIRT
    lw      \tmp, PV_SIE(zero)
    or      \tmp, \tmp, \rs
    sw      \tmp, PV_SIE(zero)
    lw      \tmp, PV_SIP(zero)
    and     \tmp, \tmp, \rs
    beqz    \tmp, .Lpv_sie_set\@
    pv_hypercall VMSH_IRQ
.Lpv_sie_set\@:
.else
    csrs    sie, \rs
.endif
.endm

# wait_for_interrupt: sleep until an interrupt is pending
.macro wait_for_interrupt
.if PARAVIRT
    pv_hypercall VMSH_BLOCK
.else
    wfi
.endif
.endm

# time_read lo, hi, tmp: the 64-bit time CSR. On RV32 it is read in two halves; if the
# high half changed between the reads, the low half wrapped in between: read again.
.macro time_read lo, hi, tmp
.Lpv_time\@:
    csrr    \hi, timeh
    csrr    \lo, time
    csrr    \tmp, timeh
    bne     \hi, \tmp, .Lpv_time\@
.if PARAVIRT
    lw      \tmp, PV_TIME_DELTA(zero)   # + the offset of this guest's time: no exit
    add     \lo, \lo, \tmp
    sltu    \tmp, \lo, \tmp             # the carry
    add     \hi, \hi, \tmp
    lw      \tmp, PV_TIME_DELTA + 4(zero)
    add     \hi, \hi, \tmp
.endif
.endm

# ---------------------------------------------------------------- address spaces

.macro satp_write rs
.if PARAVIRT
    pv_queue VMSH_OP_SATP, zero, \rs
    pte_commit                          # the new space is used at once
.else
    csrw    satp, \rs
.endif
.endm

.macro satp_read rd
.if PARAVIRT
    lw      \rd, PV_SATP(zero)
.else
    csrr    \rd, satp
.endif
.endm

# tlb_flush_all: sfence.vma zero, zero
.macro tlb_flush_all
.if PARAVIRT
    addi    sp, sp, -16
    sw      t6, 12(sp)
    li      t6, -1
    pv_queue VMSH_OP_FLUSH, zero, t6
    lw      t6, 12(sp)
    addi    sp, sp, 16
.else
    sfence.vma zero, zero
.endif
.endm

# tlb_flush_asid asid: every non-global translation of that ASID
.macro tlb_flush_asid asid
.if PARAVIRT
    addi    sp, sp, -16
    sw      t5, 12(sp)
    sw      t6, 8(sp)
    addi    t6, \asid, 1
    slli    t6, t6, 2
    li      t5, -1
    pv_queue VMSH_OP_FLUSH, t6, t5
    lw      t6, 8(sp)
    lw      t5, 12(sp)
    addi    sp, sp, 16
.else
    sfence.vma zero, \asid
.endif
.endm

# tlb_flush_page va, asid: the translations of one page
.macro tlb_flush_page va, asid
.if PARAVIRT
    addi    sp, sp, -16
    sw      t6, 12(sp)
    addi    t6, \asid, 1
    slli    t6, t6, 2
    pv_queue VMSH_OP_FLUSH, t6, \va
    lw      t6, 12(sp)
    addi    sp, sp, 16
.else
    sfence.vma \va, \asid
.endif
.endm

# ---------------------------------------------------------------- page tables

# pte_store val, addr: the PTE at physical address addr (reached through the kernel's
# identity mapping) becomes val
.macro pte_store val, addr
.if PARAVIRT
    pv_queue VMSH_OP_PTE, \addr, \val
.else
    sw      \val, 0(\addr)
.endif
.endm

# pte_load rd, addr: the PTE at addr, as the next page walk will see it (queued stores too)
.macro pte_load rd, addr
.if PARAVIRT
    addi    sp, sp, -16
    sw      ra, 12(sp)
    sw      a0, 8(sp)
    sw      \addr, 4(sp)
    lw      a0, 4(sp)
    call    pv_pte_load
    sw      a0, 4(sp)
    lw      a0, 8(sp)
    lw      \rd, 4(sp)
    lw      ra, 12(sp)
    addi    sp, sp, 16
.else
    lw      \rd, 0(\addr)
.endif
.endm

# pte_commit: the PTE stores and fences so far are in effect (before a walk may need them)
.macro pte_commit
.if PARAVIRT
    addi    sp, sp, -16
    sw      ra, 12(sp)
    call    pv_commit
    lw      ra, 12(sp)
    addi    sp, sp, 16
.endif
.endm

# pt_release root: the address space whose root table is at physical address root is
# gone (satp no longer points to it): its tables are ordinary pages again
.macro pt_release root
.if PARAVIRT
    addi    sp, sp, -16
    sw      t6, 12(sp)
    srli    t6, \root, PAGE_SHIFT
    pv_queue VMSH_OP_RELEASE, zero, t6
    pte_commit
    lw      t6, 12(sp)
    addi    sp, sp, 16
.endif
.endm

# pt_pin root: the root table at physical address root begins a new address space: from
# now on its tables change only by pte_store (paravirtual: the hypervisor registers it at
# once and validates every later entry; native: nothing to do)
.macro pt_pin root
.if PARAVIRT
    addi    sp, sp, -16
    sw      t6, 12(sp)
    srli    t6, \root, PAGE_SHIFT
    pv_queue VMSH_OP_PIN, zero, t6
    lw      t6, 12(sp)
    addi    sp, sp, 16
.endif
.endm

# satp_ppn rd, rs: the page number a satp holds for the root table at physical address rs:
# its physical page number in both builds (a paravirtual kernel's satp names no machine page)
.macro satp_ppn rd, rs
    srli    \rd, \rs, PAGE_SHIFT
.endm

# pa_to_ppn rd, rs, tmp: the page number a PTE holds for physical address rs
# (paravirtual: the machine page number, from the p2m; tmp must differ from rd)
.macro pa_to_ppn rd, rs, tmp
    srli    \rd, \rs, PAGE_SHIFT
.if PARAVIRT
    slli    \rd, \rd, 2
    li      \tmp, PV_P2M - PV_RAM_PN * 4
    add     \rd, \rd, \tmp
    lw      \rd, 0(\rd)                 # p2m[page - 0x80000]
.endif
.endm

# ppn_to_pa rd, rs, tmp: the physical address of the page number rs a PTE holds
# (paravirtual: through the m2p; tmp must differ from rd)
.macro ppn_to_pa rd, rs, tmp
.if PARAVIRT
    slli    \rd, \rs, 2
    li      \tmp, PV_M2P - PV_RAM_PN * 4
    add     \rd, \rd, \tmp
    lw      \rd, 0(\rd)                 # m2p[machine page - 0x80000]
.endif
.if PARAVIRT == 0
    slli    \rd, \rs, PAGE_SHIFT
.else
    slli    \rd, \rd, PAGE_SHIFT
.endif
.endm

# pa_to_pte rd, rs, tmp: the PPN field of a PTE (ppn << 10) mapping physical address rs
.macro pa_to_pte rd, rs, tmp
    pa_to_ppn \rd, \rs, \tmp
    slli    \rd, \rd, PTE_PPN_SHIFT
.endm

# pte_to_pa rd, rs, tmp: the physical address a PTE (or pointer PTE) rs holds
.macro pte_to_pa rd, rs, tmp
    srli    \rd, \rs, PTE_PPN_SHIFT
    ppn_to_pa \rd, \rd, \tmp
.endm

