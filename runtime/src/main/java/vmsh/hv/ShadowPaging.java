package vmsh.hv;

import static vmsh.mmu.Pte.*;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import vmsh.cpu.Engine;
import vmsh.hostmem.FrameUse;
import vmsh.hostmem.HostMemory;
import vmsh.hostmem.MachineMemory;
import vmsh.hostmem.Superpages;
import vmsh.mmu.Mmu;
import vmsh.mmu.PageTableDump;
import vmsh.mmu.Satp;

/**
 * The shadow page tables of one trap-and-emulate VM: real Sv32 tables in host frames that
 * map guest virtual addresses straight to host-physical ones (GVA -> HPA), which the host
 * hart walks while the guest runs deprivileged in U-mode. They are built lazily from the
 * guest's own tables (GVA -> GPA, walked by the VMM in software) and the pmap (GPA -> HPA).
 *
 * <p>One shadow per guest address space and mode ({@link Context}): the guest's satp,
 * and whether it runs as its kernel (S, with or without SUM, MXR) or as a task (U). Every
 * leaf of a shadow is a U page for the hart; the guest's U bit and SUM decide which
 * shadow holds a mapping and with what rights. Each shadow has its own host ASID, so
 * switching guest address spaces flushes nothing.
 *
 * <p>Keeping shadows right when the guest changes its tables, in two flavours:
 * <ul>
 * <li><b>traced</b>: every guest page-table page a fill walked through is write-protected
 *     in all shadows; a guest store into one faults (a pt-write exit), is emulated, and the
 *     shadow entries derived from the PTE it changed are dropped. sfence.vma has nothing
 *     left to do.
 * <li><b>vtlb</b>: guest tables are not protected; the shadow is a virtual TLB, which
 *     sfence.vma empties (by address, by ASID, or wholly), as the guest expects of a TLB.
 * </ul>
 * A reverse map (guest page -> shadow entries) lets pmap changes (copy-on-write, swapping,
 * sharing) and write protection find the entries to drop.
 *
 * <p>Megapages: where a guest megapage maps a region the pmap has promoted (a superpage,
 * 1024 private pages on one aligned extent of host frames) and no traced guest table lies
 * in it, the shadow maps it with one 4 MiB leaf in its root ({@link #mapMegapage}); any
 * change to a page of the region, and any 4 KiB mapping under it, drops it again.
 */
final class ShadowPaging {
    /** A guest address space in one mode: its shadow table. */
    final class Context {
        final int id;
        final int guestSatp;
        final int view;
        final int asid;
        final int rootMpn;
        /** Leaf-table frame + 1 by root index (0: none). */
        final int[] tables = new int[1024];
        /** Per leaf table: the guest page + 1 each entry maps (0: none), MEGA when from a guest megapage. */
        final int[][] gpns = new int[1024][];
        /** Per root index: the guest superpage region + 1 a megapage leaf there maps (0: none); null until the first. */
        int[] megaRegions;
        int entries;

        Context(int id, int guestSatp, int view, int asid, int rootMpn) {
            this.id = id;
            this.guestSatp = guestSatp;
            this.view = view;
            this.asid = asid;
            this.rootMpn = rootMpn;
        }

        int hostSatp() { return Satp.make(true, asid, frames.physicalAddress(rootMpn)); }

        /** The satp that puts the hart on this shadow, its TLB entries flushed first when it shares its ASID. */
        int enter() {
            if (asid == Hypervisor.SHARED_ASID) fence(this, false, 0);
            return hostSatp();
        }

        String describe() {
            String mode = (view & VIEW_NATIVE) != 0 ? "guest kernel and user (the hart checks U)"
                    : (view & VIEW_KERNEL) == 0 ? "guest user view" : "guest kernel view"
                    + ((view & VIEW_SUM) != 0 ? " with SUM" : "") + ((view & VIEW_MXR) != 0 ? " with MXR" : "");
            return String.format("shadow of guest satp 0x%08x, %s (host asid %d)", guestSatp, mode, asid);
        }
    }

    /** A guest page-table page in use by a shadow: the root of {@code c} (level 1) or its level-0 table at root index {@code index}. */
    record PtUse(Context c, int level, int index) {}

