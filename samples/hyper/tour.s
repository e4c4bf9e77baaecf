# tour.s - the H extension's rules, one trap at a time.
#
# A hypervisor (hyper.s) relies on the hardware to run its guest and to stop it at the right
# moments. This program shows those moments one by one: each line below is one experiment,
# the trap it ends in, and the CSRs the handler found. It runs in M-mode and sends each
# experiment to the mode it needs with mret (mstatush.MPV = 1 enters a guest: V=1):
#   HS  the hypervisor's mode (S with V=0): hstatus, htval, htinst, the h* and vs* CSRs
#   VS  the guest kernel's mode (S with V=1): its s* CSR names reach the vs* CSRs
#   VU  the guest's user mode (U with V=1)
# A trap lands where delegation sends it: M-mode unless medeleg (mideleg) passes it on, then
# VS-mode if V=1 and hedeleg (hideleg) passes it on too, else HS-mode. Every handler writes
# down what it saw and executes ebreak, which nothing delegates: back in M-mode, the driver
# prints the record and resets the hart for the next experiment.
#
# Memory as the guest sees it (hgatp: Sv32x4; vsatp: Sv32 where an experiment turns it on):
#   G-stage  guest-physical 0x8000_0000..0x8040_0000 -> the same host addresses (a megapage)
#            guest-physical 0x8040_0000..             nothing: a guest-page fault
#            guest-physical 0x8080_0000               -> page_a (later page_b: hfence.gvma)
#   VS-stage 0x8000_0000..0x8040_0000 -> the same guest-physical addresses (a megapage)
#            0x4000_0000 -> 0x8040_0000 (a hole)   0x4000_1000 invalid
#            0x4000_2000 -> page_a, execute only   0x4000_3000 -> page_a, U, read/write
#            0x4000_4000 -> page_a, S read/write   0x4040_0000: its table is in the hole
#
# Each line: the experiment, then the level that took the trap and its CSRs (HS: scause,
# sepc, stval, htval = guest-physical address >> 2, htinst, hstatus.SPV/SPVP/GVA; M: the m*
# ones, mstatush.MPV/GVA and mstatus.MPP; VS: vscause, vsepc, vstval, vsstatus.SPP), or
# "no trap" and a value the experiment computed.
#
# Run it: ./vmsh boot samples/hyper/tour.s --isa rv32imah, or on QEMU with -cpu rv32,h=true.
# The test suite runs it on both and compares: a difference is a bug in one of them. Where
# the spec lets a hart choose (tval of an illegal instruction: 0 or its bits; htinst of an
# explicit access: 0 or the transformed instruction; mideleg's SGEI bit), the lines show
# what both choices have in common. The lines below are the spec's answers; QEMU 7.2 gives
# a different one on six of them (a store's implicit fault, VU's sstatus, VTVM's satp, and
# three HLV/HLVX faults): the test suite lists them (QemuDeviations) with the rule.
#
# expect-isa: rv32imah
# expect-exit: 0
# expect-output:
# | misa.H: 1
# | mideleg written 0, its VS bits read 0x00000444
# | hstatus written -1 reads (VTSR VTW VTVM HU SPVP SPV GVA) 0x007003c0
# | ecall from VS: HS scause 10 epc 0x800007a4 tval 0x00000000 gpa>>2 0x00000000 SPV SPVP GVA 1 1 0
# | ecall from VU, hedeleg passes it to the guest: VS vscause 8 epc 0x800007a4 tval 0x00000000 SPP 0
# | ecall from VU, not in hedeleg: HS scause 8 epc 0x800007a4 tval 0x00000000 gpa>>2 0x00000000 SPV SPVP GVA 1 0 0
# | ecall from VS, not in medeleg: M mcause 10 epc 0x800007a4 tval 0x00000000 gpa>>2 0x00000000 MPV GVA MPP 1 0 1
# | load from guest-physical memory the G-stage does not map: HS scause 21 epc 0x800007b4 tval 0x80400008 gpa>>2 0x20100002 SPV SPVP GVA 1 1 1
# | store there: HS scause 23 epc 0x800007c4 tval 0x80400010 gpa>>2 0x20100004 SPV SPVP GVA 1 1 1
# | jump there: HS scause 20 epc 0x80400000 tval 0x80400000 gpa>>2 0x20100000 SPV SPVP GVA 1 1 1
# | load there, not in medeleg: M mcause 21 epc 0x800007b4 tval 0x80400008 gpa>>2 0x20100002 MPV GVA MPP 1 1 1
# | load through an invalid VS PTE, hedeleg passes it to the guest: VS vscause 13 epc 0x800007d8 tval 0x40001000 SPP 1
# | load through an invalid VS PTE, not in hedeleg: HS scause 13 epc 0x800007d8 tval 0x40001000 gpa>>2 0x00000000 SPV SPVP GVA 1 1 1
# | load from a VS page whose guest-physical page is not mapped: HS scause 13 epc 0x800007e8 tval 0x40000004 gpa>>2 0x00000000 SPV SPVP GVA 1 1 1
# | store through a VS page table that is not mapped: HS scause 23 epc 0x800007f4 tval 0x40400000 gpa>>2 0x20100000 tinst 0x00002000 SPV SPVP GVA 1 1 1
# | wfi in VS with hstatus.VTW: HS scause 22 epc 0x800007fc tval insn gpa>>2 0x00000000 SPV SPVP GVA 1 1 0
# | wfi in VU: HS scause 22 epc 0x800007fc tval insn gpa>>2 0x00000000 SPV SPVP GVA 1 0 0
# | read hstatus in VS: HS scause 22 epc 0x80000804 tval insn gpa>>2 0x00000000 SPV SPVP GVA 1 1 0
# | read sstatus in VU: HS scause 22 epc 0x8000080c tval insn gpa>>2 0x00000000 SPV SPVP GVA 1 0 0
# | read satp in VS with hstatus.VTVM: HS scause 22 epc 0x80000814 tval insn gpa>>2 0x00000000 SPV SPVP GVA 1 1 0
# | sret in VS with hstatus.VTSR: HS scause 22 epc 0x8000081c tval insn gpa>>2 0x00000000 SPV SPVP GVA 1 1 0
# | rdcycle in VS, hcounteren.CY clear: HS scause 22 epc 0x80000824 tval insn gpa>>2 0x00000000 SPV SPVP GVA 1 1 0
# | rdcycle in VS, mcounteren.CY clear: HS scause 2 epc 0x80000824 tval insn gpa>>2 0x00000000 SPV SPVP GVA 1 1 0
# | hfence.gvma in VS: HS scause 22 epc 0x8000082c tval insn gpa>>2 0x00000000 SPV SPVP GVA 1 1 0
# | hlv.w in VS: HS scause 22 epc 0x8000083c tval insn gpa>>2 0x00000000 SPV SPVP GVA 1 1 0
# | hlv.w in HS as VS (SPVP) from a supervisor page: no trap, value 0x11111111
# | hlv.w in HS as VU from a supervisor page: HS scause 13 epc 0x80000848 tval 0x40004000 gpa>>2 0x00000000 SPV SPVP GVA 0 0 1
# | hlvx.wu in HS from an execute-only page: no trap, value 0x11111111
# | hlv.w in HS from an execute-only page: HS scause 13 epc 0x80000878 tval 0x40002000 gpa>>2 0x00000000 SPV SPVP GVA 0 1 1
# | hsv.w in HS as VU to a user page, read back: no trap, value 0x5a5a5a5a
# | hvip.VSTIP, hideleg passes it to the guest: VS vscause interrupt 5 epc 0x800008b0 tval 0x00000000 SPP 1
# | hvip.VSTIP, not in hideleg: HS scause interrupt 6 epc 0x800008b0 tval 0x00000000 gpa>>2 0x00000000 SPV SPVP GVA 1 1 0
# | STIP while the guest runs with sstatus.SIE clear: HS scause interrupt 5 epc 0x800008b0 tval 0x00000000 gpa>>2 0x00000000 SPV SPVP GVA 1 1 0
# | HS clears sie: hie: no trap, value 0x00000040
# | sret in HS with hstatus.SPV, SPP = U, then ecall: HS scause 8 epc 0x800007a4 tval 0x00000000 gpa>>2 0x00000000 SPV SPVP GVA 1 0 0
# | G-stage leaf changed, hfence.gvma, hlv.w: no trap, value 0x22222222
# | time in VS is time + htimedelta: no trap, value 0x00000001

