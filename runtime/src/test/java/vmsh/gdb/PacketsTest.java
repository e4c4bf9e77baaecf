package vmsh.gdb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PacketsTest {
    @Test void aFrameCarriesTheSumOfItsBytesModulo256() {
        assertEquals("$g#67", new String(Packets.frame("g"), StandardCharsets.ISO_8859_1));
        assertEquals("$OK#9a", new String(Packets.frame("OK"), StandardCharsets.ISO_8859_1));
        assertEquals("$#00", new String(Packets.frame(""), StandardCharsets.ISO_8859_1));
    }

    @Test void registersTravelLeastSignificantByteFirst() {
        assertEquals("78563412", Packets.word(0x12345678));
        assertEquals(0x12345678, Packets.wordOf("78563412"));
        assertEquals(0xff, Packets.wordOf("ff"));
        assertEquals("00000080", Packets.word(0x80000000));
    }

    @Test void hexNumbersAndBytes() {
        assertEquals(0x80000000L, Packets.number("80000000"));
        assertEquals(0x80000000, Packets.address("80000000"));
        assertArrayEquals(new byte[] {0x13, 0x00, (byte) 0xff}, Packets.bytes("1300FF"));
        assertEquals("1300ff", Packets.hex(new byte[] {0x13, 0x00, (byte) 0xff}));
    }

    @Test void malformedHexIsRefusedNamingWhatIsWrong() {
        assertThrows(Packets.Malformed.class, () -> Packets.bytes("123"));
        assertThrows(Packets.Malformed.class, () -> Packets.bytes("zz"));
        assertThrows(Packets.Malformed.class, () -> Packets.number(""));
        assertThrows(Packets.Malformed.class, () -> Packets.number("12345678123456789"));
        assertThrows(Packets.Malformed.class, () -> Packets.address("100000000"));
        assertThrows(Packets.Malformed.class, () -> Packets.wordOf("0011223344"));
    }

    @Test void binaryDataEscapesTheFourSpecialBytes() {
        byte[] data = {'#', '$', '}', '*', 'a', 0, (byte) 0xff};
        String escaped = Packets.escape(data);
        assertEquals("}\u0003}\u0004}]}\na\u0000\u00ff", escaped);
        assertArrayEquals(data, Packets.unescape(escaped));
        assertThrows(Packets.Malformed.class, () -> Packets.unescape("ab}"));
    }
}
