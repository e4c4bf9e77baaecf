package vmsh.shell.bench;

import java.io.PrintStream;
import java.util.SplittableRandom;
import vmsh.debug.Hooks;
import java.util.List;
import vmsh.history.History;
import vmsh.history.HostHistory;
import vmsh.hv.HvConfig;
import vmsh.hv.Hypervisor;
import vmsh.hv.Technique;
import vmsh.hv.Vm;
import vmsh.image.Image;
import vmsh.machine.Machine;
import vmsh.machine.MachineConfig;

/**
 * {@code vmsh bench history}: what keeping a history costs and what going back takes, on
 * the CPU benchmark and the teaching kernel, with the default checkpoint interval.
 * <ul>
 * <li>recording: the same run with and without a history, in pairs taken in turn (so both
 *     see the same machine load), the median of each;
 * <li>a reverse step: {@code reverseStep(1)} from points spread over the history (each
 *     restores the checkpoint before and re-runs up to an interval): median and worst;
 * <li>a reverse continue across 10^8 instructions: a breakpoint hit only at the first
 *     instruction, found from 10^8 instructions later.
 * </ul>
 * The same for a VM on a host keeping history ({@link HostHistory}): recording the CPU
 * guest under hw and trap, reverse steps of the kernel's VM under trap, a reverse continue
 * across 10^8 instructions of the CPU guest's VM under hw; on disco.s in a VM of two vCPUs
 * (its count is both vCPUs' instructions): recording, the first step back from where a run
 * stopped (at its halt, and at seeded budgets, each on a fresh host), reverse steps after
 * seeks and a watchpoint's reverse continue.
 * CPU time of the running thread; for people, not tests.
 */
final class HistoryBench {
    private static final int PAIRS = 5, STEPS = 20, KERNEL_RUNS = 10, FIRST_STEPS = 9;
    private static final long CPU_INSNS = 200_000_000, FAR = 100_000_000, VM_INSNS = 50_000_000;

    private HistoryBench() {}

    static int run(Long iterations, long runs, PrintStream out) {
        out.println("history checkpoints every " + History.DEFAULT_INTERVAL + " instructions; CPU time of the running thread");
        Image cpu = BenchGuests.load(BenchGuests.CPU, iterations, out), kernel = BenchGuests.load(BenchGuests.KERNEL, null, out);
        recording("cpu", cpu, CPU_INSNS, 1, out);
        recording("kernel", kernel, Long.MAX_VALUE, KERNEL_RUNS, out);
        reverseSteps("cpu", cpu, CPU_INSNS, out);
        reverseSteps("kernel", kernel, Long.MAX_VALUE, out);
        reverseContinue(cpu, out);
        for (Technique t : List.of(Technique.HW, Technique.TRAP)) vmRecording(t, cpu, out);
        vmReverseSteps(kernel, out);
        vmReverseContinue(cpu, out);
        vmSeveralVcpus(BenchGuests.load(BenchGuests.DISCO, null, out), out);
        return 0;
    }

    // ---------------------------------------------------------------- a VM on a host keeping history

    private static void vmRecording(Technique t, Image image, PrintStream out) {
        vmRecording("vm " + t.label, () -> vm(t, image), VM_INSNS, out);
    }

    private static void vmRecording(String name, java.util.function.Supplier<Vm> fresh, long insns, PrintStream out) {
        vmRun(fresh.get(), insns, false);   // warm up
        vmRun(fresh.get(), insns, true);
        double[] plain = new double[PAIRS], kept = new double[PAIRS];
        for (int p = 0; p < PAIRS; p++) {
            long[] a = vmRun(fresh.get(), insns, false), b = vmRun(fresh.get(), insns, true);
            plain[p] = a[0] / (a[1] / 1e9) / 1e6;
            kept[p] = b[0] / (b[1] / 1e9) / 1e6;
        }
        double without = Timing.median(plain), with = Timing.median(kept);
        out.println(String.format("%-8s recording: %.1f MIPS without a history, %.1f MIPS with one: %+.1f%% (medians of %d pairs; "
                        + "without: %.1f..%.1f, with: %.1f..%.1f)", name, without, with, 100 * (without / with - 1), PAIRS,
                min(plain), Timing.max(plain), min(kept), Timing.max(kept)));
    }

    /** {instructions, nanoseconds} of a run of a fresh VM. */
    private static long[] vmRun(Vm vm, long insns, boolean history) {
        if (history) new HostHistory(vm.hypervisor(), HostHistory.DEFAULT_INTERVAL, HostHistory.DEFAULT_CAP);
        long[] n = new long[1];
        long nanos = Timing.nanos(() -> n[0] = vm.run(insns).insns());
        return new long[] {n[0], nanos};
    }

