package vmsh.hv;

import static vmsh.hv.TranslationCache.COUNT;
import static vmsh.hv.TranslationCache.COUNTING;
import static vmsh.hv.TranslationCache.COUNT_SPILL;
import static vmsh.hv.TranslationCache.LOOKUP_ENTRIES;
import static vmsh.hv.TranslationCache.LOOKUP_PAGE;
import static vmsh.hv.TranslationCache.SPILL;
import static vmsh.hv.TranslationCache.TEMPS;

import java.util.ArrayList;
import java.util.List;
import vmsh.isa.Decoder;
import vmsh.isa.Format;
import vmsh.isa.Kind;
import vmsh.isa.Opcode;

/**
 * Translates guest-kernel code into the translation cache, one unit at a time (see {@link
 * TranslationUnit}), as VMware's binary translator did. Each guest instruction, by its row
 * of the instruction table (its kind, and whether it is sensitive):
 * <ul>
 * <li>innocuous (ALU, loads, stores, AMOs, fences, ebreak, lui): copied unchanged; a copy
 *     executes with the guest's registers and addresses, through the shadow tables;
 * <li>auipc: its value is the guest's pc plus the immediate, so it becomes lui + addi of
 *     that value;
 * <li>jal and branches: end the unit in exits, {@code jal x0} to the target's translation
 *     (chained) or to a stub that calls the VMM to find it; jal's link is the guest's pc + 4;
 * <li>jalr: an indirect jump, looked up in the translator's table in translated code (a hit
 *     costs a dozen instructions, no callout), a callout on a miss; but auipc + jalr on its
 *     register (the {@code call} and {@code tail} idioms) has a target known now: a direct exit;
 * <li>sensitive (CSR access, sret, wfi, sfence.vma, ecall, and what the guest kernel may
 *     not execute): a callout that emulates it on the virtual CPU, no trap;
 * <li>a load or store the VMM marked adaptive (it kept faulting on a traced page table or a
 *     device): a callout that emulates it when it hits one, then the copy for when it does not.
 * </ul>
 * A unit ends at a control transfer, after {@link TranslationUnit#MAX_INSTRUCTIONS}, at the
 * end of the guest page, before an instruction it cannot fetch, or before one a debugger
 * watches (which the VMM runs outside the cache). Every way out of a unit in translated
 * code counts the guest instructions it ran (see {@link TranslationUnit}).
 */
final class Translator {
    /** What the translator asks of the technique. */
    interface Guest {
        /** The guest-kernel instruction at {@code va}, or null when the guest cannot fetch it there. */
        Integer fetch(int va);

        /** The guest page {@code va} is mapped to now, or -1. */
        int gpn(int va);

        /** The adaptive callout for the load or store at {@code va}, or null. */
        CalloutKind adaptive(int va);

        /** True when a debugger watches the instruction {@code word} at {@code va}: it runs outside the cache, as the guest's own. */
        boolean marked(int va, int word);
    }

    private static final int T0 = TEMPS[0], T1 = TEMPS[1], T2 = TEMPS[2];
    /** Words a unit takes at most: the prologue, 12 instructions of at most 24 words, a counted exit, its stubs. */
    static final int MAX_WORDS = 3 + 24 * TranslationUnit.MAX_INSTRUCTIONS + 9 + 2;

    private final TranslationCache tc;
    private final Guest guest;
    private long translated, units;
    /** The instructions of the unit being translated so far, the one being translated included: what its exits count. */
    private int instructions;
    /** The register the unit's previous instruction, an auipc, set, and its value; rd 0 when not. */
    private int auipcRd, auipcValue;

    Translator(TranslationCache tc, Guest guest) {
        this.tc = tc;
        this.guest = guest;
    }

    long instructions() { return translated; }

    /** The counters and the auipc being folded (the cache saves itself). */
    void save(vmsh.state.StateOut out) { out.putLong(translated).putLong(units).putInt(auipcRd).putInt(auipcValue); }

    void restore(vmsh.state.StateIn in) {
        translated = in.getLong();
        units = in.getLong();
        auipcRd = in.getInt();
        auipcValue = in.getInt();
    }

    long units() { return units; }

