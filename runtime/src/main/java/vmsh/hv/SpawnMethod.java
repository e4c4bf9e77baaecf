package vmsh.hv;

import java.util.Arrays;

/** How {@link Hypervisor#spawn} makes VMs from a booted template. */
public enum SpawnMethod {
    /** A clone: guest memory shared copy-on-write, the vCPU, devices and console copied (LightVM's and SnowFlock's way). */
    CLONE("clone", "guest memory shared copy-on-write with the template, its vCPU, devices and console copied"),
    /** A boot: the template's image loaded into a fresh VM and run to the same guest instruction. */
    BOOT("boot", "the template's image (and parameters) loaded into a fresh VM and run to the template's guest instruction"),
    /** A copy: every page the template backs copied into frames of the new VM's own, then its state as a clone's. */
    COPY("copy", "every page the template backs copied eagerly into frames of its own, the vCPU, devices and console copied");

    public final String label, summary;

    SpawnMethod(String label, String summary) {
        this.label = label;
        this.summary = summary;
    }

    public static SpawnMethod parse(String s) {
        for (SpawnMethod m : values()) if (m.label.equals(s)) return m;
        throw new IllegalArgumentException("method '" + s + "' is not one of "
                + String.join(", ", Arrays.stream(values()).map(m -> "'" + m.label + "'").toList()));
    }

    @Override public String toString() { return label; }
}
