package vmsh.cpu;

import static vmsh.isa.Csr.*;
import static vmsh.isa.Encoding.*;

import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import vmsh.isa.Extension;
import vmsh.isa.Isa;

/**
 * The control and status registers of one hart, with the spec's access rules. Fields
 * are the architectural state; {@link #read}/{@link #write} apply the WARL rules of each
 * register; {@link #check} applies the illegal-instruction rules of a CSR instruction.
 */
public final class CsrFile implements vmsh.state.Stateful {
    private static final int MSTATUS_WRITABLE = MSTATUS_SIE | MSTATUS_MIE | MSTATUS_SPIE | MSTATUS_MPIE
            | MSTATUS_SPP | MSTATUS_MPP | MSTATUS_MPRV | MSTATUS_SUM | MSTATUS_MXR
            | MSTATUS_TVM | MSTATUS_TW | MSTATUS_TSR;
    /** The bits of mstatus that sstatus shows. */
    public static final int SSTATUS_VISIBLE = MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_UBE | MSTATUS_SPP
            | MSTATUS_VS | MSTATUS_FS | MSTATUS_XS | MSTATUS_SUM | MSTATUS_MXR | MSTATUS_SD;
    private static final int SSTATUS_WRITABLE = MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP
            | MSTATUS_SUM | MSTATUS_MXR;
    private static final int HSTATUS_WRITABLE = HSTATUS_GVA | HSTATUS_SPV | HSTATUS_SPVP | HSTATUS_HU
            | HSTATUS_VTVM | HSTATUS_VTW | HSTATUS_VTSR;

    private static final int S_INTERRUPTS = MIP_SSIP | MIP_STIP | MIP_SEIP;
    private static final int ALL_INTERRUPTS = S_INTERRUPTS | MIP_MSIP | MIP_MTIP | MIP_MEIP;
    /** The VS-level interrupts: always delegated past M (mideleg reads them as one), hideleg sends them to VS. */
    public static final int VS_INTERRUPTS = MIP_VSSIP | MIP_VSTIP | MIP_VSEIP;

    /** Exceptions M-mode may delegate: all but ecall from M and the reserved codes. */
    private static final int MEDELEG_WRITABLE = 0x03ff | 1 << CAUSE_FETCH_PAGE_FAULT
            | 1 << CAUSE_LOAD_PAGE_FAULT | 1 << CAUSE_STORE_PAGE_FAULT;
    /** With misa.H, M-mode may also delegate ecall from VS, the guest-page faults and virtual instruction. */
    private static final int MEDELEG_HYPERVISOR = 1 << CAUSE_VIRTUAL_SUPERVISOR_ECALL | 1 << CAUSE_FETCH_GUEST_PAGE_FAULT
            | 1 << CAUSE_LOAD_GUEST_PAGE_FAULT | 1 << CAUSE_VIRTUAL_INSTRUCTION | 1 << CAUSE_STORE_GUEST_PAGE_FAULT;
    /** Exceptions HS-mode may delegate to VS-mode: not the ecalls from HS/VS/M nor the guest-page and virtual-instruction faults. */
    private static final int HEDELEG_WRITABLE = 0x01ff | 1 << CAUSE_FETCH_PAGE_FAULT
            | 1 << CAUSE_LOAD_PAGE_FAULT | 1 << CAUSE_STORE_PAGE_FAULT;

    public int mstatus;
    public int medeleg, mideleg, mie;
    /**
     * The software-writable pending bits (SSIP, STIP, SEIP). Devices drive MSIP, MTIP, MEIP
     * and the external SEIP line; mip reads the OR of both (SEIP = software bit | line).
     */
    public int mipSoftware;
    public int mtvec, mscratch, mepc, mcause, mtval, mcounteren;
    public int stvec, sscratch, sepc, scause, stval, scounteren, satp;
    /** The hypervisor extension (present when {@link #hypervisor}): HS-mode's CSRs and the guest's VS CSRs. */
    public int mstatush, mtval2, mtinst;
    public int hstatus, hedeleg, hideleg, hcounteren, htval, htinst, hgatp, htimedelta, htimedeltah;
    /** The VS-level pending bits the hypervisor injects (VSSIP, VSTIP, VSEIP). */
    public int hvip;
    public int vsstatus, vstvec, vsscratch, vsepc, vscause, vstval, vsatp;
    /** The extensions the hart implements; misa reads them. */
    public final Isa isa;
    /** misa.H: the hypervisor extension is implemented (V mode, H and VS CSRs). */
    public final boolean hypervisor;
    /** PMP entries: held with their WARL rules, not yet enforced (the MMU issue checks them). */
    public static final int PMP_ENTRIES = 16;
    public final int[] pmpaddr = new int[PMP_ENTRIES];
    public final byte[] pmpcfg = new byte[PMP_ENTRIES];
    private long cycleDelta, instretDelta;   // counter value minus the clock's count

