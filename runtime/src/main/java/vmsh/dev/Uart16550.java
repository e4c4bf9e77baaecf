package vmsh.dev;

import java.util.ArrayDeque;
import vmsh.mem.Device;
import vmsh.state.StateIn;
import vmsh.state.StateOut;

/**
 * A 16550 UART as QEMU's {@code virt} machine has it at 0x1000_0000: eight byte-wide
 * registers at offsets 0..7 of a 0x100 window. Transmitting is instant, so the transmitter
 * is always empty (LSR THRE|TEMT); received bytes wait in the {@link Console} until the
 * guest reads RBR, so a FIFO reset never loses what a script fed before the driver started.
 *
 * <pre>
 * offset  read          write         (LCR.DLAB = 1: offsets 0/1 are DLL/DLM)
 *   0     RBR receive   THR transmit
 *   1     IER           IER           interrupt enable: bit 0 data ready, bit 1 THR empty
 *   2     IIR           FCR           interrupt id / FIFO control
 *   3     LCR           LCR           line control (bit 7 DLAB)
 *   4     MCR           MCR           modem control (bit 4 loopback)
 *   5     LSR           -             line status: bit 0 DR, bit 5 THRE, bit 6 TEMT
 *   6     MSR           -             modem status
 *   7     SCR           SCR           scratch
 * </pre>
 *
 * Wider accesses act on the low byte; offsets 8 and up read 0 and ignore writes.
 * In loopback mode (MCR bit 4), as on the chip, transmitted bytes come back as input and
 * the modem outputs appear as the modem status inputs.
 */
public final class Uart16550 implements Device {
    // register offsets
    public static final int RBR = 0, THR = 0, DLL = 0, IER = 1, DLM = 1, IIR = 2, FCR = 2;
    public static final int LCR = 3, MCR = 4, LSR = 5, MSR = 6, SCR = 7;
    // IER
    public static final int IER_ERBFI = 0x01, IER_ETBEI = 0x02, IER_MASK = 0x0f;
    // IIR: interrupt identification, highest priority first (no line or modem status events here)
    public static final int IIR_NO_INT = 0x01, IIR_RDI = 0x04, IIR_THRI = 0x02, IIR_FIFO_ENABLED = 0xc0;
    // FCR
    public static final int FCR_FIFO_ENABLE = 0x01, FCR_CLEAR_RX = 0x02;
    // LCR, MCR
    public static final int LCR_DLAB = 0x80;
    public static final int MCR_DTR = 0x01, MCR_RTS = 0x02, MCR_OUT1 = 0x04, MCR_OUT2 = 0x08, MCR_LOOP = 0x10, MCR_MASK = 0x1f;
    // LSR, MSR
    public static final int LSR_DR = 0x01, LSR_THRE = 0x20, LSR_TEMT = 0x40;
    public static final int MSR_CTS = 0x10, MSR_DSR = 0x20, MSR_RI = 0x40, MSR_DCD = 0x80;

    private final Console console;
    /** Bytes transmitted in loopback mode, waiting to be received. */
    private final ArrayDeque<Integer> looped = new ArrayDeque<>();
    private int ier, lcr, mcr = MCR_OUT2, scr, dll, dlm;
    private boolean fifoEnabled;
    /** The "transmitter empty" interrupt is raised, until IIR reports it or THR is written. */
    private boolean thrEmptyPending;

    public Uart16550(Console console) { this.console = console; }

    @Override public String name() { return "uart0"; }

    @Override public int size() { return 0x100; }

    /** The registers, the loopback FIFO and the pending "THR empty" interrupt (the console saves itself). */
    @Override
    public void save(StateOut out) {
        out.putInts(new int[] {ier, lcr, mcr, scr, dll, dlm}).putBoolean(fifoEnabled).putBoolean(thrEmptyPending);
        out.putInts(looped.stream().mapToInt(Integer::intValue).toArray());
    }

