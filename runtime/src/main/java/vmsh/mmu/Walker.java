package vmsh.mmu;

import static vmsh.mmu.Access.LOAD;
import static vmsh.mmu.Access.STORE;
import static vmsh.mmu.Pte.*;

import java.util.ArrayList;
import java.util.List;
import vmsh.isa.Encoding;

/**
 * The page-table walker: Sv32 (satp or vsatp) and the Sv32x4 G-stage (hgatp), composed
 * for two-stage translation. Every guest-physical address of a two-stage walk goes through
 * the G-stage, the VS-stage PTE addresses included, so a full 2-level walk over a 2-level
 * G-stage reads (2+1)*(2+1)-1 = 8 PTEs.
 *
 * <p>The walk follows the privileged spec's algorithm (4.3.2) step by step:
 * <ol>
 * <li>a = root, i = 1 (Sv32x4: the root index is GPA bits 33:22, two bits wider);
 * <li>pte = mem[a + VPN[i]*4]; an address that is not accessible raises an access fault;
 * <li>V = 0, or W = 1 with R = 0: page fault;
 * <li>R or X set: a leaf; otherwise a non-leaf must have D = A = U = 0 and i &gt; 0, and
 *     a = pte.PPN * 4096, i = i - 1;
 * <li>the leaf's permissions must allow the access ({@link Permissions}); a G-stage leaf
 *     needs U = 1;
 * <li>a leaf at level 1 with PPN[0] != 0 is a misaligned megapage: page fault;
 * <li>A = 0, or D = 0 on a store: with {@code adUpdate} the walker sets them in memory
 *     (Svadu), else it faults (Svade).
 * </ol>
 * Faults of the VS-stage and Sv32 stages are page faults (12, 13, 15), of the G-stage
 * guest-page faults (20, 21, 23) with the GPA for htval. The reads of VS-stage PTEs are
 * checked at the G-stage as implicit loads, their A/D updates as implicit stores; a fault
 * there is reported for the original access, flagged {@link #implicit}.
 *
 * <p>Results land in public fields (no allocation): {@link #walk} returns true with
 * {@link #pa}, {@link #perm}, {@link #mega}, {@link #global}, or false with {@link #cause},
 * {@link #tval}, {@link #faultGpa}. {@link #explain} runs the same code recording each step.
 */
public final class Walker {
    private static final long MASK32 = 0xffff_ffffL;

    private final PageTableMemory memory;

    // ---- the last walk's translation (when walk returned true)
    /** The host-physical address (34 bits). */
    public long pa;
    /** The guest-physical address for V=1 walks (equal to {@link #pa} without a G-stage). */
    public long gpa;
    /** Stage-1 leaf flags in bits 7:0 and G-stage leaf flags in bits 15:8; 0 for a Bare stage. */
    public int perm;
    /** The combined page is a 4 MiB megapage (both stages mapped it with megapages, or Bare). */
    public boolean mega;
    /** Some stage-1 PTE on the path had G set: the mapping exists in every address space. */
    public boolean global;

    // ---- the last walk's fault (when walk returned false)
    public int cause;
    /** stval/mtval: the virtual address (the GVA for V=1). */
    public int tval;
    /** The faulting guest-physical address of a guest-page fault (htval = faultGpa &gt;&gt; 2), else -1. */
    public long faultGpa;
    /** The fault happened on a VS-stage PTE access (htinst gets a pseudoinstruction). */
    public boolean implicit;
    /** The implicit access that faulted was the store of a VS-stage PTE's A/D update (else a PTE read). */
    public boolean implicitStore;
    /** The rule that faulted, for people. */
    public String reason;

    // ---- the last walk's cost
    /** PTE reads, every stage. */
    public int references;
    /** A/D write-backs (each one PTE store). */
    public int adWrites;

    // ---- explaining
    private List<WalkStep> trace;
    private boolean writeAD = true;
    private String atStage;
    private int atLevel;
    private long atInput, atEntry, atHost, atPte;

