package vmsh.shell.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import vmsh.shell.ExitCode;
import vmsh.shell.VmshException;

class ParamAxisTest {
    private static List<Object> values(String spec) { return ParamAxis.parse(spec).values(); }

    @Test
    void listsHoldNumbersTextAndBooleans() {
        ParamAxis a = ParamAxis.parse("technique=hw,trap,trap-vtlb");
        assertEquals("technique", a.name());
        assertEquals(List.of("hw", "trap", "trap-vtlb"), a.values());
        assertEquals(List.of(0L, 0.25, 0.5, 1L), values("tau=0,0.25,0.5,1.0"));
        assertEquals(List.of(true, false, 4096L, -3L), values("v=true,false,0x1000,-3"));
    }

    @Test
    void rangesIncludeBothEndsAndCountDown() {
        assertEquals(List.of(1L, 2L, 3L, 4L), values("seed=1..4"));
        assertEquals(List.of(3L, 2L, 1L), values("n=3..1"));
        assertEquals(List.of(4L, 8L, 12L), values("pages=4..12:4"));
        assertEquals(List.of(4L, 8L), values("pages=4..11:4"));
        assertEquals(List.of(-1L, 0L, 1L), values("x=-1..1"));
    }

    @Test
    void decimalStepsAreExact() {
        assertEquals(List.of(0L, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1L), values("p=0..1:0.1"));
        assertEquals(List.of(1L, 0.75, 0.5, 0.25, 0L), values("p=1..0:0.25"));
    }

    @Test
    void itemsAndRangesMix() {
        assertEquals(List.of(1L, 2L, 4L, 5L, 6L, 100L), values("n=1,2,4..6,100"));
    }

    @Test
    void mistakesAreUsageErrorsThatNameTheParameter() {
        assertUsage("--param tau: write NAME=VALUES", "tau");
        assertUsage("'1x' is not a parameter name", "1x=3");
        assertUsage("no values after '='", "x=");
        assertUsage("an empty value between commas", "x=1,,2");
        assertUsage("'1..' is not a range", "x=1..");
        assertUsage("a range's step must not be 0", "x=1..5:0");
        assertUsage("at most 1000000", "x=1..10000000");
    }

    private static void assertUsage(String expected, String spec) {
        VmshException e = assertThrows(VmshException.class, () -> ParamAxis.parse(spec));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
