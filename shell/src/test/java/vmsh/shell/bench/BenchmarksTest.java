package vmsh.shell.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import vmsh.shell.VmshRun;

/** The benchmarks by name: what `vmsh bench --help` documents is what runs. */
class BenchmarksTest {
    @Test
    void everyBenchmarkIsDocumented() {
        assertEquals(List.of("cpu", "paged", "hooks", "js-hook", "startup", "hv", "sharing", "memory", "snapshot", "clone", "history", "cluster-history", "sweep", "density"), Benchmarks.names());
        VmshRun r = VmshRun.of("bench", "--help");
        assertEquals(0, r.status(), r.toString());
        for (String name : Benchmarks.names()) assertTrue(r.out().contains(name + " ("), name + " in\n" + r.out());
    }
}
