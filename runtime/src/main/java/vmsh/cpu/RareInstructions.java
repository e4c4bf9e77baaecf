package vmsh.cpu;

import static vmsh.cpu.Translations.FETCH;
import static vmsh.cpu.Translations.LOAD;
import static vmsh.cpu.Translations.STORE;
import static vmsh.isa.Encoding.*;

import java.util.function.LongSupplier;
import vmsh.isa.Kind;
import vmsh.isa.Opcode;
import vmsh.mem.Ram;
import vmsh.mmu.Hgatp;
import vmsh.mmu.Mmu;

/**
 * The instructions the engine executes out of line, one method each: LR/SC and the AMOs,
 * the hypervisor's guest-memory loads and stores (HLV, HLVX, HSV), and the CSR, fence.i
 * and system instructions (which end the chunk: they may change privilege, translation
 * or time).
 */
final class RareInstructions {
    private final Hart hart;
    private final Clock clock;
    private final Ram ram;
    private final Mmu mmu;
    private final Translations translations;
    private final LoadStore memory;
    private final DecodedCode code;
    private final Traps traps;
    private final Stops stops;
    /** Cycles until the next timer event, as the engine knows it now. */
    private final LongSupplier cyclesUntilTimer;
    /** An HLV, HLVX or HSV is executing: a trap it raises has a guest virtual address in tval. */
    private boolean virtualAccess;

    RareInstructions(Hart hart, Clock clock, Mmu mmu, Translations translations, LoadStore memory, DecodedCode code,
                     Traps traps, Stops stops, Ram ram, LongSupplier cyclesUntilTimer) {
        this.hart = hart;
        this.clock = clock;
        this.ram = ram;
        this.mmu = mmu;
        this.translations = translations;
        this.memory = memory;
        this.code = code;
        this.traps = traps;
        this.stops = stops;
        this.cyclesUntilTimer = cyclesUntilTimer;
    }

    /** Whether the trap being taken was raised by an HLV, HLVX or HSV; clears it. */
    boolean takeVirtualAccess() {
        boolean v = virtualAccess;
        virtualAccess = false;
        return v;
    }

    /**
     * LR/SC and the AMOs: naturally aligned words in RAM only. A misaligned address raises
     * address-misaligned (load for lr.w, store/AMO otherwise), a non-RAM one an access fault;
     * lr.w translates as a load, sc.w and the AMOs as stores.
     */
    void atomic(Opcode op, int rd, int va, int src, int n) {
        int[] x = hart.x;
        boolean lr = op == Opcode.LR_W;
        if ((va & 3) != 0) throw new Trap(lr ? CAUSE_MISALIGNED_LOAD : CAUSE_MISALIGNED_STORE, va);
        int pa = translations.translateData(va, lr ? LOAD : STORE);
        if (!ram.contains(pa)) throw new Trap(lr ? CAUSE_LOAD_ACCESS : CAUSE_STORE_ACCESS, va);
        if (lr) {
            x[rd] = ram.load(pa - ram.base(), 4);
            hart.reservation = pa;
            hart.reserved = true;
            return;
        }
        if (op == Opcode.SC_W) {
            boolean ok = hart.reserved && hart.reservation == pa;
            hart.reserved = false;
            if (ok) memory.storeRam(pa, 4, src, n);
            x[rd] = ok ? 0 : 1;
            return;
        }
        int old = ram.load(pa - ram.base(), 4);
        memory.storeRam(pa, 4, Alu.amo(Op.of(op), old, src), n);
        x[rd] = old;
    }

    /**
     * HLV, HLVX and HSV: a load or store of guest memory from HS-mode or M-mode (or U-mode
     * under hstatus.HU), translated through both stages as a V=1 access at hstatus.SPVP's
     * privilege ({@link Mmu#translateVirtual}). HLVX needs execute permission instead of read
     * and faults as a load. Misaligned accesses succeed, as other loads and stores do.
     *
     * @param word the instruction (an illegal one traps with it)
     */
    void hypervisorAccess(Opcode op, int rd, int va, int src, int word, int n) {
        hart.hypervisorLoadStore(word);
        Kind kind = op.kind;
        virtualAccess = true;
        if (kind.category() == Kind.Category.HYPERVISOR_STORE) memory.storeVirtual(va, kind.width(), src, n);
        else hart.x[rd] = kind.extend(memory.loadVirtual(va, kind.width(), executePermission(op) ? FETCH : LOAD, n));
        virtualAccess = false;
    }

