package vmsh.shell.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;
import org.junit.jupiter.api.Test;
import vmsh.hv.HvConfig;
import vmsh.hv.Hypervisor;
import vmsh.hv.Technique;
import vmsh.hv.Vm;
import vmsh.image.Image;
import vmsh.image.Segment;

/** The one place for run limits: an exact budget over all runs, stops that reach only the run they meant, the bar. */
class RunLimitsTest {
    /** A guest that runs until its budget or the limit, counting what it was given; it stops when asked. */
    private static final class Counter implements Runner<Long> {
        final long budget;
        final List<Long> limits = new ArrayList<>();
        boolean stopAsked;
        LongFunction<Long> inside = n -> n;

        Counter(long budget) { this.budget = budget; }

        @Override public Long run(long insnLimit) {
            limits.add(insnLimit);
            if (stopAsked) return 0L;
            return inside.apply(Math.min(budget, insnLimit));
        }
        @Override public long insns(Long r) { return r; }
        @Override public boolean unfinished(Long r) { return r < budget; }
        @Override public void requestStop() { stopAsked = true; }
        @Override public void clearStopRequest() { stopAsked = false; }
        @Override public String where() { return "at guest pc 0x80000000"; }
        @Override public long progress() { return 0; }
        @Override public long budget() { return budget; }
    }

    @Test void theBudgetIsOneAcrossEveryRunAndExact() {
        RunLimits limits = new RunLimits(1000, Progress.NONE);
        assertEquals(600L, limits.run(new Counter(600)));
        Counter second = new Counter(600);
        LimitExceeded e = assertThrows(LimitExceeded.class, () -> limits.run(second));
        assertEquals(List.of(400L), second.limits);
        assertEquals("instruction budget of 1000 exhausted at guest pc 0x80000000", e.getMessage());
        assertEquals(124, e.exitCode());
        assertThrows(LimitExceeded.class, () -> limits.run(new Counter(1)));   // nothing left
    }

    @Test void aRunInsideARunGetsOnlyWhatTheOuterRunLeft() {
        RunLimits limits = new RunLimits(1000, Progress.NONE);
        Counter small = new Counter(50), large = new Counter(500);
        Counter outer = new Counter(700);
        outer.inside = n -> {
            limits.run(small);   // a hook of the outer machine runs another one
            return n;
        };
        assertEquals(700L, limits.run(outer));
        assertEquals(List.of(50L), small.limits);
        assertEquals(250, limits.left());
        Counter again = new Counter(100);
        again.inside = n -> {
            limits.run(large);
            return n;
        };
        assertThrows(LimitExceeded.class, () -> limits.run(again));
        assertEquals(List.of(150L), large.limits);   // 250 left, less the 100 the outer run was given
    }

    @Test void ctrlCBetweenCommandsNeverReachesALaterOne() {
        RunLimits limits = new RunLimits(RunLimits.UNLIMITED, Progress.NONE);
        limits.interrupt();          // nothing runs: it stops the rest of this command only
        Counter during = new Counter(10);
        assertEquals(0L, limits.run(during));
        limits.clearInterrupt();     // the next command
        Counter next = new Counter(10);
        next.stopAsked = true;       // a stop that reached the guest after its last run ended
        assertEquals(10L, limits.run(next));
        assertFalse(next.stopAsked);
    }

    @Test void ctrlCStopsTheRunInProgress() {
        RunLimits limits = new RunLimits(RunLimits.UNLIMITED, Progress.NONE);
        Counter c = new Counter(RunLimits.UNLIMITED);
        c.inside = n -> {
            limits.interrupt();
            return c.stopAsked ? 5L : n;
        };
        assertEquals(5L, limits.run(c));
        assertTrue(limits.interrupted());
        assertEquals("interrupted", assertThrows(LimitExceeded.class, limits::checkpoint).getMessage());
    }

    @Test void aHostRunDrawsAProgressBarOnATerminal() throws Exception {
        CountDownLatch drawn = new CountDownLatch(1);
        StringBuilder text = new StringBuilder();
        PrintStream err = new PrintStream(new OutputStream() {
            @Override public synchronized void write(int b) {
                text.append((char) b);
                if (text.indexOf("cycles") >= 0) drawn.countDown();
            }
        }, true, StandardCharsets.UTF_8);
        Hypervisor hv = new Hypervisor(HvConfig.DEFAULTS.memory(16L << 20));
        Vm vm = hv.create("a", 4L << 20, Technique.HW);
        vm.load(new Image(List.of(new Segment(".text", 0x80000000, new byte[] {0x6f, 0, 0, 0}, 4, 5)), java.util.Map.of(), 0x80000000));   // j .
        HostRunner host = new HostRunner(hv, 1_000_000, true);
        Runner<?> waiting = new Runner<Object>() {   // the host run, once the bar is on the screen
            @Override public Object run(long limit) {
                try {
                    assertTrue(drawn.await(30, TimeUnit.SECONDS), "no bar: " + text);
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
                return host.run(limit);
            }
            @Override public long insns(Object r) { return 0; }
            @Override public boolean unfinished(Object r) { return false; }
            @Override public void requestStop() { host.requestStop(); }
            @Override public void clearStopRequest() { host.clearStopRequest(); }
            @Override public String where() { return host.where(); }
            @Override public long progress() { return host.progress(); }
            @Override public long budget() { return host.budget(); }
            @Override public String unit() { return host.unit(); }
        };
        try (Progress bar = new Progress(err, true, 0, 5)) {
            new RunLimits(RunLimits.UNLIMITED, bar).run(waiting);
        }
        String shown = text.toString();
        assertTrue(shown.startsWith("\r  [") && shown.contains("%  0 cycles"), shown);
        assertTrue(shown.endsWith("\r\033[K"), shown);   // the bar is wiped when the run ends
    }
}
