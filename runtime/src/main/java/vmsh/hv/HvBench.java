package vmsh.hv;

import java.io.PrintStream;
import vmsh.asm.Assembler;
import vmsh.image.Image;
import vmsh.machine.Machine;
import vmsh.machine.MachineConfig;
import vmsh.machine.RunResult;
import vmsh.machine.StopReason;

/**
 * The hypervisor's speed in host time (the only place vmsh.hv reads the wall clock; no
 * simulated result depends on it):
 * <ul>
 * <li>exit round trips per second: a trap-and-emulate guest whose loop is CSR reads, each
 *     one a trap to the VMM, an emulation on the virtual CSRs and a return;
 * <li>hw against the bare machine: the same CPU-bound guest in MIPS on both.
 * </ul>
 */
public final class HvBench {
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

    /** What one measurement found. */
    public record Figures(double exitsPerSecond, double bareMips, double hwMips) {
        public double hwShare() { return hwMips / bareMips; }

        @Override public String toString() {
            return String.format("trap-and-emulate: %.2f million CSR exits per second%n"
                    + "cpu guest: bare machine %.1f MIPS, hw %.1f MIPS (%.0f%% of bare)%n",
                    exitsPerSecond / 1e6, bareMips, hwMips, 100 * hwShare());
        }
    }

    private HvBench() {}

    /** Measures both figures, best of {@code rounds}; {@code cpuGuest} is a CPU-bound guest that ends itself. */
    public static Figures measure(Image cpuGuest, int exits, int rounds) {
        double exitRate = 0, bare = 0, hw = 0;
        Image loop = Assembler.assemble(String.format(CSR_LOOP, exits), "csr-loop.s");
        for (int i = 0; i < rounds; i++) {
            exitRate = Math.max(exitRate, exitRate(loop, exits));
            bare = Math.max(bare, bareMips(cpuGuest));
            hw = Math.max(hw, hwMips(cpuGuest));
        }
        return new Figures(exitRate, bare, hw);
    }

    private static double exitRate(Image loop, int exits) {
        Hypervisor hv = new Hypervisor(HvConfig.DEFAULTS.quantum(1_000_000));
        Vm vm = hv.create("loop", 16 << 20, Technique.TRAP_VTLB);
        vm.load(loop);
        long t0 = System.nanoTime();
        hv.run(Long.MAX_VALUE, false);
        long t = System.nanoTime() - t0;
        check(vm);
        return vm.exits(ExitReason.CSR) * 1e9 / t;
    }

    private static double bareMips(Image guest) {
        Machine m = new Machine(MachineConfig.defaults());
        m.load(guest);
        long t0 = System.nanoTime();
        RunResult r = m.run(Long.MAX_VALUE);
        long t = System.nanoTime() - t0;
        if (r.reason() != StopReason.HALT || r.exitCode() != 0)
            throw new IllegalStateException("benchmark guest did not pass on the bare machine: " + r.message());
        return r.insns() * 1e3 / t;
    }

    private static double hwMips(Image guest) {
        Hypervisor hv = new Hypervisor(HvConfig.DEFAULTS.quantum(10_000_000));
        Vm vm = hv.create("cpu", 64 << 20, Technique.HW);
        vm.load(guest);
        long t0 = System.nanoTime();
        hv.run(Long.MAX_VALUE, false);
        long t = System.nanoTime() - t0;
        check(vm);
        return vm.stats().insns() * 1e3 / t;
    }

    private static void check(Vm vm) {
        if (vm.state() != VmState.HALTED || vm.exitCode() != 0)
            throw new IllegalStateException("benchmark VM " + vm.name() + " did not pass: " + vm.message());
    }

    /** {@code java vmsh.hv.HvBench samples/bench/crt0.s}: prints the figures. */
    public static void main(String[] args) throws Exception {
        String path = args.length > 0 ? args[0] : "samples/bench/crt0.s";
        Image cpu = Assembler.assemble(java.nio.file.Files.readString(java.nio.file.Path.of(path)), path);
        PrintStream out = System.out;
        if (args.length > 1 && args[1].equals("exits")) {
            Image loop = Assembler.assemble(String.format(CSR_LOOP, 5_000_000), "csr-loop.s");
            for (int i = 0; i < 3; i++) out.printf("%.2f million CSR exits per second%n", exitRate(loop, 5_000_000) / 1e6);
            return;
        }
        out.print(measure(cpu, 5_000_000, 3));
    }
}
