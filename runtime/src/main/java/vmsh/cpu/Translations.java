package vmsh.cpu;

import static vmsh.isa.Encoding.*;

import vmsh.mem.Ram;
import vmsh.mmu.Access;
import vmsh.mmu.Mmu;
import vmsh.state.StateIn;
import vmsh.state.StateOut;

/**
 * The engine's cached translations over the MMU, kept in step with the hart's regime:
 * <ul>
 * <li>fetch: the page of the pc, translated once by the MMU (which latches its TLB entry);
 *     the fast loop runs on that page and leaves it to translate the next one.
 * <li>loads and stores: two small direct-mapped caches (by virtual page number) of pages a
 *     translated access has used, each remembering its physical frame (its RAM offset, and
 *     for translated blocks the frame's array itself) and TLB entry. A hit
 *     is a TLB hit: the fast loop counts it and marks the slot's last use; when the loop
 *     returns, {@link #publish} reports the hits and gives each entry the LRU time of its
 *     last use (see {@link Mmu#recency}), so the TLB's counters and replacement order are
 *     exactly those of a lookup per access, however a run is split. The caches are dropped
 *     whenever a TLB entry leaves (the MMU's epoch changes) or the regime changes.
 * </ul>
 * The arrays a slot holds are those of RAM's frame slot (loads) or of the fast store path
 * (stores, null where stores leave it) when they were last looked at: a frame can get
 * another array (allocated, copied on write, RAM restored: {@link Ram#frameEpoch}) and its
 * store path can change ({@link DecodedCode#storePathEpoch}), so {@link #checkFrames} looks
 * them up again before translated code runs, when either has changed.
 * The fast loop reads the fields directly; everything else goes through the methods.
 */
final class Translations {
    static final int FETCH = Access.FETCH, LOAD = Access.LOAD, STORE = Access.STORE;
    /** Not a page base: marks an empty fetch latch or cache slot. */
    static final int NO_PAGE = 1;
    /** Marks a V=1 regime in {@link #regimePriv} (above every privilege and mstatush bit). */
    private static final int VIRT_REGIME = 1 << 16;
    /*
     * The data page caches, one for loads and one for stores: direct-mapped by virtual page
     * number, slot k = VPN mod SOFT_SLOTS, four ints per slot (one bounds check in the loop):
     *   [4k]     VPN, -1 when empty
     *   [4k + 1] the RAM offset of the physical frame
     *   [4k + 2] the slot's last use in the current run (the loop's left then), 0 for none
     *   [4k + 3] the TLB entry that holds the translation
     */
    static final int SOFT_SLOTS = 64, SOFT_INDEX = (SOFT_SLOTS - 1) << 2;
    static final int SLOT_VPN = 0, SLOT_OFF = 1, SLOT_USE = 2, SLOT_ENTRY = 3;

    private final Hart hart;
    private final Mmu mmu;
    private final DecodedCode code;
    private final Ram ram;
    private final int ramBase;

    /** Instruction fetches, and loads and stores, go through the MMU (the regime translates). */
    boolean fetchPaged, dataPaged;
    private int regimePriv = -1, regimeSatp, regimeStatus, regimeVsatp, regimeHgatp, regimeVsstatus;
    /** The virtual page the fetch latch holds (NO_PAGE when none) and its physical frame. */
    int fetchPage = NO_PAGE, fetchFrame;
    /** The MMU's fetch translation of the latched page counted the fetch of its first instruction. */
    boolean fetchPrepaid;
    private int mmuEpoch;
    final int[] loadCache = new int[4 * SOFT_SLOTS], storeCache = new int[4 * SOFT_SLOTS];
    /**
     * The frame of each slot's page (index k / 4): for loads RAM's array (null while the frame
     * is untouched), for stores the fast store path's (null where stores leave it: shared,
     * watched or code). Translated blocks index them directly: two dependent reads for a
     * block's first access to a page, none for the accesses after it on the same page.
     */
    final int[][] loadCacheFrames = new int[SOFT_SLOTS][], storeCacheFrames = new int[SOFT_SLOTS][];
    /** The RAM frame and store path epochs {@link #loadCacheFrames} and {@link #storeCacheFrames} were looked up at. */
    private int framesRamEpoch, framesStoreEpoch;
    /**
     * The filled slots of each data page cache (their indices k), so that a run's end and a
     * flush visit only those: a run uses a few pages, and short runs (a hypervisor's guests
     * exit often) would otherwise spend their time going over empty slots.
     */
    private final int[] loadFilled = new int[SOFT_SLOTS], storeFilled = new int[SOFT_SLOTS];
    private int loadFilledCount, storeFilledCount;
    /** The guest-physical address of the last failed fetch's guest-page fault, else -1, and its pseudoinstruction. */
    long fetchFaultGpa = -1;
    int fetchFaultPseudo;

