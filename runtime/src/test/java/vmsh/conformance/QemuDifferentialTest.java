package vmsh.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import vmsh.isa.Isa;

/**
 * Each sample behaves the same on vmsh as on QEMU: built once with vmsh's assembler and
 * run on our machine, once with GNU as/ld and run on {@code qemu-system-riscv32 -M virt},
 * it prints the same bytes and ends with the same exit code. Also, QEMU does what each
 * header says (a check on the samples that needs no vmsh). Lines where QEMU is known to
 * deviate from the spec ({@link QemuDeviations}) count as the header's. Skipped when the
 * GNU tools or QEMU are not installed.
 */
class QemuDifferentialTest {
    static final long QEMU_TIMEOUT_SECONDS = 20;

    @TempDir static Path work;

    /** Skips the calling test, with the reason in the report, when a tool is missing. */
    static void needTools() {
        String[] tools = { GnuToolchain.AS, GnuToolchain.LD, GnuToolchain.OBJCOPY, GnuToolchain.QEMU };
        assumeTrue(GnuToolchain.installed(tools), () -> "QEMU differential test skipped: " + GnuToolchain.missing(tools));
    }

    static Stream<String> samples() {
        return SamplesTest.samples();
    }

    /** The reference checks the headers themselves: QEMU does what each sample says. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void qemuAgreesWithTheHeader(String name) {
        needTools();
        Path sample = SamplesDirectory.root().resolve(name);
        SampleExpectation expected = SampleExpectation.of(sample);

        GnuToolchain.QemuRun qemu = GnuToolchain.runQemu(GnuToolchain.build(sample, work, expected.isa()),
                QEMU_TIMEOUT_SECONDS, expected.isa());

        assertEquals(expected.output(), QemuDeviations.corrected(name, qemu.console(), expected.output()),
                name + ": console output under QEMU");
        assertEquals(expected.exitCode(), qemu.exitCode(), name + ": QEMU's exit status");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void sameOutputAndExitCodeAsQemu(String name) {
        needTools();
        Path sample = SamplesDirectory.root().resolve(name);
        SampleExpectation expected = SampleExpectation.of(sample);
        Isa isa = expected.isa();
        GnuToolchain.QemuRun qemu = GnuToolchain.runQemu(GnuToolchain.build(sample, work, isa), QEMU_TIMEOUT_SECONDS, isa);

        GuestRun ours = GuestRun.run(GuestRun.assemble(sample), SamplesTest.BUDGET, isa);

        assertEquals(QemuDeviations.corrected(name, qemu.console(), expected.output()), ours.console(),
                name + ": console output, QEMU vs vmsh (QemuDeviations lists where QEMU 7.2 is known to be wrong)");
        assertEquals(qemu.exitCode(), ours.result().exitCode(), name + ": exit code, QEMU vs vmsh (" + ours.describe() + ")");
    }
}