    // ---- the last G-stage sub-walk
    private long gPa;
    private int gLeaf, gLevel;
    private long gLeafAddress;

    public Walker(PageTableMemory memory) { this.memory = memory; }

    /** Translates {@code va} for {@code access} under {@code r}; see the class comment. */
    public boolean walk(int va, int access, Regime r) {
        start(va);
        long out = va & MASK32;
        int perm1 = 0;
        boolean mega1 = true;
        if (r.stage1) {
            if (!stage1(va, access, r)) return false;
            perm1 = s1Leaf & 0xff;
            mega1 = s1Level == 1;
            out = s1Out;
        }
        gpa = out;
        if (!r.gStage) {
            pa = out;
            perm = perm1;
            mega = mega1;
            return true;
        }
        if (!gStage(out, access, access, va, false, r)) return false;
        pa = gPa;
        perm = perm1 | (gLeaf & 0xff) << 8;
        mega = mega1 && gLevel == 1;
        return true;
    }

    /**
     * The G-stage alone: guest-physical {@code address} (34 bits) to host-physical under
     * {@code r}'s hgatp, checked and reported as {@code access} (a VMM resolving a guest's
     * G-stage in software: a nested hypervisor's table). Results as {@link #walk}: {@link #pa},
     * {@link #perm} (the G leaf's flags in bits 15:8), {@link #mega}, or the fault.
     */
    public boolean walkGStage(long address, int access, Regime r) {
        start((int) address);
        gpa = address;
        if (!r.gStage) {
            pa = address;
            perm = 0;
            mega = true;
            return true;
        }
        if (!gStage(address, access, access, (int) address, false, r)) return false;
        pa = gPa;
        perm = (gLeaf & 0xff) << 8;
        mega = gLevel == 1;
        return true;
    }

    /** {@link #walkGStage}, recording every step (see {@link #explain}). */
    public Translation explainGStage(long address, int access, Regime r, boolean updateAD) {
        trace = new ArrayList<>();
        writeAD = updateAD;
        try {
            boolean ok = walkGStage(address, access, r);
            return new Translation((int) address, access, r.describe(), List.copyOf(trace), ok,
                    ok ? pa : -1, address, true, ok ? perm : 0, ok && mega, false,
                    ok ? 0 : cause, ok ? -1 : faultGpa, false, ok ? null : reason, references, adWrites, null);
        } finally {
            trace = null;
            writeAD = true;
        }
    }

    /** A new walk of {@code va}: no references yet, no fault. */
    private void start(int va) {
        references = 0;
        adWrites = 0;
        global = false;
        implicit = false;
        implicitStore = false;
        faultGpa = -1;
        reason = null;
        cause = 0;
        tval = va;
    }

    // results of stage1(): the leaf (A/D as updated), its level, the output address
    private int s1Leaf, s1Level;
    private long s1Out;

