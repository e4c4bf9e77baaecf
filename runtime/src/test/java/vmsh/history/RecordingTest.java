package vmsh.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import vmsh.debug.Hooks;
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

    @Test void aMachineIsRecordedOnceAtATime() {
        Machine m = Guests.machine();
        new Recorder(m);
        var e = assertThrows(IllegalStateException.class, () -> new Recorder(m));
        assertEquals("the machine is already being recorded or keeps a history", e.getMessage());
    }
}