    /**
     * Views: a guest task's (0), its kernel's (KERNEL, with SUM and MXR as it set them), or
     * NATIVE: one shadow for both, whose leaves keep the guest's U bit because the hart
     * checks privilege, SUM and MXR itself (hw-shadow, the guest in VS-mode).
     */
    static final int VIEW_KERNEL = 1, VIEW_SUM = 2, VIEW_MXR = 4, VIEW_NATIVE = 8;
    private static final int MEGA = 1 << 31;
    /** Marks an entry that maps a frame of the VMM's own (a binary translator's code), no guest page. */
    private static final int HIDDEN = 1 << 30;

    private final boolean traced;
    private final Hypervisor hv;
    private final HostMemory host;
    private final MachineMemory frames;
    private final Engine engine;
    private final Map<Long, Context> contexts = new LinkedHashMap<>();
    private final Map<Integer, Context> byId = new HashMap<>();
    /** Reverse map: guest page -> (context id << 32 | vpn) of the shadow entries that map it. */
    private final Map<Integer, List<Long>> rmap = new HashMap<>();
    /** Traced guest page-table pages -> how shadows use them. */
    private final Map<Integer, List<PtUse>> ptPages = new LinkedHashMap<>();
    /** Reverse map of megapages: guest superpage region -> (context id << 32 | root index). */
    private final Map<Integer, List<Long>> megaRmap = new HashMap<>();
    private int megapages;
    /** Traced pages -> emulated writes since a fill last walked through them (write flooding). */
    private final Map<Integer, Integer> writesSinceUse = new HashMap<>();
    /**
     * Writes to a traced page with no walk through it in between after which it is taken
     * to be a page table no more (KVM's write-flooding rule): a freed table that now holds
     * data would otherwise cost an exit per store.
     */
    static final int FLOOD_WRITES = 3;
    private int nextId = 1;

    ShadowPaging(Hypervisor hv, boolean traced) {
        this.hv = hv;
        this.traced = traced;
        this.host = hv.host();
        this.frames = host.frames();
        this.engine = hv.engine();
    }

    boolean traced() { return traced; }

    private Mmu mmu() { return engine.mmu(); }

    // ---------------------------------------------------------------- contexts

    /** The shadow for the guest's satp in {@code view}, made on first use. */
    Context context(int guestSatp, int view) {
        int satp = Satp.sv32(guestSatp) ? guestSatp : 0;   // Bare: one identity shadow, whatever PPN/ASID say
        long key = (long) satp << 32 | view;
        Context c = contexts.get(key);
        if (c != null) return c;
        int asid = hv.allocateAsid();
        if (asid < 0) {   // every host ASID is taken: start this VM's shadows over
            dropAll();
            asid = hv.allocateAsid();
            if (asid < 0) asid = Hypervisor.SHARED_ASID;   // other VMs hold the rest: share one, flushed on every entry
        }
        int root = host.allocate(FrameUse.SYSTEM);
        engine.forgetFrame(root);
        c = new Context(nextId++, satp, view, asid, root);
        contexts.put(key, c);
        byId.put(c.id, c);
        return c;
    }


    /** True when one of these shadow tables runs under host ASID {@code asid}. */
    boolean usesAsid(int asid) {
        for (Context c : contexts.values()) if (c.asid == asid) return true;
        return false;
    }

    // ---------------------------------------------------------------- entries

    /** Maps {@code va} in {@code c} to machine frame {@code mpn} (guest page {@code gpn}) with the shadow PTE {@code flags}. */
    void map(Context c, int va, int gpn, int mpn, int flags, boolean fromMegapage) {
        int r = va >>> 22, j = va >>> 12 & 0x3ff;
        prepareEntry(c, va);
        int u = (c.view & VIEW_NATIVE) != 0 ? 0 : PTE_U;   // deprivileged guests run everything as U
        frames.store(c.tables[r] - 1, j * 4, 4, make(frames.physicalAddress(mpn), flags | PTE_V | u | PTE_A | PTE_D));
        c.gpns[r][j] = gpn + 1 | (fromMegapage ? MEGA : 0);
        c.entries++;
        rmap.computeIfAbsent(gpn, g -> new ArrayList<>()).add((long) c.id << 32 | va >>> 12);
    }

