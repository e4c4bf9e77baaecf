package vmsh.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SizesTest {
    @ParameterizedTest
    @CsvSource({
        "64M, 67108864", "1G, 1073741824", "16K, 16384", "4096, 4096", "0x1000, 4096",
        "64m, 67108864", "2g, 2147483648", "' 8M ', 8388608", "0X10, 16",
    })
    void parsesSizesPeopleWrite(String text, long bytes) {
        assertEquals(bytes, Sizes.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"lots", "", "M", "-1", "0", "1.5M", "64MB", "0x", "99999999999G"})
    void rejectsOthersNamingTheText(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Sizes.parse(text));
        assertEquals("invalid size '" + text + "' (use e.g. 64M, 1G, 4096)", e.getMessage());
    }

    @Test
    void formatsInTheLargestExactUnit() {
        assertEquals("64M", Sizes.format(64L << 20));
        assertEquals("2G", Sizes.format(2L << 30));
        assertEquals("12K", Sizes.format(12 << 10));
        assertEquals("1000", Sizes.format(1000));
    }
}
