package vmsh.cpu;

/** Thrown after a device asked to halt; the instruction that caused it has completed. */
final class HaltSignal extends RuntimeException {
    static final HaltSignal INSTANCE = new HaltSignal();

    private HaltSignal() { super(null, null, false, false); }
}