    /** Makes room for a 4 KiB entry of {@code va} in {@code c}: no megapage over it, a leaf table, the old entry dropped. */
    private void prepareEntry(Context c, int va) {
        int r = va >>> 22, j = va >>> 12 & 0x3ff;
        dropMegapage(c, r);
        if (c.tables[r] == 0) {
            int t = host.allocate(FrameUse.SYSTEM);
            engine.forgetFrame(t);
            c.tables[r] = t + 1;
            c.gpns[r] = new int[1024];
            frames.store(c.rootMpn, r * 4, 4, make(frames.physicalAddress(t), PTE_V));
        }
        if (c.gpns[r][j] != 0) drop(c, va);
    }

    /**
     * Flushes the host TLB's entries of shadow {@code c} (one page, or all): the hart caches
     * them as V=0 entries of its host ASID, or, for a native view (walked through vsatp with
     * the G-stage off), as V=1 entries of VMID 0.
     */
    private void fence(Context c, boolean byAddress, int va) {
        if ((c.view & VIEW_NATIVE) != 0) mmu().hfenceVvma(0, byAddress, va, true, c.asid);
        else mmu().sfenceVma(byAddress, va, true, c.asid);
    }

    /**
     * Maps {@code va} in {@code c} to the VMM's own frame {@code mpn} with the shadow PTE
     * {@code flags} (U is added): a page the guest does not own and cannot see, which no
     * guest-page change drops.
     */
    void mapHidden(Context c, int va, int mpn, int flags) {
        int r = va >>> 22, j = va >>> 12 & 0x3ff;
        prepareEntry(c, va);
        frames.store(c.tables[r] - 1, j * 4, 4, make(frames.physicalAddress(mpn), flags | PTE_V | PTE_U | PTE_A | PTE_D));
        c.gpns[r][j] = HIDDEN;
        c.entries++;
    }

    /** Drops the shadow entry of {@code va} in {@code c} (and its host TLB entries). */
    void drop(Context c, int va) {
        if (dropQuietly(c, va)) fence(c, true, va);
    }

    private boolean dropQuietly(Context c, int va) {
        int r = va >>> 22, j = va >>> 12 & 0x3ff;
        if (c.tables[r] == 0 || c.gpns[r][j] == 0) return false;
        boolean hidden = c.gpns[r][j] == HIDDEN;
        int gpn = (c.gpns[r][j] & ~MEGA) - 1;
        c.gpns[r][j] = 0;
        frames.store(c.tables[r] - 1, j * 4, 4, 0);
        c.entries--;
        if (hidden) return true;
        List<Long> refs = rmap.get(gpn);
        if (refs != null) {
            refs.remove(Long.valueOf((long) c.id << 32 | va >>> 12));
            if (refs.isEmpty()) rmap.remove(gpn);
        }
        return true;
    }

    /** Drops every entry of {@code c} under root index {@code r} (4 MiB). */
    void dropRange(Context c, int r) {
        dropMegapage(c, r);
        if (c.tables[r] == 0) return;
        boolean any = false;
        for (int j = 0; j < 1024; j++) if (derived(c.gpns[r][j])) any |= dropQuietly(c, r << 22 | j << 12);
        if (any) fence(c, false, 0);
    }

    /** True for an entry built from the guest's tables (not empty, not the VMM's own). */
    private static boolean derived(int entry) { return entry != 0 && entry != HIDDEN; }

    /** Empties {@code c} of what it derived from the guest (keeps its tables, ASID and the VMM's own pages). */
    void clear(Context c) {
        boolean any = false;
        for (int r = 0; r < 1024; r++) {
            dropMegapage(c, r);
            if (c.tables[r] == 0) continue;
            for (int j = 0; j < 1024; j++) if (derived(c.gpns[r][j])) any |= dropQuietly(c, r << 22 | j << 12);
        }
        if (any) fence(c, false, 0);
    }

