package vmsh.shell.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import vmsh.asm.Assembler;
import vmsh.image.Image;
import vmsh.machine.Machine;
import vmsh.machine.MachineConfig;
import vmsh.machine.MachineSnapshot;

/** Snapshot files: a round trip, and a one-line error naming the file for each kind of damage. */
class SnapshotFileTest {
    static final Image GUEST = Assembler.assemble("""
            _start:
                li   s1, 0x10000000
            loop:
                addi a0, a0, 1
                andi t0, a0, 255
                bnez t0, loop
                li   t1, 'x'
                sb   t1, 0(s1)
                j    loop
            """, "guest.s");

    static MachineSnapshot snapshot(long memory) {
        Machine m = new Machine(MachineConfig.defaults().memory(memory));
        m.load(GUEST);
        m.run(50_000);
        return m.snapshot();
    }

    static byte[] file(MachineSnapshot s) { return SnapshotFile.write(MachineFile.contents(s, GUEST)); }

    @Test void aMachineComesBackFromItsFile() {
        MachineSnapshot s = snapshot(16 << 20);
        MachineFile.Loaded loaded = MachineFile.snapshot(SnapshotFile.read(file(s), "k.vmsnap"), "k.vmsnap");
        assertEquals(s.hash(), loaded.snapshot().hash());
        assertEquals(s.config(), loaded.snapshot().config());
        assertEquals(s.insns(), loaded.snapshot().insns());
        assertEquals(GUEST.symbols(), loaded.image().symbols());
        Machine m = new Machine(loaded.snapshot().config());
        m.restore(loaded.snapshot());
        m.run(1000);
        Machine original = new Machine(s.config());
        original.restore(s);
        original.run(1000);
        assertEquals(original.stateHash(), m.stateHash());
    }

    @Test void theFileGrowsWithTouchedMemoryNotConfiguredMemory() {
        int small = file(snapshot(4 << 20)).length, huge = file(snapshot(1L << 30)).length;
        assertTrue(Math.abs(huge - small) < 512, small + " against " + huge + " bytes");
        assertTrue(small < 8 * 1024, small + " bytes");
    }

    @Test void aForeignFile() {
        assertEquals("x.png: not a vmsh snapshot (it does not start with VMSHSNAP)", error("\u0089PNG\r\n...".getBytes(StandardCharsets.ISO_8859_1), "x.png"));
        assertEquals("empty: not a vmsh snapshot (it does not start with VMSHSNAP)", error(new byte[0], "empty"));
    }

    @Test void aTruncatedFile() {
        byte[] f = file(snapshot(16 << 20));
        for (int cut : new int[] {9, 14, 100, f.length - 200, f.length - 1}) {
            String e = error(Arrays.copyOf(f, cut), "k.vmsnap");
            assertTrue(e.startsWith("k.vmsnap: truncated"), cut + ": " + e);
        }
    }

    @Test void aCorruptedFile() {
        byte[] f = file(snapshot(16 << 20));
        byte[] payload = f.clone();
        payload[payload.length - 100] ^= 1;
        assertEquals("k.vmsnap: corrupted: the payload's checksum does not match", error(payload, "k.vmsnap"));
        byte[] header = f.clone();
        header[20] ^= 0x20;
        assertEquals("k.vmsnap: corrupted: the header's checksum does not match", error(header, "k.vmsnap"));
    }

    @Test void aFileOfAnotherVersion() {
        MachineSnapshot s = snapshot(16 << 20);
        byte[] f = file(s);
        String text = new String(f, StandardCharsets.ISO_8859_1).replace("\"version\":" + SnapshotFile.VERSION, "\"version\":5");
        byte[] v5 = SnapshotBytes.withHeaderChecksum(text.getBytes(StandardCharsets.ISO_8859_1));
        String e = error(v5, "old.vmsnap");
        assertTrue(e.startsWith("old.vmsnap: snapshot format version 5, this vmsh reads version " + SnapshotFile.VERSION), e);
    }

    @Test void aHypervisorFileIsNotAMachine() {
        MachineSnapshot s = snapshot(16 << 20);
        SnapshotContents c = MachineFile.contents(s, GUEST);
        byte[] f = SnapshotFile.write(new SnapshotContents("hypervisor", c.header(), c.state(), c.frames()));
        var e = assertThrows(SnapshotFileException.class, () -> MachineFile.snapshot(SnapshotFile.read(f, "h.vmsnap"), "h.vmsnap"));
        assertEquals("h.vmsnap: a hypervisor host's snapshot, not a machine's snapshot (open it with hv.open or vmsh boot --from)",
                e.getMessage());
    }

    @Test void aHostFileWhoseVmListDisagreesWithItsStateNamesTheFile() {
        vmsh.hv.Hypervisor hv = new vmsh.hv.Hypervisor();
        hv.create("a", 4 << 20, vmsh.hv.Technique.HW);
        SnapshotContents c = HypervisorFile.contents(hv.snapshot());
        java.util.Map<String, Object> header = new java.util.LinkedHashMap<>(c.header());
        header.put("vms", java.util.List.of());
        byte[] f = SnapshotFile.write(new SnapshotContents(HypervisorFile.KIND, header, c.states(), c.frames()));
        var e = assertThrows(SnapshotFileException.class, () -> HypervisorFile.open(SnapshotFile.read(f, "h.vmsnap"), "h.vmsnap"));
        assertTrue(e.getMessage().startsWith("h.vmsnap: damaged: "), e.getMessage());
    }

    @Test void aFileOfAnotherKindSaysWhatToDoWithIt() {
        SnapshotContents c = MachineFile.contents(snapshot(16 << 20), GUEST);
        byte[] recording = SnapshotFile.write(new SnapshotContents(RecordingFile.KIND, c.header(), c.state(), c.frames()));
        var e = assertThrows(SnapshotFileException.class,
                () -> HypervisorFile.snapshot(SnapshotFile.read(recording, "k.vmrec"), "k.vmrec"));
        assertEquals("k.vmrec: a machine's recording, not a hypervisor host's snapshot (replay it with m.replay or vmsh boot --replay)",
                e.getMessage());
        byte[] hostRecording = SnapshotFile.write(new SnapshotContents(HostRecordingFile.KIND, c.header(), c.state(), c.frames()));
        e = assertThrows(SnapshotFileException.class,
                () -> RecordingFile.recording(SnapshotFile.read(hostRecording, "k.hvrec"), "k.hvrec"));
        assertEquals("k.hvrec: a host's recording, not a machine's recording (replay it with hv.replay or vmsh boot --replay)",
                e.getMessage());
        byte[] unknown = SnapshotFile.write(new SnapshotContents("banana", c.header(), c.state(), c.frames()));
        e = assertThrows(SnapshotFileException.class, () -> VmFile.snapshot(SnapshotFile.read(unknown, "b.vmsnap"), "b.vmsnap"));
        assertEquals("b.vmsnap: a file of kind 'banana', which this vmsh does not know, not one VM's snapshot", e.getMessage());
    }

    private static String error(byte[] file, String name) {
        var e = assertThrows(SnapshotFileException.class, () -> MachineFile.snapshot(SnapshotFile.read(file, name), name));
        assertTrue(!e.getMessage().contains("\n"), "one line: " + e.getMessage());
        return e.getMessage();
    }
}