    /** Translates the unit starting at guest address {@code va} (whose first instruction can be fetched, on page {@code gpn}). */
    TranslationUnit translate(int va, int gpn) {
        if (!tc.room(MAX_WORDS)) tc.flush();
        int indirect = tc.emit(Emit.lw(T0, 0, SPILL));
        tc.emit(Emit.lw(T1, 0, SPILL + 4));
        tc.emit(Emit.lw(T2, 0, SPILL + 8));
        TranslationUnit u = new TranslationUnit(va, gpn, indirect, tc.next());
        List<Integer> at = new ArrayList<>();
        List<int[]> exits = new ArrayList<>();   // (jal address, target)
        int pc = va;
        boolean ended = false;
        auipcRd = 0;
        while (!ended && at.size() < TranslationUnit.MAX_INSTRUCTIONS) {
            Integer word = at.isEmpty() ? guest.fetch(pc) : (pc & 0xfff) == 0 ? null : guest.fetch(pc);
            if (word == null) break;   // a new page, or a fault: the next unit (or the dispatch) finds it
            if (!at.isEmpty() && guest.marked(pc, word)) break;   // watched: the unit exits to it, and it runs as the guest's own
            at.add(tc.next());
            instructions = at.size();
            ended = instruction(u, pc, word, exits);
            pc += 4;
        }
        if (!ended) {
            u.fallAt = tc.next();
            count(at.size());
            exits.add(new int[] {tc.emit(0), pc});
        }
        u.tcAt = at.stream().mapToInt(Integer::intValue).toArray();
        for (int[] e : exits) {
            int stub = tc.next();
            TranslationUnit.Exit exit = new TranslationUnit.Exit(u, e[0], stub, e[1]);
            tc.emit(Emit.callout(tc.callout(new Callout(CalloutKind.DISPATCH, e[1], 0, u, exit))));
            tc.write(e[0], Emit.jal(0, stub - e[0]));
            u.exits.add(exit);
        }
        u.tcEnd = tc.next();
        tc.add(u);
        for (TranslationUnit.Exit e : u.exits) chainIfTranslated(e);
        translated += u.instructions();
        units++;
        return u;
    }

    /** Chains a new exit at once when its target is translated already (this unit included). */
    private void chainIfTranslated(TranslationUnit.Exit e) {
        int gpn = guest.gpn(e.target);
        TranslationUnit t = gpn < 0 ? null : tc.covering(gpn, e.target, false);
        if (t != null) tc.chain(e, t, t.tcOf(e.target));
    }

    /** Emits the translation of the guest instruction {@code word} at {@code pc}; true when it ends the unit. */
    private boolean instruction(TranslationUnit u, int pc, int word, List<int[]> exits) {
        int callRd = auipcRd, callBase = auipcValue;   // what the previous instruction, an auipc, left
        auipcRd = 0;
        Opcode op = Decoder.opcode(word);
        if (op == null) return callout(CalloutKind.GUEST_FAULT, pc, word, u, true);
        CalloutKind adaptive = guest.adaptive(pc);
        Kind.Category c = op.kind.category();
        if (adaptive != null && (c == Kind.Category.LOAD || c == Kind.Category.STORE)) {
            callout(adaptive, pc, word, u, false);
            tc.emit(word);   // what runs when the access hits neither a traced table nor a device
            return false;
        }
        switch (c) {
            case CSR -> { return callout(CalloutKind.CSR, pc, word, u, false); }
            case HYPERVISOR_LOAD, HYPERVISOR_STORE -> { return callout(CalloutKind.GUEST_FAULT, pc, word, u, true); }
            case SYSTEM -> { return system(op, pc, word, u); }
            case UPPER -> {
                if (op == Opcode.AUIPC) {
                    load(Format.rd(word), pc + Format.immU(word));
                    auipcRd = Format.rd(word);
                    auipcValue = pc + Format.immU(word);
                    return false;
                }
                tc.emit(word);
                break;
            }
            case JUMP -> {
                int target = op == Opcode.JAL ? pc + Format.immJ(word) : callBase + Format.immI(word) & ~1;
                boolean direct = op == Opcode.JAL || callRd != 0 && Format.rs1(word) == callRd;   // jal, or call / tail: auipc + jalr
                if (direct && (target & 3) != 0) return callout(CalloutKind.GUEST_FAULT, pc, word, u, true);   // traps, no link
                if (direct) {
                    load(Format.rd(word), pc + 4);
                    count(instructions);
                    exits.add(new int[] {tc.emit(0), target});
                } else {
                    indirect(u, pc, word);
                }
                return true;
            }
            case BRANCH -> {
                int target = pc + Format.immB(word);
                tc.emit(Emit.branch(op, Format.rs1(word), Format.rs2(word), 4 + 4 * (COUNT_WORDS + 1)));   // taken: past the not-taken exit
                count(instructions);
                exits.add(new int[] {tc.emit(0), pc + 4});
                if ((target & 3) != 0) {
                    callout(CalloutKind.GUEST_FAULT, pc, word, u, true);   // taken, it traps
                } else {
                    count(instructions);
                    exits.add(new int[] {tc.emit(0), target});
                }
                return true;
            }
            default -> {
                if (op.sensitive) return callout(CalloutKind.GUEST_FAULT, pc, word, u, true);
                tc.emit(word);
            }
        }
        return false;
    }

