package vmsh.shell.bench;

import java.io.PrintStream;
import vmsh.asm.Assembler;
import vmsh.cpu.Engine;
import vmsh.hv.ExitReason;
import vmsh.hv.HvConfig;
import vmsh.hv.Hypervisor;
import vmsh.hv.Technique;
import vmsh.hv.Vm;
import vmsh.hv.VmState;
import vmsh.image.Image;
import vmsh.shell.ExitCode;
import vmsh.shell.Guests;
import vmsh.shell.Home;

/**
 * {@code vmsh bench hv}: the hypervisor's speed in host time. Trap-and-emulate exit round
 * trips per second on a guest loop of CSR reads (each read exits to the VMM, is emulated on
 * the virtual CSRs and resumed); the same loop under {@code bt}, where each read is a
 * callout from translated code; {@code pv} hypercall round trips per second; a {@code hw}
 * guest's speed against the bare machine on the CPU-bound guest, both interpreted and both
 * translated to JVM bytecode; and the teaching kernel's
 * boot (its paravirtual build under pv) in guest MIPS under each technique. Each figure is
 * the best of {@link #ROUNDS}, taken by turns. CPU time of the running thread (the host runs
 * its VMs on it), which neither other load on a shared machine nor HotSpot's compiler threads inflate.
 */
final class HypervisorBench {
    /** The targets: exits per second of host time, and hw MIPS as a share of bare-machine MIPS. */
    static final double EXIT_TARGET = 5e6, HW_SHARE_TARGET = 0.8, HW_TRANSLATED_SHARE_TARGET = 0.9;

    /** CSR exits per measurement: enough for a warm, steady rate (about half a second). */
    private static final int EXITS = 5_000_000;
    /** Iterations of the cpu guest per round (a third of its default, about a second each). */
    private static final long ITERATIONS = 4_000;
    /** Rounds; each figure is the best of them (the first ones warm up the JIT). */
    private static final int ROUNDS = 3;

    /** A guest kernel loop of {@code n} csrr: every iteration is one exit. */
    private static final String CSR_LOOP = """
            .text
            .globl _start
            _start:
                li t1, %d
            1:  csrr t0, sscratch
                addi t1, t1, -1
                bnez t1, 1b
                li a7, 0x53525354
                li a6, 0
                li a0, 0
                li a1, 0
                ecall
            2:  j 2b
            """;

    /** A pv guest loop of {@code n} hypercalls (irq, with nothing pending: the VMM's least work). */
    private static final String HYPERCALL_LOOP = """
            .text
            .globl _start
            _start:
                li t1, %d
                li a7, 0x0A00766D
                li a6, 5
            1:  ecall
                addi t1, t1, -1
                bnez t1, 1b
                li a7, 0x53525354
                li a6, 0
                li a0, 0
                li a1, 0
                ecall
            2:  j 2b
            """;

    /** Boots of the kernel per measurement of its speed under a technique. */
    private static final int BOOTS = 4;

    private HypervisorBench() {}

