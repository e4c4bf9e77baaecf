package vmsh.debug;

import java.util.function.Consumer;

/**
 * One registered hook: its kind, the address range it watches (virtual, {@code [from, to)};
 * the whole 32-bit space for hooks without a range) and what it calls. {@link #remove}
 * takes effect at once, even from inside another hook during a run.
 */
public final class Hook {
    /** The end of the 32-bit address space, as an exclusive bound. */
    public static final long SPACE_END = 1L << 32;

    private final Hooks owner;
    private final HookKind kind;
    private final long from, to;
    /** For watchpoints: which accesses count. */
    private final boolean reads, writes;
    private final Consumer<HookContext> fn;
    private final int id;
    private volatile boolean removed;

    Hook(Hooks owner, int id, HookKind kind, long from, long to, boolean reads, boolean writes, Consumer<HookContext> fn) {
        if (from < 0 || to > SPACE_END || from >= to)
            throw new IllegalArgumentException(String.format("hook range 0x%x..0x%x is empty or outside the 32-bit space", from, to));
        this.owner = owner;
        this.id = id;
        this.kind = kind;
        this.from = from;
        this.to = to;
        this.reads = reads;
        this.writes = writes;
        this.fn = fn;
    }

    public HookKind kind() { return kind; }

    public long from() { return from; }

    public long to() { return to; }

    /** The number it was given, in registration order (1, 2, ...). */
    public int id() { return id; }

    public boolean removed() { return removed; }

    /** Unregisters the hook; true when it was registered. */
    public boolean remove() {
        if (removed) return false;
        removed = true;
        owner.removed(this);
        return true;
    }

    boolean covers(int address) {
        long a = Integer.toUnsignedLong(address);
        return a >= from && a < to;
    }

    /** True when the access {@code [address, address + width)} overlaps the range. */
    boolean overlaps(int address, int width) {
        long a = Integer.toUnsignedLong(address);
        return a < to && a + width > from;
    }

    boolean wantsRead() { return kind == HookKind.READ || kind == HookKind.WATCH && reads; }

    boolean wantsWrite() { return kind == HookKind.WRITE || kind == HookKind.WATCH && writes; }

    Consumer<HookContext> fn() { return fn; }

    boolean whole() { return from == 0 && to == SPACE_END; }

    @Override public String toString() {
        String range;
        if (kind == HookKind.TRAP || kind == HookKind.INTERRUPT) range = "";
        else if (whole()) range = " everywhere";
        else if (kind.before() && to - from == 4) range = String.format(" at 0x%08x", from);
        else range = String.format(" 0x%08x..0x%08x", from, to);
        String access = kind == HookKind.WATCH ? " " + (reads ? "r" : "") + (writes ? "w" : "") : "";
        return "hook " + id + ": " + kind + range + access + (removed ? " (removed)" : "");
    }
}