    /** The SYSTEM rows: ecall, wfi, sfence.vma go on after their callout; sret and the rest end the unit. */
    private boolean system(Opcode op, int pc, int word, TranslationUnit u) {
        return switch (op) {
            case ECALL -> callout(CalloutKind.SBI, pc, word, u, false);
            case WFI -> callout(CalloutKind.WFI, pc, word, u, false);
            case SFENCE_VMA -> callout(CalloutKind.SFENCE, pc, word, u, false);
            case SRET -> callout(CalloutKind.SRET, pc, word, u, true);
            case MRET -> callout(CalloutKind.MRET, pc, word, u, true);
            default -> {
                if (!op.sensitive) {   // ebreak: the same in every mode; its trap comes back with its guest pc
                    tc.emit(word);
                    yield false;
                }
                yield callout(CalloutKind.GUEST_FAULT, pc, word, u, true);
            }
        };
    }

    private boolean callout(CalloutKind kind, int pc, int word, TranslationUnit u, boolean ends) {
        tc.emit(Emit.callout(tc.callout(new Callout(kind, pc, word, u, null))));
        return ends;
    }

    /** Words of {@link #count}. */
    static final int COUNT_WORDS = 8;

    /**
     * An exit counts: the count word of the vCPU page += {@code n}, and the counting word
     * += the words this takes (t0 borrowed meanwhile): the simulator's bookkeeping, which
     * the cost model leaves out. The first addi is the third word: chaining rewrites it
     * ({@link TranslationCache#countAt}).
     */
    private void count(int n) {
        tc.emit(Emit.sw(T0, 0, COUNT_SPILL));
        tc.emit(Emit.lw(T0, 0, COUNT));
        tc.emit(countWord(n));
        tc.emit(Emit.sw(T0, 0, COUNT));
        tc.emit(Emit.lw(T0, 0, COUNTING));
        tc.emit(Emit.addi(T0, T0, COUNT_WORDS));
        tc.emit(Emit.sw(T0, 0, COUNTING));
        tc.emit(Emit.lw(T0, 0, COUNT_SPILL));
    }

    /** The addi of an exit that counts {@code n} guest instructions. */
    static int countWord(int n) { return Emit.addi(T0, T0, n); }

    /** rd = value (lui + addi), nothing for x0. */
    private void load(int rd, int value) {
        if (rd == 0) return;
        tc.emit(Emit.lui(rd, value));
        tc.emit(Emit.addi(rd, rd, Emit.lo12(value)));
    }

    /**
     * jalr rd, imm(rs1): t0 = the target, looked up in the translator's table (LOOKUP_PAGE);
     * a hit jumps to the target unit's indirect entry (which restores t0..t2), a miss calls
     * the VMM.
     */
    private void indirect(TranslationUnit u, int pc, int word) {
        int rd = Format.rd(word), rs1 = Format.rs1(word);
        tc.emit(Emit.sw(T0, 0, SPILL));
        tc.emit(Emit.sw(T1, 0, SPILL + 4));
        tc.emit(Emit.sw(T2, 0, SPILL + 8));
        tc.emit(Emit.addi(T0, rs1, Format.immI(word)));   // rs1 is still the guest's
        tc.emit(Emit.andi(T0, T0, -2));
        tc.emit(Emit.andi(T1, T0, (LOOKUP_ENTRIES - 1) << 2));
        tc.emit(Emit.slli(T1, T1, 1));
        tc.emit(Emit.lui(T2, LOOKUP_PAGE));
        tc.emit(Emit.add(T1, T1, T2));
        tc.emit(Emit.lw(T2, T1, 0));
        int miss = tc.next();
        tc.emit(0);   // bne t2, t0, the callout (patched below)
        tc.emit(Emit.lw(T2, T1, 4));
        tc.emit(Emit.lw(T1, 0, COUNT));   // a hit counts the unit (t1 is spilled): the target's unit starts there
        tc.emit(Emit.addi(T1, T1, instructions));
        tc.emit(Emit.sw(T1, 0, COUNT));
        tc.emit(Emit.lw(T1, 0, COUNTING));
        tc.emit(Emit.addi(T1, T1, 6));   // these six
        tc.emit(Emit.sw(T1, 0, COUNTING));
        link(rd, pc + 4);
        tc.emit(Emit.jalr(0, T2, 0));
        int callout = tc.emit(Emit.callout(tc.callout(new Callout(CalloutKind.INDIRECT, pc, word, u, null))));
        tc.write(miss, Emit.branch(Opcode.BNE, T2, T0, callout - miss));
    }

    /** jalr's link, written after the lookup (a temporary's goes to its spill slot, which the target's prologue reloads). */
    private void link(int rd, int value) {
        if (rd == 0) return;
        int temp = rd == T0 ? 0 : rd == T1 ? 1 : rd == T2 ? 2 : -1;
        if (temp < 0) {
            load(rd, value);
            return;
        }
        tc.emit(Emit.lui(T1, value));
        tc.emit(Emit.addi(T1, T1, Emit.lo12(value)));
        tc.emit(Emit.sw(T1, 0, SPILL + 4 * temp));
    }
}
