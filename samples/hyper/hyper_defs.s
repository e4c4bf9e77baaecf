# hyper_defs.s - the hypervisor extension's names (privileged spec 1.12, chapter 8) and the
# guest's place in memory. Names only (.equ); no code or data.

# The guest: one VM with 8 MiB of RAM, seen by it at guest-physical 0x8000_0000 (where the
# kernel expects its RAM) and kept by us at host-physical 0x8040_0000.
#
#   host physical                          guest physical
#   0x8000_0000  hyper.s: firmware page,
#                hypervisor, its tables
#   0x8040_0000  guest RAM (8 MiB)   <-->  0x8000_0000  kernel image, then its free pages
#   0x80C0_0000  (unused)                  0x8080_0000  (nothing: a guest-page fault)
.equ GUEST_GPA,             0x80000000  # guest RAM, guest-physical
.equ GUEST_HPA,             0x80400000  # ... and where it really is (4 MiB aligned)
.equ GUEST_SIZE,            0x00800000  # 8 MiB: the kernel's RAM_SIZE
.equ GUEST_ENTRY,           0x80001000  # kernel_entry: the boot contract of samples/kernel
.equ GUEST_HARTID,          0           # the virtual hart's id, passed in a0

# hstatus (HS-mode's view of the guest)
.equ HSTATUS_GVA,           1 << 6      # stval holds a guest virtual address
.equ HSTATUS_SPV,           1 << 7      # V before the trap; sret sets V from it
.equ HSTATUS_SPVP,          1 << 8      # the guest's privilege before the trap (1 = VS)
.equ HSTATUS_VTVM,          1 << 20     # trap the guest's satp and sfence.vma
.equ HSTATUS_VTW,           1 << 21     # trap the guest's wfi (a virtual-instruction exception)
.equ HSTATUS_VTSR,          1 << 22     # trap the guest's sret

# hgatp: the G-stage root, as satp is the VS-stage's
#   31  30    29  28       22 21                      0
#  |MODE| 0 0 |    VMID      |         PPN              |
.equ HGATP_MODE_SV32X4,     1 << 31
.equ HGATP_VMID_SHIFT,      22
.equ GUEST_VMID,            1

# Sv32x4: Sv32 with 2 more bits of guest-physical address (34 in all). The root table has
# 4 x 1024 entries (16 KiB, aligned to 16 KiB); the level below is an ordinary Sv32 table.
#   33            22 21        12 11             0
#  |  VPN[1], 12 bits |   VPN[0]   |    offset      |
.equ GSTAGE_ROOT_SIZE,      16384
.equ GSTAGE_ROOT_ENTRIES,   4096
# A G-stage leaf: every guest access counts as a U-mode access there, so U must be set.
# A and D are set now: no fault just to mark the page used.
.equ GSTAGE_LEAF,           PTE_V | PTE_R | PTE_W | PTE_X | PTE_U | PTE_A | PTE_D
.equ GSTAGE_TABLES,         GUEST_SIZE / MEGAPAGE_SIZE  # level-0 tables: one per 4 MiB

# hvip / hip / hie: the VS-level interrupts, in the same bit places as mip
.equ HVIP_VSSIP,            1 << 2
.equ HVIP_VSTIP,            1 << 6
.equ HVIP_VSEIP,            1 << 10

# hcounteren: the counters the guest may read without an exit
.equ HCOUNTEREN_CY,         1 << 0      # cycle
.equ HCOUNTEREN_TM,         1 << 1      # time (the guest's clock is ours: htimedelta = 0)
.equ HCOUNTEREN_IR,         1 << 2      # instret

# Exceptions the hypervisor extension adds (scause)
.equ CAUSE_FETCH_ACCESS,            1
.equ CAUSE_LOAD_ACCESS,             5
.equ CAUSE_STORE_ACCESS,            7
.equ CAUSE_VS_ECALL,                10  # ecall from VS-mode: the guest asks its SBI
.equ CAUSE_FETCH_GUEST_PAGE_FAULT,  20
.equ CAUSE_LOAD_GUEST_PAGE_FAULT,   21
.equ CAUSE_VIRTUAL_INSTRUCTION,     22  # the guest tried what the hypervisor keeps (hstatus.VTW ...)
.equ CAUSE_STORE_GUEST_PAGE_FAULT,  23

# hedeleg: what the guest kernel handles itself, without an exit: misaligned accesses,
# access faults, illegal instruction, breakpoint, ecall from VU (its system calls), and
# its own page faults. Never 10 or 20-23: those are ours.
.equ GUEST_EXCEPTIONS,      0x1FF | (1 << CAUSE_FETCH_PAGE_FAULT) | (1 << CAUSE_LOAD_PAGE_FAULT) | (1 << CAUSE_STORE_PAGE_FAULT)
# hideleg: the VS-level interrupts go to the guest (as its S-level ones)
.equ GUEST_INTERRUPTS,      HVIP_VSSIP | HVIP_VSTIP | HVIP_VSEIP

.equ INSN_WFI,              0x10500073  # the encoding of wfi, as stval shows it

# The vCPU's saved registers (one word each): slot 0 holds the guest's pc, slot n register xn.
.equ VCPU_PC,               0 * 4
.equ VCPU_SP,               2 * 4
.equ VCPU_A0,               10 * 4
.equ VCPU_A1,               11 * 4
.equ VCPU_A2,               12 * 4
.equ VCPU_A6,               16 * 4
.equ VCPU_A7,               17 * 4
.equ VCPU_SIZE,             32 * 4

# Exits, counted by kind (hyper_exits[kind], one word each)
.equ EXIT_SBI,              0           # an SBI call other than set_timer
.equ EXIT_SBI_TIMER,        1           # SBI set_timer
.equ EXIT_TIMER,            2           # our timer interrupt, passed on to the guest
.equ EXIT_GUEST_PAGE_FAULT, 3           # a guest-physical page not mapped yet
.equ EXIT_VIRTUAL_INSTRUCTION, 4        # an instruction the guest may not execute itself
.equ EXIT_KINDS,            5

.equ HYPER_STACK_SIZE,      4096
.equ HYPER_IMPL_ID,         0x68797072  # "hypr": the SBI implementation the guest sees
