package vmsh.hv;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import vmsh.cpu.Engine;
import vmsh.hostmem.FrameUse;
import vmsh.hostmem.HostMemory;
import vmsh.hostmem.MachineMemory;
import vmsh.state.StateException;
import vmsh.state.StateIn;
import vmsh.state.StateOut;

/**
 * The binary translator's translation cache: host frames the guest cannot see, mapped only
 * in the shadows of its kernel, in the top 4 MiB of its address space (where VMware's VMM
 * hid itself from the guest):
 *
 * <pre>
 *  0xFFC0_0000  translated code, up to 1 MiB (a jal reaches all of it), filled in order;
 *               full, it is emptied (every unit dropped) and filling starts over
 *  0xFFFF_E000  the indirect-jump lookup table: LOOKUP_ENTRIES pairs (guest target, TC entry),
 *               indexed by target bits 10:2
 *  0xFFFF_F000  the vCPU page, in reach of loads and stores based on x0:
 *    -256(x0)   spill slots for t0, t1, t2 (the indirect-jump sequence's temporaries)
 *    -244(x0)   the spill slot of t0 while an exit counts
 *    -240(x0)   the count word: guest instructions of the units left since the VMM last set it
 *    -236(x0)   the counting word: instructions translated code spent counting since then
 * </pre>
 * It keeps the units by translation-cache address, by guest page (for invalidation) and
 * the callouts by number (a callout instruction carries its number).
 */
final class TranslationCache {
    static final int BASE = 0xFFC0_0000, CODE_BYTES = 1 << 20, LOOKUP_PAGE = 0xFFFF_E000, VCPU_PAGE = 0xFFFF_F000;
    static final int LOOKUP_ENTRIES = 512, SPILL = -256, COUNT_SPILL = SPILL + 12, COUNT = SPILL + 16,
            COUNTING = SPILL + 20;
    /** The temporaries the indirect-jump sequence spills: t0, t1, t2. */
    static final int[] TEMPS = {5, 6, 7};

    private final HostMemory host;
    private final MachineMemory frames;
    private final Engine engine;
    private final int[] codeFrames = new int[CODE_BYTES >>> 12];
    private int vcpuFrame, lookupFrame;
    private int next = BASE;
    private final TreeMap<Integer, TranslationUnit> byTc = new TreeMap<>(Integer::compareUnsigned);
    private final Map<Integer, List<TranslationUnit>> byPage = new HashMap<>();
    private final List<Callout> callouts = new ArrayList<>();
    /** The unit {@link #unitAt} found last (the VMM asks about the same one several times a trap). */
    private TranslationUnit lastFound;
    private long flushes;

    TranslationCache(HostMemory host, Engine engine) {
        this.host = host;
        this.frames = host.frames();
        this.engine = engine;
        java.util.Arrays.fill(codeFrames, -1);
        this.vcpuFrame = frame();
        this.lookupFrame = frame();
        for (int i = 0; i < LOOKUP_ENTRIES; i++) frames.store(lookupFrame, 8 * i, 4, 1);   // 1: never a target
    }

    private int frame() {
        int mpn = host.allocate(FrameUse.SYSTEM);
        frames.zero(mpn);
        engine.forgetFrame(mpn);
        return mpn;
    }

    // ---------------------------------------------------------------- memory

    /** True for an address of translated code. */
    boolean holds(int pc) { return Integer.compareUnsigned(pc - BASE, next - BASE) < 0; }

    /** True for an address in the translator's hidden window (code or vCPU page). */
    static boolean inWindow(int va) { return Integer.compareUnsigned(va, BASE) >= 0; }

    /** The host frame behind window address {@code va} (code pages only once used), or -1. */
    int frameAt(int va) {
        if ((va & ~0xfff) == VCPU_PAGE) return vcpuFrame;
        if ((va & ~0xfff) == LOOKUP_PAGE) return lookupFrame;
        int page = (va - BASE) >>> 12;
        return page < codeFrames.length ? codeFrames[page] : -1;
    }

