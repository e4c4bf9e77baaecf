package vmsh.shell.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import vmsh.asm.Assembler;
import vmsh.elf.ElfWriter;
import vmsh.image.Image;
import vmsh.machine.Machine;
import vmsh.machine.MachineConfig;
import vmsh.machine.RunResult;
import vmsh.machine.StopReason;
import vmsh.shell.ExitCode;
import vmsh.shell.Guests;
import vmsh.shell.VmshException;

/**
 * {@code vmsh bench [cpu]}: guest instructions per second on a CPU-bound guest, and the
 * same ELF under QEMU when it is installed. Wall-clock time, so for people, not tests.
 */
@Command(name = "bench",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Measure simulation speed in MIPS on a CPU-bound guest (cpu: samples/bench/crt0.s),",
            "and where qemu-system-riscv32 is installed, the same ELF under QEMU and the ratio.",
            "Each is run twice; the second (warm) run is reported.",
            "hv: trap-and-emulate exit round trips per second, and hw against bare-machine MIPS on cpu.",
            "sharing: pages hashed and scanned for content-based sharing per second of host time.",
            "memory: host memory used by a 1 GiB guest that touches 1 MiB."
        })
final class BenchCommand implements Callable<Integer> {
    private static final String QEMU = "qemu-system-riscv32";

    /** Used only when samples/bench holds no benchmark: 200 million simple instructions. */
    private static final String PLACEHOLDER = """
                    .text
                    .globl _start
            _start: li   t0, 50000000
                    li   a0, 0
            1:      add  a0, a0, t0
                    xor  a1, a0, t0
                    addi t0, t0, -1
                    bnez t0, 1b
                    li   t1, 0x100000
                    li   t2, 0x5555
                    sw   t2, 0(t1)
            2:      j    2b
            """;

    @ParentCommand
    private VmshCommand parent;

    /** Benchmark names and their guests, relative to the checkout. */
    private static final Map<String, String> GUESTS = Map.of(
            "cpu", "samples/bench/crt0.s",
            "paged", "samples/bench/paged.s");   // the same program as a U-mode task under Sv32

    /** The data word a benchmark guest reads its iteration count from. */
    static final String ITERATIONS_SYMBOL = "bench_iterations";

    @Parameters(arity = "0..1", paramLabel = "NAME", defaultValue = "cpu",
            description = {"the benchmark: cpu (default); paged (the cpu guest as a user task under Sv32 paging); hooks (the cpu guest with a hook on every instruction:",
                           "MIPS and slowdown); startup (wall time of `vmsh run` on a trivial script);",
                           "hv (trap-and-emulate exit round trips per second, hw against bare MIPS);",
                           "sharing (pages hashed per second); memory (host memory of a sparse 1 GiB guest)"})
    private String name;

    @Option(names = "--runs", paramLabel = "N", converter = Converters.Count.class,
            description = "child processes for the startup benchmark (default 10)")
    private long runs = 10;

    @Option(names = "--iterations", paramLabel = "N", converter = Converters.Count.class,
            description = "iterations of the benchmark loop (default: the guest's own, 12000 for cpu)")
    private Long iterations;

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintStream out = parent.io.out();
        if (MemoryBench.NAMES.contains(name)) return MemoryBench.run(name, out);
        if (name.equals("startup")) return StartupBench.run(out, runs);
        if (name.equals("hooks")) {
            if (iterations == null) iterations = 600L;   // a twentieth of the cpu run: hooked runs are slow
            return HooksBench.run(out, benchmark("cpu", out));
        }
        if (name.equals(HypervisorBench.NAME)) return HypervisorBench.run(benchmark("cpu", out), iterations == null, out);
        Image image = benchmark(name, out);
        long[] vmsh = bestOfTwo(() -> runVmsh(image));
        long insns = vmsh[0];
        out.println(String.format("vmsh: %,d instructions in %.3f s = %.0f MIPS (the second of two runs)", insns, vmsh[1] / 1e9, mips(insns, vmsh[1])));
        Optional<Path> qemu = onPath(QEMU);
        if (qemu.isEmpty()) {
            out.println("qemu: " + QEMU + " is not installed; no comparison");
            return ExitCode.OK;
        }
        Path elf = Files.createTempFile("vmsh-bench", ".elf");
        try {
            Files.write(elf, ElfWriter.write(image));
            long[] q = bestOfTwo(() -> new long[] {insns, runQemu(qemu.get(), elf)});
            out.println(String.format("qemu: %,d instructions in %.3f s = %.0f MIPS (the second of two runs; wall time, QEMU start-up included)",
                    insns, q[1] / 1e9, mips(insns, q[1])));
            out.println(String.format("vmsh/qemu: %.2f", mips(insns, vmsh[1]) / mips(insns, q[1])));
        } finally {
            Files.deleteIfExists(elf);
        }
        return ExitCode.OK;
    }

    private Image benchmark(String name, PrintStream out) {
        String relative = GUESTS.get(name);
        if (relative == null) throw new VmshException(ExitCode.USAGE, "no benchmark '" + name + "' (known: cpu, paged, hooks, startup, "
                + HypervisorBench.NAME + ", " + String.join(", ", MemoryBench.NAMES) + ")");
        Path file = Home.home().resolve(relative);
        if (!Files.isRegularFile(file)) {
            out.println("vmsh: " + file + " not found; using a built-in counting loop instead");
            return Assembler.assemble(PLACEHOLDER, "placeholder-bench.s");
        }
        Image image = Guests.load(file);
        if (iterations == null) return image;
        if (iterations > 0xffff_ffffL) throw new VmshException(ExitCode.USAGE, "--iterations " + iterations + " does not fit in 32 bits");
        return Images.withWord(image, image.symbol(ITERATIONS_SYMBOL), iterations.intValue());
    }

    private interface Timed {
        /** {instructions, nanoseconds} */
        long[] run() throws IOException, InterruptedException;
    }

    /** Runs twice and keeps the second, warmed-up measurement. */
    private static long[] bestOfTwo(Timed t) throws IOException, InterruptedException {
        t.run();
        return t.run();
    }

    private static long[] runVmsh(Image image) {
        Machine machine = new Machine(MachineConfig.defaults());
        machine.load(image);
        long start = System.nanoTime();
        RunResult r = machine.run(Long.MAX_VALUE);
        long elapsed = System.nanoTime() - start;
        if (r.reason() != StopReason.HALT || r.exitCode() != 0)
            throw new VmshException(ExitCode.GUEST_FAULT, "benchmark guest did not pass: " + r.reason() + " " + r.message());
        return new long[] {r.insns(), elapsed};
    }

    private static long runQemu(Path qemu, Path elf) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(qemu.toString(), "-M", "virt", "-bios", "none", "-nographic",
                "-monitor", "none", "-serial", "null", "-kernel", elf.toString())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
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

    private static double mips(long insns, long nanos) {
        return insns / (nanos / 1e9) / 1e6;
    }

    static Optional<Path> onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) return Optional.empty();
        for (String dir : path.split(java.io.File.pathSeparator)) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, program);
            if (Files.isExecutable(p)) return Optional.of(p);
        }
        return Optional.empty();
    }
}