    /** Drops every shadow entry that maps guest page {@code gpn} (its frame changed, or it becomes a traced table). */
    void dropMappingsOf(int gpn) {
        List<Long> megas = megaRmap.get(Superpages.region(gpn));
        if (megas != null) for (long ref : List.copyOf(megas)) dropMegapage(byId.get((int) (ref >>> 32)), (int) ref);
        List<Long> refs = rmap.get(gpn);
        if (refs == null) return;
        for (long ref : List.copyOf(refs)) {
            Context c = byId.get((int) (ref >>> 32));
            if (c != null) drop(c, (int) (ref << 12));
        }
    }

    /** True when {@code gpn} is mapped writable in some shadow. */
    private boolean mappedWritable(int gpn) {
        List<Long> megas = megaRmap.get(Superpages.region(gpn));
        if (megas != null)
            for (long ref : megas)
                if ((frames.load(byId.get((int) (ref >>> 32)).rootMpn, (int) ref * 4, 4) & PTE_W) != 0) return true;
        List<Long> refs = rmap.get(gpn);
        if (refs == null) return false;
        for (long ref : refs) {
            Context c = byId.get((int) (ref >>> 32));
            int va = (int) (ref << 12);
            if (c != null && (frames.load(c.tables[va >>> 22] - 1, (va >>> 12 & 0x3ff) * 4, 4) & PTE_W) != 0) return true;
        }
        return false;
    }

    // ---------------------------------------------------------------- the guest's sfence.vma (vtlb)

    /**
     * sfence.vma for a virtual TLB: by address drops that page (the whole 4 MiB when it came
     * from a guest megapage), by ASID the shadows of that guest ASID, else everything.
     */
    void sfence(boolean byAddress, int va, boolean byAsid, int asid) {
        for (Context c : contexts.values()) {
            if (byAsid && Satp.sv32(c.guestSatp) && Satp.asid(c.guestSatp) != asid) continue;
            if (!byAddress) {
                clear(c);
                continue;
            }
            int r = va >>> 22, j = va >>> 12 & 0x3ff;
            dropMegapage(c, r);
            if (c.tables[r] == 0 || !derived(c.gpns[r][j])) continue;
            if ((c.gpns[r][j] & MEGA) != 0) {
                for (int k = 0; k < 1024; k++) if ((c.gpns[r][k] & MEGA) != 0) dropQuietly(c, r << 22 | k << 12);
                fence(c, false, 0);
            } else {
                drop(c, va);
            }
        }
    }

    // ---------------------------------------------------------------- traced page tables

    /** Records that the shadow {@code c} was built from the guest table page {@code gpn}; protects it on first use. */
    void trace(int gpn, PtUse use) {
        writesSinceUse.remove(gpn);
        List<PtUse> uses = ptPages.get(gpn);
        if (uses == null) {
            ptPages.put(gpn, uses = new ArrayList<>());
            if (mappedWritable(gpn)) dropMappingsOf(gpn);   // from now on it is mapped read-only
        }
        if (!uses.contains(use)) uses.add(use);
    }

    boolean isTracedTable(int gpn) { return ptPages.containsKey(gpn); }

    /**
     * The guest wrote the PTE at {@code gpa} of traced table page {@code gpn}: drops the
     * shadow entries derived from it. A root entry covers 4 MiB (a megapage or a leaf
     * table, which is no longer this shadow's table unless a later walk finds it again).
     */
    void tableWritten(int gpn, long gpa) {
        List<PtUse> uses = ptPages.get(gpn);
        if (uses == null) return;
        if (writesSinceUse.merge(gpn, 1, Integer::sum) >= FLOOD_WRITES) {   // flooded: no table any more
            unshadow(gpn);
            return;
        }
        int index = (int) (gpa & 0xfff) >>> 2;
        for (PtUse u : List.copyOf(uses)) {
            if (u.level() == 0) {
                drop(u.c(), u.index() << 22 | index << 12);
            } else {
                dropRange(u.c(), index);
                untrace(new PtUse(u.c(), 0, index));
            }
        }
    }

    /** Forgets one use of a leaf table page; a page no shadow uses any more is an ordinary page again. */
    private void untrace(PtUse use) {
        for (var it = ptPages.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (e.getValue().remove(use) && e.getValue().isEmpty()) {
                it.remove();
                dropMappingsOf(e.getKey());   // its read-only shadow entries refill writable
            }
        }
    }

