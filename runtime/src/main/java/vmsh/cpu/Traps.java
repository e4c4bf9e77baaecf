package vmsh.cpu;

import static vmsh.isa.Encoding.*;

import vmsh.isa.Encoding;
import vmsh.mem.Ram;
import vmsh.mmu.Hgatp;
import vmsh.mmu.Satp;

/**
 * Trap entry for the engine: the hart enters the handler (or the hypervisor's interceptor
 * takes a trap bound for HS-mode or M-mode), the counts by cause, the listener, what
 * htinst/mtinst get, and a fault when the handler cannot be fetched. Also the traps raised
 * without throwing ({@link #raise}): a deprivileged guest kernel takes one on every CSR
 * access and ecall, and unwinding the interpreter's frames for each would cost more than
 * the exit itself.
 */
final class Traps {
    private final Hart hart;
    private final Ram ram;
    private final Translations translations;
    private final Stops stops;
    final long[] exceptionCounts = new long[32];
    final long[] interruptCounts = new long[32];
    TrapListener listener;
    TrapInterceptor interceptor;
    private int raisedCause, raisedTval;

    Traps(Hart hart, Ram ram, Translations translations, Stops stops) {
        this.hart = hart;
        this.ram = ram;
        this.translations = translations;
        this.stops = stops;
    }

    /**
     * Raises exception {@code cause} with {@code tval} without throwing; returns
     * {@link NextPc#TRAPPED}, which the engine answers with {@link #enterRaised}.
     */
    int raise(int cause, int tval) {
        raisedCause = cause;
        raisedTval = tval;
        return NextPc.TRAPPED;
    }

    /** Enters the handler of the exception {@link #raise}d by the instruction at {@code epc} (no tinst). */
    void enterRaised(int epc) { enter(raisedCause, raisedTval, epc, -1, 0, false); }

    /**
     * Enters the handler of exception or interrupt {@code cause} (bit 31 set) raised at
     * {@code epc}, or hands it to the interceptor when it is bound for HS-mode or M-mode.
     * {@code tinst} is what htinst/mtinst get; {@code virtualAccess}: raised by an HLV/HSV.
     */
    void enter(int cause, int tval, int epc, long gpa, int tinst, boolean virtualAccess) {
        Hart h = hart;
        int from = h.priv;
        boolean interrupt = cause < 0;
        int code = cause & ~MCAUSE_INTERRUPT;
        (interrupt ? interruptCounts : exceptionCounts)[code & 31]++;
        if (interceptor != null && (interrupt ? h.interruptTarget(code) : h.trapTarget(code)) != Hart.TARGET_VS) {
            h.pc = epc;
            interceptor.trap(cause, tval, epc, gpa, tinst);
            return;
        }
        int handler = interrupt ? h.takeInterrupt(code, epc) : h.takeTrap(code, tval, epc, gpa, tinst, virtualAccess);
        h.pc = handler;
        checkHandler(handler, cause, tval, epc);
        if (listener != null) listener.trapTaken(cause, tval, epc, from, h.priv);
    }

    /**
     * Records a fault when the trap handler at {@code handler} cannot be fetched: untranslated,
     * it is not in RAM; translated, its own fetch just faulted at that very address (the
     * hart would trap to it forever).
     */
    private void checkHandler(int handler, int cause, int tval, int epc) {
        boolean translated = hart.priv != PRV_M
                && (hart.virt ? Satp.sv32(hart.csr.vsatp) || Hgatp.sv32x4(hart.csr.hgatp) : Satp.sv32(hart.csr.satp));
        boolean fetchable = translated
                ? !(epc == handler && (cause == CAUSE_FETCH_PAGE_FAULT || cause == CAUSE_FETCH_ACCESS))
                : (handler & 3) == 0 && ram.contains(handler);
        if (!fetchable) {
            String what = cause < 0 ? "interrupt " + (cause & ~MCAUSE_INTERRUPT) : Encoding.causeName(cause);
            stops.fault = String.format("%s (tval 0x%08x) at pc 0x%08x: trap handler 0x%08x cannot be fetched",
                    what, tval, epc, handler);
        }
    }

    /**
     * What htinst/mtinst get for {@code trap}, raised by the instruction at {@code pc} (see
     * {@link TrapInstruction}): the pseudoinstruction of an implicit access, the transformed
     * instruction of a faulting explicit access (the instruction's page is the one the
     * engine fetched it from), else 0.
     */
    int instruction(Trap trap, int pc) {
        if (!hart.csr.hypervisor) return 0;
        if (trap.pseudoinstruction != 0) return trap.pseudoinstruction;
        return switch (trap.cause) {
            case CAUSE_MISALIGNED_LOAD, CAUSE_LOAD_ACCESS, CAUSE_MISALIGNED_STORE, CAUSE_STORE_ACCESS,
                 CAUSE_LOAD_PAGE_FAULT, CAUSE_STORE_PAGE_FAULT, CAUSE_LOAD_GUEST_PAGE_FAULT, CAUSE_STORE_GUEST_PAGE_FAULT ->
                    TrapInstruction.transform(ram.load(translations.frameOf(pc) << Ram.FRAME_SHIFT | pc & 0xffc, 4), trap.tval, hart.x);
            default -> 0;
        };
    }
}