.include "../kernel/riscv_defs.s"   # S-mode CSR bits, Sv32 names (samples/kernel)
.include "hyper_defs.s"             # the H extension's names

.equ MODE_VU,               0           # where an experiment runs (run_experiment's a1)
.equ MODE_VS,               1
.equ MODE_HS,               2
.equ MSTATUS_MPP_MASK,      3 << 11
.equ MSTATUS_MPP_S,         1 << 11
.equ MSTATUSH_GVA,          1 << 6
.equ MSTATUSH_MPV,          1 << 7
.equ MIP_STIP,              1 << 5
.equ MIP_VSTIP,             1 << 6
.equ PMP_NAPOT_RWX,         0x1F
.equ HOLE,                  0x80400000  # guest-physical: no G-stage mapping
.equ REMAPPED,              0x80800000  # guest-physical: page_a, then page_b
.equ HSTATUS_HU,            1 << 9
# everything but breakpoint (3, our way home) and ecall from HS and M (9, 11) goes to HS
.equ TOUR_MEDELEG,          0xF0B5F7

# The record a handler fills (one word each)
.equ REC_LEVEL,             0           # 0 = no trap, 1 = VS, 2 = HS, 3 = M
.equ REC_CAUSE,             4
.equ REC_EPC,               8
.equ REC_TVAL,              12
.equ REC_GPA,               16          # htval or mtval2
.equ REC_TINST,             20          # htinst or mtinst
.equ REC_STATUS,            24          # hstatus, mstatush or vsstatus
.equ REC_MSTATUS,           28          # mstatus (M only)
.equ REC_VALUE,             32          # what an experiment without a trap computed

    .text
    .globl  _start
