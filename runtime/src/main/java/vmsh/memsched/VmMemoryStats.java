package vmsh.memsched;

import vmsh.hostmem.PmapStats;

/** One VM under the memory scheduler: allocation parameters and state (pages), and its pmap's figures. */
public record VmMemoryStats(String vm, long shares, int min, int max, int target, int resident,
        double activeFraction, int balloonSize, int balloonTarget, boolean balloonDriver, boolean stalled,
        PmapStats pmap) {}
