package vmsh.hv;

import static vmsh.mmu.Pte.*;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import vmsh.cpu.Engine;
import vmsh.hostmem.FrameUse;
import vmsh.hostmem.GuestMemory;
import vmsh.hostmem.HostMemory;
import vmsh.hostmem.MachineMemory;
import vmsh.hostmem.Pmap;
import vmsh.hv.sbi.SbiIds;
import vmsh.mmu.PageTableDump;
import vmsh.mmu.Satp;
import vmsh.state.StateException;
import vmsh.state.StateIn;
import vmsh.state.StateOut;

/**
 * Xen's direct paging for a {@code pv} VM: the hart walks the guest's own page tables, which
 * hold machine (host) page numbers the guest learns from the p2m table. The VMM keeps them
 * safe by validation instead of shadowing:
 * <ul>
 * <li>a table the guest loads into satp is <em>registered</em> with every leaf table it
 *     points to: each entry is checked (a leaf maps a frame of this VM, no megapages: the
 *     guest's memory is not contiguous in the host), G is cleared, and a mapping of a
 *     registered table loses W. From then on the guest's mappings of these frames are
 *     read-only, and it changes them only through validated {@code mmu_update} entries;
 * <li>the VMM's part of every registered address space (root entries 512 up, and 1023)
 *     maps the guest's RAM at its guest-physical addresses for the guest kernel, and the
 *     hole: m2p, p2m and the shared page ({@link PvAbi});
 * <li>the guest kernel runs in U-mode, so every page it maps carries U (validation sets it):
 *     a task must not see the kernel's. The tasks' view of an address space is a VMM copy
 *     of the root's lower half (user space is below 0x8000_0000), with its own host ASID.
 * </ul>
 * A pv guest's pmap is pinned ({@link Pmap#pin}): every page is backed from the start and
 * its frame never moves (no sharing or hypervisor swapping), except that ballooned pages
 * leave and come back.
 */
final class DirectPaging {
    /** A registered table: its level (1 root, 0 leaf) and how many registered roots point to it. */
    private static final class Table {
        final int level;
        int refs;

        Table(int level) { this.level = level; }
    }

    /** A registered root: its frame, the tasks' view (a VMM frame), and the host ASIDs of both views. */
    record Root(int mpn, int userRoot, int guestAsid, int kernelAsid, int userAsid) {}

    private static final int KERNEL_LEAF = PTE_V | PTE_R | PTE_W | PTE_X | PTE_U | PTE_A | PTE_D;
    private static final int HOLE_READ = PTE_V | PTE_R | PTE_U | PTE_A, HOLE_WRITE = HOLE_READ | PTE_W | PTE_D;

    private final Hypervisor hv;
    private final HostMemory host;
    private final MachineMemory frames;
    private final Engine engine;
    private final Pmap pmap;
    private final GuestMemory guest;
    private final SharedInfo shared;
    /** The VMM's frames: the hole's leaf table, the tables mapping guest RAM, the boot root, m2p and p2m pages. */
    private int holeTable, bootRoot, bootAsid;
    private int[] kernelTables;
    private int[] p2mPages;
    private final Map<Integer, Integer> m2pPages = new HashMap<>();
    /** Host frame -> guest page, for this VM's frames. */
    private final Map<Integer, Integer> gpnOf = new HashMap<>();
    private final Map<Integer, Table> tables = new HashMap<>();
    private final Map<Integer, Root> roots = new LinkedHashMap<>();
    /** Host frame -> addresses of guest PTEs that map it writable (to write-protect it when it becomes a table). */
    private final Map<Integer, List<Long>> writableMappings = new HashMap<>();
    private int satp;
    private long entries, refused;

