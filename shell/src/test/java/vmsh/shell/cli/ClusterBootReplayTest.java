package vmsh.shell.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vmsh.dc.ClusterInput;
import vmsh.dc.ClusterRecording;
import vmsh.shell.VmshRun;
import vmsh.shell.snapshot.ClusterRecordingFile;
import vmsh.shell.snapshot.SnapshotFile;

/** vmsh boot --replay FILE of a cluster's recording (dc.record(), r.save): its consoles on stdout, checked; a bad file is one line and a status of 1. */
class ClusterBootReplayTest {
    @TempDir
    Path tmp;
    private Path rec;
    private String consoles;

    /** Records two servers through a precopy migration, console input and a partition, and saves the recording and the consoles. */
    @BeforeEach
    void record() throws IOException {
        Path script = Files.writeString(tmp.resolve("rec.js"), """
                const dc = cluster({hosts: 2, host: {memory: '128M'}, seed: 5});
                const [h0, h1] = dc.hosts;
                const a = h0.create({name: 'a', memory: '16M', technique: 'hw-shadow'}), b = h1.create({name: 'b', memory: '16M', technique: 'bt'});
                a.load(asm(sample('dc/server.s')));
                b.load(asm(sample('dc/server.s')));
                const r = dc.record();
                const c = dc.client({to: a, rate: 3000});
                dc.run({ms: 2});
                dc.migrate(a, h1);
                a.console.feed('x');
                dc.run({ms: 70});
                dc.network.partition([c], [h1]);
                dc.run({ms: 1});
                r.save('dc.dcrec');
                writeFile('consoles.txt', dc.vms.map(v => '== ' + v.name + ' on ' + (h0.vms.includes(v) ? 'h0' : 'h1') + ' ==\\n' + v.console.text).join(''));
                """);
        VmshRun run = VmshRun.of("run", "--out", tmp.toString(), script.toString());
        assertEquals(0, run.status(), run.toString());
        rec = tmp.resolve("dc.dcrec");
        consoles = Files.readString(tmp.resolve("consoles.txt"));
    }

    @Test
    void theReplayPrintsTheSameConsolesAndEndsWell() {
        VmshRun replayed = VmshRun.of("boot", "--replay", rec.toString());
        assertEquals("", replayed.err());
        assertEquals(0, replayed.status(), replayed.toString());
        assertEquals(consoles, replayed.out());
        assertTrue(consoles.contains("== a on h1 ==\nserver: 10.0.0.1") && consoles.contains("== b on h1 ==\nserver: 10.0.0.2"), consoles);
        VmshRun technique = VmshRun.of("boot", "--technique", "hw", "--replay", rec.toString());
        assertEquals(2, technique.status());
        assertTrue(technique.err().contains("is a cluster's recording: its VMs' techniques come from it"), technique.err());
    }

    @Test
    void theReplReplaysItToo() {
        VmshRun repl = VmshRun.withInput("dc = cluster({hosts: 2, host: {memory: '128M'}, seed: 5})\n"
                + "print(dc.replay('dc.dcrec').identical, dc.vms.map(v => v.console.text.length > 0).join())\n", "--out", tmp.toString());
        assertEquals("", repl.err());
        assertTrue(repl.out().contains("true true,true\n"), repl.out());
    }

    @Test
    void aChangedLogDivergesAndAnotherEndIsNotTheRecordedState() throws IOException {
        ClusterRecording r = ClusterRecordingFile.recording(SnapshotFile.read(Files.readAllBytes(rec), "dc.dcrec"), "dc.dcrec");
        List<ClusterRecording.Entry> entries = new ArrayList<>(r.entries());
        for (int i = 0; i < entries.size(); i++)
            if (entries.get(i).input() instanceof ClusterInput.Run run) {   // the first run one cycle longer
                entries.set(i, new ClusterRecording.Entry(entries.get(i).at(), entries.get(i).insns(), new ClusterInput.Run(run.cycles() + 1, run.insnLimit())));
                break;
            }
        Path changed = write("changed.dcrec", new ClusterRecording(r.config(), entries, r.end(), r.insns(), r.endHash()));
        VmshRun diverged = VmshRun.of("boot", "--replay", changed.toString());
        assertEquals(1, diverged.status());
        assertTrue(diverged.err().startsWith("vmsh: " + changed + ": the replay diverged: the replay is at t = 2.000 ms"), diverged.err());
        assertEquals(1, diverged.err().lines().count(), diverged.err());

        Path otherEnd = write("end.dcrec", new ClusterRecording(r.config(), r.entries(), r.end(), r.insns(), "ab".repeat(32)));
        VmshRun elsewhere = VmshRun.of("boot", "--replay", otherEnd.toString());
        assertEquals(1, elsewhere.status());
        assertEquals("vmsh: " + otherEnd + ": the replay ended in another state than recorded (hash " + r.endHash().substring(0, 16)
                + ", recorded abababababababab)\n", elsewhere.err());
    }

    private Path write(String name, ClusterRecording r) throws IOException {
        return Files.write(tmp.resolve(name), SnapshotFile.write(ClusterRecordingFile.contents(r)));
    }

    @Test
    void aDamagedFileIsOneLineNamingItAndAStatusOfOne() throws IOException {
        byte[] file = Files.readAllBytes(rec);
        Path cut = Files.write(tmp.resolve("cut.dcrec"), java.util.Arrays.copyOf(file, file.length / 2));
        byte[] flipped = file.clone();
        flipped[file.length - 7] ^= 1;
        Path flip = Files.write(tmp.resolve("flip.dcrec"), flipped);
        String text = new String(file, StandardCharsets.ISO_8859_1).replace("\"version\":" + SnapshotFile.VERSION, "\"version\":99");
        Path old = Files.write(tmp.resolve("v99.dcrec"), vmsh.shell.snapshot.SnapshotBytes.withHeaderChecksum(text.getBytes(StandardCharsets.ISO_8859_1)));
        Path kind = Files.write(tmp.resolve("kind.dcrec"), SnapshotFile.write(new vmsh.shell.snapshot.SnapshotContents("banana", java.util.Map.of(),
                new byte[0], List.of())));
        for (Path p : List.of(cut, flip, old, kind)) {
            VmshRun r = VmshRun.of("boot", "--replay", p.toString());
            assertEquals(1, r.status(), r.toString());
            assertEquals(1, r.err().lines().count(), r.err());
            assertTrue(r.err().startsWith("vmsh: " + p + ": "), r.err());
            assertEquals("", r.out());
        }
        assertTrue(VmshRun.of("boot", "--replay", cut.toString()).err().contains(": truncated"));
        assertTrue(VmshRun.of("boot", "--replay", flip.toString()).err().contains(": corrupted"));
        assertTrue(VmshRun.of("boot", "--replay", old.toString()).err().contains("snapshot format version 99"));
    }
}
