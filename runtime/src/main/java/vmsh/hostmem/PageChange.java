package vmsh.hostmem;

/**
 * One page event as the pmap reports it: the page's state and frame before and after
 * ({@code -1} where there is no frame).
 */
public record PageChange(Pmap pmap, int gpn, PageEvent event, PageState from, PageState to, int oldMpn, int newMpn) {

    /**
     * True when translations of this page built before (G-stage or shadow entries, TLB
     * entries) must be dropped: its old frame is gone or read-only now, the sampler wants
     * the next touch trapped, or dirty logging the next write.
     */
    public boolean invalidates() {
        return event == PageEvent.SAMPLE || event == PageEvent.WRITE_PROTECT || from.mapped() && (from != to || oldMpn != newMpn);
    }
}