    DirectPaging(Vm vm, SharedInfo shared) {
        this.hv = vm.hypervisor();
        this.host = hv.host();
        this.frames = host.frames();
        this.engine = hv.engine();
        this.pmap = vm.memory().pmap();
        this.guest = vm.guest();
        this.shared = shared;
        for (int g = 0; g < pmap.pages(); g++) gpnOf.put(pmap.touch(g, true), g);   // Xen allocates a domain's memory up front
        pmap.pin();
        holeTable = table();
        kernelTables = new int[(pmap.pages() + 1023) / 1024];
        for (int i = 0; i < kernelTables.length; i++) kernelTables[i] = table();
        p2mPages = new int[(pmap.pages() + 1023) / 1024];
        for (int j = 0; j < p2mPages.length; j++) {
            p2mPages[j] = table();
            store(holeTable, (PvAbi.P2M - PvAbi.HOLE >>> 12) + j, make(pa(p2mPages[j]), HOLE_READ));
        }
        store(holeTable, 1023, make(pa(shared.mpn()), HOLE_WRITE));
        for (int g = 0; g < pmap.pages(); g++) backed(g, pmap.mpn(g));
        bootRoot = table();
        fillVmmEntries(bootRoot);
        bootAsid = asid();
    }

    // ---------------------------------------------------------------- state

    /**
     * The VMM's frames (hole, kernel tables, p2m and m2p pages, boot root and ASID), which
     * host frames are this VM's pages, the registered tables and roots, the writable
     * mappings, the guest's satp and the counters; in key order. The tables' contents are
     * host frames.
     */
    void save(StateOut out) {
        out.putInt(holeTable).putInt(bootRoot).putInt(bootAsid).putInts(kernelTables).putInts(p2mPages);
        putMap(out, new TreeMap<>(m2pPages));
        putMap(out, new TreeMap<>(gpnOf));
        TreeMap<Integer, Table> t = new TreeMap<>(tables);
        out.putInt(t.size());
        t.forEach((mpn, table) -> out.putInt(mpn).putInt(table.level).putInt(table.refs));
        out.putInt(roots.size());
        for (Root r : roots.values()) out.putInts(new int[] {r.mpn(), r.userRoot(), r.guestAsid(), r.kernelAsid(), r.userAsid()});
        TreeMap<Integer, List<Long>> w = new TreeMap<>(writableMappings);
        out.putInt(w.size());
        w.forEach((mpn, ptes) -> out.putInt(mpn).putLongs(ptes.stream().mapToLong(Long::longValue).toArray()));
        out.putInt(satp).putLong(entries).putLong(refused);
    }

    void restore(StateIn in) {
        holeTable = in.getInt();
        bootRoot = in.getInt();
        bootAsid = in.getInt();
        kernelTables = in.getInts();
        p2mPages = in.getInts();
        if (kernelTables == null || p2mPages == null || kernelTables.length != p2mPages.length)
            throw new StateException("state section 'direct paging': bad VMM tables");
        getMap(in, m2pPages);
        getMap(in, gpnOf);
        tables.clear();
        for (int n = in.getInt(); n > 0; n--) {
            int mpn = in.getInt();
            Table t = new Table(in.getInt());
            t.refs = in.getInt();
            tables.put(mpn, t);
        }
        roots.clear();
        for (int n = in.getInt(); n > 0; n--) {
            int[] r = in.getInts();
            if (r == null || r.length != 5) throw new StateException("state section 'direct paging': a bad root");
            roots.put(r[0], new Root(r[0], r[1], r[2], r[3], r[4]));
        }
        writableMappings.clear();
        for (int n = in.getInt(); n > 0; n--) {
            int mpn = in.getInt();
            List<Long> ptes = new ArrayList<>();
            for (long a : in.getLongsAny()) ptes.add(a);
            writableMappings.put(mpn, ptes);
        }
        satp = in.getInt();
        entries = in.getLong();
        refused = in.getLong();
    }

    private static void putMap(StateOut out, TreeMap<Integer, Integer> m) {
        out.putInts(m.keySet().stream().mapToInt(Integer::intValue).toArray());
        out.putInts(m.values().stream().mapToInt(Integer::intValue).toArray());
    }

    private static void getMap(StateIn in, Map<Integer, Integer> into) {
        int[] keys = in.getInts(), values = in.getInts();
        if (keys == null || values == null || keys.length != values.length) throw new StateException("state section 'direct paging': a bad map");
        into.clear();
        for (int i = 0; i < keys.length; i++) into.put(keys[i], values[i]);
    }

