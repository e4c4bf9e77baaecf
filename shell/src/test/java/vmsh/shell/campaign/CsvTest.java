package vmsh.shell.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class CsvTest {
    @Test
    void cellsWithCommasQuotesOrLineBreaksAreQuoted() {
        assertEquals("a,\"b,c\",\"say \"\"hi\"\"\",\"x\ny\"\n", Csv.line(List.of("a", "b,c", "say \"hi\"", "x\ny")));
    }

    @Test
    void whatIsWrittenReadsBack() {
        List<String> cells = List.of("plain", "b,c", "say \"hi\"", "two\nlines", "");
        assertEquals(List.of(cells, List.of("1", "2", "3", "4", "5")), Csv.parse(Csv.line(cells) + "1,2,3,4,5\r\n\n", "t.csv"));
    }

    @Test
    void anOpenQuoteNamesItsLine() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Csv.parse("a,b\n1,\"2\n", "rows.csv"));
        assertEquals("rows.csv:2: a quote is never closed", e.getMessage());
    }
}
