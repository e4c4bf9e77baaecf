package vmsh.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import vmsh.board.StopReason;
import vmsh.debug.Hooks;
import vmsh.isa.Csr;
import vmsh.isa.Encoding;
import vmsh.machine.Machine;

/** Going back in time: every point reached again is exactly the state the machine had there. */
class HistoryTest {
    static final long INTERVAL = 10_000;

    /** The hashes of a machine's states at each count in {@code at}, run straight through. */
    static Map<Long, String> straight(long... at) {
        Machine m = Guests.machine();
        Map<Long, String> hashes = new HashMap<>();
        for (long t : at) {
            m.run(t - m.instructions());
            hashes.put(t, m.stateHash());
        }
        return hashes;
    }

    @Test void seekReachesEveryPointExactly() {
        long[] points = {0, 1, 9_999, 10_000, 10_001, 33_333, 49_999, 50_000};
        Map<Long, String> expected = straight(points);
        Machine m = Guests.machine();
        History h = new History(m, new Hooks(m), INTERVAL, History.DEFAULT_CAP);
        m.run(50_000);
        assertEquals(6, h.checkpoints());
        for (int i = points.length - 1; i >= 0; i--) {
            h.seek(points[i]);
            assertEquals(points[i], m.instructions());
            assertEquals(expected.get(points[i]), m.stateHash(), "at " + points[i]);
        }
        for (long t : new long[] {33_333, 10_001, 50_000, 1}) {
            h.seek(t);
            assertEquals(expected.get(t), m.stateHash(), "at " + t + ", again");
        }
    }

    @Test void reverseStepGoesBackOneInstructionAtATime() {
        Map<Long, String> expected = straight(24_997, 24_998, 24_999);
        Machine m = Guests.machine();
        History h = new History(m, new Hooks(m), INTERVAL, History.DEFAULT_CAP);
        m.run(25_000);
        h.reverseStep(1);
        assertEquals(expected.get(24_999L), m.stateHash());
        h.reverseStep(2);
        assertEquals(expected.get(24_997L), m.stateHash());
        assertEquals(25_000, h.present());
    }

    @Test void runningForwardFromThePastRerunsTheSameFutureWithoutShowingItTwice() {
        Machine m = Guests.machine();
        ByteArrayOutputStream shown = new ByteArrayOutputStream();
        m.console().setSink(shown::write);
        History h = new History(m, new Hooks(m), INTERVAL, History.DEFAULT_CAP);
        m.run(40_000);
        String atPresent = m.stateHash();
        int printed = shown.size();
        h.seek(12_345);
        m.run(40_000 - 12_345);
        assertEquals(atPresent, m.stateHash());
        assertEquals(printed, shown.size(), "output already shown is not shown again");
        m.run(10_000);
        assertTrue(shown.size() > printed, "new output is shown");
        assertEquals(50_000, h.present());
    }

    @Test void consoleInputIsGivenAgainAtItsInstruction() {
        Machine m = Guests.machine();
        History h = new History(m, new Hooks(m), INTERVAL, History.DEFAULT_CAP);
        m.run(15_000);
        m.console().feed("hi");
        m.run(20_000);
        String end = m.stateHash();
        h.seek(5_000);
        m.run(30_000);
        assertEquals(end, m.stateHash());
        assertEquals('h' + 'i', m.reg(18));
        assertEquals(end, Guests.reference(35_000, r -> { r.run(15_000); r.console().feed("hi"); }));
    }

    @Test void aChangeInThePastStartsAnotherFuture() {
        Machine m = Guests.machine();
        History h = new History(m, new Hooks(m), INTERVAL, History.DEFAULT_CAP);
        m.run(30_000);
        h.seek(12_000);
        m.setReg(10, 1_000_000);
        assertEquals(12_000, h.present(), "the old future is gone");
        m.run(1_000);
        assertEquals(13_000, h.present());
        String end = m.stateHash();
        h.reverseStep(1_000);
        m.run(1_000);
        assertEquals(end, m.stateHash(), "the change is given again");
        assertThrows(IllegalArgumentException.class, () -> h.seek(20_000));
    }

    @Test void reverseContinueFindsThePreviousWriteOfAWatchedWord() {
        Machine m = Guests.machine();
        Hooks hooks = new Hooks(m);
        History h = new History(m, hooks, INTERVAL, History.DEFAULT_CAP);
        m.run(30_000);
        int counter = Guests.ECHO_COUNTER.symbol("counter"), store = Guests.ECHO_COUNTER.symbol("store");
        hooks.watchpoint(Integer.toUnsignedLong(counter), Integer.toUnsignedLong(counter) + 4, false, true, null);
        int before = m.read(counter, 4);
        History.Arrival a = h.reverseContinue();
        assertTrue(a.hit(), a.message());
        assertEquals(store, m.pc(), "before the store that wrote it");
        assertEquals(before, m.reg(10), "it is about to store the value the word holds now");
        assertEquals(before - 1, m.read(counter, 4));
        History.Arrival b = h.reverseContinue();
        assertEquals(a.at() - 8, b.at(), "the write before: one loop iteration (8 instructions) earlier");
        RunResultCheck.stopsAgainAtTheWrite(hooks, m, b.at());
    }