    /** Stops tracing {@code gpn} altogether: every shadow built through it is dropped. */
    void unshadow(int gpn) {
        writesSinceUse.remove(gpn);
        List<PtUse> uses = ptPages.remove(gpn);
        if (uses == null) return;
        for (PtUse u : uses) {
            if (u.level() == 0) dropRange(u.c(), u.index());
            else clear(u.c());
        }
        dropMappingsOf(gpn);
    }

    // ---------------------------------------------------------------- lifetime and views

    /** Drops every shadow and gives back their frames and ASIDs. */
    void dropAll() {
        for (Context c : contexts.values()) {
            for (int r = 0; r < 1024; r++) if (c.tables[r] != 0) frames.free(c.tables[r] - 1);
            frames.free(c.rootMpn);
            hv.freeAsid(c.asid);
        }
        contexts.clear();
        byId.clear();
        rmap.clear();
        ptPages.clear();
        megaRmap.clear();
        megapages = 0;
        writesSinceUse.clear();
    }

    // ---------------------------------------------------------------- state

    /**
     * Every shadow (its satp, view, host ASID, root and leaf-table frames, the guest page
     * behind each entry), the reverse map, the traced table pages and their uses, the write
     * counts since last use, and the counters. The tables' contents are host frames.
     */
    void save(vmsh.state.StateOut out) {
        out.putInt(nextId).putInt(contexts.size());
        for (var e : contexts.entrySet()) {
            Context c = e.getValue();
            out.putLong(e.getKey()).putInts(new int[] {c.id, c.guestSatp, c.view, c.asid, c.rootMpn, c.entries}).putInts(c.tables);
            for (int r = 0; r < c.gpns.length; r++) if (c.gpns[r] != null) out.putInt(r).putInts(c.gpns[r]);
            out.putInt(-1).putInts(c.megaRegions);
        }
        java.util.TreeMap<Integer, List<Long>> reverse = new java.util.TreeMap<>(rmap);
        out.putInt(reverse.size());
        reverse.forEach((gpn, refs) -> out.putInt(gpn).putLongs(refs.stream().mapToLong(Long::longValue).toArray()));
        out.putInt(ptPages.size());
        ptPages.forEach((gpn, uses) -> {
            out.putInt(gpn).putInt(uses.size());
            for (PtUse u : uses) out.putInt(u.c().id).putInt(u.level()).putInt(u.index());
        });
        java.util.TreeMap<Integer, Integer> writes = new java.util.TreeMap<>(writesSinceUse);
        out.putInts(writes.keySet().stream().mapToInt(Integer::intValue).toArray());
        out.putInts(writes.values().stream().mapToInt(Integer::intValue).toArray());
        java.util.TreeMap<Integer, List<Long>> megas = new java.util.TreeMap<>(megaRmap);
        out.putInt(megas.size());
        megas.forEach((region, refs) -> out.putInt(region).putLongs(refs.stream().mapToLong(Long::longValue).toArray()));
        out.putInt(megapages);
    }

    void restore(vmsh.state.StateIn in) {
        contexts.clear();
        byId.clear();
        rmap.clear();
        ptPages.clear();
        writesSinceUse.clear();
        nextId = in.getInt();
        int n = in.getInt();
        for (int i = 0; i < n; i++) {
            long key = in.getLong();
            int[] f = in.getInts();
            if (f == null || f.length != 6) throw new vmsh.state.StateException("state section 'shadows': a bad shadow");
            Context c = new Context(f[0], f[1], f[2], f[3], f[4]);
            c.entries = f[5];
            in.getInts(c.tables);
            for (int r = in.getInt(); r >= 0; r = in.getInt()) {
                if (r >= c.gpns.length) throw new vmsh.state.StateException("state section 'shadows': root index " + r);
                c.gpns[r] = in.getInts();
            }
            c.megaRegions = in.getInts();
            if (c.megaRegions != null && c.megaRegions.length != 1024) throw new vmsh.state.StateException("state section 'shadows': bad megapages");
            contexts.put(key, c);
            byId.put(c.id, c);
        }
        for (int i = in.getInt(); i > 0; i--) {
            int gpn = in.getInt();
            List<Long> refs = new ArrayList<>();
            for (long ref : in.getLongsAny()) refs.add(ref);
            rmap.put(gpn, refs);
        }
        for (int i = in.getInt(); i > 0; i--) {
            int gpn = in.getInt();
            List<PtUse> uses = new ArrayList<>();
            for (int k = in.getInt(); k > 0; k--) {
                Context c = byId.get(in.getInt());
                if (c == null) throw new vmsh.state.StateException("state section 'shadows': a use of a missing shadow");
                uses.add(new PtUse(c, in.getInt(), in.getInt()));
            }
            ptPages.put(gpn, uses);
        }
        int[] gpns = in.getInts(), counts = in.getInts();
        if (gpns == null || counts == null || gpns.length != counts.length) throw new vmsh.state.StateException("state section 'shadows': bad write counts");
        for (int i = 0; i < gpns.length; i++) writesSinceUse.put(gpns[i], counts[i]);
        megaRmap.clear();
        for (int i = in.getInt(); i > 0; i--) {
            int region = in.getInt();
            List<Long> refs = new ArrayList<>();
            for (long ref : in.getLongsAny()) refs.add(ref);
            megaRmap.put(region, refs);
        }
        megapages = in.getInt();
    }