    // ---------------------------------------------------------------- a machine-independent image

    /*
     * Xen's canonical form: in a saved guest a page table's machine page numbers become
     * guest-physical ones, and loading translates them to the new frames. The guest keeps
     * machine numbers nowhere else while it runs a task (satps, pins and releases name
     * physical pages; every address space is pinned when made), which is where
     * Paravirtual settles it before a VM's own snapshot.
     */

    /** Words of frame {@code mpn} as a saved guest holds them: a registered table's entries in guest page numbers (the VMM's half of a root empty); else {@code words}. */
    int[] canonical(int mpn, int[] words) {
        Table t = tables.get(mpn);
        if (t == null) return words;
        int[] c = words.clone();
        for (int i = 0; i < 1024; i++) {
            if (t.level == 1 && i >= PvAbi.USER_ROOT_ENTRIES) c[i] = 0;
            else if (valid(c[i])) {
                int gpn = gpnOf(mpnOf(c[i]));
                if (gpn >= 0) c[i] = withPage(c[i], gpn);
            }
        }
        return c;
    }

    private static int withPage(int pte, int page) { return pte & 0x3ff | (PvAbi.RAM_PN + page) << PPN_SHIFT; }

    /** The guest's side: its satp (in guest page numbers), the registered roots by guest page with their guest ASIDs in order, the counters. */
    void saveGuest(StateOut out) {
        out.putInt(satp).putLong(entries).putLong(refused);
        out.putInt(roots.size());
        for (Root r : roots.values()) out.putInt(gpnOf(r.mpn())).putInt(r.guestAsid());
    }

    /** True between {@link #forgetTables} and {@link #restoreGuest}: the pages change frames by the thousand, and follow at once at the end. */
    private boolean reloading;

    /** Forgets every registered table (the VM's pages are about to take other contents, on other frames). */
    void forgetTables() {
        reloading = true;
        for (Root r : roots.values()) {
            frames.free(r.userRoot());
            hv.freeAsid(r.kernelAsid());
            hv.freeAsid(r.userAsid());
        }
        roots.clear();
        tables.clear();
        writableMappings.clear();
        satp = 0;
        flushAll();
    }

    /**
     * Takes the guest's side back ({@link #saveGuest}) onto the pages as they are now (every
     * one backed): each saved root and its leaf tables get this host's frame numbers back,
     * then are registered, in the saved order.
     */
    void restoreGuest(StateIn in) {
        reloading = false;
        rebacked();
        flushAll();
        int savedSatp = in.getInt();
        entries = in.getLong();
        refused = in.getLong();
        java.util.Set<Integer> translated = new java.util.HashSet<>();
        for (int n = in.getInt(); n > 0; n--) {
            int gpn = in.getInt(), guestAsid = in.getInt();
            int mpn = gpn < 0 || gpn >= pmap.pages() ? -1 : pmap.mpn(gpn);
            if (mpn < 0 || tables.containsKey(mpn)) throw new StateException("state section 'direct paging': a bad root at guest page " + gpn);
            for (int i = 0; i < PvAbi.USER_ROOT_ENTRIES; i++) {
                int leaf = toMachine(mpn, i);
                if (leaf >= 0 && translated.add(leaf)) for (int j = 0; j < 1024; j++) toMachine(leaf, j);
            }
            int error = registerRoot(mpn, guestAsid);
            if (error != 0) throw new StateException("state section 'direct paging': the root at guest page " + gpn + " is refused (error " + error + ")");
        }
        satp = 0;
        if (savedSatp != 0) {
            Root r = roots.get(frameOfPage(Satp.ppn(savedSatp)));
            if (r == null) throw new StateException("state section 'direct paging': satp 0x" + Integer.toHexString(savedSatp) + " names no registered root");
            satp = savedSatp;
        }
    }

    // ---------------------------------------------------------------- warm state: the views' host TLB entries

