package vmsh.hv;

import java.util.ArrayList;
import java.util.List;

/**
 * One translation unit of the binary translator: a run of at most {@link #MAX_INSTRUCTIONS}
 * guest-kernel instructions from one guest page, ending at a control transfer, and its code
 * in the translation cache:
 *
 * <pre>
 *  tcIndirect  lw t0/t1/t2 back from the spill slots   the entry the indirect-jump table names
 *  tcEntry     the translated instructions             guest instruction i starts at tcAt[i]
 *              exits: count, jal x0, (a chained unit | its stub)
 *  stubs       one callout each: "dispatch to guest address target"
 * </pre>
 *
 * <p><b>Counting.</b> The guest's instructions are counted exactly, whatever the
 * translation added: each exit first adds the unit's instruction count to the count word
 * of the vCPU page (less the index of the instruction it enters when chained into the
 * middle of a unit), so at the start of guest instruction i's translation the guest has
 * executed {@code base + count word + i} (see {@link #indexAt}); the VMM sets base
 * whenever it moves the vCPU into translated code.
 */
final class TranslationUnit {
    /** VMware's translator stopped a unit at 12 instructions. */
    static final int MAX_INSTRUCTIONS = 12;

    /**
     * A direct exit: the {@code jal} at {@code jalAt} leaves for guest address {@code target},
     * through the stub at {@code stubAt} until it is chained to the target's translation.
     */
    static final class Exit {
        final TranslationUnit from;
        final int jalAt, stubAt, target;
        /** The unit the jal jumps into now, or null while it goes to its stub. */
        TranslationUnit chainedTo;

        Exit(TranslationUnit from, int jalAt, int stubAt, int target) {
            this.from = from;
            this.jalAt = jalAt;
            this.stubAt = stubAt;
            this.target = target;
        }
    }

    final int guestStart;
    /** The guest page its code was read from: valid while the guest's mapping of guestStart says so. */
    final int gpn;
    final int tcIndirect, tcEntry;
    int[] tcAt;
    int tcEnd;
    /** Where the exit after its last instruction starts when the unit ends without a control transfer, else 0 (no cache address). */
    int fallAt;
    final List<Exit> exits = new ArrayList<>();
    /** Exits of other units chained into this one (unchained when it goes). */
    final List<Exit> incoming = new ArrayList<>();
    boolean valid = true;

    TranslationUnit(int guestStart, int gpn, int tcIndirect, int tcEntry) {
        this.guestStart = guestStart;
        this.gpn = gpn;
        this.tcIndirect = tcIndirect;
        this.tcEntry = tcEntry;
    }

    int instructions() { return tcAt.length; }

    /** True when guest address {@code va} is one of its instructions. */
    boolean covers(int va) {
        int i = (va - guestStart) >>> 2;
        return (va & 3) == 0 && Integer.compareUnsigned(va - guestStart, 4 * tcAt.length) < 0 && i < tcAt.length;
    }

    /** The translation cache address of guest instruction {@code va} (which it covers). */
    int tcOf(int va) { return tcAt[(va - guestStart) >>> 2]; }

    boolean holds(int tcPc) { return Integer.compareUnsigned(tcPc - tcIndirect, tcEnd - tcIndirect) < 0; }

    /**
     * The guest pc the hart's translation-cache pc {@code tcPc} stands for: the instruction
     * whose translation it is in, or a stub's target; the unit's start in the prologue.
     */
    int guestPcAt(int tcPc) {
        for (Exit e : exits) if (e.stubAt == tcPc) return e.target;
        int i = tcAt.length - 1;
        while (i > 0 && Integer.compareUnsigned(tcAt[i], tcPc) > 0) i--;
        return guestStart + 4 * i;
    }

    /**
     * The instructions of this unit the guest has executed before translation-cache address
     * {@code tcPc}, counting from the unit's start (the count word holds those of the
     * units before): i at instruction i's translation and inside it (the one in progress),
     * all of them in the exit after the last, 0 in a stub (its exit counted them) and in
     * the prologue.
     */
    int indexAt(int tcPc) {
        for (Exit e : exits) if (e.stubAt == tcPc) return 0;
        if (fallAt != 0 && Integer.compareUnsigned(tcPc, fallAt) >= 0) return tcAt.length;
        int i = tcAt.length - 1;
        while (i > 0 && Integer.compareUnsigned(tcAt[i], tcPc) > 0) i--;
        return i;
    }

    /** What exit {@code e} adds to the count word when it leaves for address {@code tcTarget} of unit {@code to}. */
    static int counted(Exit e, TranslationUnit to, int tcTarget) {
        return e.from.instructions() - (to == null ? 0 : to.indexAt(tcTarget));
    }

    /**
     * True when the guest's registers are exactly its own at {@code tcPc}: the start of an
     * instruction's translation or a stub (inside a rewritten instruction, or the
     * prologue, the translator's temporaries may be in them).
     */
    boolean clean(int tcPc) {
        for (int t : tcAt) if (t == tcPc) return true;
        for (Exit e : exits) if (e.stubAt == tcPc) return true;
        return false;
    }
}
