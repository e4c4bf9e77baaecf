# riscv_defs.s - S-mode hardware names the kernel uses (privileged spec 1.12, Sv32).
# Names only (.equ); no code or data. M-mode names live in sbi_shim.s: the kernel never
# touches M-mode state.

# sstatus
.equ SSTATUS_SIE,       1 << 1      # S-mode interrupts enabled (only matters while in S-mode)
.equ SSTATUS_SPIE,      1 << 5      # SIE before the trap; sret copies it back
.equ SSTATUS_SPP,       1 << 8      # mode before the trap: 0 = U, 1 = S; sret returns to it
.equ SSTATUS_SUM,       1 << 18     # permit S-mode loads/stores to U pages
.equ SSTATUS_MXR,       1 << 19     # make executable pages readable

# sie / sip
.equ SIE_SSIE,          1 << 1      # software
.equ SIE_STIE,          1 << 5      # timer
.equ SIE_SEIE,          1 << 9      # external

# scause: top bit = interrupt, the rest = code
.equ SCAUSE_INTERRUPT,              1 << 31
.equ IRQ_S_TIMER,                   5
.equ CAUSE_MISALIGNED_FETCH,        0
.equ CAUSE_ILLEGAL_INSTRUCTION,     2
.equ CAUSE_BREAKPOINT,              3
.equ CAUSE_USER_ECALL,              8
.equ CAUSE_FETCH_PAGE_FAULT,        12
.equ CAUSE_LOAD_PAGE_FAULT,         13
.equ CAUSE_STORE_PAGE_FAULT,        15

# satp (Sv32)
#   31  30        22 21                      0
#  |MODE|   ASID    |          PPN            |
.equ SATP_MODE_SV32,    1 << 31
.equ SATP_ASID_SHIFT,   22
.equ SATP_ASID_MASK,    0x1FF       # 9 bits of ASID at most; hardware may keep fewer

# Sv32 virtual address
#   31        22 21        12 11             0
#  |   VPN[1]   |   VPN[0]   |    offset      |
.equ PAGE_SIZE,         4096
.equ PAGE_SHIFT,        12
.equ MEGAPAGE_SIZE,     0x400000    # one level-1 leaf maps 4 MiB
.equ VPN1_SHIFT,        22
.equ VPN0_SHIFT,        12
.equ VPN_MASK,          0x3FF       # 10 bits per level, 1024 PTEs per table

# Sv32 page-table entry
#   31                20 19          10 9   8 7 6 5 4 3 2 1 0
#  |      PPN[1]        |   PPN[0]     | RSW |D|A|G|U|X|W|R|V|
# R = W = X = 0 with V = 1: a pointer to the next-level table; otherwise a leaf.
.equ PTE_V,             1 << 0      # valid
.equ PTE_R,             1 << 1      # readable
.equ PTE_W,             1 << 2      # writable
.equ PTE_X,             1 << 3      # executable
.equ PTE_U,             1 << 4      # user page (U-mode may access; S-mode only with SUM)
.equ PTE_G,             1 << 5      # global: the same in every address space (every ASID)
.equ PTE_A,             1 << 6      # accessed
.equ PTE_D,             1 << 7      # dirty
.equ PTE_PPN_SHIFT,     10          # pte = (pa >> 12) << 10 | flags
