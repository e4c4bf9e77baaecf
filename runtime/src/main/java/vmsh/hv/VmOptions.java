package vmsh.hv;

/**
 * How a VM is built besides its memory and technique.
 *
 * @param superpages how its guest memory is backed (4 KiB pages, or superpage reservations)
 */
public record VmOptions(SuperpagePolicy superpages) {
    public static final VmOptions DEFAULTS = new VmOptions(SuperpagePolicy.OFF);

    public VmOptions {
        if (superpages == null) throw new IllegalArgumentException("superpages must be 'off' or 'reserve'");
    }

    public VmOptions superpages(SuperpagePolicy p) { return new VmOptions(p); }
}
