package vmsh.debug;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import vmsh.asm.Assembler;
import vmsh.board.RunResult;
import vmsh.board.StopReason;
import vmsh.image.Image;
import vmsh.machine.Machine;
import vmsh.machine.MachineConfig;

class HooksTest {
    /** Sums 1..10 into a0, storing each partial sum to `sum` (a word in .data), then exits. */
    private static final String SUM = """
            .text
            .globl _start
            _start: li   t0, 10
                    li   a0, 0
                    la   a1, sum
            loop:   add  a0, a0, t0
                    sw   a0, 0(a1)
                    lw   a2, 0(a1)
                    addi t0, t0, -1
                    bnez t0, loop
            done:   li   t1, 0x100000
                    li   t2, 0x5555
                    sw   t2, 0(t1)
            1:      j 1b
            .data
            sum:    .word 0
            """;

    private final Image image = Assembler.assemble(SUM, "sum.s");
    private final Machine machine = new Machine(MachineConfig.defaults().memory(1 << 20));
    private final Hooks hooks = new Hooks(machine);

    HooksTest() { machine.load(image); }

    private int sym(String name) { return image.symbol(name); }

    private static long u(int a) { return Integer.toUnsignedLong(a); }

    @Test
    void instructionHookSeesEveryInstructionInItsRangeBeforeItRuns() {
        List<Integer> pcs = new ArrayList<>();
        List<Integer> a0s = new ArrayList<>();
        hooks.onInstruction(u(sym("loop")), u(sym("loop")) + 4, c -> {
            pcs.add(c.pc());
            a0s.add(c.target().reg(10));
            assertEquals("add a0, a0, t0", c.insn());
        });
        RunResult r = hooks.run(10_000);
        assertEquals(StopReason.HALT, r.reason());
        assertEquals(10, pcs.size());
        assertEquals(List.of(0, 10, 19, 27, 34, 40, 45, 49, 52, 54), a0s);   // before each add
        assertEquals(55, machine.reg(10));
    }

    @Test
    void hooksDoNotChangeWhatTheGuestComputesOrCounts() {
        Machine plain = new Machine(MachineConfig.defaults().memory(1 << 20));
        plain.load(image);
        RunResult expected = plain.run(10_000);
        int[] calls = {0};
        hooks.onInstruction(0, Hook.SPACE_END, c -> calls[0]++);
        hooks.onRead(0, Hook.SPACE_END, c -> {});
        RunResult r = hooks.run(10_000);
        assertEquals(expected.insns(), r.insns());
        assertEquals(expected.cycles(), r.cycles());
        assertEquals(expected.insns(), calls[0]);
        assertEquals(plain.reg(10), machine.reg(10));
    }

    @Test
    void aHookStopsTheRunAndTheNextRunGoesOnWithoutCallingItTwice() {
        List<Integer> seen = new ArrayList<>();
        hooks.onInstruction(u(sym("loop")), u(sym("loop")) + 4, c -> {
            seen.add(c.target().reg(5));
            if (c.target().reg(5) == 7) c.stop("t0 is 7");
        });
        RunResult r = hooks.run(10_000);
        assertEquals(StopReason.BREAK, r.reason());
        assertEquals("t0 is 7", r.message());
        assertEquals(sym("loop"), machine.pc());
        assertEquals(List.of(10, 9, 8, 7), seen);
        r = hooks.run(10_000);
        assertEquals(StopReason.HALT, r.reason());
        assertEquals(List.of(10, 9, 8, 7, 6, 5, 4, 3, 2, 1), seen);
    }

    @Test
    void breakpointStopsBeforeTheInstructionAndContinueExecutesIt() {
        Hook bp = hooks.breakpoint(sym("done"), null);
        RunResult r = hooks.run(10_000);
        assertEquals(StopReason.BREAK, r.reason());
        assertEquals(sym("done"), machine.pc());
        assertEquals(String.format("breakpoint %d at 0x%08x", bp.id(), sym("done")), r.message());
        assertEquals(55, machine.reg(10));
        assertEquals(StopReason.HALT, hooks.run(10_000).reason());
    }

    @Test
    void readAndWriteHooksSeeAddressWidthAndValue() {
        List<String> log = new ArrayList<>();
        int sum = sym("sum");
        hooks.onWrite(u(sum), u(sum) + 4, c -> log.add("w " + c.value()));
        hooks.onRead(u(sum), u(sum) + 4, c -> log.add("r " + c.value() + " " + c.width() + " " + (c.address() == sum)));
        hooks.run(10_000);
        assertEquals(20, log.size());
        assertEquals(List.of("w 10", "r 10 4 true", "w 19", "r 19 4 true"), log.subList(0, 4));
    }