    /*
     * The host TLB caches the views' translations under the host ASIDs of this host. In a
     * VM's own snapshot they are named in guest terms: by view (0 the boot table's, then the
     * kernel's and the tasks' view of each registered root, in the order the guest's side
     * names the roots, which is the order a restore registers them in again) and virtual page;
     * a restore looks each one up in the view's tables as they are then, so a page of the
     * guest, of the VMM's hole or of m2p comes back on whatever frame backs it there.
     */

    /** Bits of a saved entry's page that hold its virtual page; its view's number above them. */
    private static final int VPN_BITS = 20;

    /** The views' roots and host ASIDs in the order the warm state numbers them: the boot table, then each root's kernel and task views. */
    private int[][] warmViews() {
        int[][] v = new int[1 + 2 * roots.size()][];
        v[0] = new int[] {bootRoot, bootAsid};
        int i = 1;
        for (Root r : roots.values()) {
            v[i++] = new int[] {r.mpn(), r.kernelAsid()};
            v[i++] = new int[] {r.userRoot(), r.userAsid()};
        }
        return v;
    }

    /** The host TLB entries of this VM's views (slots, LRU order), each by view and virtual page; one its view no longer maps so is left out. */
    void saveWarm(StateOut out) {
        int[][] views = warmViews();
        int[][] tlb = engine.mmu().entriesOf(vmsh.mmu.Mmu.ASID_SPACE, space -> viewOf(views, space),
                (n, vpn, ppn) -> physicalPage(views[n][0], vpn) == ppn ? n << VPN_BITS | vpn : -1);
        out.putInt(tlb.length);
        for (int[] t : tlb) out.putInts(t);
    }

    /** Puts back what {@link #saveWarm} saved, on the frames the views' tables map now, without counting (after {@link #restoreGuest}). */
    void restoreWarm(StateIn in) {
        int[][] views = warmViews();
        int[][] tlb = new int[in.getInt()][];
        for (int k = 0; k < tlb.length; k++) tlb[k] = in.getInts();
        engine.mmu().putEntries(tlb, vmsh.mmu.Mmu.ASID_SPACE, n -> n < views.length ? vmsh.mmu.Mmu.asidSpace(views[n][1], false) : -1,
                page -> page >>> VPN_BITS < views.length ? physicalPage(views[page >>> VPN_BITS][0], page & (1 << VPN_BITS) - 1) : -1);
    }

    private static int viewOf(int[][] views, int space) {
        for (int n = 0; n < views.length; n++) if (vmsh.mmu.Mmu.asidSpace(views[n][1], false) == space) return n;
        return -1;
    }

    /** The host-physical page the 4 KiB mapping of virtual page {@code vpn} in the table at frame {@code root} names, or -1. */
    private int physicalPage(int root, int vpn) {
        int pte = load(root, vpn >>> 10);
        if (!valid(pte) || leaf(pte)) return -1;
        pte = frames.load(mpnOf(pte), (vpn & 0x3ff) * 4, 4);
        return valid(pte) && leaf(pte) ? ppn(pte) : -1;
    }

    /** The pages took other frames: the frame-to-page map, m2p, p2m and the kernel's mappings follow the pmap. */
    private void rebacked() {
        gpnOf.clear();
        for (int page : m2pPages.values()) frames.zero(page);
        for (int g = 0; g < pmap.pages(); g++) backed(g, pmap.mpn(g));
    }

    /** Entry {@code index} of frame {@code mpn} from a guest page number to this host's frame; the frame it names, or -1. */
    private int toMachine(int mpn, int index) {
        int pte = load(mpn, index);
        if (!valid(pte)) return -1;
        int page = ppn(pte) - PvAbi.RAM_PN, frame = page < 0 || page >= pmap.pages() ? -1 : pmap.mpn(page);
        if (frame < 0) throw new StateException(String.format("state section 'direct paging': a page-table entry 0x%08x names no page of the VM", pte));
        storeWord(mpn, index, withPage(pte, frame));
        return frame;
    }