    Translations(Hart hart, Mmu mmu, DecodedCode code, Ram ram) {
        this.hart = hart;
        this.mmu = mmu;
        this.code = code;
        this.ram = ram;
        this.ramBase = ram.base();
        this.framesRamEpoch = ram.frameEpoch();
        this.framesStoreEpoch = code.storePathEpoch;
        for (int k = 0; k < 4 * SOFT_SLOTS; k += 4) loadCache[k + SLOT_VPN] = storeCache[k + SLOT_VPN] = -1;
    }

    /**
     * Brings the MMU up to date with the hart (privilege, satp, mstatus MPRV/MPP/SUM/MXR);
     * a change drops the cached translations. Called before each run: every instruction
     * that changes these ends a run.
     */
    void sync() {
        Hart h = hart;
        CsrFile c = h.csr;
        int status = c.mstatus & (MSTATUS_MPRV | MSTATUS_MPP | MSTATUS_SUM | MSTATUS_MXR);
        int mode = h.priv | (h.virt ? VIRT_REGIME : 0) | (c.mstatush & MSTATUSH_MPV);
        if (mode == regimePriv && c.satp == regimeSatp && status == regimeStatus
                && (!h.csr.hypervisor || c.vsatp == regimeVsatp && c.hgatp == regimeHgatp
                    && (c.vsstatus & (MSTATUS_SUM | MSTATUS_MXR)) == regimeVsstatus)) return;
        regimePriv = mode;
        regimeSatp = c.satp;
        regimeStatus = status;
        regimeVsatp = c.vsatp;
        regimeHgatp = c.hgatp;
        regimeVsstatus = c.vsstatus & (MSTATUS_SUM | MSTATUS_MXR);
        // loads and stores under MPRV in M-mode use mstatus.MPP and, with the H extension, mstatush.MPV
        boolean mprv = h.priv == PRV_M && (status & MSTATUS_MPRV) != 0;
        int dataPriv = mprv ? c.mpp() : h.priv;
        boolean dataVirt = mprv ? dataPriv != PRV_M && (c.mstatush & MSTATUSH_MPV) != 0 : h.virt;
        mmu.update(h.priv, h.virt, dataPriv, dataVirt, c.satp, c.mstatus, c.vsatp, c.vsstatus, c.hgatp);
        fetchPaged = mmu.regime(FETCH).translated();
        dataPaged = mmu.regime(LOAD).translated();
        dropLatch();
        clearDataCaches();
    }

    /**
     * Reports the last run's use of cached translations to the MMU (before anything else
     * calls it): the fetches served by the latched fetch entry, the loads and stores served
     * by the data page caches ({@code dataHits}, already stamped), and the LRU time they reached.
     */
    void publish(int entered, int left, int dataHits) {
        if (!fetchPaged && !dataPaged) return;
        int executed = entered - left, fetchHits = 0;
        if (fetchPaged && executed > 0) {
            fetchHits = fetchPrepaid ? executed - 1 : executed;
            fetchPrepaid = false;
        }
        if (fetchHits == 0 && dataHits == 0) return;
        // the run's times continue the LRU clock: instruction n fetches at t0 + 2n + 1, accesses data at t0 + 2n + 2
        long t0 = mmu.lruClock();
        if (dataHits > 0) {
            long[] stamps = mmu.recency(LOAD);
            stampUses(loadCache, loadFilled, loadFilledCount, stamps, t0, entered);
            stampUses(storeCache, storeFilled, storeFilledCount, stamps, t0, entered);
        }
        mmu.fastPathUsed(fetchHits, t0 + 2L * executed - 1, dataHits, t0 + 2L * executed + 2);
    }

    /** Gives each TLB entry a cache slot used in the run the LRU time of that last use; clears the marks. */
    private static void stampUses(int[] cache, int[] filled, int count, long[] stamps, long t0, int entered) {
        for (int i = 0; i < count; i++) {
            int k = filled[i], use = cache[k + SLOT_USE];
            if (use == 0) continue;
            long t = t0 + 2L * (entered - use) + 2;
            int entry = cache[k + SLOT_ENTRY];
            if (stamps[entry] < t) stamps[entry] = t;
            cache[k + SLOT_USE] = 0;
        }
    }

    /** The fetch of an instruction that left the fast path: one lookup, served by the latch. */
    void countSlowFetch() {
        if (!fetchPaged) return;
        if (fetchPrepaid) fetchPrepaid = false;
        else mmu.fetchHits(1);
    }

    /** Drops the data page caches when a TLB entry has left (their entries may be gone). */
    void checkEpoch() {
        int e = mmu.epoch();
        if (e != mmuEpoch) {
            mmuEpoch = e;
            clearDataCaches();
        }
    }

