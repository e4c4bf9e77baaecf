package vmsh.hv;

import java.util.Arrays;

/**
 * The control plane that tells a new VM's devices and the toolstack about each other, and
 * what it costs in cycles of host time per VM created, after Manco et al. ("My VM is Lighter
 * (and Safer) than your Container", SOSP 2017).
 *
 * <p>{@link #STORE} is Xen's XenStore: a central registry that every creation writes and
 * reads through a daemon. Each request is a round trip to it; each write is checked
 * against every watch the store holds (the backends watch one directory per VM), and the
 * toolstack lists every domain to pick an identifier: the cost grows with the VMs on the
 * host. {@link #NOXS} is LightVM's noxs: the hypervisor writes the device descriptions into
 * a page shared with the new VM alone and tells it with one hypercall, whatever the number
 * of VMs.
 */
public enum ControlPlane {
    STORE("store", "a central registry (XenStore): each creation writes and reads entries, and each write is checked against a watch per VM: the cost grows with the VMs on the host"),
    NOXS("noxs", "per-VM shared device pages (LightVM's noxs): one page written and one hypercall, whatever the number of VMs");

    /** Entries a creation writes into the store (domain directory, vCPU, memory, console and device front/back ends). */
    static final int STORE_WRITES = 14;
    /** Entries it reads back (the backends' states, the console's ring reference). */
    static final int STORE_READS = 6;
    /** One request's round trip through the store daemon. */
    static final long STORE_REQUEST_CYCLES = 10_000;
    /** Checking one watch against a write. */
    static final long STORE_WATCH_CYCLES = 200;
    /** One domain's entry in the toolstack's listing of all domains. */
    static final long STORE_LIST_CYCLES = 50;
    /** Filling a VM's device page (noxs). */
    static final long NOXS_PAGE_CYCLES = 4_000;
    /** The hypercall that hands it to the VM (noxs). */
    static final long NOXS_HYPERCALL_CYCLES = 1_000;

    public final String label, summary;

    ControlPlane(String label, String summary) {
        this.label = label;
        this.summary = summary;
    }

    /** Cycles the control plane spends creating one VM on a host with {@code vms} VMs already. */
    public long creationCycles(int vms) {
        return switch (this) {
            case STORE -> (STORE_WRITES + STORE_READS) * STORE_REQUEST_CYCLES + STORE_WRITES * vms * STORE_WATCH_CYCLES
                    + vms * STORE_LIST_CYCLES;
            case NOXS -> NOXS_PAGE_CYCLES + NOXS_HYPERCALL_CYCLES;
        };
    }

    public static ControlPlane parse(String s) {
        for (ControlPlane p : values()) if (p.label.equals(s)) return p;
        throw new IllegalArgumentException("control plane '" + s + "' is not one of "
                + String.join(", ", Arrays.stream(values()).map(p -> "'" + p.label + "'").toList()));
    }

    @Override public String toString() { return label; }
}
