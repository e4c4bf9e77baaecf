package vmsh.dev;

import java.util.function.IntConsumer;
import vmsh.mem.Device;
import vmsh.state.StateIn;
import vmsh.state.StateOut;

/**
 * Spike's host-target interface, reduced to what test programs use: a guest writes the
 * 64-bit {@code tohost} word (a symbol in its ELF) to end the run.
 *
 * <pre>
 *  63    56 55    48 47                                   0
 * | device |  cmd   |               payload               |
 *   device 0, cmd 0, payload odd: exit with code payload >> 1 (1 = pass, (n<<1)|1 = fail n)
 * </pre>
 *
 * On RV32 the word takes two stores (riscv-tests write the low word, then a zero high
 * word); the exit is taken as soon as the low word holds an odd payload and the high word
 * is zero. Other commands (syscall proxies, device 1 putchar) are not supported: with two
 * 32-bit stores a putchar whose low word is written first is indistinguishable from an
 * exit, so only the exit form is honoured. The machine watches the tohost bytes in RAM and
 * forwards stores here; the RAM keeps the value too.
 */
public final class Htif implements Device {
    private final IntConsumer onExit;
    private int low, high;

    public Htif(IntConsumer onExit) { this.onExit = onExit; }

    @Override public String name() { return "htif"; }

    /** tohost is 8 bytes. */
    @Override public int size() { return 8; }

    /** The halves of tohost written so far. */
    @Override
    public void save(StateOut out) { out.putInt(low).putInt(high); }

    @Override
    public void restore(StateIn in) {
        low = in.getInt();
        high = in.getInt();
    }

    @Override
    public int load(int offset, int width) {
        int word = offset < 4 ? low : high;
        int shift = 8 * (offset & 3);
        return width == 4 ? word : word >>> shift & (width == 1 ? 0xff : 0xffff);
    }

    @Override
    public void store(int offset, int width, int value) {
        int shift = 8 * (offset & 3);
        int mask = (width == 4 ? -1 : (width == 1 ? 0xff : 0xffff)) << shift;
        if (offset < 4) low = low & ~mask | value << shift & mask;
        else high = high & ~mask | value << shift & mask;
        if (high == 0 && (low & 1) != 0) {
            int code = low >>> 1;
            low = 0;
            onExit.accept(code);
        }
    }
}
