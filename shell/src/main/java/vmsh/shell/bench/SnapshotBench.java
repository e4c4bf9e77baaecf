package vmsh.shell.bench;

import java.io.PrintStream;
import java.util.List;
import vmsh.hv.HvConfig;
import vmsh.hv.HvSnapshot;
import vmsh.hv.Hypervisor;
import vmsh.hv.NestedPaging;
import vmsh.hv.Technique;
import vmsh.hv.Vm;
import vmsh.hv.VmOptions;
import vmsh.hv.VmSnapshot;
import vmsh.image.Image;
import vmsh.machine.Machine;
import vmsh.machine.MachineConfig;
import vmsh.machine.MachineSnapshot;
import vmsh.shell.snapshot.HypervisorFile;
import vmsh.shell.snapshot.MachineFile;
import vmsh.shell.snapshot.SnapshotFile;
import vmsh.shell.snapshot.VmFile;

/**
 * {@code vmsh bench snapshot} and {@code vmsh bench clone}: what state as a value costs. On
 * the teaching kernel booted into its tasks and on the CPU benchmark mid-run: the time of a
 * snapshot and of a restore, the bytes a snapshot refers to and its file's size; clones of a
 * booted kernel per second, and the host bytes each clone adds while all of them live. The
 * same for a hypervisor host (two kernel VMs), for each of its VMs alone (vm.snapshot(),
 * vm.restore(s), hv.load(s)), for a bt, a pv and a nested VM alone, and for VM clones under
 * hw, trap, bt, pv and nested.
 */
final class SnapshotBench {
    private static final int REPEATS = 200, FILE_REPEATS = 20, CLONES = 1000;
    /** VM clones per host: the hw VMs' VMIDs (7 bits, 0 the host's) allow 127 VMs. */
    private static final int VM_CLONES = 120;
    /** pv clones per host: each holds all its memory (its pages are copies); nested clones: two VMIDs each. */
    private static final int PV_CLONES = 20, NESTED_CLONES = 10;
    /** Guest instructions of a nested VM (samples/hyper/hyper.s running the kernel) before it is saved: its kernel is booted. */
    private static final long NESTED_INSNS = 600_000;
    private static final long KERNEL_INSNS = 400_000, CPU_INSNS = 50_000_000;

    private SnapshotBench() {}

    static int snapshot(Long iterations, long runs, PrintStream out) {
        out.println("medians of " + REPEATS + " snapshots and restores, of " + FILE_REPEATS + " file writes and reads; CPU time of the running thread:");
        report("kernel", booted(BenchGuests.KERNEL, KERNEL_INSNS, 64L << 20, out), out);
        report("cpu", booted(BenchGuests.CPU, CPU_INSNS, MachineConfig.DEFAULT_MEMORY, out), out);
        Hypervisor hv = host(out);
        reportHost(hv, out);
        for (Vm vm : List.copyOf(hv.vms())) reportVm(hv, vm, out);
        Hypervisor others = new Hypervisor(HvConfig.DEFAULTS.memory(160L << 20));
        for (Technique t : List.of(Technique.BT, Technique.PV)) booted(others, t, out);
        nested(others, out);
        for (Vm vm : List.copyOf(others.vms())) reportVm(others, vm, out);
        return 0;
    }

    /** A nested VM: samples/hyper/hyper.s (a hypervisor in assembly, 64 MiB) with the kernel booted as its guest. */
    private static Vm nested(Hypervisor hv, PrintStream out) {
        Vm vm = hv.create("nested", 64L << 20, Technique.HW, -1, 0, 64L << 20, VmOptions.DEFAULTS.nested(NestedPaging.MULTI_DIMENSIONAL));
        vm.load(BenchGuests.load(BenchGuests.HYPER, null, out));
        vm.run(NESTED_INSNS);
        return vm;
    }

    /** A kernel VM under {@code t} (pv: its paravirtual build) on {@code hv}, booted into its tasks. */
    private static Vm booted(Hypervisor hv, Technique t, PrintStream out) {
        Vm vm = hv.create(t.label, 8L << 20, t);
        vm.load(BenchGuests.load(t == Technique.PV ? BenchGuests.KERNEL_PV : BenchGuests.KERNEL, null, out));
        vm.run(2 * KERNEL_INSNS);
        return vm;
    }

    /** A 64 MiB host with the kernel booted in two VMs, one under hw and one under trap. */
    private static Hypervisor host(PrintStream out) {
        Image kernel = BenchGuests.load(BenchGuests.KERNEL, null, out);
        Hypervisor hv = new Hypervisor(HvConfig.DEFAULTS.memory(64L << 20));
        hv.create("a", 8L << 20, Technique.HW).load(kernel);
        hv.create("b", 8L << 20, Technique.TRAP).load(kernel);
        hv.run(2 * KERNEL_INSNS, false);
        return hv;
    }