    private final Clock clock;
    private final LongSupplier time;
    private final IntSupplier devicePending;

    /**
     * @param time          the mtime value the time/timeh CSRs read
     * @param devicePending the pending bits devices drive (MSIP, MTIP, MEIP)
     */
    public CsrFile(Clock clock, LongSupplier time, IntSupplier devicePending) {
        this(clock, time, devicePending, Isa.DEFAULT);
    }

    /** @param isa the extensions implemented (misa; with H, the hypervisor extension's CSRs) */
    public CsrFile(Clock clock, LongSupplier time, IntSupplier devicePending, Isa isa) {
        this.clock = clock;
        this.time = time;
        this.devicePending = devicePending;
        this.isa = isa;
        this.hypervisor = isa.has(Extension.H);
        if (hypervisor) mideleg = VS_INTERRUPTS;
    }

    public int mpp() { return (mstatus & MSTATUS_MPP) >>> MSTATUS_MPP_SHIFT; }

    /** The pending interrupts: the software bits OR the device lines (SEIP is both), and hvip's VS bits. */
    public int mip() {
        return mipSoftware | hvip | devicePending.getAsInt() & (MIP_MSIP | MIP_MTIP | MIP_MEIP | MIP_SEIP);
    }

    /**
     * The value a csrrs/csrrc modifies: like {@link #read}, except that mip and sip use
     * only the software-writable SEIP bit, not the external line (privileged spec 3.1.9).
     */
    public int readForUpdate(int csr) {
        return switch (csr) {
            case MIP -> mip() & ~MIP_SEIP | mipSoftware & MIP_SEIP;
            case SIP -> (mip() & ~MIP_SEIP | mipSoftware & MIP_SEIP) & mideleg & S_INTERRUPTS;
            default -> read(csr);
        };
    }

    /**
     * Applies the illegal-instruction rules of a CSR instruction at privilege {@code priv}:
     * the CSR must exist, its number's bits 9:8 must not exceed the privilege, a write must
     * not target a read-only number (bits 11:10 = 0b11), counters need their counteren bits,
     * and satp in S-mode needs mstatus.TVM clear.
     */
    public void check(int csr, int priv, boolean writes, int word) { check(csr, priv, false, writes, word); }

    /**
     * The same rules with V ({@code virt}): hypervisor and VS CSRs (bits 9:8 = 0b10) belong
     * to HS-mode. With V=1, an access HS-mode could make (an H or VS CSR from VS, an S CSR or
     * hypervisor counter from VU, satp under hstatus.VTVM, a counter hcounteren hides) raises
     * a virtual-instruction exception instead of an illegal-instruction one.
     */
    public void check(int csr, int priv, boolean virt, boolean writes, int word) {
        int cause = fault(csr, priv, virt, writes);
        if (cause >= 0) throw new Trap(cause, word);
    }

    /**
     * The exception {@link #check} would raise, or -1 when the access is allowed. (The
     * engine uses it to raise the trap without throwing: a trap-and-emulate guest's
     * kernel takes one on every CSR access.)
     */
    public int fault(int csr, int priv, boolean virt, boolean writes) {
        int level = privilege(csr) == 2 ? PRV_S : privilege(csr);   // H/VS CSRs: HS-mode's
        if (!exists(csr) || (writes && readOnly(csr)) || level == PRV_M && priv < PRV_M)
            return CAUSE_ILLEGAL_INSTRUCTION;
        if (virt) {
            if (privilege(csr) == 2 || priv < level) return CAUSE_VIRTUAL_INSTRUCTION;
            if (isUserCounter(csr)) {
                if (!counterEnabled(csr & 0x1f, PRV_S)) return CAUSE_ILLEGAL_INSTRUCTION;
                if ((hcounteren >>> (csr & 0x1f) & 1) == 0 || priv == PRV_U && (scounteren >>> (csr & 0x1f) & 1) == 0)
                    return CAUSE_VIRTUAL_INSTRUCTION;
            }
            if (csr == SATP && (hstatus & HSTATUS_VTVM) != 0) return CAUSE_VIRTUAL_INSTRUCTION;
            return -1;
        }
        if (priv < level) return CAUSE_ILLEGAL_INSTRUCTION;
        if (isUserCounter(csr) && !counterEnabled(csr & 0x1f, priv)) return CAUSE_ILLEGAL_INSTRUCTION;
        if ((csr == SATP || csr == HGATP) && priv == PRV_S && (mstatus & MSTATUS_TVM) != 0)
            return CAUSE_ILLEGAL_INSTRUCTION;
        return -1;
    }

