package vmsh.shell.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** params and result(): what a sweep gives a script and takes back, also outside a sweep. */
class ScriptResultTest {
    @TempDir
    Path dir;

    @Test
    void outsideASweepParamsIsEmptyAndResultKeepsTheRecord() {
        try (SessionFixture js = new SessionFixture(dir)) {
            assertEquals("{} 0.75\n", js.run("print(JSON.stringify(params), params.tau ?? 0.75)"));
            assertEquals("{\"a\":1,\"b\":[1,2]}\n", js.run("print(JSON.stringify(result({a: 1, b: [1, 2]})))"));
            assertEquals("{\"a\":3,\"b\":[1,2],\"c\":null}\n", js.run("result({a: 3, c: null}); print(JSON.stringify(result()))"));
            assertEquals(Map.of("a", 3L, "b", List.of(1L, 2L)), withoutNulls(js.session.result()));
        }
    }

    @Test
    void resultTakesOnlyAnObjectOfNamedValues() {
        try (SessionFixture js = new SessionFixture(dir)) {
            assertTrue(js.error("result(5)").contains("TypeError: result({...}) takes an object of named values, got 5"));
            assertTrue(js.error("result([1, 2])").contains("TypeError: result({...}) takes an object of named values, got [1, 2]"));
        }
    }

    @Test
    void aSessionsParamsArriveAsAPlainObject() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        Map<String, Object> params = new java.util.LinkedHashMap<>();
        params.put("tau", 0.5);
        params.put("seed", 3L);
        params.put("technique", "hw");
        params.put("sizes", List.of(4L, 8L));
        try (Session s = new Session(Session.Options.of(o, o, dir, List.of()).params(params))) {
            s.eval("print(JSON.stringify(params), typeof params.seed, Object.keys(params).join())", "t.js", 1);
        }
        assertEquals("{\"tau\":0.5,\"seed\":3,\"technique\":\"hw\",\"sizes\":[4,8]} number tau,seed,technique,sizes\n", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theSessionCountsInstructionsAndTheFilesTheScriptRead() throws Exception {
        Files.writeString(dir.resolve("inc.s"), "li a0, 1\n");
        Files.writeString(dir.resolve("g.s"), ".include \"inc.s\"\nx: j x\n");
        try (SessionFixture js = new SessionFixture(dir)) {
            js.run("const m = machine({memory: '1M'}); m.load(asm(readFile('g.s'))); m.run({insns: 100}); m.step(5)");
            assertEquals(105, js.session.instructions());
            assertEquals(Arrays.asList(dir.toRealPath().resolve("g.s"), dir.toRealPath().resolve("inc.s")), js.session.filesRead());
        }
    }

    private static Map<String, Object> withoutNulls(Map<String, Object> m) {
        Map<String, Object> copy = new java.util.LinkedHashMap<>(m);
        copy.values().removeIf(java.util.Objects::isNull);
        return copy;
    }
}