    /** The Sv32 or VS-stage walk; fills the stage-1 leaf, its level and the output address. */
    private boolean stage1(int va, int access, Regime r) {
        String stage = r.virt ? "VS" : "Sv32";
        long table = r.root;
        int level = 1;
        long entry, host, word;
        int pte;
        for (;;) {
            entry = table + 4L * (level == 1 ? va >>> 22 : va >>> 12 & 0x3ff);
            host = entry;
            if (r.gStage) {
                if (!gStage(entry, LOAD, access, va, true, r)) return false;
                host = gPa;
            }
            word = memory.readPte(host);
            references++;
            at(stage, level, va & MASK32, entry, host, word);
            if (word < 0) return fault(Access.accessFault(access), -1, "PTE address not accessible");
            pte = (int) word;
            if ((pte & PTE_V) == 0) return pageFault(access, "V=0");
            if ((pte & (PTE_R | PTE_W)) == PTE_W) return pageFault(access, "W=1 with R=0 is reserved");
            if ((pte & PTE_G) != 0) global = true;
            if (Pte.leaf(pte)) break;
            if (level == 0) return pageFault(access, "non-leaf PTE at level 0");
            if ((pte & (PTE_D | PTE_A | PTE_U)) != 0) return pageFault(access, "non-leaf PTE with D, A or U set");
            table = Pte.address(pte);
            if (trace != null) note(String.format("next table 0x%09x", table));
            level--;
        }
        String denied = Permissions.denial(pte, access, r.user, r.sum, r.mxr);
        if (denied != null) return pageFault(access, denied);
        if (level == 1 && Pte.ppn0(pte) != 0) return pageFault(access, "misaligned megapage (PPN[0] != 0)");
        int need = PTE_A | (access == STORE ? PTE_D : 0);
        int missing = need & ~pte;
        if (missing != 0) {
            if (!r.adUpdate) return pageFault(access, (missing & PTE_A) != 0 ? "A=0 (Svade: no hardware A/D update)"
                    : "store with D=0 (Svade: no hardware A/D update)");
            if (r.gStage && !gStageStore(entry, access, va, r)) return false;
            if (writeAD) {
                if (!memory.writePte(host, pte | need)) {
                    at(stage, level, va & MASK32, entry, host, word);
                    return fault(Access.accessFault(access), -1, "PTE address not writable for the A/D update");
                }
                adWrites++;
            }
            pte |= need;
        }
        long out = level == 1 ? (long) Pte.ppn1(pte) << 22 | va & 0x3f_ffff : Pte.address(pte) | va & 0xfff;
        if (trace != null) {
            at(stage, level, va & MASK32, entry, host, word);
            note(leafNote(level, out, missing));
        }
        s1Leaf = pte;
        s1Level = level;
        s1Out = out;
        return true;
    }

    /**
     * The G-stage walk of {@code address} (a GPA), checked as {@code check} (LOAD for reading a
     * VS-stage PTE) and reported as a fault of {@code access}. Fills gPa, gLeaf, gLevel.
     */
    private boolean gStage(long address, int check, int access, int va, boolean implicitAccess, Regime r) {
        long table = r.gRoot;
        int level = 1;
        long entry;
        int pte;
        for (;;) {
            entry = table + 4L * (level == 1 ? address >>> 22 : address >>> 12 & 0x3ff);
            long word = memory.readPte(entry);
            references++;
            at("G", level, address, entry, entry, word);
            if (word < 0) {
                implicit = implicitAccess;
                return fault(Access.accessFault(access), -1, "G-stage PTE address not accessible");
            }
            pte = (int) word;
            if ((pte & PTE_V) == 0) return guestFault(access, address, implicitAccess, "V=0");
            if ((pte & (PTE_R | PTE_W)) == PTE_W) return guestFault(access, address, implicitAccess, "W=1 with R=0 is reserved");
            if (Pte.leaf(pte)) break;
            if (level == 0) return guestFault(access, address, implicitAccess, "non-leaf PTE at level 0");
            if ((pte & (PTE_D | PTE_A | PTE_U)) != 0)
                return guestFault(access, address, implicitAccess, "non-leaf PTE with D, A or U set");
            table = Pte.address(pte);
            if (trace != null) note(String.format("next table 0x%09x", table));
            level--;
        }
        if ((pte & PTE_U) == 0) return guestFault(access, address, implicitAccess, "G-stage leaf with U=0");
        String denied = Permissions.denial(pte, check, true, false, r.gMxr);
        if (denied != null) return guestFault(access, address, implicitAccess,
                implicitAccess ? denied + " (implicit load of a VS-stage PTE)" : denied);
        if (level == 1 && Pte.ppn0(pte) != 0) return guestFault(access, address, implicitAccess, "misaligned megapage (PPN[0] != 0)");
        int need = PTE_A | (check == STORE ? PTE_D : 0);
        int missing = need & ~pte;
        if (missing != 0) {
            if (!r.adUpdate) return guestFault(access, address, implicitAccess, (missing & PTE_A) != 0
                    ? "A=0 (Svade: no hardware A/D update)" : "store with D=0 (Svade: no hardware A/D update)");
            if (writeAD) {
                if (!memory.writePte(entry, pte | need)) {
                    implicit = implicitAccess;
                    return fault(Access.accessFault(access), -1, "G-stage PTE address not writable for the A/D update");
                }
                adWrites++;
            }
            pte |= need;
        }
        gPa = level == 1 ? (long) Pte.ppn1(pte) << 22 | address & 0x3f_ffff : Pte.address(pte) | address & 0xfff;
        gLeaf = pte;
        gLevel = level;
        gLeafAddress = entry;
        if (trace != null) note(leafNote(level, gPa, missing));
        return true;
    }

