package vmsh.history;

import vmsh.hv.HvSnapshot;
import vmsh.state.FrameSet;

/**
 * Whether a host changed between two of its snapshots: other saved parts, or other frames (a
 * write to a frame shared with a snapshot copies it first, so the same frame is the same
 * contents). What a recording logs as a change between runs.
 */
public final class HostChange {
    private HostChange() {}

    /** True when {@code b} is another state than {@code a}. */
    public static boolean between(HvSnapshot a, HvSnapshot b) {
        return a.vms().size() != b.vms().size() || !a.state().sameContents(b.state()) || !sameFrames(a.ram(), b.ram())
                || !sameFrames(a.swap(), b.swap());
    }

    private static boolean sameFrames(FrameSet a, FrameSet b) {
        if (a.count() != b.count()) return false;
        for (int i = 0; i < a.count(); i++) if (a.number(i) != b.number(i) || a.frame(i) != b.frame(i)) return false;
        return true;
    }
}
