package vmsh.shell.bench;

import java.io.PrintStream;
import vmsh.hostmem.HostMemory;
import vmsh.hostmem.MachineMemory;
import vmsh.hostmem.Pmap;
import vmsh.shell.ExitCode;

/**
 * {@code vmsh bench memory}: a guest costs the host what it touches, not what it is
 * configured with: a 1 GiB VM whose guest writes 1 MiB holds 1 MiB of machine frames and
 * one chunk of pmap entries. Counted, not timed.
 */
final class MemoryBench {
    private static final long VM_BYTES = 1L << 30, HOST_BYTES = 256L << 20;
    /** 256 pages from the start of the VM (its pmap then holds one chunk of 1024 entries). */
    private static final int TOUCHED_PAGES = 256;

    private MemoryBench() {}

    static int run(Long iterations, long runs, PrintStream out) {
        HostMemory host = HostMemory.ofSize(HOST_BYTES);
        Pmap p = host.createPmap("sparse", (int) (VM_BYTES >> MachineMemory.PAGE_SHIFT));
        for (int g = 0; g < TOUCHED_PAGES; g++) p.touch(g, true);
        long frames = (long) host.frames().usedFrames() * MachineMemory.PAGE_SIZE, pmap = p.entryBytes();
        out.println(String.format("a 1 GiB guest that touched 1 MiB: %d KiB of machine frames, %d KiB of pmap entries,"
                + " %d KiB in all", frames >> 10, pmap >> 10, (frames + pmap) >> 10));
        return ExitCode.OK;
    }
}
