package vmsh.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vmsh.isa.Opcode.*;
import static vmsh.isa.Encoding.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import vmsh.cpu.Program;
import vmsh.dev.Clint;
import vmsh.isa.Csr;
import vmsh.isa.Encoder;
import vmsh.mem.MemoryMap;

/** The machine: runs and their stop reasons, self-modifying code, memory, devices. */
class MachineTest {
    static final int RA = 1, T0 = 5, A0 = 10, A1 = 11, A2 = 12;
    static final int BASE = Program.BASE;

    /** An endless loop at the entry: {@code j .} */
    static Machine spinning() {
        Program p = new Program().op(JAL, 0, 0, 0, 0);
        return p.load();
    }

    @Test void budgetStopsExactlyAndStepRunsOne() {
        Program p = new Program();
        for (int k = 0; k < 10; k++) p.i(ADDI, A0, A0, 1);
        p.op(JAL, 0, 0, 0, 0);
        Machine m = p.load();
        RunResult r = m.run(4);
        assertEquals(StopReason.BUDGET, r.reason());
        assertEquals(4, r.insns());
        assertEquals(4, m.reg(A0));
        assertEquals(BASE + 16, m.pc());
        assertEquals(1, m.step().insns());
        assertEquals(BASE + 20, m.pc());
        assertEquals(5, m.instructions());
        assertEquals(5, m.cycles());
        assertEquals(0, m.run(0).insns());
    }

    @Test void selfModifyingCodeIsSeenWithAndWithoutFenceI() {
        for (boolean fence : new boolean[] {true, false}) {
            int routine = BASE + 0x100;
            int patch = Encoder.encode(ADDI, A0, 0, 0, 2);
            Program p = new Program().jal(RA, routine).li(T0, patch).li(A1, routine).s(SW, T0, A1, 0);
            if (fence) p.op(FENCE_I, 0, 0, 0, 0);
            p.jal(RA, routine).exit(0).padTo(routine).i(ADDI, A0, 0, 1).i(JALR, 0, RA, 0);
            Machine m = p.load();
            assertEquals(StopReason.HALT, m.run(1000).reason());
            assertEquals(2, m.reg(A0), fence ? "with fence.i" : "without fence.i");
        }
    }

    @Test void aStoreIntoTheNextInstructionTakesEffect() {
        Program p = new Program();
        int next = p.here() + 4 * 5;   // li(2) + li(2) + sw(1): the slot right after the store
        p.li(T0, Encoder.encode(ADDI, A0, 0, 0, 7)).li(A1, next).s(SW, T0, A1, 0).i(ADDI, A0, 0, 1).exit(0);
        Machine m = p.load();
        assertEquals(StopReason.HALT, m.run(100).reason());
        assertEquals(7, m.reg(A0));
    }

    @Test void debuggerWritesReachDecodedCode() {
        Program p = new Program().i(ADDI, A0, 0, 1).op(JAL, 0, 0, 0, 0);
        Machine m = p.load();
        m.run(10);
        assertEquals(1, m.reg(A0));
        m.write(BASE, 4, Encoder.encode(ADDI, A0, 0, 0, 9));
        m.setPc(BASE);
        m.run(1);
        assertEquals(9, m.reg(A0));
    }

    @Test void breakpointStopsBeforeAndContinueExecutesIt() {
        Program p = new Program();
        for (int k = 0; k < 5; k++) p.i(ADDI, A0, A0, 1);
        p.exit(0);
        Machine m = p.load();
        m.addBreakpoint(BASE + 8);
        RunResult r = m.run(1000);
        assertEquals(StopReason.BREAK, r.reason());
        assertEquals(BASE + 8, m.pc());
        assertEquals(2, r.insns());
        assertEquals(2, m.reg(A0));
        assertEquals(StopReason.HALT, m.run(1000).reason());
        assertEquals(5, m.reg(A0));
    }

    @Test void breakpointInALoopStopsEveryIteration() {
        Program p = new Program().li(A1, 3);
        int loop = p.here();
        p.i(ADDI, A0, A0, 1).b(BNE, A0, A1, loop).exit(0);
        Machine m = p.load();
        m.addBreakpoint(loop);
        for (int k = 0; k < 3; k++) {
            assertEquals(StopReason.BREAK, m.run(1000).reason());
            assertEquals(k, m.reg(A0));
        }
        m.removeBreakpoint(loop);
        assertEquals(StopReason.HALT, m.run(1000).reason());
        assertEquals(3, m.reg(A0));
    }

    @Test void requestStopFromAnotherThread() throws Exception {
        Machine m = spinning();
        Thread stopper = new Thread(() -> {
            try { Thread.sleep(50); } catch (InterruptedException e) { return; }
            m.requestStop();
        });
        stopper.start();
        RunResult r = m.run(Long.MAX_VALUE);
        stopper.join();
        assertEquals(StopReason.STOPPED, r.reason());
        assertTrue(r.insns() > 0);
    }

    @Test void unfetchableHandlerIsAFaultNotALoop() {
        Program p = new Program().word(0);   // illegal, and mtvec is 0: nothing there
        Machine m = p.load();
        RunResult r = m.run(1_000_000);
        assertEquals(StopReason.FAULT, r.reason());
        assertEquals(1, r.insns());
        assertTrue(r.message().contains("illegal instruction"), r.message());
        assertTrue(r.message().contains("0x80000000") && r.message().contains("0x00000000"), r.message());
        assertEquals(CAUSE_ILLEGAL_INSTRUCTION, m.csr(Csr.MCAUSE));
    }

