package vmsh.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import vmsh.board.StopReason;
import vmsh.image.Image;

/**
 * samples/tiny/echo.s on the bare machine. A server waits for its clients, so it has no
 * expectation header (it does not end by itself): it echoes what arrives and then waits in
 * wfi for ever, or, given idle_ticks, powers off after that long without input.
 */
class EchoServerTest {
    private static final Image ECHO = GuestRun.assemble(SamplesDirectory.root().resolve("tiny/echo.s"));

    @Test
    void echoesWhatArrivesAndWaitsForMore() {
        GuestRun run = GuestRun.run(ECHO, SamplesTest.BUDGET, m -> m.console().feed("ping\n"));
        assertEquals("echo: ready\nping\n", run.console());
        assertEquals(StopReason.IDLE, run.result().reason(), run.describe());
    }

    @Test
    void withIdleTicksItPowersOffWhenNothingComes() {
        GuestRun run = GuestRun.run(ECHO, SamplesTest.BUDGET,
                m -> m.write(ECHO.symbol("idle_ticks"), 4, 10_000));
        assertEquals("echo: ready\necho: idle, powering off\n", run.console());
        assertEquals(StopReason.HALT, run.result().reason(), run.describe());
        assertEquals(0, run.result().exitCode());
    }
}
