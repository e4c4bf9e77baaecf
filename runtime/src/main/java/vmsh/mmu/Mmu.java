package vmsh.mmu;

import static vmsh.mmu.Access.FETCH;
import static vmsh.isa.Encoding.*;

import java.util.ArrayList;
import java.util.List;

/**
 * The memory-management unit of one hart: the translation regimes, the TLB(s) and the
 * walker. The engine calls {@link #translate} for every access made with translation on;
 * a TLB hit costs a set index, a loop over the ways and a permission-table check.
 *
 * <p>The engine's side of the contract:
 * <ul>
 * <li>{@link #update} after anything translation depends on changes: privilege, V,
 *     mstatus (MPRV, MPP, SUM, MXR), satp, vsatp, vsstatus, hgatp. No TLB entry is
 *     dropped: as on hardware, only the fences do that.
 * <li>{@link #translate}: a physical address (34 bits; above 4 GiB no RAM answers), or
 *     {@link #FAULT} with {@link #faultCause}, {@link #faultTval}, {@link #faultGpa}.
 * <li>Instruction fetches may use a latch: after {@code translate(pc, FETCH)} succeeds, the
 *     engine may run the rest of that page's instructions without translating, while
 *     {@link #fetchLatchValid()} holds, and reports them with {@link #fetchHits} so every
 *     fetch counts as one lookup. While latched, the fetch entry counts as used by each
 *     instruction before that instruction's data accesses (so a unified TLB's LRU is exact
 *     for instructions making at most one data lookup).
 * <li>sfence.vma, hfence.vvma, hfence.gvma: {@link #sfenceVma}, {@link #hfenceVvma},
 *     {@link #hfenceGvma} (an sfence.vma executed with V=1 is an hfence.vvma of the
 *     current VMID).
 * </ul>
 */
public final class Mmu implements vmsh.state.Stateful {
    /** What {@link #translate} returns for a fault. */
    public static final long FAULT = -1;
    private static final long MASK32 = 0xffff_ffffL;

    private final PageTableMemory memory;
    private final TlbConfig config;
    private final Tlb itlb, dtlb;
    private final Walker walker;
    private final Regime fetch = new Regime(), data = new Regime();
    /** The regime of the last hypervisor virtual-machine access (HLV, HLVX, HSV). */
    private final Regime virtualAccess = new Regime();
    private boolean hardwareAD = true;
    /** The arguments of the last {@link #update}: the regimes are made from them again on a restore. */
    private int[] regimeInputs = {PRV_M, 0, PRV_M, 0, 0, 0, 0, 0, 0};
    private long flushes;
    private RefillObserver refillObserver;

    /** Told of every successful TLB refill: a page-table walk that a TLB miss needed. */
    @FunctionalInterface
    public interface RefillObserver {
        /** {@code access} missed; the walk gave guest-physical {@code gpa} (two-stage, else -1) and physical {@code pa}. */
        void refilled(int access, long gpa, long pa);
    }

    /** Sets who is told of TLB refills (null: nobody; the fast path stays as it is). */
    public void setRefillObserver(RefillObserver observer) { this.refillObserver = observer; }

    /** The TLB entry that served the last successful translated {@link #translate}, or -1. */
    public int lastEntry = -1;

    /** The last fault: exception code, stval/mtval, GPA for htval (or -1), VS-stage PTE access. */
    public int faultCause, faultTval;
    public long faultGpa;
    public boolean faultImplicit;
    /** With {@link #faultImplicit}: the implicit access was a VS-stage PTE's A/D update (a store), not its read. */
    public boolean faultImplicitStore;
    private String faultReason;

    public Mmu(PageTableMemory memory, TlbConfig config) {
        this.memory = memory;
        this.config = config;
        this.walker = new Walker(memory);
        if (config.split()) {
            itlb = new Tlb("I", config, config.seed());
            dtlb = new Tlb("D", config, config.seed() + 1);
        } else {
            itlb = dtlb = new Tlb("U", config, config.seed());
        }
    }

    public Mmu(PageTableMemory memory) { this(memory, TlbConfig.DEFAULT); }