    // ---------------------------------------------------------------- the VMM's part

    private int table() {
        int mpn = host.allocate(FrameUse.SYSTEM);
        frames.zero(mpn);
        engine.forgetFrame(mpn);
        return mpn;
    }

    private int asid() {
        int a = hv.allocateAsid();
        if (a < 0) throw new IllegalStateException("no host ASID left for a paravirtual address space");
        return a;
    }

    private long pa(int mpn) { return frames.physicalAddress(mpn); }

    private void store(int mpn, int index, int pte) { engine.writePhysical((int) pa(mpn) + index * 4, 4, pte); }

    private int load(int mpn, int index) { return frames.load(mpn, index * 4, 4); }

    /** Root entries 512 up (guest RAM for the kernel) and 1023 (the hole), in a root the VMM registers. */
    private void fillVmmEntries(int root) {
        int first = (int) (GuestMemory.BASE >>> 22);
        for (int i = 0; i < kernelTables.length; i++) store(root, first + i, make(pa(kernelTables[i]), PTE_V));
        store(root, PvAbi.HOLE_INDEX, make(pa(holeTable), PTE_V));
    }

    /** Guest page {@code gpn} is backed by frame {@code mpn} (or by none, -1): p2m, m2p and the kernel's mapping follow. */
    void backed(int gpn, int mpn) {
        storeWord(p2mPages[gpn >>> 10], gpn & 1023, mpn < 0 ? 0 : PvAbi.RAM_PN + mpn);
        int flags = mpn < 0 ? 0 : tables.containsKey(mpn) ? KERNEL_LEAF & ~PTE_W : KERNEL_LEAF;
        store(kernelTables[gpn >>> 10], gpn & 1023, mpn < 0 ? 0 : make(pa(mpn), flags));
        if (mpn < 0) return;
        gpnOf.put(mpn, gpn);
        Integer page = m2pPages.get(mpn >>> 10);
        if (page == null) {
            m2pPages.put(mpn >>> 10, page = table());
            store(holeTable, mpn >>> 10, make(pa(page), HOLE_READ));
        }
        storeWord(page, mpn & 1023, PvAbi.RAM_PN + gpn);
    }

    /** The frame of guest page {@code gpn} went away (ballooned): forget it. */
    void unbacked(int gpn, int oldMpn) {
        if (reloading) return;   // every page follows at once (rebacked)
        if (oldMpn >= 0 && gpnOf.remove(oldMpn) != null) storeWord(m2pPages.get(oldMpn >>> 10), oldMpn & 1023, 0);
        backed(gpn, -1);
        flushAll();
    }

    private void storeWord(int mpn, int index, int value) { frames.store(mpn, index * 4, 4, value); }

    // ---------------------------------------------------------------- satp and the views the hart runs

    /** The guest's satp, as it last set it (0: paging off). */
    int satp() { return satp; }

    /** What the hart's satp holds while the guest kernel runs. */
    int kernelSatp() {
        Root r = satp == 0 ? null : roots.get(frameOfPage(Satp.ppn(satp)));
        return r == null ? Satp.make(true, bootAsid, pa(bootRoot)) : Satp.make(true, r.kernelAsid(), pa(r.mpn()));
    }

    /** What the hart's satp holds while a guest task runs: the lower half only. */
    int userSatp() {
        Root r = satp == 0 ? null : roots.get(frameOfPage(Satp.ppn(satp)));
        return r == null ? Satp.make(true, bootAsid, pa(bootRoot)) : Satp.make(true, r.userAsid(), pa(r.userRoot()));
    }

    /**
     * The frame of the guest's physical page number {@code ppn} (a satp's, a pin's or a
     * release's: the guest names its roots by physical page, so that its own data hold no
     * machine page numbers), or -1 when it is not one of the VM's backed pages.
     */
    private int frameOfPage(int ppn) {
        int gpn = ppn - PvAbi.RAM_PN;
        return gpn < 0 || gpn >= pmap.pages() ? -1 : pmap.mpn(gpn);
    }

