package vmsh.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vmsh.cpu.CsrFile.*;
import static vmsh.isa.Opcode.*;
import static vmsh.mmu.Pte.*;
import static vmsh.isa.Encoding.*;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vmsh.isa.Csr;
import vmsh.isa.Encoder;
import vmsh.isa.Extension;
import vmsh.isa.Isa;
import vmsh.isa.Opcode;
import vmsh.mem.Bus;
import vmsh.mem.MemoryMap;
import vmsh.mem.Ram;
import vmsh.mmu.Hgatp;

/**
 * HLV, HLVX and HSV on a hypervisor hart, htinst's transformed instructions and
 * pseudoinstructions, and htimedelta. The host code runs in HS-mode (V=0, satp Bare) at
 * RAM; a guest's memory is described by a VS-stage table (vsatp) over a G-stage table
 * (hgatp) built below.
 *
 * <pre>
 *  GVA          VS-stage leaf   GPA          G-stage      HPA
 *  0x1000_0000  rw-, A D        0x0040_0000  rwxu         0x8030_0000   data
 *  0x1000_1000  --x, A          0x0040_1000  rwxu         0x8030_1000   execute-only
 *  0x1000_2000  rw-u, A D       0x0040_2000  rwxu         0x8030_2000   a guest task's page
 *  0x1000_3000  rw-, A D        0x0050_0000  (unmapped)                 guest-page fault
 *  0x1000_4000  rw-, A=0        0x0040_0000                             A update: an implicit store
 *  0x1040_0000  (its level-0 table at GPA 0x0060_0000, unmapped)        implicit read faults
 *  VS root table at GPA 0x0041_0000 (HPA 0x8031_0000), its level-0 table at GPA 0x0041_1000
 *  (HPA 0x8031_1000, mapped read-only at the G-stage)
 * </pre>
 */
class HypervisorLoadStoreTest {
    static final int RAM = MemoryMap.RAM, HANDLER = RAM + 0x800;
    static final int A0 = 10, A1 = 11, A2 = 12;
    static final long G_ROOT = 0x8010_0000L, G_TABLE = 0x8010_4000L;
    static final long VS_ROOT_GPA = 0x0041_0000L, VS_TABLE_GPA = 0x0041_1000L;
    static final int DATA = 0x1000_0000, EXEC_ONLY = 0x1000_1000, USER = 0x1000_2000, UNMAPPED = 0x1000_3000;
    static final int NO_A = 0x1000_4000, NO_TABLE = 0x1040_0000;

    long time;
    final Clock clock = new Clock();
    final Hart hart = new Hart(new CsrFile(clock, () -> time, () -> 0, Isa.DEFAULT.with(Extension.H)));
    final CsrFile csr = hart.csr;
    final Ram ram = new Ram(RAM, 16 << 20);
    final Engine engine = new Engine(hart, clock, new Bus(ram));

    void poke(long pa, int value) { ram.store((int) (pa - RAM), 4, value); }

    int peek(long pa) { return ram.load((int) (pa - RAM), 4); }

    /** GPA page -> HPA page at the G-stage (every leaf has U; A and D preset). */
    void gMap(long gpa, long hpa, int flags) {
        poke(G_ROOT + 4 * (gpa >>> 22), make(G_TABLE, PTE_V));
        poke(G_TABLE + 4 * (gpa >>> 12 & 0x3ff), make(hpa, flags | PTE_V | PTE_U | PTE_A | PTE_D));
    }

    /** GVA page -> GPA page in the guest's table (written at its host address). */
    void vsMap(int gva, long gpa, int flags) {
        poke(0x8031_0000L + 4 * (gva >>> 22), make(VS_TABLE_GPA, PTE_V));
        poke(0x8031_1000L + 4 * (gva >>> 12 & 0x3ff), make(gpa, flags | PTE_V));
    }