    @Test void traceShowsEachInstruction() {
        Program p = new Program().op(AUIPC, A0, 0, 0, 0).i(ADDI, A0, A0, 4);
        Machine m = p.load();
        List<String> lines = new ArrayList<>();
        m.setTrace(lines::add);
        m.run(2);
        assertEquals(List.of("80000000: 00000517  auipc a0, 0x0", "80000004: 00450513  addi a0, a0, 4"), lines);
        m.setTrace(null);
        m.run(1);
        assertEquals(2, lines.size());
    }

    @Test void sparseMemoryAllocatesOnlyTouchedFrames() {
        Machine m = new Machine(MachineConfig.defaults().memory(1L << 30));
        int far = BASE + (512 << 20);
        m.load(new Program().li(A1, far).s(SW, A1, A1, 0).li(A1, far + 4096).s(SW, A1, A1, 0)
                .li(A1, far + 8192).i(LW, A2, A1, 0).exit(0).image());
        assertEquals(StopReason.HALT, m.run(100).reason());
        assertEquals(3, m.allocatedFrames(), "the program's frame and two stored frames; loads allocate nothing");
        assertEquals(0, m.read(BASE + (1 << 29) + 3 * 4096, 4));
        assertEquals(3, m.allocatedFrames());
    }

    @Test void physicalAccessOutsideTheMapNamesTheAddress() {
        Machine m = spinning();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.read(0x4000_0000, 4));
        assertTrue(e.getMessage().contains("0x40000000"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> m.write(0x7fff_fffc, 4, 1));
        m.write(BASE + 0x100, 2, 0xbeef);
        assertEquals(0xbeef, m.read(BASE + 0x100, 2));
        assertThrows(IllegalArgumentException.class, () -> m.reg(32));
        assertThrows(IllegalArgumentException.class, () -> m.csr(0x7c0));
    }

    @Test void finisherHaltsWithTheGuestsCode() {
        Machine pass = new Program().exit(0).load();
        RunResult r = pass.run(100);
        assertEquals(StopReason.HALT, r.reason());
        assertEquals(0, r.exitCode());
        Machine fail = new Program().exit(3).load();
        assertEquals(3, fail.run(100).exitCode());
    }

    @Test void tohostFollowsSpike() {
        int tohost = BASE + 0x1000;
        for (int code : new int[] {0, 5}) {
            Program p = new Program().li(A1, tohost).li(T0, code << 1 | 1).s(SW, T0, A1, 0).s(SW, 0, A1, 4)
                    .op(JAL, 0, 0, 0, 0);
            Machine m = new Machine(MachineConfig.defaults());
            m.load(p.image(Map.of("tohost", tohost)));
            RunResult r = m.run(1000);
            assertEquals(StopReason.HALT, r.reason());
            assertEquals(code, r.exitCode());
            assertEquals(code << 1 | 1, m.read(tohost, 4), "the value stays in RAM");
        }
    }

    @Test void tohostWithoutTheSymbolIsPlainMemory() {
        int tohost = BASE + 0x1000;
        Machine m = new Program().li(A1, tohost).li(T0, 1).s(SW, T0, A1, 0).op(JAL, 0, 0, 0, 0).load();
        assertEquals(StopReason.BUDGET, m.run(100).reason());
    }

    @Test void mtimeRunsOnSimulatedCyclesAndTimeReadsIt() {
        Program p = new Program().li(A1, MemoryMap.CLINT + Clint.MTIME).i(LW, A0, A1, 0);
        for (int k = 0; k < 100; k++) p.i(ADDI, 0, 0, 0);
        p.i(LW, A2, A1, 0).csrr(T0, Csr.TIME).exit(0);
        Machine m = p.load();
        assertEquals(StopReason.HALT, m.run(1000).reason());
        assertEquals(101 / Clint.CYCLES_PER_TICK, m.reg(A2) - m.reg(A0), 1);
        assertEquals(m.reg(A2), m.reg(T0), 1);
    }

    @Test void timerInterruptTakesTheVectoredEntry() {
        int handler = BASE + 0x400;
        Program p = new Program().li(T0, handler | 1).csrw(Csr.MTVEC, T0)
                .li(A1, MemoryMap.CLINT + Clint.MTIMECMP).s(SW, 0, A1, 4).s(SW, 0, A1, 0)   // mtimecmp = 0
                .li(T0, 1 << IRQ_M_TIMER).csrw(Csr.MIE, T0)
                .op(CSRRSI, 0, 8, 0, Csr.MSTATUS)                                            // MIE
                .op(JAL, 0, 0, 0, 0)
                .padTo(handler + 4 * IRQ_M_TIMER).csrr(A0, Csr.MCAUSE).exit(0);
        Machine m = p.load();
        assertEquals(StopReason.HALT, m.run(1000).reason());
        assertEquals(MCAUSE_INTERRUPT | IRQ_M_TIMER, m.reg(A0));
    }

    @Test void segmentsOutsideRamAreRejected() {
        Machine m = new Machine(MachineConfig.defaults().memory(1 << 20));
        var seg = new vmsh.image.Segment(".text", BASE + (1 << 20) - 4, new byte[8], 8, 5);
        var e = assertThrows(IllegalArgumentException.class,
                () -> m.load(new vmsh.image.Image(List.of(seg), Map.of(), BASE)));
        assertTrue(e.getMessage().contains("0x800ffffc"), e.getMessage());
    }
}