    private static void reportHost(Hypervisor hv, PrintStream out) {
        double[] take = new double[REPEATS], restore = new double[REPEATS];
        HvSnapshot[] s = new HvSnapshot[1];
        for (int i = 0; i < REPEATS; i++) {
            take[i] = Timing.nanos(() -> s[0] = hv.snapshot()) / 1e3;
            restore[i] = Timing.nanos(() -> hv.restore(s[0])) / 1e3;
        }
        byte[] file = SnapshotFile.write(HypervisorFile.contents(s[0]));
        double[] write = new double[FILE_REPEATS], read = new double[FILE_REPEATS];
        for (int i = 0; i < FILE_REPEATS; i++) {
            write[i] = Timing.nanos(() -> SnapshotFile.write(HypervisorFile.contents(s[0]))) / 1e6;
            read[i] = Timing.nanos(() -> HypervisorFile.snapshot(SnapshotFile.read(file, "bench"), "bench")) / 1e6;
        }
        out.println(String.format("hv     %,d MiB host, 2 kernel VMs (hw, trap), %d frames touched: snapshot %.1f us, restore %.1f us; "
                        + "%,d bytes of saved parts + %d shared frames; file %,d bytes (write %.1f ms, read %.1f ms)",
                hv.config().memoryBytes() >>> 20, s[0].ram().count(), Timing.median(take), Timing.median(restore),
                s[0].state().length(), s[0].ram().count(), file.length, Timing.median(write), Timing.median(read)));
    }

    /** One VM's own snapshot: taking it, restoring it in place (its pages written back, the VMM's tables and its TLB entries rebuilt from the warm state), its file, a new VM of it. */
    private static void reportVm(Hypervisor hv, Vm vm, PrintStream out) {
        double[] take = new double[REPEATS], restore = new double[REPEATS];
        VmSnapshot[] s = new VmSnapshot[1];
        for (int i = 0; i < REPEATS; i++) {
            take[i] = Timing.nanos(() -> s[0] = vm.snapshot()) / 1e3;
            restore[i] = Timing.nanos(() -> vm.restore(s[0])) / 1e3;
        }
        byte[] file = SnapshotFile.write(VmFile.contents(s[0]));
        double[] write = new double[FILE_REPEATS], read = new double[FILE_REPEATS], load = new double[FILE_REPEATS];
        for (int i = 0; i < FILE_REPEATS; i++) {
            write[i] = Timing.nanos(() -> SnapshotFile.write(VmFile.contents(s[0]))) / 1e6;
            read[i] = Timing.nanos(() -> VmFile.snapshot(SnapshotFile.read(file, "bench"), "bench")) / 1e6;
            String name = "load" + i;
            load[i] = Timing.nanos(() -> hv.load(s[0], name)) / 1e3;
            hv.remove(hv.vm(name));
        }
        out.println(String.format("vm %-6s one %d MiB %s VM of that host, %d pages with contents: snapshot %.1f us, restore %.1f us, "
                        + "a new VM of it %.1f us; %,d bytes of saved parts + %d shared frames; file %,d bytes (write %.1f ms, read %.1f ms)",
                vm.nested() ? "nested" : vm.technique().label, vm.guest().size() >>> 20, vm.nested() ? "hyper.s (kernel as its guest)" : "kernel",
                s[0].pages().count(), Timing.median(take), Timing.median(restore),
                Timing.median(load), s[0].guest().length + s[0].counters().length + s[0].warm().length, s[0].pages().count(), file.length, Timing.median(write),
                Timing.median(read)));
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
        for (Technique t : List.of(Technique.HW, Technique.TRAP, Technique.BT, Technique.PV))
            cloneVms(t.label, hv -> booted(hv, t, out), t == Technique.PV ? PV_CLONES : VM_CLONES, out);
        cloneVms("nested", hv -> nested(hv, out), NESTED_CLONES, out);
        return 0;
    }

    /** VM clones on one host: as many as its VMIDs allow. */
    private static void cloneVms(String label, java.util.function.Function<Hypervisor, Vm> make, int clones, PrintStream out) {
        Hypervisor hv = new Hypervisor(HvConfig.DEFAULTS.memory(256L << 20));
        Vm a = make.apply(hv);
        a.snapshot();   // a bt or pv VM first runs on to where it can be copied: not the clones' cost
        int resident = a.memory().pmap().resident();
        long heap = Timing.heapBytes();
        int frames = hv.memory().memory().usedFrames();
        long nanos = Timing.nanos(() -> {
            for (int i = 0; i < clones; i++) hv.clone(a, "c" + i);
        });
        long heapPer = (Timing.heapBytes() - heap) / clones;
        double framesPer = (hv.memory().memory().usedFrames() - frames) / (double) clones;
        out.println(String.format("hv VM %-6s (kernel booted, %d MiB, %d pages mapped): %,d clones in %.3f s = %,.0f clones/s, "
                        + "%.1f host frames (%s) + %,d heap bytes (pmap, vCPU, devices) per clone",
                label, a.guest().size() >>> 20, resident, clones, nanos / 1e9, clones / (nanos / 1e9), framesPer,
                a.technique() == Technique.PV ? "all its pages, copied, and the VMM's tables" : "the VMM's tables", heapPer));
        for (Vm c : hv.vms()) if (c != a) c.run(20_000);
        out.println(String.format("  after each clone ran 20,000 instructions: %.1f host frames per clone (tables and copy-on-write copies)",
                (hv.memory().memory().usedFrames() - frames) / (double) clones));
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