_start:
    la      sp, stack_top
    la      t0, m_trap
    csrw    mtvec, t0
    li      t0, -1
    csrw    pmpaddr0, t0                # every address ...
    li      t0, PMP_NAPOT_RWX
    csrw    pmpcfg0, t0                 # ... open to S and U
    call    build_tables
    call    print_misa_and_delegation
    la      s0, experiments
1:  la      t0, experiments_end
    beq     s0, t0, 2f
    lw      a0, 0(s0)                   # name
    call    uart_puts
    li      a0, 58                      # ':'
    call    uart_putc
    call    reset_hart
    lw      t0, 4(s0)                   # the experiment's own setting up
    jalr    t0
    lw      a0, 8(s0)
    lw      a1, 12(s0)
    call    run_experiment
    call    print_record
    addi    s0, s0, 16
    j       1b
2:  li      a0, 0
    j       finish

# The first lines: misa shows H; the VS-level interrupts are delegated for good.
print_misa_and_delegation:
    mv      s1, ra
    la      a0, msg_misa
    call    uart_puts
    csrr    a0, misa
    srli    a0, a0, 7                   # 'H' - 'A'
    andi    a0, a0, 1
    call    uart_putdec
    call    uart_newline
    la      a0, msg_mideleg
    call    uart_puts
    csrw    mideleg, zero
    csrr    a0, mideleg
    andi    a0, a0, GUEST_INTERRUPTS    # (SGEIP, bit 12, too when there are guest external interrupts)
    call    uart_puthex
    call    uart_newline
    la      a0, msg_hstatus
    call    uart_puts
    li      t0, -1
    csrw    hstatus, t0
    csrr    a0, hstatus
    li      t0, HSTATUS_VTSR | HSTATUS_VTW | HSTATUS_VTVM | HSTATUS_HU | HSTATUS_SPVP | HSTATUS_SPV | HSTATUS_GVA
    and     a0, a0, t0
    call    uart_puthex
    call    uart_newline
    mv      ra, s1
    ret

# build_tables(): the G-stage and VS-stage tables drawn in the header.
build_tables:
    mv      s1, ra
    la      a0, g_root
    li      a1, 0x80000000
    li      a2, (0x80000000 >> 12) << 10 | GSTAGE_LEAF
    call    set_root_entry
    li      a1, REMAPPED
    la      a2, g_level0
    call    pointer_entry
    call    set_root_entry
    la      a0, vs_root
    li      a1, 0x80000000
    li      a2, (0x80000000 >> 12) << 10 | PTE_V | PTE_R | PTE_W | PTE_X | PTE_A | PTE_D
    call    set_root_entry
    li      a1, 0x40000000
    la      a2, vs_level0
    call    pointer_entry
    call    set_root_entry
    li      a1, 0x40400000
    li      a2, (HOLE >> 12) << 10 | PTE_V
    call    set_root_entry
    la      t0, vs_level0
    li      t1, (HOLE >> 12) << 10 | PTE_V | PTE_R | PTE_W | PTE_U | PTE_A | PTE_D
    sw      t1, 0(t0)
    la      t2, page_a
    srli    t2, t2, 12
    slli    t2, t2, 10
    ori     t1, t2, PTE_V | PTE_X | PTE_A
    sw      t1, 8(t0)
    ori     t1, t2, PTE_V | PTE_R | PTE_W | PTE_U | PTE_A | PTE_D
    sw      t1, 12(t0)
    ori     t1, t2, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D
    sw      t1, 16(t0)
    mv      ra, s1
    ret