    /** HLVX reads guest memory with execute permission instead of read permission. */
    private static boolean executePermission(Opcode op) { return op == Opcode.HLVX_HU || op == Opcode.HLVX_WU; }

    /**
     * The CSR, fence.i and system instructions; each ends the chunk. Returns the next pc,
     * or {@link NextPc#TRAPPED} after a trap raised without throwing.
     *
     * @param w the decoded slot (op, rd, rs1, rs2); {@code word} the instruction
     */
    int system(Opcode op, int w, int word, int pc, int n) {
        Hart h = hart;
        int rd = w >>> 8 & 0xff, rs1 = w >>> 16 & 0xff, rs2 = w >>> 24;
        clock.inFlight(n - 1);
        switch (op) {
            // the traps a deprivileged guest kernel raises all the time return, not throw
            case CSRRW, CSRRS, CSRRC -> {
                int cause = h.tryCsrInstruction(op, word >>> 20, rd, h.x[rs1], rs1 == 0);
                if (cause >= 0) return traps.raise(cause, word);
            }
            case CSRRWI, CSRRSI, CSRRCI -> {
                int cause = h.tryCsrInstruction(op, word >>> 20, rd, rs1, rs1 == 0);
                if (cause >= 0) return traps.raise(cause, word);
            }
            case ECALL -> { return traps.raise(h.ecallCause(), 0); }
            case EBREAK -> throw new Trap(CAUSE_BREAKPOINT, 0); // mtval 0, as QEMU (the spec allows 0 or pc)
            case MRET -> { return h.mret(word); }
            case SRET -> { return h.sret(word); }
            case WFI -> {
                h.wfi(word);
                waitForInterrupt(pc);
            }
            case SFENCE_VMA -> {
                h.sfenceVma(word);
                // with V=1 it fences the guest's own (VS-stage) translations: an hfence.vvma of its VMID
                if (h.virt) mmu.hfenceVvma(Hgatp.vmid(h.csr.hgatp), rs1 != 0, h.x[rs1], rs2 != 0, h.x[rs2]);
                else mmu.sfenceVma(rs1 != 0, h.x[rs1], rs2 != 0, h.x[rs2]);
                translations.checkEpoch();
            }
            case HFENCE_VVMA -> {
                h.hfence(word, false);
                mmu.hfenceVvma(Hgatp.vmid(h.csr.hgatp), rs1 != 0, h.x[rs1], rs2 != 0, h.x[rs2]);
                translations.checkEpoch();
            }
            case HFENCE_GVMA -> {
                h.hfence(word, true);
                mmu.hfenceGvma(rs2 != 0, h.x[rs2]);   // the GPA form flushes the VMID (see Mmu)
                translations.checkEpoch();
            }
            case FENCE_I -> {
                code.flush();
                translations.dropLatch();
            }
            case FENCE -> { }
            default -> throw new IllegalStateException("not a system instruction: " + op);
        }
        return pc + 4;
    }

    /**
     * wfi: with an interrupt pending and enabled in mie it is a nop. Otherwise simulated time
     * skips ahead to the next timer event when the timer can wake the hart (MTIE set and a
     * deadline programmed); when nothing can, the run stops ({@link Stops#idleStop}).
     */
    private void waitForInterrupt(int pc) {
        Hart h = hart;
        if (h.interruptWaiting()) return;
        long due = cyclesUntilTimer.getAsLong();   // from before the wfi (time is published up to it)
        if ((h.csr.mie & (MIP_MTIP | MIP_VSTIP)) != 0 && due != Long.MAX_VALUE) {
            clock.idle(due - 1);   // the wfi's own cycle is part of the wait: the timer is due right after it
            return;
        }
        boolean external = (h.csr.mie & (MIP_MEIP | MIP_SEIP)) != 0;
        stops.idleStop = external
                ? String.format("wfi at pc 0x%08x waits for an external interrupt (console input) and no timer is armed", pc)
                : String.format("wfi at pc 0x%08x with no interrupt source armed", pc);
        stops.endChunk = true;
    }
}