    public TlbConfig config() { return config; }

    public PageTableMemory memory() { return memory; }

    // ---------------------------------------------------------------- regime

    /**
     * Sets the CSR state translation reads. {@code priv}/{@code virt} are the hart's
     * privilege and V (for fetches); {@code dataPriv}/{@code dataVirt} the effective ones of
     * loads and stores (mstatus.MPP/MPV when MPRV is set in M-mode, else the same).
     */
    public void update(int priv, boolean virt, int dataPriv, boolean dataVirt, int satp, int mstatus,
                       int vsatp, int vsstatus, int hgatp) {
        regimeInputs = new int[] {priv, virt ? 1 : 0, dataPriv, dataVirt ? 1 : 0, satp, mstatus, vsatp, vsstatus, hgatp};
        fetch.set(priv, virt, satp, mstatus, vsatp, vsstatus, hgatp, hardwareAD);
        data.set(dataPriv, dataVirt, satp, mstatus, vsatp, vsstatus, hgatp, hardwareAD);
        itlb.latched = -1;
    }

    /** The same privilege for fetches and data, V=0. */
    public void update(int priv, int satp, int mstatus) {
        update(priv, false, priv, false, satp, mstatus, 0, 0, 0);
    }

    /**
     * Hardware A/D updating (Svadu, the default) or page faults on a clear A, or D on a store
     * (Svade), from now on.
     */
    public void setHardwareAD(boolean on) {
        hardwareAD = on;
        fetch.adUpdate = on;
        data.adUpdate = on;
    }

    public boolean hardwareAD() { return hardwareAD; }

    /** The regime of {@code access} (fetch or data). */
    public Regime regime(int access) { return access == FETCH ? fetch : data; }

    // ---------------------------------------------------------------- the fast path

    /** The physical address of {@code va} for {@code access}, or {@link #FAULT}. */
    public long translate(int va, int access) {
        Regime r = access == FETCH ? fetch : data;
        if (!r.translated) {
            lastEntry = -1;
            return va & MASK32;
        }
        Tlb t;
        if (access == FETCH) {
            t = itlb;
        } else {
            t = dtlb;
            if (t == itlb) t.touchLatched();
        }
        t.lookups++;
        int i = t.find(va >>> 12, r.key, r.keyNoAsid);
        if (i >= 0) {
            int p = t.perm[i];
            if ((r.allow1[p & 0xff] & r.allowG[p >>> 8 & 0xff] & 1 << access) != 0) {
                t.hit(i);
                if (access == FETCH) t.latched = i;
                lastEntry = i;
                return t.physical(i, va);
            }
        }
        long pa = refill(t, i, va, access, r);
        if (access == FETCH && pa != FAULT) t.latched = lastEntry;
        return pa;
    }

    /** A miss: walk, then cache the translation (replacing the entry that did not allow the access). */
    private long refill(Tlb t, int stale, int va, int access, Regime r) {
        t.misses++;
        Walker w = walker;
        boolean ok = w.walk(va, access, r);
        t.walkReferences += w.references;
        t.adUpdates += w.adWrites;
        if (!ok) {
            faultCause = w.cause;
            faultTval = w.tval;
            faultGpa = w.faultGpa;
            faultImplicit = w.implicit;
            faultImplicitStore = w.implicitStore;
            faultReason = w.reason;
            return FAULT;
        }
        if (stale >= 0) t.remove(stale);
        lastEntry = t.insert(va >>> 12, r.key, w.global, w.mega, (int) (w.pa >>> 12), w.perm);
        if (refillObserver != null) refillObserver.refilled(access, r.virt ? w.gpa : -1, w.pa);
        return w.pa;
    }