    /** The window's pages that have frames now: {virtual address, frame, writable 1/0} each. */
    List<int[]> windowPages() {
        List<int[]> pages = new ArrayList<>();
        for (int p = 0; p < codeFrames.length; p++) if (codeFrames[p] >= 0) pages.add(new int[] {BASE + (p << 12), codeFrames[p], 0});
        pages.add(new int[] {LOOKUP_PAGE, lookupFrame, 1});
        pages.add(new int[] {VCPU_PAGE, vcpuFrame, 1});
        return pages;
    }

    /** Room for {@code words} more instructions, or false (the cache is full). */
    boolean room(int words) { return Integer.compareUnsigned(next - BASE + 4 * words, CODE_BYTES) <= 0; }

    /** The address the next instruction goes to. */
    int next() { return next; }

    /** Appends an instruction; returns its address. */
    int emit(int word) {
        int at = next;
        write(at, word);
        next += 4;
        return at;
    }

    /** Writes an instruction (keeps the hart's decoded copy coherent). */
    void write(int at, int word) {
        int page = (at - BASE) >>> 12;
        if (codeFrames[page] < 0) codeFrames[page] = frame();
        engine.writePhysical((int) frames.physicalAddress(codeFrames[page]) + (at & 0xfff), 4, word);
    }

    /** A word of the vCPU page at x0-relative {@code offset}. */
    int vcpuWord(int offset) { return frames.load(vcpuFrame, offset & 0xfff, 4); }

    void setVcpuWord(int offset, int value) { frames.store(vcpuFrame, offset & 0xfff, 4, value); }

    /** The address of the addi that gives what an exit whose jal is at {@code jalAt} counts (see {@link Translator#count}). */
    static int countAt(int jalAt) { return jalAt - 4 * (Translator.COUNT_WORDS - 2); }

    // ---------------------------------------------------------------- units

    void add(TranslationUnit u) {
        byTc.put(u.tcIndirect, u);
        byPage.computeIfAbsent(u.gpn, g -> new ArrayList<>()).add(u);
    }

    /** The unit whose code holds {@code tcPc}, or null. */
    TranslationUnit unitAt(int tcPc) {
        TranslationUnit last = lastFound;
        if (last != null && last.valid && last.holds(tcPc)) return last;
        var e = byTc.floorEntry(tcPc);
        TranslationUnit u = e != null && e.getValue().holds(tcPc) ? e.getValue() : null;
        if (u != null) lastFound = u;
        return u;
    }

    /** A valid unit of guest page {@code gpn} covering {@code va}; one that starts there if {@code start}. */
    TranslationUnit covering(int gpn, int va, boolean start) {
        List<TranslationUnit> list = byPage.get(gpn);
        if (list == null) return null;
        for (TranslationUnit u : list) if (u.covers(va) && (!start || u.guestStart == va)) return u;
        return null;
    }

    /** True when guest page {@code gpn} holds translated code (the VMM keeps it read-only). */
    boolean hasCode(int gpn) { return byPage.containsKey(gpn); }

    /** True when bytes {@code [offset, offset + length)} of guest page {@code gpn} hold an instruction a unit translated. */
    boolean translatesBytes(int gpn, int offset, int length) {
        for (TranslationUnit u : byPage.getOrDefault(gpn, List.of())) {
            int start = u.guestStart & 0xfff, end = start + 4 * u.instructions();
            if (offset < end && start < offset + length) return true;
        }
        return false;
    }

    /** Drops every unit of guest page {@code gpn}; returns how many. */
    int invalidatePage(int gpn) {
        List<TranslationUnit> list = byPage.remove(gpn);
        if (list == null) return 0;
        for (TranslationUnit u : list) drop(u);
        return list.size();
    }