# set_root_entry(a0 = root table, a1 = address it maps, a2 = PTE). Leaf.
set_root_entry:
    srli    t0, a1, 22
    slli    t0, t0, 2
    add     t0, a0, t0
    sw      a2, 0(t0)
    ret

# pointer_entry(a2 = next-level table) -> a2 = a PTE pointing at it. Leaf.
pointer_entry:
    srli    a2, a2, 12
    slli    a2, a2, 10
    ori     a2, a2, PTE_V
    ret

# g_map_remapped(a0 = host page): the G-stage leaf of guest-physical REMAPPED. Leaf.
g_map_remapped:
    srli    t1, a0, 12
    slli    t1, t1, 10
    ori     t1, t1, GSTAGE_LEAF
    la      t0, g_level0
    sw      t1, 0(t0)
    ret

# reset_hart(): the state every experiment starts from; its setup routine changes it.
reset_hart:
    mv      s1, ra
    li      t0, TOUR_MEDELEG
    csrw    medeleg, t0
    csrw    mideleg, zero
    csrw    mie, zero
    li      t0, MIP_STIP
    csrc    mip, t0
    li      t0, 7
    csrw    mcounteren, t0
    csrw    hcounteren, t0
    csrw    hedeleg, zero
    csrw    hideleg, zero
    csrw    hvip, zero
    csrw    hstatus, zero
    csrw    htimedelta, zero
    csrw    htimedeltah, zero
    la      t0, g_root
    srli    t0, t0, 12
    li      t1, HGATP_MODE_SV32X4 | (GUEST_VMID << HGATP_VMID_SHIFT)
    or      t0, t0, t1
    csrw    hgatp, t0
    la      a0, page_a
    call    g_map_remapped
    hfence.gvma zero, zero
    csrw    vsatp, zero
    csrw    vsstatus, zero
    la      t0, vs_trap
    csrw    vstvec, t0
    la      t0, hs_trap
    csrw    stvec, t0
    csrw    sstatus, zero
    csrw    satp, zero
    mv      ra, s1
    ret

# run_experiment(a0 = entry, a1 = MODE_*): go there; come back when a handler's ebreak
# (or the experiment's own) reaches M-mode.
run_experiment:
    la      t0, driver_sp
    sw      sp, 0(t0)
    sw      ra, 4(t0)
    la      t0, record
    sw      zero, REC_LEVEL(t0)
    sw      zero, REC_VALUE(t0)
    csrw    mepc, a0
    li      t0, MSTATUS_MPP_MASK
    csrc    mstatus, t0
    li      t0, MSTATUSH_MPV
    csrc    mstatush, t0
    li      t1, MODE_VU
    beq     a1, t1, 1f                  # VU: MPP = U, MPV = 1
    li      t1, MSTATUS_MPP_S
    csrs    mstatus, t1
    li      t1, MODE_HS
    beq     a1, t1, 2f                  # HS: MPP = S, MPV = 0
1:  csrs    mstatush, t0                # VS: MPP = S, MPV = 1
2:  mret

# back: where every experiment ends, in whatever mode: ebreak is never delegated.
    .balign 4
back:
    ebreak

# m_trap: the way home (ebreak at back), or a trap under test that M-mode took.
    .balign 4
m_trap:
    csrr    t0, mepc
    la      t1, back
    beq     t0, t1, 1f
    la      t1, record
    li      t0, 3
    sw      t0, REC_LEVEL(t1)
    csrr    t0, mcause
    sw      t0, REC_CAUSE(t1)
    csrr    t0, mepc
    sw      t0, REC_EPC(t1)
    csrr    t0, mtval
    sw      t0, REC_TVAL(t1)
    csrr    t0, mtval2
    sw      t0, REC_GPA(t1)
    csrr    t0, mtinst
    sw      t0, REC_TINST(t1)
    csrr    t0, mstatush
    sw      t0, REC_STATUS(t1)
    csrr    t0, mstatus
    sw      t0, REC_MSTATUS(t1)
1:  la      t0, driver_sp
    lw      sp, 0(t0)
    lw      ra, 4(t0)
    ret                                 # from run_experiment, still in M-mode

# hs_trap: HS-mode took it.
    .balign 4
hs_trap:
    la      t1, record
    li      t0, 2
    sw      t0, REC_LEVEL(t1)
    csrr    t0, scause
    sw      t0, REC_CAUSE(t1)
    csrr    t0, sepc
    sw      t0, REC_EPC(t1)
    csrr    t0, stval
    sw      t0, REC_TVAL(t1)
    csrr    t0, htval
    sw      t0, REC_GPA(t1)
    csrr    t0, htinst
    sw      t0, REC_TINST(t1)
    csrr    t0, hstatus
    sw      t0, REC_STATUS(t1)
    j       back

