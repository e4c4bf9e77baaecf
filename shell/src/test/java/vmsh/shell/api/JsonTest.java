package vmsh.shell.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vmsh.shell.VmshRun;

/** --json: what JSON.stringify writes, BigInts as digits, and a clear error for what JSON cannot hold. */
class JsonTest {
    @TempDir
    Path dir;

    private String json(String code) {
        try (SessionFixture js = new SessionFixture(dir)) {
            return Json.of(js.session.eval(code, "t.js", 1));
        }
    }

    @Test
    void bigIntsAreWrittenAsTheirDigits() {
        assertEquals("{\n  \"small\": 10,\n  \"big\": 1180591620717411303424\n}", json("({small: 10n, big: 2n ** 70n})"));
    }

    @Test
    void undefinedAndFunctionsAreLeftOutOfObjectsAndNullInArrays() {
        assertEquals("{\n  \"a\": 1,\n  \"d\": [\n    null,\n    null\n  ]\n}", json("({a: 1, b: undefined, c: () => 1, d: [undefined, x => x]})"));
    }

    @Test
    void theSameObjectTwiceIsNoCycle() {
        assertEquals("[\n  {\n    \"x\": 1\n  },\n  {\n    \"x\": 1\n  }\n]", json("const o = {x: 1}; [o, o]"));
    }

    @Test
    void theLayoutIsJsonStringifysWithTwoSpaces() {
        String value = "({a: 1, b: [1, 'two', {c: [], d: {}}], e: {f: null, g: [[]]}, h: true})";
        assertEquals(json("JSON.stringify(" + value + ", null, 2)").replaceAll("^\"|\"$", "")
                .replace("\\n", "\n").replace("\\\"", "\""), json(value));
    }

    @Test
    void aCycleIsAClearError() {
        ScriptError e = assertThrows(ScriptError.class, () -> json("const o = {a: {b: [1]}}; o.a.b.push(o); o"));
        assertEquals("vmsh: --json: cannot write the result: it is cyclic: result.a.b[1] is result (JSON cannot hold a cycle)",
                e.getMessage());
        assertEquals(1, e.exitCode());
    }

    @Test
    void fromTheCommandLineABigIntOrACycleNeverShowsJava() throws IOException {
        Path big = Files.writeString(dir.resolve("big.js"), "print('run');\n({n: 2n ** 64n})\n");
        VmshRun ok = VmshRun.of("run", "--json", big.toString());
        assertEquals(0, ok.status(), ok.toString());
        assertEquals("run\n{\n  \"n\": 18446744073709551616\n}\n", ok.out());
        Path cyclic = Files.writeString(dir.resolve("cyclic.js"), "const o = {}; o.self = o; o\n");
        VmshRun bad = VmshRun.of("run", "--json", cyclic.toString());
        assertEquals(1, bad.status(), bad.toString());
        assertEquals("", bad.out());
        assertEquals("vmsh: --json: cannot write the result: it is cyclic: result.self is result (JSON cannot hold a cycle)\n", bad.err());
    }
}