    /**
     * The A/D update of a VS-stage PTE is an implicit store at the G-stage: the G leaf that
     * mapped the PTE (the last sub-walk) must allow a store, and gets D (no new reads).
     */
    private boolean gStageStore(long entry, int access, int va, Regime r) {
        at("G", gLevel, entry, gLeafAddress, gLeafAddress, gLeaf & MASK32);
        String denied = Permissions.denial(gLeaf, STORE, true, false, r.gMxr);
        implicitStore = true;
        if (denied != null) return guestFault(access, entry, true, denied + " (implicit store: A/D update of a VS-stage PTE)");
        if ((gLeaf & PTE_D) == 0) {
            if (!r.adUpdate) return guestFault(access, entry, true, "D=0 for the implicit store of a VS-stage A/D update (Svade)");
            if (writeAD) {
                if (!memory.writePte(gLeafAddress, gLeaf | PTE_D | PTE_A)) {
                    implicit = true;
                    return fault(Access.accessFault(access), -1, "G-stage PTE address not writable for the A/D update");
                }
                adWrites++;
            }
            gLeaf |= PTE_D | PTE_A;
        }
        if (trace != null) note("implicit store for the VS-stage A/D update allowed (no new reference)"
                + (writeAD ? "" : "; D not written (debugger view)"));
        implicitStore = false;
        return true;
    }

    private static String leafNote(int level, long out, int missing) {
        String page = level == 1 ? String.format("leaf 4 MiB megapage at 0x%09x", out & ~0x3f_ffffL)
                : String.format("leaf 4 KiB page at 0x%09x", out & ~0xfffL);
        if (missing == 0) return page;
        String bits = ((missing & PTE_A) != 0 ? "A" : "") + ((missing & PTE_D) != 0 ? "D" : "");
        return page + "; sets " + bits;
    }

    // ---- faults

    private boolean pageFault(int access, String why) {
        return fault(Access.pageFault(access), -1, why);
    }

    private boolean guestFault(int access, long address, boolean implicitAccess, String why) {
        implicit = implicitAccess;
        return fault(Access.guestPageFault(access), address, why);
    }

    private boolean fault(int code, long address, String why) {
        cause = code;
        faultGpa = address;
        reason = why;
        if (trace != null) note(Encoding.causeName(code) + ": " + why);
        return false;
    }

    // ---- explaining

    /**
     * Walks like {@link #walk} and records every step. A/D bits are written only when
     * {@code updateAD} (a debugger view leaves memory alone and says what the hardware would
     * set). The walk's counters are in the result, nowhere else.
     */
    public Translation explain(int va, int access, Regime r, boolean updateAD) {
        trace = new ArrayList<>();
        writeAD = updateAD;
        try {
            boolean ok = walk(va, access, r);
            return new Translation(va, access, r.describe(), List.copyOf(trace), ok,
                    ok ? pa : -1, ok ? gpa : -1, r.virt, ok ? perm : 0, ok && mega, ok && global,
                    ok ? 0 : cause, ok ? -1 : faultGpa, !ok && implicit, ok ? null : reason,
                    references, adWrites, null);
        } finally {
            trace = null;
            writeAD = true;
        }
    }

    private void at(String stage, int level, long input, long entry, long host, long pte) {
        atStage = stage;
        atLevel = level;
        atInput = input;
        atEntry = entry;
        atHost = host;
        atPte = pte;
    }

    private void note(String outcome) {
        if (trace != null) trace.add(new WalkStep(atStage, atLevel, atInput, atEntry, atHost, atPte, outcome));
    }
}