# vs_trap: the guest took it itself (with V=1 these s* names are its vs* CSRs).
    .balign 4
vs_trap:
    la      t1, record
    li      t0, 1
    sw      t0, REC_LEVEL(t1)
    csrr    t0, scause
    sw      t0, REC_CAUSE(t1)
    csrr    t0, sepc
    sw      t0, REC_EPC(t1)
    csrr    t0, stval
    sw      t0, REC_TVAL(t1)
    csrr    t0, sstatus
    sw      t0, REC_STATUS(t1)
    j       back

# print_record(): the rest of the line.
print_record:
    mv      s1, ra
    la      s2, record
    lw      t0, REC_LEVEL(s2)
    bnez    t0, 1f
    la      a0, msg_no_trap
    call    uart_puts
    lw      a0, REC_VALUE(s2)
    call    uart_puthex
    j       9f
1:  li      t1, 1
    bne     t0, t1, 2f
    la      a0, msg_vs
    call    print_causes
    la      a0, msg_spp
    call    uart_puts
    lw      a0, REC_STATUS(s2)
    srli    a0, a0, 8
    andi    a0, a0, 1
    call    uart_putdec
    j       9f
2:  li      t1, 2
    bne     t0, t1, 3f
    la      a0, msg_hs
    call    print_causes
    call    print_gpa_tinst
    la      a0, msg_hstatus_bits
    call    uart_puts
    lw      t0, REC_STATUS(s2)
    li      a1, HSTATUS_SPV
    call    print_bit
    li      a1, HSTATUS_SPVP
    call    print_bit
    li      a1, HSTATUS_GVA
    call    print_bit
    j       9f
3:  la      a0, msg_m
    call    print_causes
    call    print_gpa_tinst
    la      a0, msg_mstatus_bits
    call    uart_puts
    lw      t0, REC_STATUS(s2)
    li      a1, MSTATUSH_MPV
    call    print_bit
    li      a1, MSTATUSH_GVA
    call    print_bit
    li      a0, 32
    call    uart_putc
    lw      a0, REC_MSTATUS(s2)
    srli    a0, a0, 11
    andi    a0, a0, 3
    call    uart_putdec
9:  call    uart_newline
    mv      ra, s1
    ret

# print_causes(a0 = level's names): "<level> cause N epc 0x.. tval 0x.." (keeps s1, s2).
# On an illegal or virtual instruction, tval may be 0 or the instruction (the spec allows
# either): both print as "insn".
print_causes:
    mv      s3, ra
    call    uart_puts
    lw      a0, REC_CAUSE(s2)
    bgez    a0, 1f
    la      a0, msg_interrupt
    call    uart_puts
    lw      a0, REC_CAUSE(s2)
    slli    a0, a0, 1
    srli    a0, a0, 1
1:  call    uart_putdec
    la      a0, msg_epc
    call    uart_puts
    lw      a0, REC_EPC(s2)
    call    uart_puthex
    la      a0, msg_tval
    call    uart_puts
    lw      a0, REC_TVAL(s2)
    lw      t0, REC_CAUSE(s2)
    li      t1, CAUSE_ILLEGAL_INSTRUCTION
    beq     t0, t1, 2f
    li      t1, CAUSE_VIRTUAL_INSTRUCTION
    bne     t0, t1, 3f
2:  beqz    a0, 4f
    lw      t0, REC_EPC(s2)
    lw      t0, 0(t0)                   # the instruction (code is identity-mapped)
    bne     a0, t0, 3f
4:  la      a0, msg_insn
    call    uart_puts
    j       5f
3:  call    uart_puthex
5:  mv      ra, s3
    ret

# print_gpa_tinst(): " gpa>>2 0x..", then " tinst 0x.." if it is a pseudoinstruction (bits
# 1:0 = 00, nonzero: required for implicit VS-stage accesses); zero or a transformed
# instruction, which the spec lets an implementation choose, print nothing.
print_gpa_tinst:
    mv      s3, ra
    la      a0, msg_gpa
    call    uart_puts
    lw      a0, REC_GPA(s2)
    call    uart_puthex
    lw      a0, REC_TINST(s2)
    beqz    a0, 1f
    andi    t0, a0, 3
    bnez    t0, 1f
    la      a0, msg_tinst
    call    uart_puts
    lw      a0, REC_TINST(s2)
    call    uart_puthex
1:  mv      ra, s3
    ret

