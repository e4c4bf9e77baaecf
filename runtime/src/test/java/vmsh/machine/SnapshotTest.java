package vmsh.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import vmsh.asm.Assembler;
import vmsh.image.Image;
import vmsh.state.StateException;

/** Snapshots of a bare machine: what they hold, what they cost, and what they refuse. */
class SnapshotTest {
    /** Counts in a0 and stores each count to `counter`, printing a dot every 1000. */
    static final Image COUNTER = Assembler.assemble("""
            .text
            _start:
                la   s0, counter
                li   s1, 0x10000000
            loop:
                addi a0, a0, 1
                sw   a0, 0(s0)
                li   t0, 1000
                rem  t1, a0, t0
                bnez t1, loop
                li   t2, '.'
                sb   t2, 0(s1)
                j    loop
            .data
            counter: .word 0
            """, "counter.s");

    static Machine booted() {
        Machine m = new Machine(MachineConfig.defaults().memory(16 << 20));
        m.load(COUNTER);
        return m;
    }

    @Test void restoreGoesBackToTheSnapshotExactly() {
        Machine m = booted();
        m.run(5_000);
        MachineSnapshot s = m.snapshot();
        int a0 = m.reg(10);
        String console = m.console().text();
        m.run(12_345);
        m.setReg(5, 77);
        m.restore(s);
        assertEquals(a0, m.reg(10));
        assertEquals(console, m.console().text());
        assertEquals(s.insns(), m.instructions());
        assertEquals(m.read(COUNTER.symbol("counter"), 4), a0);
        assertEquals(s.hash(), m.stateHash());
    }

    @Test void aSnapshotCostsAReferencePerTouchedFrame() {
        Machine m = booted();
        m.run(5_000);
        int frames = m.allocatedFrames();
        MachineSnapshot s = m.snapshot();
        assertEquals(frames, s.ram().count());
        assertTrue(s.state().length < 8 * 1024, "saved parts: " + s.state().length + " bytes");
        m.run(5_000);   // writes `counter` only: one frame copied
        MachineSnapshot t = m.snapshot();
        int copied = 0;
        for (int i = 0; i < t.ram().count(); i++) if (t.ram().frame(i) != s.ram().frame(i)) copied++;
        assertEquals(1, copied);
    }

    @Test void aCopyRunsOnIndependently() {
        Machine m = booted();
        m.run(3_000);
        Machine c = m.copy();
        assertEquals(m.stateHash(), c.stateHash());
        c.run(1_000);
        assertNotEquals(m.reg(10), c.reg(10));
        assertEquals(m.reg(10), m.read(COUNTER.symbol("counter"), 4), "the original's memory is its own");
        m.run(1_000);
        assertEquals(m.stateHash(), c.stateHash());
    }

    @Test void aSnapshotOfAnotherMachineIsRefusedWithBothShapes() {
        MachineSnapshot s = booted().snapshot();
        Machine other = new Machine(MachineConfig.defaults().memory(32 << 20));
        var e = assertThrows(IllegalArgumentException.class, () -> other.restore(s));
        assertEquals("the snapshot is of another kind of machine: its RAM is 16 MiB, this one's 32 MiB", e.getMessage());
    }

    @Test void aDamagedSnapshotChangesNothing() {
        Machine m = booted();
        m.run(2_000);
        MachineSnapshot good = m.snapshot();
        byte[] cut = Arrays.copyOf(good.state(), good.state().length - 9);
        MachineSnapshot bad = new MachineSnapshot(good.config(), cut, good.ram(), good.insns());
        m.run(2_000);
        String before = m.stateHash();
        assertThrows(StateException.class, () -> m.restore(bad));
        assertEquals(before, m.stateHash());
        m.run(10);
    }

    @Test void snapshotsAreRefusedInsideARun() {
        Machine m = booted();
        var hooks = new vmsh.debug.Hooks(m);
        String[] error = new String[1];
        long entry = Integer.toUnsignedLong(COUNTER.entry());
        hooks.onInstruction(entry, entry + 4, ctx -> {
            try {
                m.snapshot();
            } catch (IllegalStateException e) {
                error[0] = e.getMessage();
            }
        });
        m.run(10);
        assertEquals("snapshot() cannot be used while the machine runs (from a hook): stop the run first", error[0]);
    }

    @Test void counterAndTlbStatsComeBack() {
        Machine m = booted();
        m.run(4_321);
        String stats = m.stats().toString();
        MachineSnapshot s = m.snapshot();
        m.run(10_000);
        m.restore(s);
        assertEquals(stats, m.stats().toString());
    }
}