    @Test void reverseContinueFindsThePreviousBreakpointAcrossCheckpoints() {
        Machine m = Guests.machine();
        Hooks hooks = new Hooks(m);
        History h = new History(m, hooks, INTERVAL, History.DEFAULT_CAP);
        int dot = Guests.ECHO_COUNTER.symbol("dot");
        m.run(33_000);
        hooks.breakpoint(dot, null);
        History.Arrival a = h.reverseContinue();
        assertTrue(a.hit(), a.message());
        assertEquals(dot, m.pc());
        long first = a.at();
        History.Arrival b = h.reverseContinue();
        assertEquals(dot, m.pc());
        assertTrue(b.at() < first && first - b.at() > 4_000, first + " then " + b.at());
        hooks.clear();
        m.run(10);
        assertEquals(StopReason.BUDGET, m.run(1).reason());
    }

    @Test void withoutAHitReverseContinueStopsAtTheOldestPoint() {
        Machine m = Guests.machine();
        Hooks hooks = new Hooks(m);
        History h = new History(m, hooks, INTERVAL, History.DEFAULT_CAP);
        m.run(25_000);
        History.Arrival a = h.reverseContinue();
        assertFalse(a.hit());
        assertEquals(0, m.instructions());
        assertEquals("no breakpoint or watchpoint hit in history: at the oldest point, instruction 0", a.message());
    }

    @Test void theCapDropsTheOldestCheckpointsAndSaysWhereHistoryBegins() {
        Machine m = Guests.machine();
        History h = new History(m, new Hooks(m), 1_000, 1 << 20);
        m.run(3_000_000);
        assertTrue(h.bytes() <= 1 << 20, h.bytes() + " bytes held");
        assertTrue(h.oldest() > 0);
        var e = assertThrows(IllegalArgumentException.class, () -> h.seek(0));
        assertEquals("instruction 0 is before the oldest point in history, instruction " + h.oldest()
                + " (a larger history cap keeps more)", e.getMessage());
        h.seek(h.oldest());
        assertEquals(Guests.reference(h.oldest(), r -> { }), m.stateHash());
    }

    @Test void aHooksWriteIsGivenAgain() {
        assertEquals(7 * 3, afterAHooksWritesGivenAgain(m -> m.setReg(19, m.reg(19) + 7)).reg(19));
    }

    /** A machine whose hook at `dot` made {@code write} (3 times in 30,000 instructions), gone back and run again without the hook: the same state. */
    static Machine afterAHooksWritesGivenAgain(java.util.function.Consumer<Machine> write) {
        Machine m = Guests.machine();
        Hooks hooks = new Hooks(m);
        History h = new History(m, hooks, INTERVAL, History.DEFAULT_CAP);
        int dot = Guests.ECHO_COUNTER.symbol("dot");
        hooks.onInstruction(Integer.toUnsignedLong(dot), Integer.toUnsignedLong(dot) + 4, ctx -> write.accept(m));
        m.run(30_000);
        String end = m.stateHash();
        hooks.clear();
        h.seek(2_000);
        m.run(28_000);
        assertEquals(end, m.stateHash());
        return m;
    }

    @Test void aDebuggersCsrAndPrivilegeWritesAreKeptInHistory() {
        Machine m = Guests.machine();
        History h = new History(m, new Hooks(m), INTERVAL, History.DEFAULT_CAP);
        m.run(15_000);
        m.setCsr(Csr.MSCRATCH, 5);
        m.setCsr(Csr.MTVEC, Guests.ECHO_COUNTER.symbol("loop"));
        m.setPrivilege(Encoding.PRV_S);
        String afterWrites = m.stateHash();
        m.run(5_000);
        String end = m.stateHash();
        assertFalse(end.equals(straight(20_000).get(20_000L)), "the writes changed the future");
        h.reverseStep(5_001);
        assertEquals(Guests.reference(14_999, r -> { }), m.stateHash(), "back before the writes");
        h.seek(15_000);
        assertEquals(afterWrites, m.stateHash(), "the writes come at their instruction");
        h.seek(20_000);
        assertEquals(end, m.stateHash(), "forward again through them");
        assertEquals(5, m.csr(Csr.MSCRATCH));
    }

    @Test void aHooksCsrAndPrivilegeWritesAreGivenAgain() {
        Machine m = afterAHooksWritesGivenAgain(w -> {
            w.setCsr(Csr.MSCRATCH, w.csr(Csr.MSCRATCH) + 3);
            w.setPrivilege(Encoding.PRV_M);
        });
        assertEquals(3 * 3, m.csr(Csr.MSCRATCH));
    }

    /** Helpers that check where runs stop. */
    static final class RunResultCheck {
        static void stopsAgainAtTheWrite(Hooks hooks, Machine m, long at) {
            var r = hooks.run(100);
            assertEquals(StopReason.BREAK, r.reason(), r.message());
            assertEquals(at + 1, m.instructions(), "a forward run stops right after that store");
        }
    }
}
