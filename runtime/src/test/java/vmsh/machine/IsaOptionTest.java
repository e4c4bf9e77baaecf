package vmsh.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vmsh.isa.Encoding.*;

import org.junit.jupiter.api.Test;
import vmsh.isa.Csr;
import vmsh.isa.Extension;
import vmsh.isa.Isa;

/** A machine implements the extensions of its config: misa says so, the others' instructions are illegal. */
class IsaOptionTest {
    private static final MachineConfig SMALL = MachineConfig.defaults().memory(16 << 20);

    /** Runs {@code body} on a machine with {@code isa}; returns the trap cause it ended with (s2), or -1. */
    private static Guest run(String isa, String body) {
        return new Guest("main:\n li s2, -1\n" + body + "\n j exit\n", SMALL.isa(isa)).halts(1000);
    }

    @Test void misaFollowsTheConfig() {
        assertEquals(Isa.DEFAULT, MachineConfig.defaults().isa());
        assertEquals(Isa.DEFAULT.misa(), new Machine(SMALL).csr(Csr.MISA));
        Machine h = new Machine(SMALL.isa("rv32imah"));
        assertEquals(Isa.parse("rv32imah").misa(), h.csr(Csr.MISA));
        assertTrue((h.csr(Csr.MISA) & Extension.H.misaBit()) != 0);
    }

    @Test void theBareMachineRunsTheHypervisorExtensionWhenAsked() {
        String body = """
                li t0, 1 << 9            # hstatus.HU
                csrw hstatus, t0
                csrr a0, hstatus
                hfence.gvma zero, zero
                la a1, word
                hlv.w a2, (a1)
                """ + "\n j exit\n.data\nword: .word 0x1234\n.text\n";
        Guest g = run("rv32imah", body);
        assertEquals(-1, g.reg(Guest.S2), "no trap");
        assertEquals(1 << 9, g.reg(Guest.A0));
        assertEquals(0x1234, g.reg(Guest.A2));
    }

    @Test void withoutAnExtensionItsInstructionsAreIllegal() {
        String[][] cases = {
            {"rv32ima", "hfence.gvma zero, zero", "0x62000073"},
            {"rv32ima", "csrr a0, hstatus", "0x60002573"},
            {"rv32i", "mul a0, a0, a0", "0x02a50533"},
            {"rv32im", "lr.w a0, (sp)", "0x1001252f"},
            {"rv32ia", "divu a0, a1, a2", "0x02c5d533"},
        };
        for (String[] c : cases) {
            Guest g = run(c[0], c[1]);
            assertEquals(CAUSE_ILLEGAL_INSTRUCTION, g.reg(Guest.S2), c[0] + ": " + c[1]);
            assertEquals(Integer.parseUnsignedInt(c[2].substring(2), 16), g.reg(Guest.S3), c[0] + ": " + c[1] + " (mtval)");
        }
    }

    @Test void aBadIsaStringIsRefusedNamingItsBadPart() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SMALL.isa("rv32imac"));
        assertTrue(e.getMessage().contains("'c'"), e.getMessage());
    }
}
