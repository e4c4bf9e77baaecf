package vmsh.hv;

import java.util.Locale;

/** How a VM's guest memory is backed: page by page, or by superpage reservations (see vmsh.hostmem.Superpages). */
public enum SuperpagePolicy {
    /** 4 KiB pages only: each page gets the lowest free frame on first touch. */
    OFF("off", "4 KiB pages only"),
    /**
     * Navarro's reservations: the first touch of a 4 MiB region reserves an aligned extent,
     * the region is promoted to a megapage in the VMM's tables when all its pages are private
     * in place, and demoted when one leaves.
     */
    RESERVE("reserve", "reserve a 4 MiB extent on a region's first touch; map it with one megapage once full");

    public final String label, help;

    SuperpagePolicy(String label, String help) {
        this.label = label;
        this.help = help;
    }

    public static SuperpagePolicy parse(String s) {
        String t = s.toLowerCase(Locale.ROOT).trim();
        for (SuperpagePolicy p : values()) if (p.label.equals(t)) return p;
        throw new IllegalArgumentException("superpages '" + s + "' must be 'off' or 'reserve'");
    }

    @Override public String toString() { return label; }
}
