package vmsh.shell.cli;

import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import vmsh.shell.bench.Benchmarks;

/** {@code vmsh bench [NAME]}: runs one of the benchmarks of {@link Benchmarks}. */
@Command(name = "bench",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Measure vmsh's speed in host time (the figures are for people, not tests).",
            "cpu: MIPS on a CPU-bound guest (samples/bench/crt0.s), interpreted and translated to JVM bytecode, and,",
            "where qemu-system-riscv32 is installed, the same ELF under QEMU and the ratio; each is run twice and",
            "the second (warm) run reported."
        })
final class BenchCommand implements Callable<Integer> {
    @ParentCommand
    private VmshCommand parent;

    @Parameters(arity = "0..1", paramLabel = "NAME", defaultValue = "cpu",
            description = {"the benchmark, one of:",
                           "cpu (default; MIPS of a CPU-bound guest, interpreted and translated, and QEMU's)",
                           "paged (the cpu guest as a user task under Sv32 paging, and its share of paging off)",
                           "hooks (the cpu guest with a hook on every instruction: MIPS and slowdown against no hooks in the same JVM, Java and JavaScript, interpreted and compiled)",
                           "js-hook (a JavaScript hook on every instruction and no hooks in turns, compiled with --js-compile, interpreted without)",
                           "startup (wall time of `vmsh run` on a trivial script)",
                           "hv (trap-and-emulate exit round trips per second, hw against bare MIPS)",
                           "sharing (pages hashed and scanned for sharing per second)",
                           "memory (host memory of a sparse 1 GiB guest)",
                           "snapshot (snapshot, restore and snapshot files)",
                           "clone (clones per second and host memory per clone)",
                           "history (the cost of recording, reverse steps and a reverse continue)",
                           "cluster-history (a cluster of three busy hosts: recording cost, checkpoint bytes, reverse steps)",
                           "sweep (runs per second of scripts/tlb-reach.js: vmsh sweep against a vmsh run process per run)",
                           "density (10,000 clones of an idle echo server to their first output, host memory per idle clone; boot and copy)"})
    private String name;

    @Option(names = "--runs", paramLabel = "N", converter = Converters.Count.class,
            description = "child processes for the startup benchmark, runs a round for sweep (default 10)")
    private long runs = 10;

    @Option(names = "--iterations", paramLabel = "N", converter = Converters.Count.class,
            description = "iterations of the benchmark loop (default: the guest's own, 12000 for cpu)")
    private Long iterations;

    /** For js-hook: which GraalJS runtime the launcher started; checked here. */
    @Mixin
    private JsCompileOption jsCompile = new JsCompileOption();

    @Override
    public Integer call() throws IOException, InterruptedException {
        jsCompile.check(parent.io.err());
        return Benchmarks.run(name, iterations, runs, parent.io.out());
    }
}