    /** Drops one unit: the exits chained into it go back to their stubs, the lookup table forgets it. */
    void invalidate(TranslationUnit u) {
        List<TranslationUnit> list = byPage.get(u.gpn);
        if (list != null && list.remove(u) && list.isEmpty()) byPage.remove(u.gpn);
        drop(u);
    }

    private void drop(TranslationUnit u) {
        if (!u.valid) return;
        u.valid = false;
        byTc.remove(u.tcIndirect);
        for (TranslationUnit.Exit e : u.incoming) unchain(e);
        u.incoming.clear();
        for (TranslationUnit.Exit e : u.exits) if (e.chainedTo != null) e.chainedTo.incoming.remove(e);
        for (int i = 0; i < LOOKUP_ENTRIES; i++)
            if (u.holds(frames.load(lookupFrame, 8 * i + 4, 4))) frames.store(lookupFrame, 8 * i, 4, 1);   // 1: never a target
    }

    /** Points exit {@code e}'s jal at {@code tcTarget} inside {@code target}. */
    void chain(TranslationUnit.Exit e, TranslationUnit target, int tcTarget) {
        if (e.chainedTo != null) e.chainedTo.incoming.remove(e);
        write(countAt(e.jalAt), Translator.countWord(TranslationUnit.counted(e, target, tcTarget)));
        write(e.jalAt, Emit.jal(0, tcTarget - e.jalAt));
        e.chainedTo = target;
        target.incoming.add(e);
    }

    private void unchain(TranslationUnit.Exit e) {
        write(e.jalAt, Emit.jal(0, e.stubAt - e.jalAt));
        write(countAt(e.jalAt), Translator.countWord(TranslationUnit.counted(e, null, 0)));
        e.chainedTo = null;
    }

    /** Makes the lookup table send indirect jumps to guest {@code target} to {@code u}'s indirect entry. */
    void lookupEntry(int target, TranslationUnit u) {
        int slot = 8 * (target >>> 2 & LOOKUP_ENTRIES - 1);
        frames.store(lookupFrame, slot, 4, target);
        frames.store(lookupFrame, slot + 4, 4, u.tcIndirect);
    }

    /** Empties the cache: every unit, chain, callout and lookup entry goes; filling starts at the base again. */
    void flush() {
        for (TranslationUnit u : List.copyOf(byTc.values())) u.valid = false;
        byTc.clear();
        byPage.clear();
        callouts.clear();
        for (int i = 0; i < LOOKUP_ENTRIES; i++) frames.store(lookupFrame, 8 * i, 4, 1);
        next = BASE;
        flushes++;
    }

    long flushes() { return flushes; }

    int units() { return byTc.size(); }

    /** Bytes of translated code in the cache now. */
    int bytes() { return next - BASE; }

    // ---------------------------------------------------------------- callouts

    /** Registers a callout; returns its number. */
    int callout(Callout c) {
        callouts.add(c);
        return callouts.size() - 1;
    }

    Callout callout(int number) { return number < callouts.size() ? callouts.get(number) : null; }

    // ---------------------------------------------------------------- state

    /**
     * The cache's frames and fill point, then every unit it knows (in the cache, by page, or
     * named by a callout or a chain: numbered in that order) with its exits, the chains
     * between them, the index by page and the callouts. The code is in host frames.
     */
    void save(StateOut out) {
        out.putInts(codeFrames).putInt(vcpuFrame).putInt(lookupFrame);
        saveUnits(out);
    }

    /**
     * The cache apart from this host (a VM's own snapshot): the words of each code page (none
     * for a page without a frame), of the vCPU page and of the lookup page, then what
     * {@link #save} writes after the frame numbers. Translated code names no host frame (it
     * runs at fixed addresses of the window), so loading it elsewhere gives the same code.
     */
    void saveApart(StateOut out) {
        for (int f : codeFrames) out.putInts(f < 0 ? null : frames.contents(f));
        out.putInts(frames.contents(vcpuFrame)).putInts(frames.contents(lookupFrame));
        saveUnits(out);
    }

