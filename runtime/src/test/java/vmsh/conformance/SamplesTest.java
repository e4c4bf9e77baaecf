package vmsh.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import vmsh.machine.StopReason;

/**
 * Every sample with an expectation header, assembled by vmsh and run on vmsh's machine,
 * prints what its header says and ends with the exit code it says. A new sample is
 * covered by adding the header.
 */
class SamplesTest {
    /** Samples are small: one that has not finished by now is stuck. */
    static final long BUDGET = 10_000_000;

    /** The samples with a header that run on the bare machine (not the paravirtual builds). */
    static Stream<String> samples() {
        return SamplesDirectory.samplesWithExpectations().stream()
                .filter(p -> SampleExpectation.of(p).runsBare())
                .map(SamplesDirectory::name);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void printsAndExitsAsItsHeaderSays(String name) {
        Path sample = SamplesDirectory.root().resolve(name);
        SampleExpectation expected = SampleExpectation.of(sample);

        GuestRun run = GuestRun.run(GuestRun.assemble(sample), BUDGET, expected.isa());

        assertEquals(expected.output(), run.console(), name + ": console output");
        assertEquals(StopReason.HALT, run.result().reason(), name + ": " + run.describe());
        assertEquals(expected.exitCode(), run.result().exitCode(), name + ": exit code");
    }
}
