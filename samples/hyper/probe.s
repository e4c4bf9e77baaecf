# probe.s - does this hart have the hypervisor extension?
#
# HS-mode cannot read misa (an M-mode CSR), so we ask the way software finds an optional
# feature: try it. Reading hstatus works with the H extension and is an illegal
# instruction without it. Under another hypervisor that does not offer us the extension,
# the read is a virtual-instruction exit there, and it hands us the same illegal
# instruction. For the duration of the try, stvec points at the line after it.

    .section .text

# has_h_extension() -> a0 = 1 with the H extension, else 0. Leaf.
has_h_extension:
    csrr    t1, stvec                   # keep the real trap vector
    la      t0, 1f
    csrw    stvec, t0                   # if the read traps, go on at 1 with a0 = 0
    li      a0, 0
    csrr    t0, hstatus                 # an illegal instruction without the H extension
    li      a0, 1
    .balign 4                           # stvec needs a 4-byte aligned base
1:  csrw    stvec, t1
    ret