    /** Takes back what {@link #saveApart} saved: a code page the saved cache had no frame for gives its frame back (its window page unmapped already). */
    void restoreApart(StateIn in) {
        for (int p = 0; p < codeFrames.length; p++) {
            int[] words = in.getInts();
            if (words == null) {
                if (codeFrames[p] >= 0) frames.free(codeFrames[p]);
                codeFrames[p] = -1;
                continue;
            }
            if (codeFrames[p] < 0) codeFrames[p] = frame();
            fill(codeFrames[p], words);
        }
        fill(vcpuFrame, in.getInts());
        fill(lookupFrame, in.getInts());
        restoreUnits(in);
    }

    private void fill(int mpn, int[] words) {
        if (words == null || words.length != MachineMemory.WORDS) throw new StateException("state section 'translation cache': a bad page");
        System.arraycopy(words, 0, frames.words(mpn), 0, MachineMemory.WORDS);
        engine.forgetFrame(mpn);
    }

    private void saveUnits(StateOut out) {
        out.putInt(next).putLong(flushes);
        List<TranslationUnit> units = new ArrayList<>();
        Map<TranslationUnit, Integer> index = new IdentityHashMap<>();
        for (TranslationUnit u : byTc.values()) number(u, units, index);
        for (List<TranslationUnit> list : new TreeMap<>(byPage).values()) for (TranslationUnit u : list) number(u, units, index);
        for (Callout c : callouts) number(c.unit(), units, index);
        for (int i = 0; i < units.size(); i++) {      // grows while chains lead to units not numbered yet
            TranslationUnit u = units.get(i);
            for (TranslationUnit.Exit e : u.exits) if (e.chainedTo != null) number(e.chainedTo, units, index);
            for (TranslationUnit.Exit e : u.incoming) number(e.from, units, index);
        }
        out.putInt(units.size());
        for (TranslationUnit u : units) {
            out.putInts(new int[] {u.guestStart, u.gpn, u.tcIndirect, u.tcEntry, u.tcEnd, u.fallAt}).putInts(u.tcAt).putBoolean(u.valid);
            out.putInt(u.exits.size());
            for (TranslationUnit.Exit e : u.exits) out.putInt(e.jalAt).putInt(e.stubAt).putInt(e.target);
        }
        for (TranslationUnit u : units) {
            for (TranslationUnit.Exit e : u.exits) out.putInt(e.chainedTo == null ? -1 : index.get(e.chainedTo));
            out.putInt(u.incoming.size());
            for (TranslationUnit.Exit e : u.incoming) out.putInt(index.get(e.from)).putInt(e.from.exits.indexOf(e));
        }
        out.putInts(byTc.values().stream().mapToInt(index::get).toArray());
        TreeMap<Integer, List<TranslationUnit>> pages = new TreeMap<>(byPage);
        out.putInt(pages.size());
        pages.forEach((gpn, list) -> out.putInt(gpn).putInts(list.stream().mapToInt(index::get).toArray()));
        out.putInt(callouts.size());
        for (Callout c : callouts)
            out.putInts(new int[] {c.kind().ordinal(), c.pc(), c.word(), index.get(c.unit()), c.exit() == null ? -1 : c.unit().exits.indexOf(c.exit())});
    }

    private static void number(TranslationUnit u, List<TranslationUnit> units, Map<TranslationUnit, Integer> index) {
        if (index.putIfAbsent(u, units.size()) == null) units.add(u);
    }

    void restore(StateIn in) {
        in.getInts(codeFrames);
        vcpuFrame = in.getInt();
        lookupFrame = in.getInt();
        restoreUnits(in);
    }

