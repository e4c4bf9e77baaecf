package vmsh.shell.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vmsh.shell.ExitCode;
import vmsh.shell.VmshRun;

/** vmsh run --param NAME=VALUE: one point of a sweep, alone, with the params and seed the sweep gives it. */
class RunParamsTest {
    @TempDir
    Path dir;

    @Test
    void paramsArriveAsASweepGivesThem() throws Exception {
        Path s = Files.writeString(dir.resolve("s.js"), "print(JSON.stringify(params), typeof params.n, typeof params.on, args.join(' '))");
        VmshRun r = VmshRun.of("run", "--param", "n=3", "--param", "tau=0.25", "--param", "policy=lru", "--param", "on=true", s.toString(), "a");
        assertEquals(0, r.status(), r.toString());
        assertEquals("{\"n\":3,\"tau\":0.25,\"policy\":\"lru\",\"on\":true} number boolean a\n", r.out());
        assertEquals("{} undefined undefined \n", VmshRun.of("run", s.toString()).out());
    }

    @Test
    void theReplTakesParamsToo() {
        VmshRun r = VmshRun.withInput("print(params.n + 1, seed())\n", "--param", "n=41", "--param", "seed=7");
        assertEquals(0, r.status(), r.toString());
        assertEquals("42 7\n", r.out());
    }

    @Test
    void aSeedParameterSeedsTheRun() throws Exception {
        Path s = Files.writeString(dir.resolve("r.js"), "print(seed(), Math.random())");
        String seeded = VmshRun.of("run", "--seed", "6", s.toString()).out();
        assertEquals(seeded, VmshRun.of("run", "--param", "seed=6", s.toString()).out());
        assertEquals("6 ", seeded.substring(0, 2));
    }

    @Test
    void oneValueEach() throws Exception {
        Path s = Files.writeString(dir.resolve("s.js"), "print(1)");
        VmshRun range = VmshRun.of("run", "--param", "n=1..3", s.toString());
        assertEquals(ExitCode.USAGE, range.status());
        assertEquals("vmsh: --param n=1..3: one run takes one value (vmsh sweep takes lists and ranges)\n", range.err());
        VmshRun twice = VmshRun.of("run", "--param", "n=1", "--param", "n=2", s.toString());
        assertEquals(ExitCode.USAGE, twice.status());
        assertEquals("vmsh: --param n is given twice\n", twice.err());
        VmshRun seed = VmshRun.of("run", "--param", "seed=0.5", s.toString());
        assertEquals(ExitCode.USAGE, seed.status());
        assertEquals("vmsh: parameter seed must be a whole number, got 0.5\n", seed.err());
        VmshRun noName = VmshRun.of("run", "--param", "=1", s.toString());
        assertEquals(ExitCode.USAGE, noName.status(), noName.toString());
    }
}
