package vmsh.shell.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ValuesTest {
    @Test
    void numbersPrintAsJavaScriptPrintsThem() {
        assertEquals("0.25", Values.text(0.25));
        assertEquals("3000000000", Values.text(Values.normalize(3e9)));
        assertEquals("1e+21", Values.number(1e21));
        assertEquals("1.5e-7", Values.number(1.5e-7));
        assertEquals("0.000001", Values.number(1e-6));
        assertEquals("-2.5", Values.number(-2.5));
        assertEquals("0.30000000000000004", Values.number(0.1 + 0.2));
        assertEquals("0", Values.number(-0.0));
    }

    @Test
    void wholeNumbersAreLongsWhateverTheirSpelling() {
        assertEquals(1L, Values.parse("1.0"));
        assertEquals(1L, Values.normalize(1.0));
        assertEquals(7L, Values.normalize(7));
        assertEquals(1e300, Values.normalize(1e300));
        assertNull(Values.normalize(Double.NaN));
        assertEquals(Map.of("a", List.of(1L, 0.5)), Values.normalize(Map.of("a", List.of(1, 0.5))));
    }

    @Test
    void tablesRoundToFourDecimals() {
        assertEquals("0.1235", Values.rounded(0.123456));
        assertEquals("2", Values.rounded(2.00001));
        assertEquals("1.235e-7", Values.rounded(1.23456e-7));
        assertEquals("42", Values.rounded(42L));
        assertEquals("hw", Values.rounded("hw"));
    }
}