# print_bit(t0 = word, a1 = mask): " 1" or " 0"
print_bit:
    mv      s3, ra
    mv      s4, t0
    li      a0, 32
    call    uart_putc
    and     a0, s4, a1
    snez    a0, a0
    call    uart_putdec
    mv      t0, s4
    mv      ra, s3
    ret

# --- the experiments: a setup routine (M-mode, after reset_hart) and a body ---

nothing:
    ret

delegate_vu_ecall:
    li      t0, 1 << CAUSE_USER_ECALL
    csrw    hedeleg, t0
    ret

keep_vs_ecall_in_m:
    li      t0, 1 << CAUSE_VS_ECALL
    csrc    medeleg, t0
    ret

keep_guest_page_fault_in_m:
    li      t0, 1 << CAUSE_LOAD_GUEST_PAGE_FAULT
    csrc    medeleg, t0
    ret

vs_paging:
    la      t0, vs_root
    srli    t0, t0, 12
    li      t1, SATP_MODE_SV32
    or      t0, t0, t1
    csrw    vsatp, t0
    ret

vs_paging_delegated:
    li      t0, 1 << CAUSE_LOAD_PAGE_FAULT
    csrw    hedeleg, t0
    j       vs_paging

set_vtw:
    li      t0, HSTATUS_VTW
    csrw    hstatus, t0
    ret

set_vtvm:
    li      t0, HSTATUS_VTVM
    csrw    hstatus, t0
    ret

set_vtsr:
    li      t0, HSTATUS_VTSR
    csrw    hstatus, t0
    ret

hide_cycle:
    li      t0, HCOUNTEREN_TM | HCOUNTEREN_IR
    csrw    hcounteren, t0
    ret

hide_cycle_from_s:
    csrw    mcounteren, zero
    ret

vs_paging_as_vs:
    li      t0, HSTATUS_SPVP
    csrw    hstatus, t0
    j       vs_paging

vs_timer_delegated:
    li      t0, HVIP_VSTIP
    csrw    hideleg, t0
    csrw    hvip, t0
    csrs    mie, t0                     # hie.VSTIE (= the guest's sie.STIE)
    li      t0, SSTATUS_SIE
    csrw    vsstatus, t0
    ret

vs_timer_not_delegated:
    li      t0, HVIP_VSTIP
    csrw    hvip, t0
    csrs    mie, t0
    ret

hs_timer_pending:
    li      t0, MIP_STIP
    csrw    mideleg, t0
    csrs    mie, t0
    csrs    mip, t0                     # M-mode may raise STIP
    ret

hs_timer_and_vs_timer_enabled:
    li      t0, MIP_STIP
    csrw    mideleg, t0
    li      t0, MIP_STIP | MIP_VSTIP
    csrs    mie, t0
    ret

time_delta:
    li      t0, 1000000
    csrw    htimedelta, t0
    rdtime  t0
    la      t1, m_time
    sw      t0, 0(t1)
    ret

b_ecall:
    ecall
    j       back

b_load_hole:
    li      t0, HOLE + 8
    lw      t1, 0(t0)
    j       back

b_store_hole:
    li      t0, HOLE + 16
    sw      zero, 0(t0)
    j       back

b_fetch_hole:
    li      t0, HOLE
    jr      t0

b_load_vs_invalid:
    li      t0, 0x40001000
    lw      t1, 0(t0)
    j       back

b_load_behind_vs_page:
    li      t0, 0x40000004
    lw      t1, 0(t0)
    j       back

b_store_vs_table_in_hole:
    li      t0, 0x40400000
    sw      zero, 0(t0)
    j       back

b_wfi:
    wfi
    j       back

b_read_hstatus:
    csrr    t0, hstatus
    j       back

b_read_sstatus:
    csrr    t0, sstatus
    j       back

b_read_satp:
    csrr    t0, satp
    j       back

b_sret:
    sret
    j       back

b_rdcycle:
    rdcycle t0
    j       back

b_hfence:
    hfence.gvma zero, zero
    j       back

b_hlv_from_guest:
    la      t1, page_a
    hlv.w   t0, (t1)
    j       back

b_hlv_supervisor_page:
    li      t1, 0x40004000
    hlv.w   t0, (t1)
    la      t1, record
    sw      t0, REC_VALUE(t1)
    j       back

b_hlvx_execute_only:
    li      t1, 0x40002000
    hlvx.wu t0, (t1)
    la      t1, record
    sw      t0, REC_VALUE(t1)
    j       back

b_hlv_execute_only:
    li      t1, 0x40002000
    hlv.w   t0, (t1)
    j       back

