package vmsh.hv;

/** Where a VM is in its life. */
public enum VmState {
    /** created, no image loaded yet */
    CREATED("created"),
    /** loaded and runnable */
    READY("ready"),
    /** the guest shut itself down (SBI SRST, the test finisher): see the exit code */
    HALTED("halted"),
    /** waiting (wfi) for an interrupt nothing can raise: no timer armed */
    IDLE("idle"),
    /** the guest cannot go on (the VMM met something it cannot emulate) */
    FAULT("fault");

    public final String label;

    VmState(String label) { this.label = label; }

    @Override public String toString() { return label; }
}