    private static void vmReverseSteps(Image image, PrintStream out) {
        Vm vm = vm(Technique.TRAP, image);
        HostHistory h = new HostHistory(vm.hypervisor(), HostHistory.DEFAULT_INTERVAL, HostHistory.DEFAULT_CAP);
        vm.run(Long.MAX_VALUE);
        long end = vm.guestInstructions();
        double[] ms = reverseSteps(h, vm, end);
        out.println(String.format("vm trap  kernel reverse step over %,d guest instructions of history (%d checkpoints, %,d KiB): median %.1f ms, worst %.1f ms (%d steps)",
                end, h.checkpoints(), h.bytes() >> 10, Timing.median(ms), Timing.max(ms), STEPS));
    }

    private static void vmReverseContinue(Image image, PrintStream out) {
        Vm vm = vm(Technique.HW, image);
        HostHistory h = new HostHistory(vm.hypervisor(), HostHistory.DEFAULT_INTERVAL, HostHistory.DEFAULT_CAP);
        Hooks hooks = new Hooks(vm.debugTarget());
        int entry = vm.debugTarget().pc();
        vm.run(FAR);
        long from = vm.guestInstructions();
        hooks.breakpoint(entry, null);
        History.Arrival[] a = new History.Arrival[1];
        double s = Timing.nanos(() -> a[0] = h.reverseContinue(vm, hooks)) / 1e9;
        out.println(String.format("vm hw    cpu reverse continue from guest instruction %,d to a breakpoint at instruction %d: %.2f s, %,d instructions run again",
                from, a[0].at(), s, a[0].replayed()));
    }

    /** Milliseconds of a reverse step of {@code vm} from the present ({@code end}), then from seeded points of its history. */
    private static double[] reverseSteps(HostHistory h, Vm vm, long end) {
        SplittableRandom random = new SplittableRandom(1);
        double[] ms = new double[STEPS];
        for (int i = 0; i < STEPS; i++) {
            long at = i == 0 ? end : 1 + random.nextLong(end);
            h.seek(vm, at);
            ms[i] = Timing.nanos(() -> h.reverseStep(vm, 1)) / 1e6;
        }
        return ms;
    }

    /**
     * disco.s on two vCPUs: recording; the first step back from where a run stopped; reverse
     * steps from points spread over its history, then back to the last write of the checksum.
     */
    private static void vmSeveralVcpus(Image image, PrintStream out) {
        vmRecording("vm hw 2 vCPUs disco", () -> disco(image), Long.MAX_VALUE, out);
        double[] first = firstSteps(image);
        out.println(String.format("vm hw 2 vCPUs disco first step back from where a run stopped: median %.1f ms, worst %.1f ms "
                + "(%d runs on fresh hosts: to its halt, and to seeded budgets)", Timing.median(first), Timing.max(first), FIRST_STEPS));
        Vm vm = disco(image);
        HostHistory h = new HostHistory(vm.hypervisor(), HostHistory.DEFAULT_INTERVAL, HostHistory.DEFAULT_CAP);
        vm.run(Long.MAX_VALUE);
        long end = vm.guestInstructions();
        double[] ms = reverseSteps(h, vm, end);
        h.seek(vm, end);
        Hooks hooks = new Hooks(vm.debugTarget());
        long sum = Integer.toUnsignedLong(image.symbol("checksum"));
        hooks.watchpoint(sum, sum + 4, false, true, null);
        History.Arrival[] a = new History.Arrival[1];
        double s = Timing.nanos(() -> a[0] = h.reverseContinue(vm, hooks)) / 1e9;
        out.println(String.format("vm hw 2 vCPUs disco reverse step over %,d guest instructions of history (%d checkpoints): median %.1f ms, worst %.1f ms (%d steps, "
                + "each after a seek there); reverse continue to the last write of the checksum: %.2f s, %,d instructions run again",
                end, h.checkpoints(), Timing.median(ms), Timing.max(ms), STEPS, s, a[0].replayed()));
    }

    /** Milliseconds of the first reverse step from where a run of disco.s stopped: at its halt, then at seeded budgets; each on a fresh host. */
    private static double[] firstSteps(Image image) {
        SplittableRandom random = new SplittableRandom(2);
        double[] ms = new double[FIRST_STEPS];
        for (int i = 0; i < FIRST_STEPS; i++) {
            Vm vm = disco(image);
            HostHistory h = new HostHistory(vm.hypervisor(), HostHistory.DEFAULT_INTERVAL, HostHistory.DEFAULT_CAP);
            vm.run(i == 0 ? Long.MAX_VALUE : 500_000 + random.nextLong(5_500_000));
            ms[i] = Timing.nanos(() -> h.reverseStep(vm, 1)) / 1e6;
        }
        return ms;
    }

