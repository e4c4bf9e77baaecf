package vmsh.shell.repl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import vmsh.shell.VmshRun;

/** `... | vmsh`: no prompt, no banner, exactly what the input prints. */
class PipedReplTest {
    @Test
    void printsExactlyWhatTheInputPrints() {
        VmshRun r = VmshRun.withInput("print(1+1)\n");
        assertEquals("2\n", r.out());
        assertEquals("", r.err());
        assertEquals(0, r.status());
    }

    @Test
    void expressionResultsAreNotEchoed() {
        VmshRun r = VmshRun.withInput("1 + 1\nconst s = 'x'\ns\n");
        assertEquals("", r.out());
        assertEquals(0, r.status());
    }

    @Test
    void multiLineEntriesRunWhenComplete() {
        String input = """
                function square(x) {
                  return x * x;
                }
                print(square(7))
                const t = {
                  a: [1, 2,
                      3],
                };
                print(t.a.length)
                print(`two
                lines`)
                """;
        VmshRun r = VmshRun.withInput(input);
        assertEquals("49\n3\ntwo\nlines\n", r.out(), r.err());
        assertEquals(0, r.status());
    }

    @Test
    void statementsRunInOrderAndStateCarriesOver() {
        VmshRun r = VmshRun.withInput("let n = 1\nprint(n)\nn += 41\nprint(n)\nvar v = n; print(v)\n");
        assertEquals("1\n42\n42\n", r.out(), r.err());
    }

    @Test
    void aMonitorCommandOfAWrongFormSaysItsForms() {
        VmshRun r = VmshRun.withInput("m = machine({memory: '1M'})\nrstep x\nrcontinue 5\nrc = 5\nprint(rc)\n");
        assertEquals("5\n", r.out(), r.err());
        assertTrue(r.err().contains("stdin:2:7: SyntaxError"), r.err());
        assertTrue(r.err().contains("rstep [N] | rsi [N]"), r.err());
        assertTrue(r.err().contains("rcontinue | rc"), r.err());
        assertEquals(1, r.status());
    }

    @Test
    void anErrorIsOneLineWithTheStdinPositionAndTheRestStillRuns() {
        VmshRun r = VmshRun.withInput("print('a')\n\nnull.x\nprint('b')\n");
        assertEquals("a\nb\n", r.out());
        assertEquals("stdin:3:1: TypeError: Cannot read property 'x' of null\n", r.err());
        assertEquals(1, r.status());
    }

    @Test
    void positionsCountLinesOfTheWholeInput() {
        VmshRun r = VmshRun.withInput("const f = () => {\n  return 1;\n};\nprint(f())\n  undefinedName + 1\n");
        assertEquals("1\n", r.out());
        assertEquals("stdin:5:3: ReferenceError: undefinedName is not defined\n", r.err());
    }

    @Test
    void anUnfinishedEntryAtTheEndIsASyntaxError() {
        VmshRun r = VmshRun.withInput("print(1)\nfunction f() {\n");
        assertEquals("1\n", r.out());
        assertEquals(1, r.status());
        assertTrue(r.err().startsWith("stdin:"), r.err());
        assertTrue(r.err().contains("SyntaxError"), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
    }

    @Test
    void dotExitStopsReading() {
        VmshRun r = VmshRun.withInput("print(1)\n.exit\nprint(2)\n");
        assertEquals("1\n", r.out());
        assertEquals(0, r.status());
    }

    @Test
    void dotHelpListsGlobalsAndMachineMembers() {
        VmshRun r = VmshRun.withInput(".help\n");
        assertEquals(0, r.status());
        for (String s : new String[] {".exit", "print(", "asm(", "machine(", "m.regs", "m.run"})
            assertTrue(r.out().contains(s), s + " missing in\n" + r.out());
    }

    @Test
    void printFormatsValuesTheJavaScriptWay() {
        VmshRun r = VmshRun.withInput("""
                print('s', 1.5, 0.1 + 0.2, true, null, undefined)
                print([1, 'two', [3]], {a: 1, 'b c': 'd'})
                print(function named() {}, () => 1)
                print(hex(0x80000000), hex(-1), hex(5))
                """);
        assertEquals("""
                s 1.5 0.30000000000000004 true null undefined
                [1, 'two', [3]] { a: 1, 'b c': 'd' }
                [Function: named] [Function (anonymous)]
                0x80000000 0xffffffff 0x00000005
                """, r.out(), r.err());
    }
}
