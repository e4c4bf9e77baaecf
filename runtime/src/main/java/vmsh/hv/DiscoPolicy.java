package vmsh.hv;

import java.util.BitSet;
import vmsh.hostmem.MachineMemory;
import vmsh.hostmem.PageState;
import vmsh.hostmem.Pmap;

/**
 * Disco's page placement (Bugnion et al., SOSP 1997, after Verghese et al., ASPLOS 1996),
 * run once a period on the per-page, per-node miss counters of a VM:
 * <ul>
 * <li>a page is <em>hot</em> when one node missed on it {@code trigger} times in the period;
 * <li>a hot page that only that node uses (no other reached {@code sharing} misses) and that
 *     lives elsewhere <em>migrates</em> to it;
 * <li>a hot page that several nodes use and nobody wrote in the period is <em>replicated</em>
 *     on those nodes: read-only copies, collapsed on the first write;
 * <li>a hot page that several nodes use and someone writes stays where it is (moving it
 *     would only make it bounce);
 * <li>no page is replicated unless the host has memory to spare, its copies included
 *     (they are the first frames reclamation takes back: {@link PageMover#dropReplicas});
 * <li>hysteresis: counters start again every period, and a page that moved {@code moveLimit}
 *     times stays put.
 * </ul>
 * Pages of a VM with superpage reservations are not moved (their frames are their extent's).
 */
final class DiscoPolicy {
    private DiscoPolicy() {}

    /** The end of a period for {@code vm}: decide, move, start counting again. */
    static void period(Vm vm) {
        NumaPages numa = vm.numa();
        PageMover mover = vm.virtualization().pageMover();
        if (numa == null) return;
        BitSet pages = (BitSet) numa.touched().clone();
        Pmap pmap = vm.memory().pmap();
        if (mover != null && pmap.superpages() == null)
            for (int g = pages.nextSetBit(0); g >= 0; g = pages.nextSetBit(g + 1)) place(vm, numa, mover, pmap, g);
        if (mover != null) mover.newPeriod(pages);
        numa.newPeriod();
    }

    private static void place(Vm vm, NumaPages numa, PageMover mover, Pmap pmap, int gpn) {
        if (pmap.state(gpn) != PageState.PRIVATE || mover.replicated(gpn) || !numa.mayMove(gpn)) return;
        NumaConfig c = vm.hypervisor().config().numa();
        int hot = -1, most = 0, users = 0;
        for (int n = 0; n < numa.nodes(); n++) {
            int m = numa.misses(gpn, n);
            if (m > most) {
                most = m;
                hot = n;
            }
            if (m >= c.sharing()) users |= 1 << n;
        }
        if (most < c.trigger()) return;
        MachineMemory frames = vm.hypervisor().host().frames();
        int home = frames.node(pmap.mpn(gpn));
        if (Integer.bitCount(users) > 1) {
            if (mover.written(gpn) || !vm.hypervisor().memory().spare(Integer.bitCount(users))) return;
            int made = mover.replicate(gpn, users);
            if (made == 0) return;
            numa.moved(gpn);
            for (int n = 0; n < numa.nodes(); n++) if ((made & 1 << n) != 0) numa.replicated(gpn, n);
        } else if (hot != home && pmap.migrate(gpn, hot) >= 0) {
            numa.migrated(gpn, hot);
        }
    }
}