    /** A fresh host with disco.s in a VM of two vCPUs. */
    private static Vm disco(Image image) {
        Hypervisor hv = new Hypervisor(HvConfig.DEFAULTS.memory(64L << 20));
        Vm vm = hv.create("bench", 16L << 20, Technique.HW, -1, 0, 16L << 20, vmsh.hv.VmOptions.DEFAULTS.vcpus(2));
        vm.load(image, java.util.Map.of("harts", 2, "rounds", 4000));
        return vm;
    }

    private static Vm vm(Technique t, Image image) {
        Hypervisor hv = new Hypervisor(HvConfig.DEFAULTS.memory(64L << 20));
        Vm vm = hv.create("bench", 16L << 20, t);
        vm.load(image);
        return vm;
    }

    /** MIPS without and with a history, in turn. */
    private static void recording(String name, Image image, long insns, int repeat, PrintStream out) {
        run(image, insns, false);   // warm up
        run(image, insns, true);
        double[] plain = new double[PAIRS], kept = new double[PAIRS];
        for (int p = 0; p < PAIRS; p++) {
            long n = 0, t0 = 0, t1 = 0;
            for (int r = 0; r < repeat; r++) {
                long[] a = run(image, insns, false), b = run(image, insns, true);
                n += a[0];
                t0 += a[1];
                t1 += b[1];
            }
            plain[p] = n / (t0 / 1e9) / 1e6;
            kept[p] = n / (t1 / 1e9) / 1e6;
        }
        double without = Timing.median(plain), with = Timing.median(kept);
        out.println(String.format("%-6s recording: %.1f MIPS without a history, %.1f MIPS with one: %+.1f%% (medians of %d pairs; "
                        + "without: %.1f..%.1f, with: %.1f..%.1f)", name, without, with, 100 * (without / with - 1), PAIRS,
                min(plain), Timing.max(plain), min(kept), Timing.max(kept)));
    }

    /** {instructions, nanoseconds} of a run on a fresh machine. */
    private static long[] run(Image image, long insns, boolean history) {
        Machine m = machine(image);
        if (history) new History(m, new Hooks(m), History.DEFAULT_INTERVAL, History.DEFAULT_CAP);
        long[] n = new long[1];
        long nanos = Timing.nanos(() -> n[0] = m.run(insns).insns());
        return new long[] {n[0], nanos};
    }

    private static void reverseSteps(String name, Image image, long insns, PrintStream out) {
        Machine m = machine(image);
        History h = new History(m, new Hooks(m), History.DEFAULT_INTERVAL, History.DEFAULT_CAP);
        m.run(insns);
        long end = m.instructions();
        SplittableRandom random = new SplittableRandom(1);
        double[] ms = new double[STEPS];
        for (int i = 0; i < STEPS; i++) {
            long at = i == 0 ? end : 1 + random.nextLong(end);
            h.seek(at);
            ms[i] = Timing.nanos(() -> h.reverseStep(1)) / 1e6;
        }
        out.println(String.format("%-6s reverse step over %,d instructions of history (%d checkpoints, %,d KiB): median %.1f ms, worst %.1f ms (%d steps)",
                name, end, h.checkpoints(), h.bytes() >> 10, Timing.median(ms), Timing.max(ms), STEPS));
    }

    private static void reverseContinue(Image image, PrintStream out) {
        Machine m = machine(image);
        Hooks hooks = new Hooks(m);
        History h = new History(m, hooks, History.DEFAULT_INTERVAL, History.DEFAULT_CAP);
        int entry = m.pc();
        m.run(FAR);
        hooks.breakpoint(entry, null);
        History.Arrival[] a = new History.Arrival[1];
        double s = Timing.nanos(() -> a[0] = h.reverseContinue()) / 1e9;
        out.println(String.format("cpu    reverse continue from instruction %,d to a breakpoint at instruction %d: %.2f s, %,d instructions run again",
                FAR, a[0].at(), s, a[0].replayed()));
    }

    private static Machine machine(Image image) {
        Machine m = new Machine(MachineConfig.defaults().memory(64L << 20));
        m.load(image);
        return m;
    }

    private static double min(double[] v) { return -Timing.max(java.util.Arrays.stream(v).map(x -> -x).toArray()); }
}
