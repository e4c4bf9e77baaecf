package vmsh.shell.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A bar redrawn in place on a terminal; one plain line per run when stderr is a file or a pipe. */
class SweepProgressTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    private static Point point(int i) { return new Point(i, Map.of("n", (long) i), 1, "k" + i); }

    private static RunRecord record(int i, int exit, String error) {
        return new RunRecord("r" + i, "k" + i, i, Map.of("n", (long) i), exit, error, Map.of(), 0, 1.25, List.of(), "0", "h", "t");
    }

    @Test
    void pipedItPrintsOneLinePerFinishedRun() {
        SweepProgress p = new SweepProgress(err, false, 2, 2);
        p.finished(point(1), record(1, 0, null));
        p.finished(point(2), record(2, 1, "s.js:1:1: Error: no\n  the line\n  ^"));
        assertEquals("[1/2] n=1: ok (1.3 s)\n[2/2] n=2: exit 1: s.js:1:1: Error: no (1.3 s)\n", bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void onATerminalItRedrawsABarAndShowsFailuresAboveIt() {
        SweepProgress p = new SweepProgress(err, true, 4, 2);
        p.finished(point(1), record(1, 0, null));
        p.finished(point(2), record(2, 124, "s.js:3:1: timeout of 1 s"));
        p.finished(point(3), record(3, 0, null));
        p.finished(point(4), record(4, 0, null));
        p.clear();
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(text.startsWith("\r[======>                       ] 1/4 runs, 2 workers, eta "), text);
        assertTrue(text.contains("\r\033[Kfailed: n=2: exit 124: s.js:3:1: timeout of 1 s\n"), text);
        assertTrue(text.contains("\r[==============================] 4/4 runs, 2 workers, 1 failed\033[K"), text);
        assertTrue(text.endsWith("\r\033[K"), "the bar is taken away at the end");
    }

    @Test
    void clockShowsMinutesAndHours() {
        assertEquals("0:41", SweepProgress.clock(41));
        assertEquals("12:05", SweepProgress.clock(725));
        assertEquals("2:00:00", SweepProgress.clock(7200));
    }
}
