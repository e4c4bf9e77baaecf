package vmsh.shell.bench;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import vmsh.board.RunResult;
import vmsh.board.StopReason;
import vmsh.cpu.Engine;
import vmsh.elf.ElfWriter;
import vmsh.image.Image;
import vmsh.machine.Machine;
import vmsh.machine.MachineConfig;
import vmsh.shell.ExitCode;
import vmsh.shell.VmshException;

/**
 * {@code vmsh bench [cpu]} and {@code vmsh bench paged}: guest instructions per second on the
 * CPU-bound guest (paging off, or as a U-mode task under Sv32), interpreted and translated
 * to JVM bytecode, and the same ELF under QEMU when it is installed. Each runs twice; the
 * second, warm run is reported (a second machine reuses the block classes the first
 * translated, as every machine in a process does). Wall-clock time, the process's CPU
 * time, which other load on a shared machine does not inflate, and the CPU time of the
 * running thread, which HotSpot's compiler threads do not inflate either. {@code bench
 * paged} also sets the translator's speed with paging against its speed with paging off,
 * in pairs of runs taken by turns in this process (the median of {@link #PAIRS}).
 */
final class CpuBench {
    private static final String QEMU = "qemu-system-riscv32";
    /** The speed the translated paged task aims at, as a share of its speed with paging off. */
    static final double PAGED_SHARE_TARGET = 0.85;
    /** Pairs of translated runs (paging off, paging on) for the share. */
    private static final int PAIRS = 3;

    private CpuBench() {}

    static int cpu(Long iterations, long runs, PrintStream out) throws IOException, InterruptedException {
        return run(BenchGuests.load(BenchGuests.CPU, iterations, out), out);
    }

    static int paged(Long iterations, long runs, PrintStream out) throws IOException, InterruptedException {
        Image paged = BenchGuests.load(BenchGuests.PAGED, iterations, out);
        int status = run(paged, out);
        if (status == ExitCode.OK) pagedShare(BenchGuests.load(BenchGuests.CPU, iterations, out), paged, out);
        return status;
    }

    /** Prints the translated paged task's speed against paging off, per CPU second of the running thread. */
    private static void pagedShare(Image cpu, Image paged, PrintStream out) {
        double[] off = new double[PAIRS], on = new double[PAIRS];
        for (int i = 0; i < PAIRS; i++) {   // by turns, so that load from elsewhere falls on both alike
            off[i] = threadMips(runVmsh(cpu, true));
            on[i] = threadMips(runVmsh(paged, true));
        }
        double share = Timing.median(on) / Timing.median(off);
        out.println(String.format("translated, paged against paging off, per CPU second of the running thread (medians of %d pairs): "
                + "%.0f against %.0f MIPS = %.0f%% (target %.0f%%: %s)", PAIRS, Timing.median(on), Timing.median(off),
                100 * share, 100 * PAGED_SHARE_TARGET, share >= PAGED_SHARE_TARGET ? "met" : "NOT met"));
    }

    /** Guest MIPS per CPU second of the running thread of a {@link #runVmsh} result. */
    static double threadMips(long[] run) { return mips(run[0], run[3]); }