    /** new satp: registers the root it names (validating it) and makes it current; an SBI error code, or 0. */
    int setSatp(int value) {
        if (!Satp.sv32(value)) {
            satp = 0;
            return 0;
        }
        int v = value & (1 << 31 | 0x1ff << 22 | 0x3fffff);
        int mpn = frameOfPage(Satp.ppn(v));
        if (!gpnOf.containsKey(mpn)) return SbiIds.ERR_INVALID_ADDRESS;
        Table t = tables.get(mpn);
        if (t != null && t.level == 0) return SbiIds.ERR_DENIED;
        if (t == null) {
            int error = registerRoot(mpn, Satp.asid(v));
            if (error != 0) return error;
        }
        Root r = roots.get(mpn);
        if (r.guestAsid() != Satp.asid(v)) {   // the same table under another guest ASID: its entries are not those
            roots.put(mpn, new Root(mpn, r.userRoot(), Satp.asid(v), r.kernelAsid(), r.userAsid()));
            engine.mmu().sfenceVma(false, 0, true, r.kernelAsid());
            engine.mmu().sfenceVma(false, 0, true, r.userAsid());
        }
        satp = v;
        return 0;
    }

    // ---------------------------------------------------------------- registration

    private int registerRoot(int mpn, int guestAsid) {
        for (int i = 0; i < 1024; i++) {
            int pte = load(mpn, i);
            if (!valid(pte)) continue;
            if (i >= PvAbi.USER_ROOT_ENTRIES || leaf(pte) || !gpnOf.containsKey(mpnOf(pte))) return SbiIds.ERR_INVALID_PARAM;
            int leafError = checkLeafTable(mpnOf(pte));
            if (leafError != 0) return leafError;
        }
        tables.put(mpn, new Table(1));
        writeProtect(mpn);
        for (int i = 0; i < PvAbi.USER_ROOT_ENTRIES; i++) {
            int pte = load(mpn, i);
            if (valid(pte)) reference(mpnOf(pte));
        }
        fillVmmEntries(mpn);
        int user = table();
        for (int i = 0; i < PvAbi.USER_ROOT_ENTRIES; i++) store(user, i, load(mpn, i));
        roots.put(mpn, new Root(mpn, user, guestAsid, asid(), asid()));
        return 0;
    }

    /** A leaf table's entries are all acceptable (before it is registered). */
    private int checkLeafTable(int mpn) {
        if (tables.containsKey(mpn)) return tables.get(mpn).level == 0 ? 0 : SbiIds.ERR_DENIED;
        for (int j = 0; j < 1024; j++) {
            int pte = load(mpn, j);
            if (valid(pte) && (!leaf(pte) || !gpnOf.containsKey(mpnOf(pte)))) return SbiIds.ERR_INVALID_PARAM;
        }
        return 0;
    }

    /** A registered root points to leaf table {@code mpn}: registered on first use, its entries made safe. */
    private void reference(int mpn) {
        Table t = tables.get(mpn);
        if (t != null) {
            t.refs++;
            return;
        }
        t = new Table(0);
        t.refs = 1;
        tables.put(mpn, t);
        writeProtect(mpn);
        for (int j = 0; j < 1024; j++) {
            int pte = load(mpn, j);
            if (valid(pte)) writeLeaf(mpn, j, pte);
        }
    }

    private void unreference(int mpn) {
        Table t = tables.get(mpn);
        if (t == null || --t.refs > 0) return;
        tables.remove(mpn);
        unprotect(mpn);
    }

    /** The guest's mappings of frame {@code mpn} lose W: it holds a page table now. */
    private void writeProtect(int mpn) {
        Integer gpn = gpnOf.get(mpn);
        if (gpn != null) backed(gpn, mpn);
        List<Long> ptes = writableMappings.remove(mpn);
        if (ptes != null) for (long at : ptes) {
            int pte = frames.load(mpnOfAddress(at), (int) (at & 0xfff), 4);
            if (mpnOf(pte) == mpn) engine.writePhysical((int) at, 4, pte & ~PTE_W);
        }
        flushAll();
    }