    /**
     * Translates {@code va} for a hypervisor virtual-machine load or store (HLV, HLVX, HSV):
     * two-stage, as an access made with V=1 at privilege {@code priv} (hstatus.SPVP: S or
     * U) under vsatp, vsstatus (SUM, MXR) and hgatp; mstatus gives the G-stage MXR. It goes
     * through the TLB like the guest's own accesses (same VMID and ASID, same entries). An
     * HLVX passes {@link Access#FETCH}: execute permission is checked at both stages (the
     * fetch latch stays the pc's); the caller reports its faults as a load's.
     */
    public long translateVirtual(int va, int access, int priv, int vsatp, int vsstatus, int hgatp, int mstatus) {
        Regime r = virtualAccess;
        r.set(priv, true, 0, mstatus, vsatp, vsstatus, hgatp, hardwareAD);
        if (!r.translated) {
            lastEntry = -1;
            return va & MASK32;
        }
        Tlb t = access == FETCH ? itlb : dtlb;
        if (t == itlb) t.touchLatched();   // the instruction's own fetch came first
        t.lookups++;
        int i = t.find(va >>> 12, r.key, r.keyNoAsid);
        if (i >= 0 && (r.allow1[t.perm[i] & 0xff] & r.allowG[t.perm[i] >>> 8 & 0xff] & 1 << access) != 0) {
            t.hit(i);
            lastEntry = i;
            return t.physical(i, va);
        }
        return refill(t, i, va, access, r);
    }

    /** True while the entry of the last successful fetch translation is still cached and the regime unchanged. */
    public boolean fetchLatchValid() { return itlb.latched >= 0; }

    /** {@code count} further instruction fetches served by the latched fetch entry: lookups and hits. */
    public void fetchHits(int count) {
        if (count == 0) return;
        if (itlb.latched < 0) throw new IllegalStateException("fetchHits(" + count + ") without a latched fetch entry");
        itlb.lookups += count;
        itlb.touchLatched();
    }

    // ---------------------------------------------------------------- the engine's cached hits

    /*
     * The engine caches translations of recently used data pages (by TLB entry) and the
     * fetch page, and serves hits from them without calling here. To keep the counters
     * and the LRU order exact it stamps each use itself, on a time scale that continues
     * this MMU's LRU clock: instruction n of a fast-path run (0-based, from clock T) fetches
     * at T + 2n + 1 and makes its data access at T + 2n + 2. It then reports the lookups
     * with fastPathUsed, before calling anything else here.
     */

    /** The LRU stamps of the TLB serving {@code access}, by entry (the engine writes them). */
    public long[] recency(int access) { return (access == FETCH ? itlb : dtlb).stamp; }

    /** The LRU clock the engine's time scale starts from. */
    public long lruClock() { return Math.max(itlb.clock(), dtlb.clock()); }

    /**
     * The engine's fast path made {@code fetchHits} fetches through the latched fetch entry
     * (the last at LRU time {@code lastFetch}) and {@code dataHits} loads and stores through
     * cached entries (stamped by itself); {@code now} is past every time it used.
     */
    public void fastPathUsed(int fetchHits, long lastFetch, long dataHits, long now) {
        if (fetchHits > 0) {
            if (itlb.latched < 0) throw new IllegalStateException("fetch hits without a latched fetch entry");
            itlb.lookups += fetchHits;
            itlb.usedAt(itlb.latched, lastFetch);
        }
        dtlb.lookups += dataHits;
        itlb.advanceClock(now);
        dtlb.advanceClock(now);
    }

    /** Changes whenever a TLB entry leaves either TLB. */
    public int epoch() { return itlb == dtlb ? itlb.epoch : itlb.epoch + dtlb.epoch; }

    /** The rule behind the last fault, for people. */
    public String faultReason() { return faultReason; }

    // ---------------------------------------------------------------- fences

    /**
     * sfence.vma with V=0: rs1 = x0 and rs2 = x0 flush everything; an address alone flushes
     * its entries in every address space, global ones included; an ASID alone flushes that
     * ASID's non-global entries; both flush the address in that ASID, non-global only.
     * Only V=0 (HS/S-level) entries are affected.
     */
    public void sfenceVma(boolean byAddress, int va, boolean byAsid, int asid) {
        fence(Tlb.VIRT, 0, byAddress, va, byAsid, asid);
    }