    private static int run(Image image, PrintStream out) throws IOException, InterruptedException {
        long[] interpreter = secondOfTwo(() -> runVmsh(image, false));
        long insns = interpreter[0];
        long[] translator = secondOfTwo(() -> runVmsh(image, true));
        out.println(String.format("interpreter: %,d instructions in %.3f s = %.0f MIPS (the second of two runs)",
                insns, interpreter[1] / 1e9, mips(insns, interpreter[1])));
        out.println(String.format("translator:  %,d instructions in %.3f s = %.0f MIPS (the second of two runs, translation included)",
                translator[0], translator[1] / 1e9, mips(translator[0], translator[1])));
        out.println(String.format("translator/interpreter: %.2f", mips(translator[0], translator[1]) / mips(insns, interpreter[1])));
        out.println("per CPU second (all of vmsh's threads, HotSpot's compilers included; other load on the machine does not count): interpreter "
                + cpuMips(insns, interpreter[2]) + ", translator " + cpuMips(translator[0], translator[2]));
        out.println("per CPU second of the running thread (the guest's alone): interpreter "
                + cpuMips(insns, interpreter[3]) + ", translator " + cpuMips(translator[0], translator[3]));
        Optional<Path> qemu = onPath(QEMU);
        if (qemu.isEmpty()) {
            out.println("qemu: " + QEMU + " is not installed; no comparison");
            return ExitCode.OK;
        }
        Path elf = Files.createTempFile("vmsh-bench", ".elf");
        try {
            Files.write(elf, ElfWriter.write(image));
            long[] q = secondOfTwo(() -> new long[] {insns, runQemu(qemu.get(), elf), 0, 0});
            out.println(String.format("qemu: %,d instructions in %.3f s = %.0f MIPS (the second of two runs; wall time, QEMU start-up included)",
                    insns, q[1] / 1e9, mips(insns, q[1])));
            out.println(String.format("translator/qemu: %.2f", mips(translator[0], translator[1]) / mips(insns, q[1])));
        } finally {
            Files.deleteIfExists(elf);
        }
        return ExitCode.OK;
    }

    private interface Timed {
        /** {instructions, nanoseconds, CPU nanoseconds of the process, of the running thread} */
        long[] run() throws IOException, InterruptedException;
    }

    /** Runs twice and keeps the second, warmed-up measurement. */
    private static long[] secondOfTwo(Timed t) throws IOException, InterruptedException {
        t.run();
        return t.run();
    }

    /**
     * {instructions, nanoseconds, CPU nanoseconds of the process, CPU nanoseconds of the
     * running thread} of the guest on a fresh bare machine, which it must pass; {@code jit}:
     * translating hot code.
     */
    static long[] runVmsh(Image image, boolean jit) {
        Machine machine = new Machine(MachineConfig.defaults().jitThreshold(jit ? Engine.defaultTranslationThreshold() : 0));
        machine.load(image);
        long cpu = processCpuNanos(), thread = Timing.cpuNanos(), start = System.nanoTime();
        RunResult r = machine.run(Long.MAX_VALUE);
        long elapsed = System.nanoTime() - start, threadElapsed = Timing.cpuNanos() - thread, cpuElapsed = processCpuNanos() - cpu;
        if (r.reason() != StopReason.HALT || r.exitCode() != 0)
            throw new VmshException(ExitCode.GUEST_FAULT, "benchmark guest did not pass: " + r.reason() + " " + r.message());
        return new long[] {r.insns(), elapsed, cpuElapsed, threadElapsed};
    }

    /** CPU time of the whole process so far (every thread), or -1 where the JVM does not say. */
    static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os ? os.getProcessCpuTime() : -1;
    }

    private static long runQemu(Path qemu, Path elf) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(qemu.toString(), "-M", "virt", "-bios", "none", "-nographic",
                "-monitor", "none", "-serial", "null", "-kernel", elf.toString())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        long start = System.nanoTime();
        Process p = pb.start();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new VmshException(ExitCode.BUDGET, "qemu did not finish within 10 minutes");
        }
        long elapsed = System.nanoTime() - start;
        if (p.exitValue() != 0) throw new VmshException(ExitCode.ERROR, "qemu exited with status " + p.exitValue());
        return elapsed;
    }

    /** MIPS per CPU second, or why not: a CPU clock ticks in milliseconds at best. */
    private static String cpuMips(long insns, long cpuNanos) {
        if (cpuNanos < 0) return "unknown (the JVM does not say)";
        if (cpuNanos < 50_000_000) return "too short to time";
        return String.format("%.0f MIPS", mips(insns, cpuNanos));
    }

    private static double mips(long insns, long nanos) {
        return insns / (nanos / 1e9) / 1e6;
    }

    private static Optional<Path> onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) return Optional.empty();
        for (String dir : path.split(File.pathSeparator)) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, program);
            if (Files.isExecutable(p)) return Optional.of(p);
        }
        return Optional.empty();
    }
}