    /** With V=1 the supervisor CSR numbers name the VS CSRs; other numbers are themselves. */
    public static int redirectVirtual(int csr) {
        return switch (csr) {
            case SSTATUS -> VSSTATUS;
            case SIE -> VSIE;
            case STVEC -> VSTVEC;
            case SSCRATCH -> VSSCRATCH;
            case SEPC -> VSEPC;
            case SCAUSE -> VSCAUSE;
            case STVAL -> VSTVAL;
            case SIP -> VSIP;
            case SATP -> VSATP;
            default -> csr;
        };
    }

    private static boolean isUserCounter(int csr) {
        return (csr >= CYCLE && csr <= CYCLE + 31) || (csr >= CYCLEH && csr <= CYCLEH + 31);
    }

    /** S-mode needs the mcounteren bit; U-mode needs the mcounteren and scounteren bits. */
    private boolean counterEnabled(int bit, int priv) {
        if (priv == PRV_M) return true;
        if ((mcounteren >>> bit & 1) == 0) return false;
        return priv == PRV_S || (scounteren >>> bit & 1) != 0;
    }

    public boolean exists(int csr) {
        if (isUserCounter(csr) || isMachineCounter(csr)) return true;
        if (privilege(csr) == 2 || csr == MTINST || csr == MTVAL2) return hypervisor && hypervisorCsr(csr);
        if (csr >= PMPCFG0 && csr < PMPCFG0 + 16 || csr >= PMPADDR0 && csr < PMPADDR0 + 64) return true;
        return switch (csr) {
            // debug triggers (TSELECT..TDATA3): one slot whose tdata1.type reads 0, no trigger
            case TSELECT, TDATA1, TDATA2, TDATA3,
                 SSTATUS, SIE, STVEC, SCOUNTEREN, SENVCFG, SSCRATCH, SEPC, SCAUSE, STVAL, SIP, SATP,
                 MVENDORID, MARCHID, MIMPID, MHARTID, MCONFIGPTR,
                 MSTATUS, MISA, MEDELEG, MIDELEG, MIE, MTVEC, MCOUNTEREN, MENVCFG, MSTATUSH, MENVCFGH,
                 MCOUNTINHIBIT, MSCRATCH, MEPC, MCAUSE, MTVAL, MIP -> true;
            default -> false;
        };
    }

    private static boolean hypervisorCsr(int csr) {
        return switch (csr) {
            case HSTATUS, HEDELEG, HIDELEG, HIE, HTIMEDELTA, HCOUNTEREN, HGEIE, HENVCFG, HTIMEDELTAH, HENVCFGH,
                 HTVAL, HIP, HVIP, HTINST, HGATP, HGEIP,
                 VSSTATUS, VSIE, VSTVEC, VSSCRATCH, VSEPC, VSCAUSE, VSTVAL, VSIP, VSATP, MTINST, MTVAL2 -> true;
            default -> false;
        };
    }

    /** mcycle, minstret, the mhpmcounters (and their high halves) and mhpmevent3..31. */
    private static boolean isMachineCounter(int csr) {
        return (csr >= MCYCLE && csr <= MCYCLE + 31 && csr != MCYCLE + 1)
            || (csr >= MCYCLEH && csr <= MCYCLEH + 31 && csr != MCYCLEH + 1)
            || (csr >= MHPMEVENT3 && csr <= MHPMEVENT3 + 28);
    }

    public long cycle() { return clock.cycles() + cycleDelta; }

    public long instret() { return clock.retired() + instretDelta; }

    /** Every CSR field, the PMP entries and the counter offsets (misa.H is part of the machine's build, not saved). */
    @Override
    public void save(vmsh.state.StateOut out) {
        out.putInts(new int[] {
            mstatus, medeleg, mideleg, mie, mipSoftware, mtvec, mscratch, mepc, mcause, mtval, mcounteren,
            stvec, sscratch, sepc, scause, stval, scounteren, satp,
            mstatush, mtval2, mtinst, hstatus, hedeleg, hideleg, hcounteren, htval, htinst, hgatp, htimedelta, htimedeltah,
            hvip, vsstatus, vstvec, vsscratch, vsepc, vscause, vstval, vsatp});
        out.putInts(pmpaddr).putBytes(pmpcfg).putLong(cycleDelta).putLong(instretDelta);
    }

