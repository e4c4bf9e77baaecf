/**
 * Address translation as the privileged spec draws it: the Sv32 walker and the two-stage
 * (G-stage, Sv32x4) walk with their permission and A/D rules ({@link vmsh.mmu.Walker}), the
 * translation regime of a hart ({@link vmsh.mmu.Regime}), the modelled TLB with its counters
 * ({@link vmsh.mmu.Tlb}), and explanations of a walk step by step for users. It reads page
 * tables through {@link vmsh.mmu.PageTableMemory}, so it may import only isa and state: the
 * engine above it supplies the memory.
 */
package vmsh.mmu;
