package vmsh.shell.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import vmsh.debug.Hooks;
import vmsh.history.InputEvent;
import vmsh.history.Recorder;
import vmsh.history.Recording;
import vmsh.history.Replay;
import vmsh.isa.Csr;
import vmsh.isa.Encoding;
import vmsh.machine.Machine;
import vmsh.machine.MachineConfig;

/** Recording files keep every kind of input event, a debugger's CSR and privilege writes included. */
class RecordingFileTest {
    private static Machine machine() {
        Machine m = new Machine(MachineConfig.defaults().memory(1 << 20));
        m.load(SnapshotFileTest.GUEST);
        return m;
    }

    @Test void aDebuggersCsrAndPrivilegeWritesSurviveTheFile() {
        Machine m = machine();
        Hooks hooks = new Hooks(m);
        Recorder rec = new Recorder(m);
        m.run(3_000);
        int loop = SnapshotFileTest.GUEST.symbol("loop");
        hooks.onInstruction(Integer.toUnsignedLong(loop), Integer.toUnsignedLong(loop) + 4, ctx -> {
            if (m.reg(10) % 1000 == 0) {
                m.setCsr(Csr.MSCRATCH, m.reg(10));
                m.setPrivilege(Encoding.PRV_M);
            }
        });
        m.run(20_000);
        Recording r = rec.stop();
        assertTrue(r.events().stream().anyMatch(e -> e instanceof InputEvent.CsrWrite), r.events().toString());
        assertTrue(r.events().stream().anyMatch(e -> e instanceof InputEvent.PrivilegeWrite), r.events().toString());

        byte[] file = SnapshotFile.write(RecordingFile.contents(r, SnapshotFileTest.GUEST));
        Recording back = RecordingFile.recording(SnapshotFile.read(file, "rec.vmsh"), "rec.vmsh").recording();
        assertEquals(r.events(), back.events());
        Machine other = machine();
        assertTrue(Replay.run(other, back).identical());
        assertEquals(m.stateHash(), other.stateHash());
    }
}