    /** Frame {@code mpn} is no table any more: the kernel may write it again. */
    private void unprotect(int mpn) {
        Integer gpn = gpnOf.get(mpn);
        if (gpn != null) backed(gpn, mpn);
        flushAll();
    }

    /**
     * pin: the root at the guest's physical page number {@code ppn} is registered now, before
     * it is loaded (its guest ASID comes with its first satp). An SBI error code, or 0.
     */
    int pin(int ppn) {
        int mpn = frameOfPage(ppn);
        if (!gpnOf.containsKey(mpn)) return SbiIds.ERR_INVALID_ADDRESS;
        Table t = tables.get(mpn);
        if (t != null) return t.level == 1 ? 0 : SbiIds.ERR_DENIED;
        return registerRoot(mpn, NO_GUEST_ASID);
    }

    /** A pinned root's guest ASID until its first satp. */
    private static final int NO_GUEST_ASID = -1;

    /** Releases the root at the guest's physical page number {@code ppn}: its tables become ordinary pages again. An SBI error code, or 0. */
    int release(int ppn) {
        int mpn = frameOfPage(ppn);
        Root r = roots.get(mpn);
        if (r == null) return SbiIds.ERR_INVALID_ADDRESS;
        if (satp != 0 && frameOfPage(Satp.ppn(satp)) == mpn) return SbiIds.ERR_DENIED;   // switch away first
        roots.remove(mpn);
        for (int i = 0; i < PvAbi.USER_ROOT_ENTRIES; i++) {
            int pte = load(mpn, i);
            if (valid(pte)) unreference(mpnOf(pte));
        }
        for (int i = PvAbi.USER_ROOT_ENTRIES; i < 1024; i++) store(mpn, i, 0);   // the VMM's entries go
        tables.remove(mpn);
        unprotect(mpn);
        frames.free(r.userRoot());
        hv.freeAsid(r.kernelAsid());
        hv.freeAsid(r.userAsid());
        return 0;
    }

    // ---------------------------------------------------------------- mmu_update

    /** One PTE update at guest-physical {@code ptr}: validated when it lies in a registered table. An SBI error code, or 0. */
    int update(long ptr, int value) {
        entries++;
        if (!guest.contains(ptr, 4) || (ptr & 3) != 0) return refuse(SbiIds.ERR_INVALID_ADDRESS);
        int gpn = guest.gpn(ptr), mpn = pmap.mpn(gpn), index = (int) (ptr & 0xfff) >>> 2;
        Table t = tables.get(mpn);
        if (t == null) {   // an ordinary page (a table not registered yet): a plain store
            engine.writePhysical((int) (pa(mpn) + (ptr & 0xfff)), 4, value);
            return 0;
        }
        if (t.level == 0) {
            if (valid(value) && (!leaf(value) || !gpnOf.containsKey(mpnOf(value)))) return refuse(SbiIds.ERR_INVALID_PARAM);
            if (valid(value)) writeLeaf(mpn, index, value);
            else store(mpn, index, value);
            return 0;
        }
        if (index >= PvAbi.USER_ROOT_ENTRIES) return refuse(SbiIds.ERR_DENIED);          // the VMM's half
        if (valid(value) && (leaf(value) || !gpnOf.containsKey(mpnOf(value)))) return refuse(SbiIds.ERR_INVALID_PARAM);
        if (valid(value) && checkLeafTable(mpnOf(value)) != 0) return refuse(SbiIds.ERR_INVALID_PARAM);
        int old = load(mpn, index);
        if (valid(value)) reference(mpnOf(value));
        store(mpn, index, value);
        if (valid(old)) unreference(mpnOf(old));
        Root r = roots.get(mpn);
        if (r != null) store(r.userRoot(), index, value);
        return 0;
    }

    private int refuse(int error) {
        refused++;
        return error;
    }

