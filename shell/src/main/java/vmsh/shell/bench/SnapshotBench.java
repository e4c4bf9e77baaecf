package vmsh.shell.bench;

import java.io.PrintStream;
import vmsh.image.Image;
import vmsh.machine.Machine;
import vmsh.machine.MachineConfig;
import vmsh.machine.MachineSnapshot;
import vmsh.shell.snapshot.MachineFile;
import vmsh.shell.snapshot.SnapshotFile;

/**
 * {@code vmsh bench snapshot} and {@code vmsh bench clone}: what state as a value costs. On
 * the teaching kernel booted into its tasks and on the CPU benchmark mid-run: the time of a
 * snapshot and of a restore, the bytes a snapshot refers to and its file's size; clones of a
 * booted kernel per second, and the host bytes each clone adds while all of them live.
 */
final class SnapshotBench {
    private static final int REPEATS = 200, FILE_REPEATS = 20, CLONES = 1000;
    private static final long KERNEL_INSNS = 400_000, CPU_INSNS = 50_000_000;

    private SnapshotBench() {}

    static int snapshot(Long iterations, long runs, PrintStream out) {
        out.println("medians of " + REPEATS + " snapshots and restores, of " + FILE_REPEATS + " file writes and reads; CPU time of the running thread:");
        report("kernel", booted(BenchGuests.KERNEL, KERNEL_INSNS, 64L << 20, out), out);
        report("cpu", booted(BenchGuests.CPU, CPU_INSNS, MachineConfig.DEFAULT_MEMORY, out), out);
        return 0;
    }

    private static void report(String name, Machine m, PrintStream out) {
        double[] take = new double[REPEATS], restore = new double[REPEATS];
        MachineSnapshot[] s = new MachineSnapshot[1];
        for (int i = 0; i < REPEATS; i++) {
            take[i] = Timing.nanos(() -> s[0] = m.snapshot()) / 1e3;
            restore[i] = Timing.nanos(() -> m.restore(s[0])) / 1e3;
        }
        byte[] file = SnapshotFile.write(MachineFile.contents(s[0], null));
        double[] write = new double[FILE_REPEATS], read = new double[FILE_REPEATS];
        for (int i = 0; i < FILE_REPEATS; i++) {
            write[i] = Timing.nanos(() -> SnapshotFile.write(MachineFile.contents(s[0], null))) / 1e6;
            read[i] = Timing.nanos(() -> MachineFile.snapshot(SnapshotFile.read(file, "bench"), "bench")) / 1e6;
        }
        out.println(String.format("%-6s %,d MiB RAM, %d frames touched: snapshot %.1f us, restore %.1f us; %,d bytes of registers "
                        + "and devices + %d shared frames; file %,d bytes (write %.1f ms, read %.1f ms)",
                name, m.config().memoryBytes() >>> 20, s[0].ram().count(), Timing.median(take), Timing.median(restore),
                s[0].state().length, s[0].ram().count(), file.length, Timing.median(write), Timing.median(read)));
    }

    static int clone(Long iterations, long runs, PrintStream out) {
        Machine m = booted(BenchGuests.KERNEL, KERNEL_INSNS, 64L << 20, out);
        for (int i = 0; i < 50; i++) m.copy();   // warm up
        Machine[] clones = new Machine[CLONES];
        long before = Timing.heapBytes();
        long nanos = Timing.nanos(() -> {
            for (int i = 0; i < CLONES; i++) clones[i] = m.copy();
        });
        long after = Timing.heapBytes();
        out.println(String.format("bare machine (kernel booted, 64 MiB RAM, %d frames touched): %,d clones in %.2f s = %,.0f clones/s, "
                        + "%,d host bytes per clone (its arrays sized by configured RAM, frames shared)",
                m.allocatedFrames(), CLONES, nanos / 1e9, CLONES / (nanos / 1e9), (after - before) / CLONES));
        for (Machine c : clones) c.run(20_000);
        long dirtied = Timing.heapBytes();
        out.println(String.format("after each clone ran 20,000 instructions: %,d host bytes per clone (copy-on-write copies of the frames it wrote)",
                (dirtied - before) / CLONES));
        return 0;
    }

    /** A machine that ran {@code insns} of the guest at {@code relative}. */
    static Machine booted(String relative, long insns, long memory, PrintStream out) {
        Image image = BenchGuests.load(relative, null, out);
        Machine m = new Machine(MachineConfig.defaults().memory(memory));
        m.load(image);
        m.run(insns);
        return m;
    }
}
