package vmsh.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vmsh.board.StopReason;
import vmsh.image.Image;

/**
 * The benchmark guest (C compiled by GCC, assembled by vmsh) runs to completion in its
 * small size and prints the checksum the C program computes, the value QEMU and a host
 * build of the same C agree on (samples/bench/README.md lists it). Compiler output
 * exercises the whole integer ISA the way real programs use it.
 */
class BenchGuestTest {
    static final int DEFAULT_ITERATIONS = 12_000;
    static final int SMALL_ITERATIONS = 2;
    static final String SMALL_OUTPUT = "cpubench: iterations=2 checksum=0x0cc243d2\n";
    /** About 127,000 instructions an iteration, plus start-up. */
    static final long BUDGET = 5_000_000;

    static Path bench() { return SamplesDirectory.root().resolve("bench"); }

    @Test
    void smallRunPrintsTheKnownChecksum() {
        Image image = GuestRun.assemble(bench().resolve("crt0.s"));
        int iterations = image.symbol("bench_iterations");

        GuestRun run = GuestRun.run(image, BUDGET, m -> m.write(iterations, 4, SMALL_ITERATIONS));

        assertEquals(SMALL_OUTPUT, run.console());
        assertEquals(StopReason.HALT, run.result().reason(), run.describe());
        assertEquals(0, run.result().exitCode());
    }

    /** paged.s runs the same program as a U-mode task under Sv32 (4 KiB pages): same output, every access translated. */
    @Test
    void pagedVariantPrintsTheSameChecksum() {
        Image image = GuestRun.assemble(bench().resolve("paged.s"));
        vmsh.machine.Machine[] machine = new vmsh.machine.Machine[1];

        GuestRun run = GuestRun.run(image, BUDGET, m -> {
            m.write(image.symbol("bench_iterations"), 4, SMALL_ITERATIONS);
            machine[0] = m;
        });

        assertEquals(SMALL_OUTPUT, run.console());
        assertEquals(StopReason.HALT, run.result().reason(), run.describe());
        assertEquals(0, run.result().exitCode());
        vmsh.mmu.TlbStats tlb = machine[0].stats().tlb();
        assertTrue(tlb.lookups() > run.result().insns(), "every U-mode fetch, load and store looks up: " + tlb);
        assertEquals(tlb.lookups(), tlb.hits() + tlb.misses());
    }

    @Test
    void defaultSizeIsTheDocumentedOne() {
        Image image = GuestRun.assemble(bench().resolve("crt0.s"));
        int[] loaded = new int[1];

        GuestRun.run(image, 0, m -> loaded[0] = m.read(image.symbol("bench_iterations"), 4));

        assertEquals(DEFAULT_ITERATIONS, loaded[0]);
    }

    @Test
    void qemuPrintsTheSameChecksum(@TempDir Path work) {
        String[] tools = { GnuToolchain.AS, GnuToolchain.LD, GnuToolchain.NM, GnuToolchain.QEMU };
        assumeTrue(GnuToolchain.installed(tools), () -> "skipped: " + GnuToolchain.missing(tools));
        Path elf = GnuToolchain.build(bench().resolve("crt0.s"), work);
        GnuToolchain.patchWord(elf, GnuToolchain.symbol(elf, "bench_iterations"), SMALL_ITERATIONS);

        GnuToolchain.QemuRun qemu = GnuToolchain.runQemu(elf, 20);

        assertEquals(SMALL_OUTPUT, qemu.console());
        assertEquals(0, qemu.exitCode());
    }

    /**
     * The committed cpubench.s is what the README's command makes from cpubench.c. Only
     * with the GCC the README names: another version writes different, equally good code.
     */
    @Test
    void committedAssemblyIsTheCompilersOutput(@TempDir Path work) throws IOException, InterruptedException {
        assumeTrue(GnuToolchain.installed(GCC), () -> "skipped: " + GnuToolchain.missing(GCC));
        String version = output(work, GCC, "-dumpversion").trim();
        assumeTrue(version.equals(GCC_VERSION), () -> "skipped: " + GCC + " is " + version + ", not " + GCC_VERSION);
        Path generated = work.resolve("cpubench.s");
        List<String> command = new ArrayList<>(List.of(GCC));
        command.addAll(GCC_FLAGS);
        command.addAll(List.of("cpubench.c", "-o", generated.toString()));   // relative: gcc records the name

        output(bench(), command.toArray(String[]::new));

        assertEquals(Files.readString(bench().resolve("cpubench.s")), Files.readString(generated),
                "samples/bench/cpubench.s is stale: regenerate it as samples/bench/README.md says");
    }

    static final String GCC = "riscv64-unknown-elf-gcc", GCC_VERSION = "12.2.0";
    /** As in samples/bench/README.md. */
    static final List<String> GCC_FLAGS = List.of("-O2", "-S", "-march=rv32ima_zicsr", "-mabi=ilp32",
            "-ffreestanding", "-fno-builtin", "-nostdlib",
            "-msmall-data-limit=0", "-fno-tree-loop-distribute-patterns", "-fno-reorder-functions",
            "-fno-asynchronous-unwind-tables", "-fno-ident", "-mno-riscv-attribute");

    private static String output(Path dir, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), command[0] + " timed out");
        assertEquals(0, p.exitValue(), String.join(" ", command) + ": " + text);
        return text;
    }
}