    @Override
    public void restore(vmsh.state.StateIn in) {
        int[] v = in.getInts();
        if (v == null || v.length != 38) throw new vmsh.state.StateException("state section 'csr': " + (v == null ? 0 : v.length) + " CSRs, expected 38");
        int i = 0;
        mstatus = v[i++]; medeleg = v[i++]; mideleg = v[i++]; mie = v[i++]; mipSoftware = v[i++];
        mtvec = v[i++]; mscratch = v[i++]; mepc = v[i++]; mcause = v[i++]; mtval = v[i++]; mcounteren = v[i++];
        stvec = v[i++]; sscratch = v[i++]; sepc = v[i++]; scause = v[i++]; stval = v[i++]; scounteren = v[i++]; satp = v[i++];
        mstatush = v[i++]; mtval2 = v[i++]; mtinst = v[i++]; hstatus = v[i++]; hedeleg = v[i++]; hideleg = v[i++];
        hcounteren = v[i++]; htval = v[i++]; htinst = v[i++]; hgatp = v[i++]; htimedelta = v[i++]; htimedeltah = v[i++];
        hvip = v[i++]; vsstatus = v[i++]; vstvec = v[i++]; vsscratch = v[i++]; vsepc = v[i++]; vscause = v[i++];
        vstval = v[i++]; vsatp = v[i];
        in.getInts(pmpaddr);
        in.getBytes(pmpcfg);
        cycleDelta = in.getLong();
        instretDelta = in.getLong();
    }

    /** The value of an existing CSR (no access checks, no side effects). */
    public int read(int csr) {
        return switch (csr) {
            case CYCLE, MCYCLE -> (int) cycle();
            case CYCLEH, MCYCLEH -> (int) (cycle() >>> 32);
            case INSTRET, MINSTRET -> (int) instret();
            case INSTRETH, MINSTRETH -> (int) (instret() >>> 32);
            case TIME -> (int) time.getAsLong();
            case TIMEH -> (int) (time.getAsLong() >>> 32);
            case SSTATUS -> sstatus();
            case SIE -> mie & mideleg & S_INTERRUPTS;
            case SIP -> mip() & mideleg & S_INTERRUPTS;
            case STVEC -> stvec;
            case SCOUNTEREN -> scounteren;
            case SSCRATCH -> sscratch;
            case SEPC -> sepc;
            case SCAUSE -> scause;
            case STVAL -> stval;
            case SATP -> satp;
            case MSTATUS -> mstatus;
            case MISA -> isa.misa();
            case MSTATUSH -> mstatush;
            case MTVAL2 -> mtval2;
            case MTINST -> mtinst;
            case HSTATUS -> hstatus;
            case HEDELEG -> hedeleg;
            case HIDELEG -> hideleg;
            case HIE -> mie & (VS_INTERRUPTS | MIP_SGEIP);
            case HIP -> mip() & (VS_INTERRUPTS | MIP_SGEIP);
            case HVIP -> hvip;
            case HCOUNTEREN -> hcounteren;
            case HTVAL -> htval;
            case HTINST -> htinst;
            case HGATP -> hgatp;
            case HTIMEDELTA -> htimedelta;
            case HTIMEDELTAH -> htimedeltah;
            case VSSTATUS -> vsstatus;
            // vsie/vsip: the VS bits hideleg delegates, shifted down to the S positions (VSTIP -> STIP)
            case VSIE -> (mie & hideleg & VS_INTERRUPTS) >>> 1;
            case VSIP -> (mip() & hideleg & VS_INTERRUPTS) >>> 1;
            case VSTVEC -> vstvec;
            case VSSCRATCH -> vsscratch;
            case VSEPC -> vsepc;
            case VSCAUSE -> vscause;
            case VSTVAL -> vstval;
            case VSATP -> vsatp;
            case MEDELEG -> medeleg;
            case MIDELEG -> mideleg;
            case MIE -> mie;
            case MIP -> mip();
            case MTVEC -> mtvec;
            case MCOUNTEREN -> mcounteren;
            case MSCRATCH -> mscratch;
            case MEPC -> mepc;
            case MCAUSE -> mcause;
            case MTVAL -> mtval;
            default -> {
                if (csr >= PMPCFG0 && csr < PMPCFG0 + PMP_ENTRIES / 4) yield pmpcfgWord(csr - PMPCFG0);
                if (csr >= PMPADDR0 && csr < PMPADDR0 + PMP_ENTRIES) yield pmpaddr[csr - PMPADDR0];
                // ids, envcfg, mstatush, mcountinhibit, PMP (no entries), hpm counters/events: zero
                if (!exists(csr)) throw new IllegalArgumentException(String.format("no CSR 0x%03x", csr));
                yield 0;
            }
        };
    }

