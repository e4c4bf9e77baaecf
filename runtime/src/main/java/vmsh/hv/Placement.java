package vmsh.hv;

import java.util.Arrays;

/** Where a VM's guest pages get their host frames on a NUMA host. */
public enum Placement {
    /** On the node of the vCPU that touches the page first. */
    FIRST_TOUCH("first-touch", "on the node of the vCPU that touches a page first"),
    /** Page {@code gpn} on node {@code gpn mod nodes}: memory spread evenly, most references remote. */
    ROUND_ROBIN("round-robin", "page n on node n mod nodes"),
    /** First touch, then Disco's policy: hot pages migrate to the node that misses on them, read-shared ones are replicated. */
    DISCO("disco", "first touch, then Disco's policy: a hot page migrates to the node that misses on it, a read-shared one is replicated");

    public final String label, summary;

    Placement(String label, String summary) {
        this.label = label;
        this.summary = summary;
    }

    public static Placement parse(String s) {
        for (Placement p : values()) if (p.label.equals(s)) return p;
        throw new IllegalArgumentException("placement '" + s + "' is not one of "
                + String.join(", ", Arrays.stream(values()).map(p -> "'" + p.label + "'").toList()));
    }

    @Override public String toString() { return label; }
}