    // ---------------------------------------------------------------- warm state in guest terms

    /**
     * Every shadow in guest terms (a VM's own snapshot): its guest satp and view and its 4 KiB
     * entries (guest virtual page, guest page, the rights; the VMM's own pages by their
     * virtual address alone, guest page {@value #OWN_PAGE}); then the shadows' host TLB
     * entries (slots, LRU order across shadows, each by the guest page its shadow entry maps,
     * or {@link #HIDDEN} | the virtual page for the VMM's own); then the traced guest table
     * pages with their uses and the write counts; then each shadow megapage (the shadow's
     * place in that order, root index, guest superpage region, rights). Returns the shadows
     * in the order the warm state numbers them.
     */
    List<Context> saveWarm(vmsh.state.StateOut out) {
        List<Context> order = new ArrayList<>(contexts.values());   // in guest terms: by satp and view, not by when made
        order.sort(java.util.Comparator.comparingInt((Context c) -> c.guestSatp).thenComparingInt(c -> c.view));
        out.putInt(order.size());
        java.util.Map<Context, Integer> index = new java.util.IdentityHashMap<>();
        for (Context c : order) {
            index.put(c, index.size());
            out.putInt(c.guestSatp).putInt(c.view).putInts(warmEntries(c));
        }
        int[][] tlb = mmu().entriesOf(Mmu.ASID_SPACE, space -> {
            for (int i = 0; i < order.size(); i++) if (space(order.get(i)) == space) return i;
            return -1;
        }, (n, vpn, ppn) -> {
            Context c = order.get(n);
            if (c.megaRegions != null && c.megaRegions[vpn >>> 10] != 0) return Superpages.firstPage(c.megaRegions[vpn >>> 10] - 1);   // a megapage's entry
            int[] g = c.gpns[vpn >>> 10];
            int e = g == null ? 0 : g[vpn & 0x3ff];
            return e == HIDDEN ? HIDDEN | vpn : derived(e) ? (e & ~MEGA) - 1 : -1;
        });
        out.putInt(tlb.length);
        for (int[] t : tlb) out.putInts(t);
        out.putInt(ptPages.size());
        new java.util.TreeMap<>(ptPages).forEach((gpn, uses) -> {
            out.putInt(gpn).putInt(uses.size());
            for (PtUse u : uses) out.putInt(index.getOrDefault(u.c(), -1)).putInt(u.level()).putInt(u.index());
        });
        java.util.TreeMap<Integer, Integer> writes = new java.util.TreeMap<>(writesSinceUse);
        out.putInts(writes.keySet().stream().mapToInt(Integer::intValue).toArray());
        out.putInts(writes.values().stream().mapToInt(Integer::intValue).toArray());
        out.putInts(warmMegapages(order));
        return order;
    }