    @BeforeEach void guestMemory() {
        gMap(0x0040_0000L, 0x8030_0000L, PTE_R | PTE_W | PTE_X);
        gMap(0x0040_1000L, 0x8030_1000L, PTE_R | PTE_W | PTE_X);
        gMap(0x0040_2000L, 0x8030_2000L, PTE_R | PTE_W | PTE_X);
        gMap(VS_ROOT_GPA, 0x8031_0000L, PTE_R | PTE_W);
        gMap(VS_TABLE_GPA, 0x8031_1000L, PTE_R);
        vsMap(DATA, 0x0040_0000L, PTE_R | PTE_W | PTE_A | PTE_D);
        vsMap(EXEC_ONLY, 0x0040_1000L, PTE_X | PTE_A);
        vsMap(USER, 0x0040_2000L, PTE_R | PTE_W | PTE_U | PTE_A | PTE_D);
        vsMap(UNMAPPED, 0x0050_0000L, PTE_R | PTE_W | PTE_A | PTE_D);
        vsMap(NO_A, 0x0040_0000L, PTE_R | PTE_W);
        poke(0x8031_0000L + 4 * (NO_TABLE >>> 22), make(0x0060_0000L, PTE_V));
        poke(0x8030_0010L, 0x8081_82ff);
        poke(0x8030_1000L, 0x1234_f00d);
        poke(0x8030_2000L, 77);
        csr.hgatp = Hgatp.make(true, 5, G_ROOT);
        csr.vsatp = 0x8000_0000 | (int) (VS_ROOT_GPA >>> 12);
        csr.hstatus = HSTATUS_SPVP;   // accesses as from VS-mode
        csr.medeleg = -1 >>> 1;       // traps go to HS-mode (the handler's address, never run)
        csr.stvec = HANDLER;
        hart.priv = PRV_S;
    }

    /** Runs {@code words} from the start of RAM (V=0) until they end or trap; returns the cause or -1. */
    int run(int... words) {
        for (int i = 0; i < words.length; i++) engine.writePhysical(RAM + 4 * i, 4, words[i]);
        hart.pc = RAM;
        csr.scause = -1;
        engine.execute(words.length);
        return hart.pc == HANDLER ? csr.scause : -1;
    }

    static int op(Opcode op, int rd, int rs1, int rs2) { return Encoder.encode(op, rd, rs1, rs2, 0); }

    int load(Opcode op, int gva) {
        hart.x[A1] = gva;
        assertEquals(-1, run(op(op, A0, A1, 0)), "no trap");
        return hart.x[A0];
    }

    /** The cause of the trap {@code op} raises at {@code gva}. */
    int fault(Opcode op, int gva) {
        hart.x[A1] = gva;
        hart.x[A2] = 5;
        return run(op(op, op.name().startsWith("HSV") ? 0 : A0, A1, op.name().startsWith("HSV") ? A2 : 0));
    }

    @Test void hlvReadsGuestMemoryThroughBothStages() {
        assertEquals(0x8081_82ff, load(HLV_W, DATA + 0x10));
        assertEquals(-1, load(HLV_B, DATA + 0x10));
        assertEquals(0xff, load(HLV_BU, DATA + 0x10));
        assertEquals(0xffff_8081, load(HLV_H, DATA + 0x12));
        assertEquals(0x8081, load(HLV_HU, DATA + 0x12));
        assertEquals(0x82, load(HLV_BU, DATA + 0x11));
    }

    @Test void hsvWritesGuestMemoryThroughBothStages() {
        hart.x[A1] = DATA + 0x20;
        hart.x[A2] = 0xcafe_babe;
        assertEquals(-1, run(op(HSV_W, 0, A1, A2), Encoder.encode(ADDI, A1, A1, 0, 4), op(HSV_B, 0, A1, A2)));
        assertEquals(0xcafe_babe, peek(0x8030_0020L));
        assertEquals(0xbe, peek(0x8030_0024L));
        assertEquals(-1, run(op(HSV_H, 0, A1, A2)));
        assertEquals(0xbabe, peek(0x8030_0024L));
    }

    @Test void hlvxNeedsExecutePermissionNotRead() {
        assertEquals(0x1234_f00d, load(HLVX_WU, EXEC_ONLY));
        assertEquals(0x1234, load(HLVX_HU, EXEC_ONLY + 2));
        assertEquals(CAUSE_LOAD_PAGE_FAULT, fault(HLV_W, EXEC_ONLY));      // MXR clear: X does not make it readable
        assertEquals(CAUSE_LOAD_PAGE_FAULT, fault(HLVX_WU, DATA));         // a load's fault, not a fetch's
        csr.vsstatus = MSTATUS_MXR;
        assertEquals(0x1234_f00d, load(HLV_W, EXEC_ONLY));
    }

