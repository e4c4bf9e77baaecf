package vmsh.isa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** ISA strings: the forms GNU -march and the spec's naming chapter write, and clear errors. */
class IsaTest {
    @Test
    void theDefaultIsRv32imaWithoutH() {
        assertEquals("rv32ima_zicsr_zifencei", Isa.DEFAULT.toString());
        assertFalse(Isa.DEFAULT.has(Extension.H));
        assertEquals(Isa.DEFAULT, Isa.parse("rv32ima"));
    }

    @Test
    void singleLettersUnderscoresVersionsAndCase() {
        Isa h = Isa.DEFAULT.with(Extension.H);
        for (String s : new String[] {"rv32imah", "RV32IMAH", "rv32ima_h", "rv32ima_zicsr_h", "rv32i_m_a_h",
                                      "rv32i2p1_m2p0_a2p1_h1p0", "rv32ima_zicsr2p0_zifencei_h", " rv32imah "})
            assertEquals(h, Isa.parse(s), s);
        assertEquals("rv32imah_zicsr_zifencei", h.toString());
    }

    @Test
    void multiLetterExtensions() {
        Isa isa = Isa.parse("rv32ima_zicsr_zifencei_zba_zbb");
        assertTrue(isa.has(Extension.ZBA) && isa.has(Extension.ZBB));
        assertEquals("rv32ima_zicsr_zifencei_zba_zbb", isa.toString());
        assertEquals(isa, Isa.parse("rv32imazba_zbb"));
        assertEquals(isa, Isa.parse("rv32ima_zbb1p0_zba"));
    }

    @Test
    void extensionsComeAndGo() {
        Isa isa = Isa.DEFAULT.with(Extension.ZBB);
        assertEquals("rv32ima_zicsr_zifencei_zbb", isa.toString());
        assertEquals(Isa.DEFAULT, isa.without(Extension.ZBB));
        assertThrows(IllegalArgumentException.class, () -> isa.without(Extension.ZICSR));
    }

    @Test
    void theBaseAloneHasNeitherMNorA() {
        Isa i = Isa.parse("rv32i");
        assertFalse(i.has(Extension.M));
        assertFalse(i.has(Extension.A));
        assertTrue(i.has(Extension.ZICSR), "a privileged hart always has the CSR instructions");
        assertEquals("rv32i_zicsr_zifencei", i.toString());
    }

    @Test
    void misaFollowsTheSet() {
        int mxl = 1 << 30, s = 1 << ('S' - 'A'), u = 1 << ('U' - 'A');
        int i = 1 << 8, m = 1 << 12, a = 1, h = 1 << 7;
        assertEquals(mxl | i | m | a | s | u, Isa.DEFAULT.misa());
        assertEquals(mxl | i | m | a | h | s | u, Isa.parse("rv32imah").misa());
        assertEquals(mxl | i | s | u, Isa.parse("rv32i_zba").misa(), "Z extensions have no misa bit");
    }

    @Test
    void everyCanonicalStringReadsBack() {
        for (Extension e : Extension.values()) {
            Isa isa = Isa.DEFAULT.with(e);
            assertEquals(isa, Isa.parse(isa.toString()), isa.toString());
        }
        assertEquals(Isa.ALL, Isa.parse(Isa.ALL.toString()));
    }

    @Test
    void badStringsNameTheirBadPart() {
        Map<String, String> bad = Map.ofEntries(
                Map.entry("rv32imac", "extension 'c' is not implemented"),
                Map.entry("rv32imafd", "extension 'f' is not implemented"),
                Map.entry("rv64ima", "RV64 is not implemented"),
                Map.entry("rv32e", "RV32E"),
                Map.entry("rv32g", "'g' stands for imafd_zicsr_zifencei"),
                Map.entry("x86", "starts with rv32"),
                Map.entry("", "starts with rv32"),
                Map.entry("rv32", "base integer ISA is missing"),
                Map.entry("rv", "rv must be followed by 32"),
                Map.entry("rv32ma", "the base must be i"),
                Map.entry("rv32imm", "extension 'm' is named twice"),
                Map.entry("rv32imi", "extension 'i' is named twice"),
                Map.entry("rv32ima_zbc", "extension 'zbc' is unknown or not implemented"),
                Map.entry("rv32ima__h", "empty extension name"),
                Map.entry("rv32ima_", "empty extension name"),
                Map.entry("rv32ima-h", "unexpected '-' at position 8"),
                Map.entry("rv32imay", "extension 'y' is unknown"));
        bad.forEach((text, why) -> {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Isa.parse(text), text);
            assertTrue(e.getMessage().startsWith("isa '" + text + "': "), e.getMessage());
            assertTrue(e.getMessage().contains(why), text + ": " + e.getMessage());
        });
        assertThrows(IllegalArgumentException.class, () -> Isa.parse(null));
    }

    @Test
    void anUnimplementedExtensionListsTheImplementedOnes() {
        String message = assertThrows(IllegalArgumentException.class, () -> Isa.parse("rv32imac")).getMessage();
        assertTrue(message.endsWith("this machine implements m, a, h, zicsr, zifencei, zba, zbb"), message);
    }
}
