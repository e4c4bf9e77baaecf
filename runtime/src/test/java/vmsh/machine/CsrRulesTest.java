package vmsh.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vmsh.machine.Guest.*;
import static vmsh.isa.Encoding.*;

import org.junit.jupiter.api.Test;
import vmsh.cpu.CsrFile;
import vmsh.isa.Encoding;
import vmsh.mmu.TlbConfig;

/** The privileged spec's CSR and instruction rules (vmsh.cpu), checked through whole guests. */
class CsrRulesTest {

    /** Runs {@code code} in S-mode with the given mstatus bits set; the first trap ends it. */
    static Guest inSupervisor(int mstatusBits, String code) {
        return new Guest("""
                main:
                    li t0, %d
                    csrs mstatus, t0
                    li t0, 0x1800
                    csrc mstatus, t0
                    li t0, 0x800
                    csrs mstatus, t0
                    la t0, supervisor
                    csrw mepc, t0
                    mret
                supervisor:
                """.formatted(mstatusBits) + code + "\n    ecall\n").halts(1000);
    }

    static void assertIllegal(Guest g, String what) {
        assertEquals(CAUSE_ILLEGAL_INSTRUCTION, g.reg(S2), what);
        assertEquals(PRV_S, g.reg(S5), what);
        assertEquals(g.machine.read(g.reg(S4), 4), g.reg(S3), what + ": mtval holds the instruction");
    }

    @Test void tvmTrapsSatpAndSfenceInSupervisorMode() {
        assertIllegal(inSupervisor(Encoding.MSTATUS_TVM, "csrr a0, satp"), "satp read");
        assertIllegal(inSupervisor(Encoding.MSTATUS_TVM, "sfence.vma"), "sfence.vma");
        assertEquals(CAUSE_SUPERVISOR_ECALL, inSupervisor(0, "csrr a0, satp\n sfence.vma").reg(S2), "without TVM");
    }

    @Test void twTrapsWfiAndTsrTrapsSret() {
        assertIllegal(inSupervisor(Encoding.MSTATUS_TW, "wfi"), "wfi with TW");
        assertIllegal(inSupervisor(Encoding.MSTATUS_TSR, "sret"), "sret with TSR");
    }

    @Test void privilegeAndReadOnlyChecks() {
        assertIllegal(inSupervisor(0, "csrr a0, mstatus"), "M-level CSR from S");
        assertIllegal(inSupervisor(0, "csrr a0, cycle"), "cycle without mcounteren.CY");
        Guest ro = new Guest("main:\n    csrw mvendorid, zero\n    j exit\n").halts(100);
        assertEquals(CAUSE_ILLEGAL_INSTRUCTION, ro.reg(S2), "writing a read-only CSR, even in M-mode");
        Guest readOk = new Guest("main:\n    csrr a0, mvendorid\n    csrs mvendorid, zero\n    j exit\n").halts(100);
        assertEquals(0, readOk.reg(S2), "csrs with x0 does not write: no trap");
    }

    @Test void countersNeedMcounterenAndScounterenBelow() {
        String toUser = """
                main:
                    li t0, %d
                    csrw mcounteren, t0
                    li t0, %d
                    csrw scounteren, t0
                    li t0, 0x1800
                    csrc mstatus, t0
                    la t0, user
                    csrw mepc, t0
                    mret
                user:
                    rdtime a0
                    ecall
                """;
        assertEquals(CAUSE_ILLEGAL_INSTRUCTION, new Guest(toUser.formatted(2, 0)).halts(100).reg(S2), "U needs scounteren.TM");
        assertEquals(CAUSE_ILLEGAL_INSTRUCTION, new Guest(toUser.formatted(0, 2)).halts(100).reg(S2), "and mcounteren.TM");
        assertEquals(CAUSE_USER_ECALL, new Guest(toUser.formatted(2, 2)).halts(100).reg(S2));
    }

    @Test void sstatusAndSieAreViewsOfTheMachineRegisters() {
        Guest g = new Guest("""
                main:
                    li t0, -1
                    csrw sstatus, t0
                    csrr s6, mstatus
                    li t0, 0x20
                    csrw mideleg, t0
                    li t0, -1
                    csrw sie, t0
                    csrr s7, mie
                    csrw satp, t0
                    csrr s8, satp
                    j exit
                """).halts(100);
        int sstatusWritable = Encoding.MSTATUS_SIE | Encoding.MSTATUS_SPIE | Encoding.MSTATUS_SPP
                | Encoding.MSTATUS_SUM | Encoding.MSTATUS_MXR;
        assertEquals(sstatusWritable, g.reg(22) & ~Encoding.MSTATUS_MPP, "only the S bits changed");
        assertEquals(0x20, g.reg(23), "sie writes only delegated bits");
        assertEquals(-1, g.reg(24), "satp: MODE, 9 ASID bits and the PPN are all writable");
    }

    @Test void machineConfigNamesTheBadValue() {
        var e = assertThrows(IllegalArgumentException.class, () -> MachineConfig.defaults().tlb(24, 4, true, "lru", 1));
        assertTrue(e.getMessage().contains("24"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> MachineConfig.defaults().tlb(16, 4, true, "fifo", 1));
        assertTrue(e.getMessage().contains("fifo"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> MachineConfig.defaults().memory(1000));
        assertTrue(e.getMessage().contains("1000"), e.getMessage());
        assertEquals(new TlbConfig(64, 8, false, TlbConfig.Replacement.RANDOM, 7),
                MachineConfig.defaults().tlb(64, 8, false, "random", 7).tlb());
    }
}