    @Test void hstatusSpvpPicksTheGuestPrivilege() {
        assertEquals(CAUSE_LOAD_PAGE_FAULT, fault(HLV_W, USER));           // VS-mode, SUM clear
        csr.vsstatus = MSTATUS_SUM;
        assertEquals(77, load(HLV_W, USER));
        csr.hstatus = 0;                                                    // as from VU-mode
        assertEquals(77, load(HLV_W, USER));
        assertEquals(CAUSE_LOAD_PAGE_FAULT, fault(HLV_W, DATA));
        assertEquals(CAUSE_STORE_PAGE_FAULT, fault(HSV_W, DATA));
        assertEquals(CAUSE_LOAD_PAGE_FAULT, fault(HLVX_WU, EXEC_ONLY));
    }

    @Test void aGuestPageFaultReportsGvaGpaAndTheTransformedInstruction() {
        hart.x[A1] = UNMAPPED + 8;
        int word = Encoder.encode(HLV_W, A0, A1, 0, 0);
        assertEquals(CAUSE_LOAD_GUEST_PAGE_FAULT, run(word));
        assertEquals(UNMAPPED + 8, csr.stval);
        assertEquals((int) ((0x0050_0008L) >>> 2), csr.htval);
        assertEquals(HSTATUS_GVA, csr.hstatus & (HSTATUS_GVA | HSTATUS_SPV));   // a guest address, though V was 0
        assertEquals(word & ~(0x1f << 15), csr.htinst);                         // rs1 replaced by offset 0
        hart.x[A2] = 1;
        assertEquals(CAUSE_STORE_GUEST_PAGE_FAULT, run(op(HSV_H, 0, A1, A2)));
        assertEquals(op(HSV_H, 0, 0, A2), csr.htinst);
    }

    @Test void aTrapIntoMachineModeFillsMtinstMtval2AndMstatushGva() {
        csr.medeleg = 0;
        csr.mtvec = HANDLER;
        hart.x[A1] = UNMAPPED;
        run(op(HLV_HU, A0, A1, 0));
        assertEquals(CAUSE_LOAD_GUEST_PAGE_FAULT, csr.mcause);
        assertEquals((int) (0x0050_0000L >>> 2), csr.mtval2);
        assertEquals(op(HLV_HU, A0, 0, 0), csr.mtinst);
        assertEquals(MSTATUSH_GVA, csr.mstatush);
    }

    @Test void whoMayExecuteThem() {
        hart.x[A1] = DATA + 0x10;
        int hlv = op(HLV_W, A0, A1, 0);
        hart.priv = PRV_M;
        assertEquals(-1, run(hlv));
        assertEquals(0x8081_82ff, hart.x[A0]);
        hart.priv = PRV_U;
        assertEquals(CAUSE_ILLEGAL_INSTRUCTION, run(hlv));   // U-mode needs hstatus.HU
        hart.priv = PRV_U;
        csr.hstatus |= HSTATUS_HU;
        hart.x[A0] = 0;
        assertEquals(-1, run(hlv));
        assertEquals(0x8081_82ff, hart.x[A0]);
        hart.priv = PRV_U;
        hart.virt = true;
        csr.vsatp = 0;   // both stages Bare: the guest runs this code where it is
        csr.hgatp = 0;
        assertEquals(CAUSE_VIRTUAL_INSTRUCTION, run(hlv));   // a guest may not use them
        Hart plain = new Hart(new CsrFile(clock, () -> 0, () -> 0));
        assertEquals(CAUSE_ILLEGAL_INSTRUCTION, assertThrows(Trap.class, () -> plain.hypervisorLoadStore(hlv)).cause);
    }

    // ---------------------------------------------------------------- htinst for the guest's own accesses

    /** Runs {@code word} in VS-mode at GVA {@code DATA} (the data page, mapped executable by the G-stage). */
    int runInGuest(int word) {
        poke(0x8030_0000L, word);
        csr.vsatp = 0x8000_0000 | (int) (VS_ROOT_GPA >>> 12);
        hart.virt = true;
        hart.priv = PRV_S;
        vsMap(DATA, 0x0040_0000L, PTE_R | PTE_W | PTE_X | PTE_A | PTE_D);
        engine.forgetFrame((0x8030_0000 - RAM) >>> 12);
        hart.pc = DATA;
        csr.scause = -1;
        engine.execute(1);
        return hart.pc == HANDLER ? csr.scause : -1;
    }