    /**
     * A valid leaf into leaf table {@code mpn} at {@code index}: U (the guest kernel runs in
     * U-mode; tasks are kept out of its pages by their view, not by U), no G, no W onto a table.
     */
    private void writeLeaf(int mpn, int index, int pte) {
        int target = mpnOf(pte), v = pte & ~PTE_G | PTE_U;
        if (tables.containsKey(target)) v &= ~PTE_W;
        long at = pa(mpn) + index * 4L;
        engine.writePhysical((int) at, 4, v);
        if ((v & PTE_W) != 0) writableMappings.computeIfAbsent(target, k -> new ArrayList<>()).add(at);
    }

    /** TLB flush entry: {@code asidPlusOne} 0 for every ASID of this VM; {@code va} -1 for every address. */
    void flush(int asidPlusOne, int va) {
        boolean all = va == -1;
        for (Root r : roots.values()) {
            if (asidPlusOne != 0 && r.guestAsid() != asidPlusOne - 1) continue;
            engine.mmu().sfenceVma(!all, va, true, r.kernelAsid());
            engine.mmu().sfenceVma(!all, va, true, r.userAsid());
        }
        engine.mmu().sfenceVma(!all, va, true, bootAsid);
    }

    private void flushAll() { flush(0, -1); }

    // ---------------------------------------------------------------- helpers and looking inside

    private static boolean valid(int pte) { return (pte & PTE_V) != 0; }

    private static boolean leaf(int pte) { return (pte & (PTE_R | PTE_W | PTE_X)) != 0; }

    private static int mpnOf(int pte) { return ppn(pte) - PvAbi.RAM_PN; }

    private int mpnOfAddress(long pa) { return (int) ((pa - frames.physicalAddress(0)) >>> 12); }

    /** True when the machine frame is one of this VM's. */
    boolean owns(int mpn) { return gpnOf.containsKey(mpn); }

    /** The guest page backed by frame {@code mpn}, or -1. */
    int gpnOf(int mpn) { return gpnOf.getOrDefault(mpn, -1); }

    /** True when host ASID {@code asid} tags one of this VM's views (its boot table's, its roots' two). */
    boolean usesAsid(int asid) {
        if (asid == bootAsid) return true;
        for (Root r : roots.values()) if (r.kernelAsid() == asid || r.userAsid() == asid) return true;
        return false;
    }

    long entries() { return entries; }

    long refused() { return refused; }

    int registeredTables() { return tables.size(); }

    List<ShadowView> views() {
        List<ShadowView> list = new ArrayList<>();
        var memory = engine.mmu().memory();
        int boot = Satp.make(true, bootAsid, pa(bootRoot));
        list.add(new ShadowView("boot table (the VMM's, while the guest's paging is off)", pa(bootRoot), -1,
                PageTableDump.sv32(memory, boot)));
        for (Root r : roots.values()) {
            String current = satp != 0 && frameOfPage(Satp.ppn(satp)) == r.mpn() ? ", current" : "";
            list.add(new ShadowView(String.format("guest root at host 0x%08x (guest asid %d, host asid %d%s): the kernel's view",
                    pa(r.mpn()), r.guestAsid(), r.kernelAsid(), current), pa(r.mpn()), -1,
                    PageTableDump.sv32(memory, Satp.make(true, r.kernelAsid(), pa(r.mpn())))));
            list.add(new ShadowView(String.format("its tasks' view (VMM copy of the lower half, host asid %d)", r.userAsid()),
                    pa(r.userRoot()), -1, PageTableDump.sv32(memory, Satp.make(true, r.userAsid(), pa(r.userRoot())))));
        }
        return list;
    }

    /** Frees the VMM's frames and ASIDs (the VM is gone). */
    void release() {
        for (Root r : List.copyOf(roots.values())) {
            frames.free(r.userRoot());
            hv.freeAsid(r.kernelAsid());
            hv.freeAsid(r.userAsid());
        }
        roots.clear();
        frames.free(holeTable);
        frames.free(bootRoot);
        for (int t : kernelTables) frames.free(t);
        for (int p : p2mPages) frames.free(p);
        for (int p : m2pPages.values()) frames.free(p);
        hv.freeAsid(bootAsid);
    }
}
