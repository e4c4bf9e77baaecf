package vmsh.memsched;

import static vmsh.memsched.ReclaimState.HIGH;
import static vmsh.memsched.ReclaimState.LOW;
import static vmsh.memsched.ReclaimState.SOFT;

/**
 * ESX's reclamation (Waldspurger, OSDI 2002, §6.3): in the SOFT state VMs above their target
 * are ballooned toward it, so each guest gives up the pages it values least; a VM that cannot
 * be ballooned (no driver, or its balloon would pass the limit) is swapped instead. From the
 * HARD state on the hypervisor also swaps, as much as the host is short; in the LOW state VMs
 * above their target stall until memory is freed. In the HIGH state the balloons let go.
 */
final class BalloonThenSwap implements ReclaimPolicy {
    @Override public void reclaim(ReclaimStep step) {
        long needed = step.framesShort();
        for (VmMemory v : step.victims()) {
            Balloon b = v.balloon();
            int excess = Math.max(0, v.excess());
            if (step.state() == HIGH) { b.setReclaimTarget(0); continue; }
            b.setReclaimTarget(b.size() + excess);
            boolean balloonable = b.driverPresent() && b.size() + excess <= b.limit();
            if (needed > 0 && excess > 0 && (step.state() != SOFT || !balloonable))
                needed -= step.swap().swapOut(v, (int) Math.min(excess, needed));
        }
        for (VmMemory v : step.victims()) v.setStalled(step.state() == LOW && v.excess() > 0);
    }
}
