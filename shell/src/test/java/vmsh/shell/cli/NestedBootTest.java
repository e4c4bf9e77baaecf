package vmsh.shell.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import vmsh.shell.VmshRun;

/** vmsh boot --technique hw gives the guest the H extension: samples/hyper/hyper.s runs nested as it runs on the bare machine with H. */
class NestedBootTest {
    @Test
    void hyperPrintsTheSameNestedAsOnTheBareMachineWithH() {
        String hyper = VmshRun.repo("samples/hyper/hyper.s").toString();
        VmshRun bare = VmshRun.of("boot", hyper, "--isa", "rv32imah");
        VmshRun nested = VmshRun.of("boot", hyper, "--technique", "hw");
        assertEquals(0, bare.status(), bare.toString());
        assertEquals(0, nested.status(), nested.toString());
        assertEquals(bare.out(), nested.out());
        assertEquals("hyper: H extension present, guest at 0x80400000, G-stage Sv32x4", bare.out().lines().findFirst().orElse(""));
    }

    @Test
    void aRecordedNestedRunReplaysToTheSameConsole(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        String hyper = VmshRun.repo("samples/hyper/hyper.s").toString(), rec = dir.resolve("n.hvrec").toString();
        VmshRun recorded = VmshRun.of("boot", hyper, "--technique", "hw", "--record", rec);
        assertEquals(0, recorded.status(), recorded.toString());
        assertEquals("hyper: H extension present, guest at 0x80400000, G-stage Sv32x4", recorded.out().lines().findFirst().orElse(""));
        VmshRun replayed = VmshRun.of("boot", "--replay", rec);
        assertEquals(0, replayed.status(), replayed.toString());
        assertEquals(recorded.out(), replayed.out());
    }

    @Test
    void withoutTheHExtensionHyperSaysSoAndFails() {
        VmshRun r = VmshRun.of("boot", VmshRun.repo("samples/hyper/hyper.s").toString(), "--technique", "trap");
        assertEquals(1, r.status(), r.toString());
        assertEquals("hyper: this hart has no H extension (misa.H): no guest can run\n", r.out());
    }
}