b_hsv_user_page:
    li      t1, 0x40003004
    li      t2, 0x5a5a5a5a
    hsv.w   t2, (t1)
    la      t1, page_a
    lw      t0, 4(t1)
    la      t1, record
    sw      t0, REC_VALUE(t1)
    j       back

b_spin:
    li      t0, 100                     # an interrupt should come before this runs out
1:  addi    t0, t0, -1
    bnez    t0, 1b
    j       back

b_sie_keeps_hie:
    csrw    sie, zero
    csrr    t0, hie
    la      t1, record
    sw      t0, REC_VALUE(t1)
    j       back

b_sret_to_vu:
    li      t0, HSTATUS_SPV
    csrs    hstatus, t0
    li      t0, SSTATUS_SPP
    csrc    sstatus, t0
    la      t0, b_ecall
    csrw    sepc, t0
    sret

b_hfence_after_remap:
    li      t1, REMAPPED
    hlv.w   t2, (t1)                    # page_a's first word (the hart may keep this mapping)
    la      a0, page_b
    call    g_map_remapped
    hfence.gvma zero, zero              # now it may not
    li      t1, REMAPPED
    hlv.w   t3, (t1)                    # page_b's
    la      t1, record
    sw      t3, REC_VALUE(t1)
    li      t0, 0x11111111
    beq     t2, t0, 1f
    sw      t2, REC_VALUE(t1)           # the first read was wrong: show it instead
1:  j       back

b_time_delta:
    rdtime  t0
    la      t1, m_time
    lw      t1, 0(t1)
    sub     t0, t0, t1                  # time - time at setup ...
    li      t1, 1000000
    sub     t0, t0, t1                  # ... - htimedelta: a few ticks
    sltiu   t0, t0, 1000
    la      t1, record
    sw      t0, REC_VALUE(t1)
    j       back

    .section .rodata
    .balign 4
experiments:
    .word   e_vs_ecall, nothing, b_ecall, MODE_VS
    .word   e_vu_ecall_vs, delegate_vu_ecall, b_ecall, MODE_VU
    .word   e_vu_ecall_hs, nothing, b_ecall, MODE_VU
    .word   e_vs_ecall_m, keep_vs_ecall_in_m, b_ecall, MODE_VS
    .word   e_load_hole, nothing, b_load_hole, MODE_VS
    .word   e_store_hole, nothing, b_store_hole, MODE_VS
    .word   e_fetch_hole, nothing, b_fetch_hole, MODE_VS
    .word   e_hole_m, keep_guest_page_fault_in_m, b_load_hole, MODE_VS
    .word   e_vs_fault_vs, vs_paging_delegated, b_load_vs_invalid, MODE_VS
    .word   e_vs_fault_hs, vs_paging, b_load_vs_invalid, MODE_VS
    .word   e_behind_vs_page, vs_paging, b_load_behind_vs_page, MODE_VS
    .word   e_vs_table_in_hole, vs_paging, b_store_vs_table_in_hole, MODE_VS
    .word   e_wfi_vtw, set_vtw, b_wfi, MODE_VS
    .word   e_wfi_vu, nothing, b_wfi, MODE_VU
    .word   e_hstatus_vs, nothing, b_read_hstatus, MODE_VS
    .word   e_sstatus_vu, nothing, b_read_sstatus, MODE_VU
    .word   e_satp_vtvm, set_vtvm, b_read_satp, MODE_VS
    .word   e_sret_vtsr, set_vtsr, b_sret, MODE_VS
    .word   e_cycle_hcounteren, hide_cycle, b_rdcycle, MODE_VS
    .word   e_cycle_mcounteren, hide_cycle_from_s, b_rdcycle, MODE_VS
    .word   e_hfence_vs, nothing, b_hfence, MODE_VS
    .word   e_hlv_vs, nothing, b_hlv_from_guest, MODE_VS
    .word   e_hlv_spvp, vs_paging_as_vs, b_hlv_supervisor_page, MODE_HS
    .word   e_hlv_vu, vs_paging, b_hlv_supervisor_page, MODE_HS
    .word   e_hlvx, vs_paging_as_vs, b_hlvx_execute_only, MODE_HS
    .word   e_hlv_x, vs_paging_as_vs, b_hlv_execute_only, MODE_HS
    .word   e_hsv, vs_paging, b_hsv_user_page, MODE_HS
    .word   e_vstimer_vs, vs_timer_delegated, b_spin, MODE_VS
    .word   e_vstimer_hs, vs_timer_not_delegated, b_spin, MODE_VS
    .word   e_hstimer, hs_timer_pending, b_spin, MODE_VS
    .word   e_sie_hie, hs_timer_and_vs_timer_enabled, b_sie_keeps_hie, MODE_HS
    .word   e_sret_vu, nothing, b_sret_to_vu, MODE_HS
    .word   e_hfence_remap, nothing, b_hfence_after_remap, MODE_HS
    .word   e_time, time_delta, b_time_delta, MODE_VS