    /** hfence.vvma: like sfence.vma, on the V=1 entries of guest {@code vmid}. */
    public void hfenceVvma(int vmid, boolean byAddress, int va, boolean byAsid, int asid) {
        fence(Tlb.VIRT | Tlb.VMID_MASK, Tlb.VIRT | vmid << Tlb.VMID_SHIFT & Tlb.VMID_MASK, byAddress, va, byAsid, asid);
    }

    /**
     * hfence.gvma: the V=1 entries of guest {@code vmid}, or of every guest. Entries cache
     * combined translations without their GPA, so the guest-physical-address form flushes
     * the whole VMID, which the spec allows (a fence may flush more).
     */
    public void hfenceGvma(boolean byVmid, int vmid) {
        if (byVmid) fence(Tlb.VIRT | Tlb.VMID_MASK, Tlb.VIRT | vmid << Tlb.VMID_SHIFT & Tlb.VMID_MASK, false, 0, false, 0);
        else fence(Tlb.VIRT, Tlb.VIRT, false, 0, false, 0);
    }

    private void fence(int spaceMask, int spaceValue, boolean byAddress, int va, boolean byAsid, int asid) {
        flushes++;
        itlb.flushes++;
        itlb.flush(spaceMask, spaceValue, byAddress, va >>> 12, byAsid, asid);
        if (dtlb != itlb) {
            dtlb.flushes++;
            dtlb.flush(spaceMask, spaceValue, byAddress, va >>> 12, byAsid, asid);
        }
    }

    // ---------------------------------------------------------------- some address spaces' entries

    /** The space word bits of a VM's entries: V=1 and its VMID (the guest's ASIDs kept). */
    public static final int VM_SPACE = Tlb.VIRT | Tlb.VMID_MASK;
    /** The space word bits of one host address space: V, the VMID and the ASID. */
    public static final int ASID_SPACE = VM_SPACE | Tlb.ASID_MASK;

    /** The space word of VMID {@code vmid} (V=1). */
    public static int vmSpace(int vmid) { return Tlb.VIRT | vmid << Tlb.VMID_SHIFT & Tlb.VMID_MASK; }

    /** The space word of host ASID {@code asid}: V=0, or V=1 with VMID 0 ({@code virt}: a table the hart walks through vsatp). */
    public static int asidSpace(int asid, boolean virt) { return (virt ? Tlb.VIRT : 0) | asid & Tlb.ASID_MASK; }

    /**
     * The entries of the address spaces {@code spaceOf} numbers (given the {@code spaceBits}
     * of a space word: {@link #VM_SPACE} or {@link #ASID_SPACE}; -1 for the others) in both TLBs, apart from the host: their slots, LRU order and
     * flags, each frame as the page {@code page} gives for it and its virtual page (see {@link
     * Tlb#entriesOf}).
     */
    public int[][] entriesOf(int spaceBits, java.util.function.IntUnaryOperator spaceOf, Tlb.PageOf page) {
        return dtlb == itlb ? new int[][] {itlb.entriesOf(spaceBits, spaceOf, page)}
                : new int[][] {itlb.entriesOf(spaceBits, spaceOf, page), dtlb.entriesOf(spaceBits, spaceOf, page)};
    }

    /** Puts back entries saved by {@link #entriesOf} in the spaces {@code spaceOf} gives for their numbers, on the frames {@code frame} gives; slots other spaces hold now keep theirs; 4 MiB entries are left to refill. */
    public void putEntries(int[][] saved, int spaceBits, java.util.function.IntUnaryOperator spaceOf, java.util.function.IntUnaryOperator frame) {
        putEntries(saved, spaceBits, spaceOf, frame, page -> -1);
    }

    /** The same, 4 MiB entries too: on the aligned frames from the one {@code megaFrame} gives for their first page (-1: left to refill). */
    public void putEntries(int[][] saved, int spaceBits, java.util.function.IntUnaryOperator spaceOf, java.util.function.IntUnaryOperator frame,
                           java.util.function.IntUnaryOperator megaFrame) {
        if (saved.length != (dtlb == itlb ? 1 : 2)) return;   // another TLB: they fill on misses
        itlb.putEntries(saved[0], spaceBits, spaceOf, frame, megaFrame);
        if (dtlb != itlb) dtlb.putEntries(saved[1], spaceBits, spaceOf, frame, megaFrame);
    }

