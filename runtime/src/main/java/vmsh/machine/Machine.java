package vmsh.machine;

import vmsh.dev.Console;
import vmsh.image.Image;

/** A bare RISC-V machine: one hart, RAM, devices (stub: the machine owner replaces this). */
public final class Machine {
    private final MachineConfig config;
    private final Console console = new Console();

    public Machine(MachineConfig config) { this.config = config; }

    /** Copies the image into memory and points the hart at its entry. */
    public void load(Image image) { throw new UnsupportedOperationException("machine not built yet"); }

    /** Runs at most {@code maxInsns} instructions. */
    public RunResult run(long maxInsns) { throw new UnsupportedOperationException("machine not built yet"); }

    /** Executes one instruction. */
    public RunResult step() { return run(1); }

    /** Asks a running {@link #run} to return soon with {@link StopReason#STOPPED}; any thread. */
    public void requestStop() {}

    public Console console() { return console; }

    public int pc() { throw new UnsupportedOperationException(); }

    public void setPc(int pc) { throw new UnsupportedOperationException(); }

    /** Integer register {@code n} (x0 reads 0). */
    public int reg(int n) { throw new UnsupportedOperationException(); }

    public void setReg(int n, int value) { throw new UnsupportedOperationException(); }

    /** A CSR as the debugger sees it (no privilege checks, no side effects). */
    public int csr(int number) { throw new UnsupportedOperationException(); }

    /** Physical memory read of 1, 2 or 4 bytes (devices included); throws with the address if unmapped. */
    public int read(int address, int width) { throw new UnsupportedOperationException(); }

    public void write(int address, int width, int value) { throw new UnsupportedOperationException(); }

    /** Prints each executed instruction (pc, word, disassembly) to {@code sink}; null turns it off. */
    public void setTrace(java.util.function.Consumer<String> sink) {}

    public MachineConfig config() { return config; }
}
