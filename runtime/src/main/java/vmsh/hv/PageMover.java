package vmsh.hv;

import java.util.BitSet;

/** What Disco's policy asks of the VMM that maps a VM's guest memory (its G-stage tables). */
interface PageMover {
    /** True while guest page {@code gpn} has read-only copies on other nodes. */
    boolean replicated(int gpn);

    /** True when the guest wrote page {@code gpn} since the period began (the D bits the hart sets). */
    boolean written(int gpn);

    /**
     * Makes read-only copies of private page {@code gpn} on the nodes of bitmask {@code
     * nodes} (its own node excepted) and maps each node's vCPUs to their copy; returns the
     * nodes that got one (0: none had a free frame).
     */
    int replicate(int gpn, int nodes);

    /**
     * Memory is short: the copies of replicated pages go, in page order, until {@code wanted}
     * frames are freed or none is left (each page's original stays, mapped again on the next
     * faults); the frames freed.
     */
    int dropReplicas(int wanted);

    /** A new period: what {@link #written} tells starts again for {@code pages}. */
    void newPeriod(BitSet pages);
}