    @Override
    public void restore(StateIn in) {
        int[] r = in.getInts();
        if (r == null || r.length != 6) throw new vmsh.state.StateException("state section 'uart0': bad registers");
        ier = r[0]; lcr = r[1]; mcr = r[2]; scr = r[3]; dll = r[4]; dlm = r[5];
        fifoEnabled = in.getBoolean();
        thrEmptyPending = in.getBoolean();
        looped.clear();
        for (int b : in.getInts()) looped.add(b & 0xff);
    }

    @Override
    public int load(int offset, int width) {
        boolean dlab = (lcr & LCR_DLAB) != 0;
        return switch (offset) {
            case RBR -> dlab ? dll : receive();
            case IER -> dlab ? dlm : ier;
            case IIR -> readIir();
            case LCR -> lcr;
            case MCR -> mcr;
            case LSR -> LSR_THRE | LSR_TEMT | (dataReady() ? LSR_DR : 0);
            case MSR -> modemStatus();
            case SCR -> scr;
            default -> 0;
        };
    }

    @Override
    public void store(int offset, int width, int value) {
        int v = value & 0xff;
        boolean dlab = (lcr & LCR_DLAB) != 0;
        switch (offset) {
            case THR -> { if (dlab) dll = v; else transmit(v); }
            case IER -> { if (dlab) dlm = v; else writeIer(v); }
            case FCR -> writeFcr(v);
            case LCR -> lcr = v;
            case MCR -> mcr = v & MCR_MASK;
            case SCR -> scr = v;
            default -> { } // LSR and MSR are read-only
        }
    }

    /** True when an enabled interrupt condition holds (the line to the PLIC). */
    public boolean interruptPending() {
        return receiveInterrupt() || transmitInterrupt();
    }

    /** The baud-rate divisor latch DLM:DLL (kept for drivers that read it back). */
    public int divisor() { return dlm << 8 | dll; }

    private void transmit(int b) {
        if ((mcr & MCR_LOOP) != 0) looped.add(b);
        else console.transmit(b);
        thrEmptyPending = true; // sent at once: THR is empty again
    }

    private int receive() {
        if (!looped.isEmpty()) return looped.poll();
        if ((mcr & MCR_LOOP) != 0) return 0;
        int b = console.receive();
        return b < 0 ? 0 : b;
    }

    private boolean dataReady() {
        return !looped.isEmpty() || ((mcr & MCR_LOOP) == 0 && console.hasInput());
    }

    private void writeIer(int v) {
        boolean wasEnabled = (ier & IER_ETBEI) != 0;
        ier = v & IER_MASK;
        boolean enabled = (ier & IER_ETBEI) != 0;
        if (enabled != wasEnabled) thrEmptyPending = enabled; // THR is always empty
    }

    private void writeFcr(int v) {
        fifoEnabled = (v & FCR_FIFO_ENABLE) != 0;
        if ((v & FCR_CLEAR_RX) != 0) looped.clear();
    }

    /** Reading IIR when it reports "THR empty" acknowledges that interrupt. */
    private int readIir() {
        int id = receiveInterrupt() ? IIR_RDI : transmitInterrupt() ? IIR_THRI : IIR_NO_INT;
        if (id == IIR_THRI) thrEmptyPending = false;
        return id | (fifoEnabled ? IIR_FIFO_ENABLED : 0);
    }

    private boolean receiveInterrupt() { return (ier & IER_ERBFI) != 0 && dataReady(); }

    private boolean transmitInterrupt() { return (ier & IER_ETBEI) != 0 && thrEmptyPending; }

    /** Carrier, data-set-ready and clear-to-send are up; in loopback they follow MCR. */
    private int modemStatus() {
        if ((mcr & MCR_LOOP) == 0) return MSR_DCD | MSR_DSR | MSR_CTS;
        return ((mcr & MCR_OUT2) != 0 ? MSR_DCD : 0) | ((mcr & MCR_OUT1) != 0 ? MSR_RI : 0)
             | ((mcr & MCR_DTR) != 0 ? MSR_DSR : 0) | ((mcr & MCR_RTS) != 0 ? MSR_CTS : 0);
    }
}
