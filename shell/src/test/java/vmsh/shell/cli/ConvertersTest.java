package vmsh.shell.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.TypeConversionException;
import vmsh.shell.VmshRun;

/** Option values: counts in any JavaScript number form, durations below a second, RAM sizes; every refusal a usage error. */
class ConvertersTest {
    @Test
    void countsTakeEveryJavaScriptNumberFormThatIsWhole() {
        assertEquals(5_500_000_000L, Converters.count("5.5e9", "instruction count"));
        assertEquals(1500L, Converters.count("1.5e3", "instruction count"));
        assertEquals(16L, Converters.count("0x10", "instruction count"));
        assertEquals(8L, Converters.count("0o10", "instruction count"));
        assertEquals(5L, Converters.count("0b101", "instruction count"));
        assertEquals(1_000_000L, Converters.count("1_000_000", "instruction count"));
        assertEquals(100L, Converters.count("100.0", "instruction count"));
        assertEquals(1000L, Converters.count("1E3", "instruction count"));
    }

    @Test
    void countsThatAreNotWholeOrNotNumbersAreRefusedClearly() {
        assertEquals("instruction count '5.5' is not a whole number (use e.g. 1000000, 1_000_000, 1e6 or 5.5e9)",
                refusal(() -> Converters.count("5.5", "instruction count")));
        assertEquals("instruction count '0' must be positive", refusal(() -> Converters.count("0", "instruction count")));
        assertEquals("instruction count '1e30' is too large (use e.g. 1000000, 1_000_000, 1e6 or 5.5e9)",
                refusal(() -> Converters.count("1e30", "instruction count")));
        for (String bad : new String[] {"many", "1__0", "_1", "1e", "0x", "--5", "1 000"})
            assertEquals("invalid instruction count '" + bad + "' (use e.g. 1000000, 1_000_000, 1e6 or 5.5e9)",
                    refusal(() -> Converters.count(bad, "instruction count")), bad);
    }

    @Test
    void durationsAreSecondsOrHaveAUnitAndMayBeBelowASecond() {
        assertEquals(Duration.ofSeconds(10), Converters.duration("10"));
        assertEquals(Duration.ofMillis(500), Converters.duration("0.5"));
        assertEquals(Duration.ofMillis(500), Converters.duration("500ms"));
        assertEquals(Duration.ofMillis(2500), Converters.duration("2.5s"));
        assertEquals(Duration.ofSeconds(90), Converters.duration("1.5m"));
        assertEquals(Duration.ofHours(1), Converters.duration("1h"));
        assertEquals("invalid duration 'abc' (use e.g. 10, 0.5, 500ms or 2m)", refusal(() -> Converters.duration("abc")));
        assertEquals("duration '0' must be positive", refusal(() -> Converters.duration("0")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"3G", "1X", "4097", "0"})
    void everyBadMemorySizeIsAUsageError(String size) {
        VmshRun r = VmshRun.of("boot", "--memory", size, VmshRun.repo("samples/hello.s").toString());
        assertEquals(2, r.status(), r.toString());
        assertEquals(1, r.err().lines().count(), r.err());
        assertEquals(true, r.err().contains("'" + size + "'"), r.err());
    }

    private static String refusal(Runnable r) {
        return assertThrows(TypeConversionException.class, r::run).getMessage();
    }
}