    /** The shadows' megapages, four words each: the shadow's place in {@code order}, root index, guest superpage region, rights. */
    private int[] warmMegapages(List<Context> order) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < order.size(); i++) {
            Context c = order.get(i);
            if (c.megaRegions == null) continue;
            for (int r = 0; r < 1024; r++) {
                if (c.megaRegions[r] == 0) continue;
                out.addAll(List.of(i, r, c.megaRegions[r] - 1, frames.load(c.rootMpn, r * 4, 4) & (PTE_R | PTE_W | PTE_X | PTE_G)));
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /** A warm entry's guest page when it maps a page of the VMM's own (not a guest page). */
    private static final int OWN_PAGE = -1;

    /**
     * Shadow {@code c}'s 4 KiB entries, three words each: guest virtual page (bit 0: from a
     * megapage), guest page ({@value #OWN_PAGE}: the VMM's own), rights.
     */
    private int[] warmEntries(Context c) {
        int n = 0;
        for (int r = 0; r < 1024; r++) if (c.gpns[r] != null) for (int g : c.gpns[r]) if (g != 0) n++;
        int[] entries = new int[3 * n];
        int k = 0;
        for (int r = 0; r < 1024; r++) {
            if (c.gpns[r] == null) continue;
            for (int j = 0; j < 1024; j++) {
                int g = c.gpns[r][j];
                if (g == 0) continue;
                entries[k++] = r << 22 | j << 12 | (g & MEGA) >>> 31;
                entries[k++] = g == HIDDEN ? OWN_PAGE : (g & ~MEGA) - 1;
                entries[k++] = frames.load(c.tables[r] - 1, j * 4, 4) & (PTE_R | PTE_W | PTE_X | PTE_U | PTE_G);
            }
        }
        return entries;
    }

    /** The TLB space word of shadow {@code c}'s entries. */
    private static int space(Context c) { return Mmu.asidSpace(c.asid, (c.view & VIEW_NATIVE) != 0); }

    /**
     * Builds the shadows {@link #saveWarm} saved again, on the frames {@code mpnOf} gives for
     * their pages ({@code ownFrame} for the VMM's own, by virtual address; -1 leaves one
     * out), their megapages where {@code extentOf} gives a superpage region's first frame
     * (-1: it may not be one now), and their TLB entries on the host-physical pages
     * {@code physicalPage} gives (the VMM's own on their frames), without counting. Returns
     * the shadows in the order the warm state numbers them.
     */
    List<Context> restoreWarm(vmsh.state.StateIn in, java.util.function.IntUnaryOperator mpnOf, java.util.function.IntUnaryOperator physicalPage,
                              java.util.function.IntUnaryOperator extentOf, java.util.function.IntUnaryOperator ownFrame) {
        List<Context> order = new ArrayList<>();
        for (int n = in.getInt(); n > 0; n--) {
            Context c = context(in.getInt(), in.getInt());
            order.add(c);
            int[] e = in.getInts();
            for (int k = 0; k + 2 < e.length; k += 3) {
                int va = e[k] & ~0xfff, gpn = e[k + 1];
                int mpn = gpn == OWN_PAGE ? ownFrame.applyAsInt(va) : mpnOf.applyAsInt(gpn);
                if (mpn < 0) continue;
                if (gpn == OWN_PAGE) mapHidden(c, va, mpn, e[k + 2]);
                else map(c, va, gpn, mpn, e[k + 2], (e[k] & 1) != 0);
            }
        }
        int[][] tlb = new int[in.getInt()][];
        for (int k = 0; k < tlb.length; k++) tlb[k] = in.getInts();
        for (int i = in.getInt(); i > 0; i--) {
            int gpn = in.getInt();
            List<PtUse> uses = new ArrayList<>();
            for (int k = in.getInt(); k > 0; k--) {
                int at = in.getInt(), level = in.getInt(), index = in.getInt();
                if (at >= 0 && at < order.size()) uses.add(new PtUse(order.get(at), level, index));
            }
            ptPages.put(gpn, uses);
        }
        int[] gpns = in.getInts(), counts = in.getInts();
        if (gpns != null && counts != null && gpns.length == counts.length)
            for (int i = 0; i < gpns.length; i++) writesSinceUse.put(gpns[i], counts[i]);
        java.util.BitSet megaRegions = new java.util.BitSet();
        int[] mega = in.getInts();
        for (int k = 0; mega != null && k + 3 < mega.length; k += 4) {
            int at = mega[k], r = mega[k + 1], region = mega[k + 2], first = extentOf.applyAsInt(region);
            if (at >= 0 && at < order.size() && r >= 0 && r < 1024 && first >= 0 && mapMegapage(order.get(at), r << 22, region, first, mega[k + 3]))
                megaRegions.set(region);
        }
        java.util.function.IntUnaryOperator frameOf = page -> {
            if ((page & HIDDEN) == 0) return physicalPage.applyAsInt(page);
            int mpn = ownFrame.applyAsInt((page & ~HIDDEN) << 12);
            return mpn < 0 ? -1 : (int) (frames.physicalAddress(mpn) >>> 12);
        };
        mmu().putEntries(tlb, Mmu.ASID_SPACE, i -> i < order.size() ? space(order.get(i)) : -1, frameOf,
                gpn -> megaRegions.get(Superpages.region(gpn)) ? physicalPage.applyAsInt(Superpages.firstPage(Superpages.region(gpn))) : -1);
        return order;
    }

    // ---------------------------------------------------------------- megapages

    /**
     * Maps the 4 MiB of {@code va} in {@code c} with one megapage leaf: guest superpage
     * {@code region}, on the extent of frames from {@code firstMpn}, with the shadow PTE
     * {@code flags}; what {@code c} mapped there before is dropped. False (nothing done)
     * when the VMM keeps pages of its own there.
     */
    boolean mapMegapage(Context c, int va, int region, int firstMpn, int flags) {
        int r = va >>> 22;
        if (c.tables[r] != 0) for (int e : c.gpns[r]) if (e == HIDDEN) return false;
        dropRange(c, r);
        int u = (c.view & VIEW_NATIVE) != 0 ? 0 : PTE_U;
        frames.store(c.rootMpn, r * 4, 4, make(frames.physicalAddress(firstMpn), flags | PTE_V | u | PTE_A | PTE_D));
        if (c.megaRegions == null) c.megaRegions = new int[1024];
        c.megaRegions[r] = region + 1;
        c.entries++;
        megapages++;
        megaRmap.computeIfAbsent(region, g -> new ArrayList<>()).add((long) c.id << 32 | r);
        return true;
    }

    /** Drops the megapage at root index {@code r} of {@code c}, if any; the root points at its leaf table again. */
    private void dropMegapage(Context c, int r) {
        if (c.megaRegions == null || c.megaRegions[r] == 0) return;
        int region = c.megaRegions[r] - 1;
        c.megaRegions[r] = 0;
        frames.store(c.rootMpn, r * 4, 4, c.tables[r] == 0 ? 0 : make(frames.physicalAddress(c.tables[r] - 1), PTE_V));
        c.entries--;
        megapages--;
        List<Long> refs = megaRmap.get(region);
        refs.remove(Long.valueOf((long) c.id << 32 | r));
        if (refs.isEmpty()) megaRmap.remove(region);
        fence(c, false, 0);
    }

    /**
     * Drops the 4 KiB entries that map guest page {@code gpn} from a guest megapage: its
     * region was just promoted, and they refill as one shadow megapage.
     */
    void dropMegapageFills(int gpn) {
        List<Long> refs = rmap.get(gpn);
        if (refs == null) return;
        for (long ref : List.copyOf(refs)) {
            Context c = byId.get((int) (ref >>> 32));
            int va = (int) (ref << 12);
            if (c != null && (c.gpns[va >>> 22][va >>> 12 & 0x3ff] & MEGA) != 0) drop(c, va);
        }
    }

    /** True when some traced guest page table lies in guest superpage {@code region}. */
    boolean tracesIn(int region) {
        for (int gpn : ptPages.keySet()) if (Superpages.region(gpn) == region) return true;
        return false;
    }

    /** Megapages mapped now, over every shadow. */
    int megapages() { return megapages; }

    List<ShadowView> views() {
        List<ShadowView> list = new ArrayList<>();
        for (Context c : contexts.values())
            list.add(new ShadowView(c.describe(), frames.physicalAddress(c.rootMpn), c.entries,
                    PageTableDump.sv32(mmu().memory(), c.hostSatp())));
        return list;
    }
}