    private void clearDataCaches() {
        for (int i = 0; i < loadFilledCount; i++) {
            loadCache[loadFilled[i] + SLOT_VPN] = -1;
            loadCacheFrames[loadFilled[i] >> 2] = null;
        }
        for (int i = 0; i < storeFilledCount; i++) {
            storeCache[storeFilled[i] + SLOT_VPN] = -1;
            storeCacheFrames[storeFilled[i] >> 2] = null;
        }
        loadFilledCount = storeFilledCount = 0;
    }

    /**
     * Looks up the frames of the cached pages again when a frame got another array or a
     * store path changed since they were looked up: before translated code runs, and after
     * anything in a run that changes a store path.
     */
    void checkFrames() {
        int ramEpoch = ram.frameEpoch(), storeEpoch = code.storePathEpoch;
        if (ramEpoch == framesRamEpoch && storeEpoch == framesStoreEpoch) return;
        framesRamEpoch = ramEpoch;
        framesStoreEpoch = storeEpoch;
        for (int i = 0; i < loadFilledCount; i++) lookUpFrame(loadCache, loadFilled[i]);
        for (int i = 0; i < storeFilledCount; i++) lookUpFrame(storeCache, storeFilled[i]);
    }

    /** Keeps in slot {@code k} of {@code cache} the array of the frame its page is in now. */
    private void lookUpFrame(int[] cache, int k) {
        int frame = cache[k + SLOT_OFF] >>> Ram.FRAME_SHIFT;
        boolean inRam = frame < code.ramFrames;   // else a state's bad slot: no frame, never hit
        if (cache == loadCache) loadCacheFrames[k >> 2] = inRam ? code.frames[frame] : null;
        else storeCacheFrames[k >> 2] = inRam ? code.storeFrames[frame] : null;
    }

    /** Lists the filled slots of the caches again (after they were restored wholesale). */
    private void listFilledSlots() {
        loadFilledCount = storeFilledCount = 0;
        for (int k = 0; k < 4 * SOFT_SLOTS; k += 4) {
            if (loadCache[k + SLOT_VPN] != -1) loadFilled[loadFilledCount++] = k;
            if (storeCache[k + SLOT_VPN] != -1) storeFilled[storeFilledCount++] = k;
        }
    }

    /**
     * The translation of an instruction fetch at {@code pc} (fetches translated), as
     * {@link Mmu#translate} gives it; a fault leaves its guest-physical address and
     * pseudoinstruction in {@link #fetchFaultGpa} and {@link #fetchFaultPseudo}.
     */
    long translateFetch(int pc) {
        long pa = mmu.translate(pc, FETCH);
        checkEpoch();
        if (pa == Mmu.FAULT) {
            fetchFaultGpa = mmu.faultGpa;
            fetchFaultPseudo = faultPseudoinstruction();
        }
        return pa;
    }

    /** Latches the fetch page of {@code pc}, in RAM frame {@code frame}, for the fast loop. */
    void latch(int pc, int frame) {
        fetchPage = pc & ~0xfff;
        fetchFrame = frame;
        fetchPrepaid = true;
    }

    /** The frame of the latched fetch page, or -1 when none is latched. */
    int latchedFrame() { return fetchPaged && fetchPage != NO_PAGE ? fetchFrame : -1; }

    void dropLatch() {
        fetchPage = NO_PAGE;
        fetchPrepaid = false;
    }

    /** True when {@code pc}'s page is the latched one and the MMU still holds its entry (or fetches are not translated). */
    boolean fetchesFrom(int pc) {
        return !fetchPaged || (pc & ~0xfff) == fetchPage && mmu.fetchLatchValid();
    }

    /** The physical frame of the page the pc is on (prepared; latched when paging). */
    int frameOf(int pc) {
        return fetchPaged ? fetchFrame : (pc - ramBase) >>> Ram.FRAME_SHIFT;
    }

    /** The physical address a load or store of {@code va} uses; a page fault is thrown. */
    int translateData(int va, int access) {
        if (!dataPaged) return va;
        long pa = mmu.translate(va, access);
        checkEpoch();
        if (pa == Mmu.FAULT) throw new Trap(mmu.faultCause, va, mmu.faultGpa, faultPseudoinstruction());
        if (pa >>> 32 != 0) throw new Trap(access == LOAD ? CAUSE_LOAD_ACCESS : CAUSE_STORE_ACCESS, va);
        return (int) pa;
    }