experiments_end:

e_vs_ecall:         .asciz "ecall from VS"
e_vu_ecall_vs:      .asciz "ecall from VU, hedeleg passes it to the guest"
e_vu_ecall_hs:      .asciz "ecall from VU, not in hedeleg"
e_vs_ecall_m:       .asciz "ecall from VS, not in medeleg"
e_load_hole:        .asciz "load from guest-physical memory the G-stage does not map"
e_store_hole:       .asciz "store there"
e_fetch_hole:       .asciz "jump there"
e_hole_m:           .asciz "load there, not in medeleg"
e_vs_fault_vs:      .asciz "load through an invalid VS PTE, hedeleg passes it to the guest"
e_vs_fault_hs:      .asciz "load through an invalid VS PTE, not in hedeleg"
e_behind_vs_page:   .asciz "load from a VS page whose guest-physical page is not mapped"
e_vs_table_in_hole: .asciz "store through a VS page table that is not mapped"
e_wfi_vtw:          .asciz "wfi in VS with hstatus.VTW"
e_wfi_vu:           .asciz "wfi in VU"
e_hstatus_vs:       .asciz "read hstatus in VS"
e_sstatus_vu:       .asciz "read sstatus in VU"
e_satp_vtvm:        .asciz "read satp in VS with hstatus.VTVM"
e_sret_vtsr:        .asciz "sret in VS with hstatus.VTSR"
e_cycle_hcounteren: .asciz "rdcycle in VS, hcounteren.CY clear"
e_cycle_mcounteren: .asciz "rdcycle in VS, mcounteren.CY clear"
e_hfence_vs:        .asciz "hfence.gvma in VS"
e_hlv_vs:           .asciz "hlv.w in VS"
e_hlv_spvp:         .asciz "hlv.w in HS as VS (SPVP) from a supervisor page"
e_hlv_vu:           .asciz "hlv.w in HS as VU from a supervisor page"
e_hlvx:             .asciz "hlvx.wu in HS from an execute-only page"
e_hlv_x:            .asciz "hlv.w in HS from an execute-only page"
e_hsv:              .asciz "hsv.w in HS as VU to a user page, read back"
e_vstimer_vs:       .asciz "hvip.VSTIP, hideleg passes it to the guest"
e_vstimer_hs:       .asciz "hvip.VSTIP, not in hideleg"
e_hstimer:          .asciz "STIP while the guest runs with sstatus.SIE clear"
e_sie_hie:          .asciz "HS clears sie: hie"
e_sret_vu:          .asciz "sret in HS with hstatus.SPV, SPP = U, then ecall"
e_hfence_remap:     .asciz "G-stage leaf changed, hfence.gvma, hlv.w"
e_time:             .asciz "time in VS is time + htimedelta"

msg_misa:           .asciz "misa.H: "
msg_mideleg:        .asciz "mideleg written 0, its VS bits read "
msg_hstatus:        .asciz "hstatus written -1 reads (VTSR VTW VTVM HU SPVP SPV GVA) "
msg_no_trap:        .asciz " no trap, value "
msg_vs:             .asciz " VS vscause "
msg_hs:             .asciz " HS scause "
msg_m:              .asciz " M mcause "
msg_interrupt:      .asciz "interrupt "
msg_epc:            .asciz " epc "
msg_tval:           .asciz " tval "
msg_gpa:            .asciz " gpa>>2 "
msg_tinst:          .asciz " tinst "
msg_insn:           .asciz "insn"
msg_spp:            .asciz " SPP "
msg_hstatus_bits:   .asciz " SPV SPVP GVA"
msg_mstatus_bits:   .asciz " MPV GVA MPP"

    .section .data
    .balign 4096
page_a:
    .word   0x11111111, 0
    .balign 4096
page_b:
    .word   0x22222222, 0
    .balign 4
record:     .space 36
driver_sp:  .word 0, 0
m_time:     .word 0

    .section .bss
    .balign GSTAGE_ROOT_SIZE
g_root:     .space GSTAGE_ROOT_SIZE
g_level0:   .space PAGE_SIZE
vs_root:    .space PAGE_SIZE
vs_level0:  .space PAGE_SIZE
    .balign 16
            .space 2048
stack_top:

.include "../lib/uart.s"
.include "../lib/finisher.s"