    static int run(Long iterations, long runs, PrintStream out) {
        Image cpuGuest = BenchGuests.load(BenchGuests.CPU, iterations == null ? ITERATIONS : iterations, out);
        Image loop = Assembler.assemble(String.format(CSR_LOOP, EXITS), "csr-loop.s");
        double exitRate = 0, bare = 0, hw = 0, bareTranslated = 0, hwTranslated = 0;
        for (int i = 0; i < ROUNDS; i++) {
            exitRate = Math.max(exitRate, exitRate(loop));
            bare = Math.max(bare, bareMips(cpuGuest, false));
            hw = Math.max(hw, hwMips(cpuGuest, false));
            bareTranslated = Math.max(bareTranslated, bareMips(cpuGuest, true));
            hwTranslated = Math.max(hwTranslated, hwMips(cpuGuest, true));
        }
        Image hypercalls = Assembler.assemble(String.format(HYPERCALL_LOOP, EXITS), "hypercall-loop.s");
        double callouts = 0, hypercallRate = 0;
        for (int i = 0; i < ROUNDS; i++) {
            callouts = Math.max(callouts, exitRate(loop, Technique.BT));
            hypercallRate = Math.max(hypercallRate, exitRate(hypercalls, Technique.PV));
        }
        double share = hw / bare;
        out.println(String.format("trap-and-emulate: %.2f M exit round trips/s on a csrr loop (target %.0f M/s: %s)",
                exitRate / 1e6, EXIT_TARGET / 1e6, exitRate >= EXIT_TARGET ? "met" : "NOT met"));
        out.println(String.format("bt: %.2f M callouts/s on the same loop, translated (each csrr a callout, no exit)", callouts / 1e6));
        out.println(String.format("pv: %.2f M hypercall round trips/s on a loop of EXT_VMSH irq calls", hypercallRate / 1e6));
        out.println(String.format("hw: %.0f MIPS against %.0f MIPS on the bare machine = %.0f%% (target %.0f%%: %s)",
                hw, bare, 100 * share, 100 * HW_SHARE_TARGET, share >= HW_SHARE_TARGET ? "met" : "NOT met"));
        double translatedShare = hwTranslated / bareTranslated;
        out.println(String.format("hw, translated: %.0f MIPS against %.0f MIPS on the bare machine, translated = %.0f%% (target %.0f%%: %s)",
                hwTranslated, bareTranslated, 100 * translatedShare, 100 * HW_TRANSLATED_SHARE_TARGET,
                translatedShare >= HW_TRANSLATED_SHARE_TARGET ? "met" : "NOT met"));
        Image kernel = Guests.load(Home.home().resolve("samples/kernel/kernel.s"));
        Image kernelPv = Guests.load(Home.home().resolve("samples/kernel/kernel-pv.s"));
        StringBuilder line = new StringBuilder("the kernel's boot, guest MIPS:");
        for (Technique t : Technique.values()) {
            double mips = 0;
            for (int i = 0; i < ROUNDS; i++) mips = Math.max(mips, kernelMips(t == Technique.PV ? kernelPv : kernel, t));
            line.append(String.format(" %s %.0f", t.label, mips));
        }
        out.println(line);
        return ExitCode.OK;
    }

    private static double exitRate(Image loop) { return exitRate(loop, Technique.TRAP_VTLB); }

    /** The loop's VMM entries per second under {@code t}: CSR exits, bt's callouts, or pv's hypercalls. */
    private static double exitRate(Image loop, Technique t) {
        Timed run = runInVm(loop, t, 16 << 20, 1_000_000);
        long entries = switch (t) {
            case BT -> run.vm().stats().callouts();
            case PV -> run.vm().exits(ExitReason.HYPERCALL);
            default -> run.vm().exits(ExitReason.CSR);
        };
        return entries * 1e9 / run.nanos();
    }

    /** The kernel booted {@value #BOOTS} times under {@code t}: guest instructions per microsecond of host CPU time. */
    private static double kernelMips(Image kernel, Technique t) {
        long insns = 0, time = 0;
        for (int i = 0; i < BOOTS; i++) {
            Timed run = runInVm(kernel, t, 32 << 20, HvConfig.DEFAULT_QUANTUM);
            time += run.nanos();
            insns += run.vm().stats().insns();
        }
        return insns * 1e3 / time;
    }

    private static double bareMips(Image guest, boolean translated) {
        return CpuBench.threadMips(CpuBench.runVmsh(guest, translated));
    }

    private static double hwMips(Image guest, boolean translated) {
        Timed t = runInVm(guest, Technique.HW, 64 << 20, 10_000_000, translated);
        return t.vm().stats().insns() * 1e3 / t.nanos();
    }

    /** A VM that ran its guest to a pass, and the host CPU nanoseconds that took. */
    private record Timed(Vm vm, long nanos) {}

    /** The guest in a VM of a host translating as hosts do by default. */
    private static Timed runInVm(Image guest, Technique technique, long memory, long quantum) {
        return runInVm(guest, technique, memory, quantum, null);
    }

    /** ...translating at the default threshold from the start (true), interpreting (false) or as by default (null). */
    private static Timed runInVm(Image guest, Technique technique, long memory, long quantum, Boolean translated) {
        Hypervisor hv = new Hypervisor(HvConfig.DEFAULTS.quantum(quantum));
        if (translated != null) hv.engine().setTranslation(translated ? Engine.defaultTranslationThreshold() : 0);
        Vm vm = hv.create(technique.label, memory, technique);
        vm.load(guest);
        long t0 = Timing.cpuNanos();
        hv.run(Long.MAX_VALUE, false);
        long t = Timing.cpuNanos() - t0;
        check(vm);
        return new Timed(vm, t);
    }

    private static void check(Vm vm) {
        if (vm.state() != VmState.HALTED || vm.exitCode() != 0)
            throw new IllegalStateException("benchmark VM " + vm.name() + " did not pass: " + vm.message());
    }
}
