package vmsh.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import vmsh.debug.Hooks;
import vmsh.isa.Csr;
import vmsh.isa.Encoding;
import vmsh.machine.Machine;

/** Record and replay: the only nondeterminism is outside input, so replaying it gives the same state. */
class RecordingTest {
    @Test void aReplayArrivesAtTheRecordedState() {
        Machine m = Guests.machine();
        Recorder rec = new Recorder(m);
        m.run(12_000);
        m.console().feed("abc");           // typed between runs
        m.run(7_000);
        m.setReg(19, 42);                   // a script's change
        m.write(Guests.ECHO_COUNTER.symbol("counter"), 4, 5);
        m.run(9_000);
        Recording r = rec.stop();
        assertEquals(28_000, r.length());
        assertEquals(2, r.events().size());

        Machine other = Guests.machine();
        Replay.Outcome o = Replay.run(other, r);
        assertTrue(o.identical(), o.toString());
        assertEquals(m.stateHash(), other.stateHash());
        assertEquals(m.console().text(), other.console().text());
    }

    @Test void aDebuggersCsrAndPrivilegeWritesAreReplayed() {
        Machine m = Guests.machine();
        Hooks hooks = new Hooks(m);
        int dot = Guests.ECHO_COUNTER.symbol("dot");
        Recorder rec = new Recorder(m);
        m.run(9_000);
        m.setCsr(Csr.MSCRATCH, 5);                       // between runs
        m.setPrivilege(Encoding.PRV_S);
        hooks.onInstruction(Integer.toUnsignedLong(dot), Integer.toUnsignedLong(dot) + 4, ctx -> {
            m.setCsr(Csr.MSCRATCH, m.csr(Csr.MSCRATCH) + 1);   // during a run
            m.setPrivilege(Encoding.PRV_M);
        });
        m.run(20_000);
        Recording r = rec.stop();
        assertTrue(r.events().stream().anyMatch(e -> e instanceof InputEvent.CsrWrite), r.events().toString());
        assertTrue(r.events().stream().anyMatch(e -> e instanceof InputEvent.PrivilegeWrite), r.events().toString());
        Machine other = Guests.machine();
        Replay.Outcome o = Replay.run(other, r);
        assertTrue(o.identical(), o.toString());
        assertEquals(m.stateHash(), other.stateHash());
        assertEquals(m.console().text(), other.console().text());
    }

    @Test void aHooksInputIsReplayedWithoutTheHook() {
        Machine m = Guests.machine();
        Hooks hooks = new Hooks(m);
        int dot = Guests.ECHO_COUNTER.symbol("dot");
        Recorder rec = new Recorder(m);
        hooks.onInstruction(Integer.toUnsignedLong(dot), Integer.toUnsignedLong(dot) + 4, ctx -> m.console().feed("!"));
        m.run(20_000);
        Recording r = rec.stop();
        assertEquals(2, r.events().size(), "a dot every 8000 instructions");
        Machine other = Guests.machine();
        assertTrue(Replay.run(other, r).identical());
        assertTrue(other.console().text().contains("!"));
    }

    @Test void aReplayOnAnotherMachineIsRefused() {
        Machine m = Guests.machine();
        Recorder rec = new Recorder(m);
        m.run(100);
        Recording r = rec.stop();
        Machine big = new Machine(vmsh.machine.MachineConfig.defaults());
        assertThrows(IllegalArgumentException.class, () -> Replay.run(big, r));
    }

    @Test void aMachineWithAHistoryRecordsAndReplaysAlike() {
        Machine m = Guests.machine();
        new History(m, new Hooks(m), 4_096, History.DEFAULT_CAP);
        m.run(9_000);
        Recorder rec = new Recorder(m);
        m.run(10_000);
        m.console().feed("x");
        m.run(10_000);
        Recording r = rec.stop();
        Machine fresh = Guests.machine();
        assertTrue(Replay.run(fresh, r).identical());
        Machine withHistory = Guests.machine();
        new History(withHistory, new Hooks(withHistory), 1_000, History.DEFAULT_CAP);
        assertTrue(Replay.run(withHistory, r).identical());
    }

    @Test void twoRecordingsAtOnceBothReplay() {
        Machine m = Guests.machine();
        Recorder outer = new Recorder(m);
        m.run(1_000);
        Recorder inner = new Recorder(m);
        m.console().feed("x");
        m.run(1_000);
        Recording in = inner.stop();
        m.run(1_000);
        Recording out = outer.stop();
        assertTrue(Replay.run(Guests.machine(), in).identical());
        assertTrue(Replay.run(Guests.machine(), out).identical());
    }
}
