package vmsh.dev;

import java.util.function.IntConsumer;
import vmsh.mem.Device;
import vmsh.state.StateIn;
import vmsh.state.StateOut;

/**
 * QEMU {@code virt}'s test finisher ("sifive_test") at 0x0010_0000: a guest ends the run
 * by writing a 32-bit word at offset 0.
 *
 * <pre>
 *  31            16 15             0
 * |      code      |     status     |
 *   status 0x5555 FINISHER_PASS   exit code 0
 *   status 0x3333 FINISHER_FAIL   exit code = code (as QEMU: code 0 exits 0)
 *   status 0x7777 FINISHER_RESET  a reset request
 * </pre>
 *
 * A 16-bit write carries the status alone (code 0). Any other value, any other offset and
 * byte writes are ignored; loads read 0.
 * vmsh has no reboot, so by default a reset request ends the run like a pass (exit
 * code 0); a machine that can reset passes its own {@code onReset}.
 */
public final class TestFinisher implements Device {
    public static final int FINISHER_FAIL = 0x3333, FINISHER_PASS = 0x5555, FINISHER_RESET = 0x7777;

    private final IntConsumer onExit;
    private final Runnable onReset;

    public TestFinisher(IntConsumer onExit) {
        this(onExit, () -> onExit.accept(0));
    }

    public TestFinisher(IntConsumer onExit, Runnable onReset) {
        this.onExit = onExit;
        this.onReset = onReset;
    }

    @Override public String name() { return "finisher"; }

    @Override public int size() { return 0x1000; }

    @Override public int load(int offset, int width) { return 0; }

    /** The finisher keeps nothing between writes. */
    @Override public void save(StateOut out) { }

    @Override public void restore(StateIn in) { }

    @Override
    public void store(int offset, int width, int value) {
        if (offset != 0 || width < 2) return; // QEMU takes 2- and 4-byte writes
        int status = value & 0xffff, code = value >>> 16;
        switch (status) {
            case FINISHER_PASS -> onExit.accept(0);
            case FINISHER_FAIL -> onExit.accept(code);
            case FINISHER_RESET -> onReset.run();
            default -> { } // QEMU logs a guest error and carries on
        }
    }
}