    @Test
    void accessesOutsideTheRangeAreNotReported() {
        int[] calls = {0};
        hooks.onWrite(0x1000, 0x2000, c -> calls[0]++);
        hooks.run(10_000);
        assertEquals(0, calls[0]);
    }

    @Test
    void watchpointStopsAfterTheWriteWithOldAndNewValue() {
        int sum = sym("sum");
        hooks.watchpoint(u(sum), u(sum) + 4, false, true, null);
        RunResult r = hooks.run(10_000);
        assertEquals(StopReason.BREAK, r.reason());
        assertTrue(r.message().contains("write 0x0 -> 0xa"), r.message());
        assertEquals(sym("loop") + 8, machine.pc());   // after the sw
        r = hooks.run(10_000);
        assertTrue(r.message().contains("write 0xa -> 0x13"), r.message());
    }

    @Test
    void aHookRemovedInsideAnotherTakesEffectAtOnce() {
        List<String> log = new ArrayList<>();
        Hook[] second = new Hook[1];
        long loop = u(sym("loop"));
        hooks.onInstruction(loop, loop + 4, c -> {
            log.add("first");
            second[0].remove();
        });
        second[0] = hooks.onInstruction(loop, loop + 4, c -> log.add("second"));
        hooks.run(10_000);
        assertEquals(10, log.size());
        assertTrue(log.stream().allMatch("first"::equals));
    }

    @Test
    void aHookAddedInsideAnotherTakesEffectFromTheNextInstruction() {
        List<Integer> pcs = new ArrayList<>();
        long loop = u(sym("loop"));
        Hook[] added = {null};
        hooks.onInstruction(loop, loop + 4, c -> {
            if (added[0] == null) added[0] = hooks.onInstruction(loop + 4, loop + 8, d -> pcs.add(d.pc()));
        });
        hooks.run(10_000);
        assertEquals(10, pcs.size());
        assertEquals(sym("loop") + 4, (int) pcs.get(0));
    }

    @Test
    void removingTheLastHookUnmarksEverything() {
        Hook h = hooks.onInstruction(0, Hook.SPACE_END, c -> c.stop());
        assertEquals(StopReason.BREAK, hooks.run(10).reason());
        assertTrue(h.remove());
        assertFalse(h.remove());
        assertTrue(hooks.list().isEmpty());
        assertEquals(StopReason.HALT, hooks.run(10_000).reason());
    }

    @Test
    void trapHooksSeeExceptionsAndCanStop() {
        Image ecall = Assembler.assemble("""
                .globl _start
                _start: la t0, handler
                        csrw mtvec, t0
                        ecall
                handler: li t1, 0x100000
                        li t2, 0x5555
                        sw t2, 0(t1)
                """, "ecall.s");
        machine.load(ecall);
        List<String> seen = new ArrayList<>();
        hooks.onTrap(c -> {
            seen.add(c.trap().name());
            c.stop("trapped");
        });
        int[] interrupts = {0};
        hooks.onInterrupt(c -> interrupts[0]++);
        RunResult r = hooks.run(100);
        assertEquals(StopReason.BREAK, r.reason());
        assertEquals("trapped", r.message());
        assertEquals(List.of("environment call from M-mode"), seen);
        assertEquals(ecall.symbol("handler"), machine.pc());
        assertEquals(0, interrupts[0]);
    }

    @Test
    void badRangesAndMissingFunctionsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> hooks.onInstruction(8, 8, c -> {}));
        assertThrows(IllegalArgumentException.class, () -> hooks.onRead(0, Hook.SPACE_END + 1, c -> {}));
        assertThrows(IllegalArgumentException.class, () -> hooks.onWrite(0, 4, null));
        assertThrows(IllegalArgumentException.class, () -> hooks.watchpoint(0, 4, false, false, null));
    }

    @Test
    void listsItsHooks() {
        hooks.breakpoint(0x80000000, null);
        hooks.watchpoint(0x80001000L, 0x80001004L, true, true, null);
        assertEquals("hook 1: break at 0x80000000\nhook 2: watch 0x80001000..0x80001004 rw", hooks.toString());
    }
}