    // ---------------------------------------------------------------- state

    /** The regimes' inputs, A/D updating, the fence count and both TLBs (entries, LRU order, counters). */
    @Override
    public void save(vmsh.state.StateOut out) {
        out.putInts(regimeInputs).putBoolean(hardwareAD).putLong(flushes);
        out.section("itlb", itlb);
        if (dtlb != itlb) out.section("dtlb", dtlb);
    }

    @Override
    public void restore(vmsh.state.StateIn in) {
        int[] r = in.getInts();
        if (r == null || r.length != regimeInputs.length) throw new vmsh.state.StateException("state section 'mmu': bad regime");
        setHardwareAD(in.getBoolean());
        flushes = in.getLong();
        update(r[0], r[1] != 0, r[2], r[3] != 0, r[4], r[5], r[6], r[7], r[8]);
        in.section("itlb", itlb);   // after update: the fetch latch comes back with the TLB
        if (dtlb != itlb) in.section("dtlb", dtlb);
    }

    // ---------------------------------------------------------------- looking inside

    /** All TLB counters together (see {@link TlbStats} for the rules). */
    public TlbStats stats() {
        TlbStats s = itlb == dtlb ? itlb.stats() : itlb.stats().plus(dtlb.stats());
        return new TlbStats(s.lookups(), s.hits(), s.misses(), s.walkReferences(), s.adUpdates(), flushes,
                s.entriesFlushed(), s.evictions());
    }

    /** The counters of the TLB that serves {@code access} (the same one for all when unified). */
    public TlbStats stats(int access) { return (access == FETCH ? itlb : dtlb).stats(); }

    public void resetStats() {
        itlb.resetStats();
        dtlb.resetStats();
        flushes = 0;
    }

    /** The valid entries: instruction TLB then data TLB (or the unified one). */
    public List<TlbEntry> tlbEntries() {
        List<TlbEntry> list = new ArrayList<>(itlb.entries());
        if (dtlb != itlb) list.addAll(dtlb.entries());
        return List.copyOf(list);
    }

    /**
     * Explains how {@code va} translates for {@code access} in the current regime: each walk
     * step, and what the TLB holds for it. A/D bits and counters stay untouched.
     */
    public Translation explain(int va, int access) {
        return explain(va, access, regime(access), false);
    }

    /** Explains a walk under any regime; {@code updateAD} lets it write A/D bits as hardware would. */
    public Translation explain(int va, int access, Regime r, boolean updateAD) {
        Translation t = walker.explain(va, access, r, updateAD);
        if (!r.translated) return t.withTlb("not used (no translation)");
        Tlb tlb = access == FETCH ? itlb : dtlb;
        int i = tlb.find(va >>> 12, r.key, r.keyNoAsid);
        if (i < 0) return t.withTlb("miss (a walk would follow)");
        int p = tlb.perm[i];
        boolean allowed = (r.allow1[p & 0xff] & r.allowG[p >>> 8 & 0xff] & 1 << access) != 0;
        String entry = String.format("%s maps it to pa 0x%09x", tlb.where(i), tlb.physical(i, va));
        return t.withTlb(allowed ? "hit: " + entry
                : entry + " but does not allow this " + Access.name(access) + " as cached (a walk would follow)");
    }

    /**
     * Where {@code va} translates for {@code access} in the current regime, found by a walk
     * that changes nothing (no TLB, counters or A/D bits: for debugger reads); {@link #FAULT}
     * when the walk faults.
     */
    public long probe(int va, int access) {
        Regime r = regime(access);
        if (!r.translated) return va & MASK32;
        Translation t = walker.explain(va, access, r, false);
        return t.ok() ? t.pa() : FAULT;
    }

    /** The mappings of the current data regime, merged into ranges (see {@link PageTableDump}). */
    public List<Mapping> pageTable() { return PageTableDump.of(memory, data); }
}
