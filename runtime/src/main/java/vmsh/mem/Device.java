package vmsh.mem;

import vmsh.state.Stateful;

/**
 * A memory-mapped device: the bus hands it offsets within its window. Widths are 1, 2
 * or 4 bytes; loads return the value zero-extended. A device never throws for a guest
 * access: what real hardware ignores, it ignores. A device saves and restores its
 * registers and internal state exactly ({@link Stateful}), so a machine can be
 * snapshotted; its wiring (lines, callbacks) is the machine's and is not saved.
 */
public interface Device extends Stateful {
    /** A short name for listings ("uart0", "finisher"). */
    String name();

    /** Bytes of address space the device occupies. */
    int size();

    int load(int offset, int width);

    void store(int offset, int width, int value);
}
