package vmsh.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The expectation header convention of samples/README.md. */
class SampleExpectationTest {
    @Test
    void readsExitCodeAndOutputLines() {
        SampleExpectation e = SampleExpectation.parse("""
                # demo
                # expect-exit: 3
                # expect-output:
                # | first
                # |
                # |   indented, trailing kept
                # end of header
                _start: nop
                """, "demo.s");
        assertEquals(3, e.exitCode());
        assertEquals("first\n\n  indented, trailing kept\n", e.output());
    }

    @Test
    void theIsaIsTheDefaultUnlessTheHeaderNamesOne() {
        assertEquals(vmsh.isa.Isa.DEFAULT, SampleExpectation.parse("# expect-exit: 0\n# expect-output:\n", "d.s").isa());
        var h = SampleExpectation.parse("# expect-isa: rv32imah\n# expect-exit: 0\n# expect-output:\n", "h.s");
        assertTrue(h.isa().has(vmsh.isa.Extension.H));
        var bad = assertThrows(IllegalArgumentException.class,
                () -> SampleExpectation.parse("# expect-isa: rv64gc\n# expect-exit: 0\n# expect-output:\n", "b.s"));
        assertTrue(bad.getMessage().startsWith("b.s:1: "), bad.getMessage());
    }

    @Test
    void aTechniqueMarksAGuestThatRunsOnlyInSuchAVm() {
        SampleExpectation pv = SampleExpectation.parse("# expect-technique: pv\n# expect-exit: 0\n# expect-output:\n# | hi\n", "p.s");
        assertEquals("pv", pv.technique());
        assertFalse(pv.runsBare());
        assertTrue(SampleExpectation.parse("# expect-exit: 0\n# expect-output:\n", "b.s").runsBare());
        var twice = assertThrows(IllegalArgumentException.class, () -> SampleExpectation.parse(
                "# expect-technique: pv\n# expect-technique: hw\n# expect-exit: 0\n# expect-output:\n", "t.s"));
        assertEquals("t.s:2: second expect-technique", twice.getMessage());
    }

    @Test
    void anEmptyOutputBlockMeansNoOutput() {
        assertEquals("", SampleExpectation.parse("# expect-exit: 0\n# expect-output:\nnop\n", "x.s").output());
    }

    @Test
    void unknownKeysAndMissingKeysAreErrors() {
        var typo = assertThrows(IllegalArgumentException.class,
                () -> SampleExpectation.parse("# expect-exitcode: 0\n# expect-output:\n", "t.s"));
        assertTrue(typo.getMessage().startsWith("t.s:1: unknown expectation"), typo.getMessage());
        var noExit = assertThrows(IllegalArgumentException.class,
                () -> SampleExpectation.parse("# expect-output:\n# | hi\n", "u.s"));
        assertEquals("u.s: no '# expect-exit: N' line", noExit.getMessage());
        var badLine = assertThrows(IllegalArgumentException.class,
                () -> SampleExpectation.parse("# expect-exit: 0\n# expect-output:\n# |x\n", "v.s"));
        assertTrue(badLine.getMessage().startsWith("v.s:3: an output line is '# | text'"), badLine.getMessage());
        var badExit = assertThrows(IllegalArgumentException.class,
                () -> SampleExpectation.parse("# expect-exit: zero\n# expect-output:\n", "w.s"));
        assertTrue(badExit.getMessage().contains("'zero'"), badExit.getMessage());
    }

    @Test
    void everySampleHeaderParsesAndTheLibraryHasNone() {
        var samples = SamplesDirectory.samplesWithExpectations();
        assertTrue(samples.size() >= 6, "samples found: " + samples);
        for (var s : samples) SampleExpectation.of(s);
        assertFalse(samples.contains(SamplesDirectory.root().resolve("lib/uart.s")));
        assertTrue(samples.contains(SamplesDirectory.root().resolve("hello.s")));
    }
}