    private void restoreUnits(StateIn in) {
        next = in.getInt();
        flushes = in.getLong();
        int n = in.getInt();
        if (n < 0) throw new StateException("state section 'translation cache': " + n + " units");
        List<TranslationUnit> units = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int[] f = in.getInts();
            if (f == null || f.length != 6) throw new StateException("state section 'translation cache': a bad unit");
            TranslationUnit u = new TranslationUnit(f[0], f[1], f[2], f[3]);
            u.tcEnd = f[4];
            u.fallAt = f[5];
            u.tcAt = in.getInts();
            u.valid = in.getBoolean();
            for (int k = in.getInt(); k > 0; k--) u.exits.add(new TranslationUnit.Exit(u, in.getInt(), in.getInt(), in.getInt()));
            units.add(u);
        }
        for (TranslationUnit u : units) {
            for (TranslationUnit.Exit e : u.exits) {
                int to = in.getInt();
                e.chainedTo = to < 0 ? null : unit(units, to);
            }
            for (int k = in.getInt(); k > 0; k--) u.incoming.add(exit(unit(units, in.getInt()), in.getInt()));
        }
        byTc.clear();
        for (int i : in.getInts()) {
            TranslationUnit u = unit(units, i);
            byTc.put(u.tcIndirect, u);
        }
        byPage.clear();
        for (int k = in.getInt(); k > 0; k--) {
            int gpn = in.getInt();
            List<TranslationUnit> list = new ArrayList<>();
            for (int i : in.getInts()) list.add(unit(units, i));
            byPage.put(gpn, list);
        }
        callouts.clear();
        for (int k = in.getInt(); k > 0; k--) {
            int[] c = in.getInts();
            if (c == null || c.length != 5 || c[0] < 0 || c[0] >= CalloutKind.ALL.length)
                throw new StateException("state section 'translation cache': a bad callout");
            TranslationUnit u = unit(units, c[3]);
            callouts.add(new Callout(CalloutKind.ALL[c[0]], c[1], c[2], u, c[4] < 0 ? null : exit(u, c[4])));
        }
    }

    private static TranslationUnit unit(List<TranslationUnit> units, int i) {
        if (i < 0 || i >= units.size()) throw new StateException("state section 'translation cache': unit " + i);
        return units.get(i);
    }

    private static TranslationUnit.Exit exit(TranslationUnit u, int i) {
        if (i < 0 || i >= u.exits.size()) throw new StateException("state section 'translation cache': exit " + i);
        return u.exits.get(i);
    }

    /**
     * Live migration: this cache, empty, becomes a copy of {@code source}, another host's
     * cache: the same units at the same window addresses, their code, the lookup table and
     * the vCPU page (with the spilled temporaries) copied into frames of this host. A vCPU
     * stopped anywhere in translated code goes on here exactly as it would have there.
     */
    void copyFrom(TranslationCache source) {
        if (next != BASE) throw new IllegalStateException("a translation cache in use cannot become a copy");
        int vcpu = vcpuFrame, lookup = lookupFrame;
        StateOut out = new StateOut();
        source.save(out);
        restore(new StateIn(out.toBytes()));   // the frame numbers are the source host's: replaced below
        vcpuFrame = vcpu;
        lookupFrame = lookup;
        copyFrame(source, source.vcpuFrame, vcpuFrame);
        copyFrame(source, source.lookupFrame, lookupFrame);
        for (int p = 0; p < codeFrames.length; p++) {
            if (codeFrames[p] < 0) continue;
            int mine = frame();
            copyFrame(source, codeFrames[p], mine);
            codeFrames[p] = mine;
        }
    }

    private void copyFrame(TranslationCache source, int from, int to) {
        for (int offset = 0; offset < 4096; offset += 4) frames.store(to, offset, 4, source.frames.load(from, offset, 4));
        engine.forgetFrame(to);
    }

    /** Frees the cache's frames (the VM is gone). */
    void release() {
        for (int f : codeFrames) if (f >= 0) frames.free(f);
        frames.free(vcpuFrame);
        frames.free(lookupFrame);
    }
}