    /**
     * The value a guest (V=1) reads from CSR {@code csr} (a redirected number): time and timeh
     * read the hart's time plus the 64-bit htimedeltah:htimedelta; the rest as {@link #read}.
     */
    public int readVirtual(int csr) {
        return switch (csr) {
            case TIME -> (int) guestTime();
            case TIMEH -> (int) (guestTime() >>> 32);
            default -> read(csr);
        };
    }

    /** time as VS-mode and VU-mode see it: time + htimedelta (64 bits, wrapping). */
    public long guestTime() {
        return time.getAsLong() + ((long) htimedeltah << 32 | htimedelta & 0xffff_ffffL);
    }

    private int sstatus() {
        int s = mstatus & SSTATUS_VISIBLE;
        return s;
    }

    /**
     * Writes an existing CSR with its WARL rules, as a CSR instruction that then retires
     * (a counter written now reads the written value at the next instruction).
     */
    public void write(int csr, int v) {
        switch (csr) {
            case MCYCLE -> setCycle(cycle() & ~0xffff_ffffL | (v & 0xffff_ffffL));
            case MCYCLEH -> setCycle(cycle() & 0xffff_ffffL | (long) v << 32);
            case MINSTRET -> setInstret(instret() & ~0xffff_ffffL | (v & 0xffff_ffffL));
            case MINSTRETH -> setInstret(instret() & 0xffff_ffffL | (long) v << 32);
            case SSTATUS -> mstatus = mstatus & ~SSTATUS_WRITABLE | v & SSTATUS_WRITABLE;
            // sie holds the S-level enables only: the VS-level ones (mideleg's read-only ones) are hie's
            case SIE -> mie = mie & ~(mideleg & S_INTERRUPTS) | v & mideleg & S_INTERRUPTS;
            case SIP -> mipSoftware = mipSoftware & ~(mideleg & MIP_SSIP) | v & mideleg & MIP_SSIP;
            case STVEC -> stvec = legalTvec(v);
            case SCOUNTEREN -> scounteren = v;
            case SSCRATCH -> sscratch = v;
            case SEPC -> sepc = v & ~3;
            case SCAUSE -> scause = v;
            case STVAL -> stval = v;
            // MODE (Bare or Sv32), all 9 ASID bits and the 22-bit PPN are writable
            case SATP -> satp = v;
            case MSTATUS -> writeMstatus(v);
            case MEDELEG -> medeleg = v & (hypervisor ? MEDELEG_WRITABLE | MEDELEG_HYPERVISOR : MEDELEG_WRITABLE);
            case MIDELEG -> mideleg = v & S_INTERRUPTS | (hypervisor ? VS_INTERRUPTS : 0);
            case MIE -> mie = v & (hypervisor ? ALL_INTERRUPTS | VS_INTERRUPTS | MIP_SGEIP : ALL_INTERRUPTS);
            case MSTATUSH -> mstatush = hypervisor ? v & (MSTATUSH_GVA | MSTATUSH_MPV) : 0;   // read-only zero without H
            case MTVAL2 -> mtval2 = v;
            case MTINST -> mtinst = v;
            case HSTATUS -> hstatus = v & HSTATUS_WRITABLE;
            case HEDELEG -> hedeleg = v & HEDELEG_WRITABLE;
            case HIDELEG -> hideleg = v & VS_INTERRUPTS;
            case HIE -> mie = mie & ~(VS_INTERRUPTS | MIP_SGEIP) | v & (VS_INTERRUPTS | MIP_SGEIP);
            case HIP -> hvip = hvip & ~MIP_VSSIP | v & MIP_VSSIP;
            case HVIP -> hvip = v & VS_INTERRUPTS;
            case HCOUNTEREN -> hcounteren = v;
            case HTVAL -> htval = v;
            case HTINST -> htinst = v;
            // MODE (Bare or Sv32x4), a 7-bit VMID, the PPN of a 16 KiB-aligned root (its two low bits read 0)
            case HGATP -> hgatp = v & (vmsh.mmu.Hgatp.HGATP_MODE | vmsh.mmu.Hgatp.HGATP_VMID_MASK << vmsh.mmu.Hgatp.HGATP_VMID_SHIFT
                    | vmsh.mmu.Hgatp.HGATP_PPN_MASK & ~3);
            case HTIMEDELTA -> htimedelta = v;
            case HTIMEDELTAH -> htimedeltah = v;
            case VSSTATUS -> vsstatus = vsstatus & ~SSTATUS_WRITABLE | v & SSTATUS_WRITABLE;
            case VSIE -> {
                int delegated = hideleg & VS_INTERRUPTS;
                mie = mie & ~delegated | v << 1 & delegated;
            }
            case VSIP -> hvip = hvip & ~(hideleg & MIP_VSSIP) | v << 1 & hideleg & MIP_VSSIP;
            case VSTVEC -> vstvec = legalTvec(v);
            case VSSCRATCH -> vsscratch = v;
            case VSEPC -> vsepc = v & ~3;
            case VSCAUSE -> vscause = v;
            case VSTVAL -> vstval = v;
            case VSATP -> vsatp = v;
            case MIP -> mipSoftware = v & S_INTERRUPTS;
            case MTVEC -> mtvec = legalTvec(v);
            case MCOUNTEREN -> mcounteren = v;
            case MSCRATCH -> mscratch = v;
            case MEPC -> mepc = v & ~3;
            case MCAUSE -> mcause = v;
            case MTVAL -> mtval = v;
            default -> {
                if (csr >= PMPCFG0 && csr < PMPCFG0 + PMP_ENTRIES / 4) writePmpcfg(csr - PMPCFG0, v);
                else if (csr >= PMPADDR0 && csr < PMPADDR0 + PMP_ENTRIES) writePmpaddr(csr - PMPADDR0, v);
                // the rest are read-only zero (WARL) and ignore writes
            }
        }
    }