    /** Caches the translation of the page of {@code va} (just translated to RAM {@code pa}) for the fast loop. */
    void remember(int[] cache, int va, int pa) {
        if (!dataPaged || mmu.lastEntry < 0) return;
        int k = va >>> 10 & SOFT_INDEX;
        if (cache[k + SLOT_VPN] == -1) {
            if (cache == loadCache) loadFilled[loadFilledCount++] = k;
            else storeFilled[storeFilledCount++] = k;
        }
        cache[k + SLOT_VPN] = va >>> 12;
        cache[k + SLOT_OFF] = pa - ramBase & ~0xfff;
        cache[k + SLOT_ENTRY] = mmu.lastEntry;
        lookUpFrame(cache, k);
    }

    /**
     * The physical address of guest virtual {@code va} for an HLV/HLVX/HSV; its faults are
     * thrown as the load's or store's (an HLVX's fetch-permission faults become load faults).
     */
    int translateVirtual(int va, int access) {
        CsrFile c = hart.csr;
        long pa = mmu.translateVirtual(va, access, hart.hypervisorAccessPrivilege(), c.vsatp, c.vsstatus, c.hgatp, c.mstatus);
        checkEpoch();
        if (pa == Mmu.FAULT) {
            int cause = switch (mmu.faultCause) {
                case CAUSE_FETCH_PAGE_FAULT -> CAUSE_LOAD_PAGE_FAULT;
                case CAUSE_FETCH_GUEST_PAGE_FAULT -> CAUSE_LOAD_GUEST_PAGE_FAULT;
                case CAUSE_FETCH_ACCESS -> CAUSE_LOAD_ACCESS;
                default -> mmu.faultCause;
            };
            throw new Trap(cause, va, mmu.faultGpa, faultPseudoinstruction());
        }
        if (pa >>> 32 != 0) throw new Trap(access == STORE ? CAUSE_STORE_ACCESS : CAUSE_LOAD_ACCESS, va);
        return (int) pa;
    }

    /** The pseudoinstruction of the MMU's last fault when it was a guest-page fault of an implicit access, else 0. */
    private int faultPseudoinstruction() {
        int c = mmu.faultCause;
        boolean guestPageFault = c == CAUSE_FETCH_GUEST_PAGE_FAULT || c == CAUSE_LOAD_GUEST_PAGE_FAULT || c == CAUSE_STORE_GUEST_PAGE_FAULT;
        if (!guestPageFault || !mmu.faultImplicit) return 0;
        return mmu.faultImplicitStore ? TrapInstruction.PTE_WRITE : TrapInstruction.PTE_READ;
    }

    // ---------------------------------------------------------------- state

    /** Saves the regime the caches were made for, the fetch latch and the data page caches. */
    void save(StateOut out) {
        out.putInts(new int[] {regimePriv, regimeSatp, regimeStatus, regimeVsatp, regimeHgatp, regimeVsstatus});
        boolean latched = fetchPaged && fetchPage != NO_PAGE;   // else the latch's fields are stale: saved as none
        out.putInt(latched ? fetchPage : NO_PAGE).putInt(latched ? fetchFrame : 0).putBoolean(latched && fetchPrepaid);
        out.putInt(mmuEpoch);
        out.putInts(validSlots(loadCache)).putInts(validSlots(storeCache));
    }

    /** A data page cache with its empty slots zeroed (what they held before is stale). */
    private static int[] validSlots(int[] cache) {
        int[] c = cache.clone();
        for (int k = 0; k < c.length; k += 4) if (c[k + SLOT_VPN] == -1) c[k + SLOT_OFF] = c[k + SLOT_USE] = c[k + SLOT_ENTRY] = 0;
        return c;
    }

    /**
     * Restores what {@link #save} wrote (the MMU restored first); returns the latched frame
     * to prepare again, or -1 when no fetch page was latched.
     */
    int restore(StateIn in, int ramFrames) {
        int[] r = in.getInts();
        if (r == null || r.length != 6) throw new vmsh.state.StateException("state section 'engine': bad regime");
        regimePriv = r[0];
        regimeSatp = r[1];
        regimeStatus = r[2];
        regimeVsatp = r[3];
        regimeHgatp = r[4];
        regimeVsstatus = r[5];
        fetchPaged = mmu.regime(FETCH).translated();
        dataPaged = mmu.regime(LOAD).translated();
        int page = in.getInt(), frame = in.getInt();
        boolean prepaid = in.getBoolean();
        mmuEpoch = in.getInt();
        in.getInts(loadCache);
        in.getInts(storeCache);
        listFilledSlots();
        framesRamEpoch = ram.frameEpoch() - 1;   // the frames are looked up before the next translated run
        dropLatch();
        if (!fetchPaged || page == NO_PAGE || frame < 0 || frame >= ramFrames) return -1;
        fetchPage = page;   // as preparePage left it: the latch goes on without a new lookup
        fetchFrame = frame;
        fetchPrepaid = prepaid;
        return frame;
    }
}
