package vmsh.gdb;

/**
 * A breakpoint or watchpoint as gdb sets it with {@code Z}: its type, address and length
 * (bytes watched; for breakpoints, the instruction's).
 */
public record Point(Type type, int address, int length) {
    /** The types by their number in the Z and z packets. */
    public enum Type {
        SOFTWARE_BREAK, HARDWARE_BREAK, WRITE_WATCH, READ_WATCH, ACCESS_WATCH;

        public boolean breakpoint() { return this == SOFTWARE_BREAK || this == HARDWARE_BREAK; }

        public boolean watchesReads() { return this == READ_WATCH || this == ACCESS_WATCH; }

        public boolean watchesWrites() { return this == WRITE_WATCH || this == ACCESS_WATCH; }

        /** The name a stop reply gives a hit of this type. */
        String stopName() {
            return switch (this) {
                case SOFTWARE_BREAK -> "swbreak";
                case HARDWARE_BREAK -> "hwbreak";
                case WRITE_WATCH -> "watch";
                case READ_WATCH -> "rwatch";
                case ACCESS_WATCH -> "awatch";
            };
        }
    }

    public Point {
        if (length < 1) throw new IllegalArgumentException("a breakpoint or watchpoint covers at least one byte, not " + length);
        if (Integer.toUnsignedLong(address) + length > 1L << 32)
            throw new IllegalArgumentException(String.format("0x%08x + %d bytes runs past the 32-bit space", address, length));
    }
}