    /* pmpcfg: four entries per CSR on RV32, one byte each (see Encoding's PMP_ bits) */
    private int pmpcfgWord(int n) {
        int v = 0;
        for (int i = 0; i < 4; i++) v |= (pmpcfg[4 * n + i] & 0xff) << (8 * i);
        return v;
    }

    /** Locked entries keep their value; the reserved R=0 W=1 combination is stored as R=W=0. */
    private void writePmpcfg(int n, int v) {
        for (int i = 0; i < 4; i++) {
            int e = 4 * n + i;
            if ((pmpcfg[e] & PMP_L) != 0) continue;
            int b = v >>> (8 * i) & (PMP_L | PMP_A | PMP_X | PMP_W | PMP_R);
            if ((b & (PMP_R | PMP_W)) == PMP_W) b &= ~PMP_W;
            pmpcfg[e] = (byte) b;
        }
    }

    /** pmpaddr holds address bits 33:2; a locked entry (or the TOR base of one) keeps its value. */
    private void writePmpaddr(int e, int v) {
        if ((pmpcfg[e] & PMP_L) != 0) return;
        if (e + 1 < PMP_ENTRIES && (pmpcfg[e + 1] & PMP_L) != 0 && (pmpcfg[e + 1] & PMP_A) == 1 << 3) return;
        pmpaddr[e] = v;
    }

    /** MPP is WARL over {M, S, U}: the reserved value 2 keeps the old mode. */
    private void writeMstatus(int v) {
        int next = mstatus & ~MSTATUS_WRITABLE | v & MSTATUS_WRITABLE;
        if ((next & MSTATUS_MPP) >>> MSTATUS_MPP_SHIFT == 2) next = next & ~MSTATUS_MPP | mstatus & MSTATUS_MPP;
        mstatus = next;
    }

    /** xtvec MODE is WARL over {direct, vectored}; reserved modes fall back to direct. */
    /** A trap vector as xtvec keeps it: the reserved modes 2 and 3 leave the base only. */
    public static int legalTvec(int v) {
        return (v & 3) <= TVEC_VECTORED ? v : v & ~3;
    }

    private void setCycle(long value) { cycleDelta = value - (clock.cycles() + Clock.CYCLES_PER_INSN); }

    private void setInstret(long value) { instretDelta = value - (clock.retired() + 1); }
}