    @Test void aGuestLoadOrStoreFaultGivesItsTransformedInstruction() {
        hart.x[A1] = UNMAPPED + 0x100;
        assertEquals(CAUSE_LOAD_GUEST_PAGE_FAULT, runInGuest(Encoder.encode(LW, A0, A1, 0, -0x100 + 0x24)));
        assertEquals(Encoder.encode(LW, A0, 0, 0, 0), csr.htinst);   // imm and rs1 cleared, rd kept
        assertEquals(UNMAPPED + 0x24, csr.stval);
        assertEquals(HSTATUS_GVA | HSTATUS_SPV | HSTATUS_SPVP, csr.hstatus & (HSTATUS_GVA | HSTATUS_SPV | HSTATUS_SPVP));
        hart.x[A2] = 9;
        assertEquals(CAUSE_STORE_GUEST_PAGE_FAULT, runInGuest(Encoder.encode(SH, 0, A1, A2, 6)));
        assertEquals(Encoder.encode(SH, 0, 0, A2, 0), csr.htinst);
        assertEquals(CAUSE_STORE_GUEST_PAGE_FAULT, runInGuest(Encoder.encode(AMOADD_W, A0, A1, A2, 0)));
        assertEquals(Encoder.encode(AMOADD_W, A0, 0, A2, 0), csr.htinst);
    }

    @Test void implicitAccessesOfTheGuestWalkGivePseudoinstructions() {
        hart.x[A1] = NO_TABLE;
        assertEquals(CAUSE_LOAD_GUEST_PAGE_FAULT, runInGuest(Encoder.encode(LW, A0, A1, 0, 0)));
        assertEquals(TrapInstruction.PTE_READ, csr.htinst);
        assertEquals((int) (0x0060_0000L >>> 2), csr.htval);
        hart.x[A1] = NO_A;   // its PTE needs A set, in a table the G-stage maps read-only
        assertEquals(CAUSE_LOAD_GUEST_PAGE_FAULT, runInGuest(Encoder.encode(LW, A0, A1, 0, 0)));
        assertEquals(TrapInstruction.PTE_WRITE, csr.htinst);
        assertEquals((int) ((VS_TABLE_GPA + 4 * (NO_A >>> 12 & 0x3ff)) >>> 2), csr.htval);
    }

    @Test void otherTrapsLeaveHtinstZero() {
        assertEquals(CAUSE_VIRTUAL_SUPERVISOR_ECALL, runInGuest(Encoder.encode(ECALL, 0, 0, 0, 0)));
        assertEquals(0, csr.htinst);
    }

    @Test void transformedInstructionsCarryTheOffsetOfAMisalignedAccess() {
        int[] x = new int[33];
        x[A1] = 0x1000;
        int lw = Encoder.encode(LW, A0, A1, 0, 0xffe);
        assertEquals(Encoder.encode(LW, A0, 0, 0, 0) | 2 << 15, TrapInstruction.transform(lw, 0x2000, x));
        assertEquals(0, TrapInstruction.transform(Encoder.encode(ADDI, A0, A1, 0, 1), 0x1001, x));
        assertFalse(TrapInstruction.pseudo(Encoder.encode(LW, A0, 0, 0, 0)));
        assertTrue(TrapInstruction.pseudo(TrapInstruction.PTE_WRITE));
    }

    // ---------------------------------------------------------------- htimedelta

    @Test void theGuestReadsTimePlusHtimedelta() {
        time = 0x1_ffff_fff0L;
        csr.hcounteren = 2;
        csr.mcounteren = 2;
        csr.htimedelta = 0x20;
        csr.htimedeltah = 1;
        hart.priv = PRV_S;
        hart.csrInstruction(Opcode.CSRRS, Csr.TIME, A0, 0, true, 1);
        assertEquals(0xffff_fff0, hart.x[A0]);                // HS-mode: the host's time
        hart.virt = true;
        hart.csrInstruction(Opcode.CSRRS, Csr.TIME, A0, 0, true, 1);
        hart.csrInstruction(Opcode.CSRRS, Csr.TIMEH, A1, 0, true, 1);
        assertEquals(0x10, hart.x[A0]);                       // 0x1_ffff_fff0 + 0x1_0000_0020 = 0x3_0000_0010
        assertEquals(3, hart.x[A1]);
        csr.htimedelta = -0x10;                               // a negative delta: -16
        csr.htimedeltah = -1;
        hart.csrInstruction(Opcode.CSRRS, Csr.TIME, A0, 0, true, 1);
        assertEquals(0xffff_ffe0, hart.x[A0]);
    }
}
