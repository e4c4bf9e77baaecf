package vmsh.hv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import vmsh.board.RunResult;
import vmsh.board.StopReason;
import vmsh.machine.Machine;

/** A guest that cannot go on (a fault while delivering a fault) stops at once in state fault, under every technique. */
class GuestFaultTest {
    /** stvec is 0 (no memory there) and the guest executes an illegal instruction. */
    private static final String NO_HANDLER = """
                csrw stvec, zero
                nop
                .word 0                    # illegal instruction
            """;

    @ParameterizedTest
    @ValueSource(strings = {"hw", "hw-shadow", "trap", "trap-vtlb", "bt", "pv"})
    void aTrapHandlerThatCannotBeFetchedStopsTheVm(String technique) {
        Hypervisor hv = new Hypervisor();
        Vm vm = hv.create("g", 16 << 20, Technique.parse(technique));
        vm.load(HvGuests.guest(NO_HANDLER));
        VmRunResult r = vm.run(1_000_000);
        assertEquals(VmState.FAULT, vm.state(), vm.message());
        assertTrue(r.insns() < 20, r.insns() + " instructions: it spun");
        int lastTrap = technique.equals("pv") ? 0x80000000 : 0x80000008;   // a paravirtual guest may not write stvec
        assertEquals("instruction access fault (tval 0x00000000) at pc 0x00000000: trap handler 0x00000000 cannot be fetched"
                + String.format(" (the guest's last trap: illegal instruction at pc 0x%08x)", lastTrap), vm.message());
        assertEquals(0, vm.run(1000).insns(), "a faulted VM does not run");
    }

    @Test
    void theBareMachineStopsWithTheSameLine() {
        Machine m = new Machine();
        m.load(vmsh.asm.Assembler.assemble("""
                _start: csrw mtvec, zero
                        nop
                        .word 0
                """, "t.s"));
        RunResult r = m.run(1_000_000);
        assertEquals(StopReason.FAULT, r.reason());
        assertEquals("illegal instruction (tval 0x00000000) at pc 0x80000008: trap handler 0x00000000 cannot be fetched", r.message());
    }

    @Test
    void aHandlerPageThatDoesNotTranslateStopsAnHwVm() {
        Hypervisor hv = new Hypervisor();
        Vm vm = hv.create("g", 16 << 20, Technique.HW);
        // paging on with an empty root table: stvec's page does not translate, the guest's own fault
        vm.load(HvGuests.guest("""
                li   t0, 0x40000000
                csrw stvec, t0
                li   t0, 0x80000000 | (0x80100000 >> 12)
                csrw satp, t0
                sfence.vma
                nop
            """));
        vm.run(1_000_000);
        assertEquals(VmState.FAULT, vm.state(), vm.message());
        assertTrue(vm.message().endsWith("trap handler 0x40000000 cannot be fetched"), vm.message());
    }

    @Test
    void theMessageIsCurrentWhileTheVmRuns() {
        Hypervisor hv = new Hypervisor();
        Vm vm = hv.create("g", 16 << 20, Technique.HW);
        vm.load(HvGuests.guest("1: j 1b\n"));
        assertEquals("ready at pc 0x80000000", vm.message());
        vm.run(10);
        assertEquals("ready at pc 0x80000000", vm.message(), "j 1b stays at the entry");
        Vm w = hv.create("w", 16 << 20, Technique.TRAP);
        w.load(HvGuests.guest("csrr t0, sstatus\n1: j 1b\n"));
        String[] during = new String[1];
        w.onExit(e -> during[0] = w.state() + " " + w.message());
        w.run(100);
        assertEquals("ready ready at pc 0x80000004", during[0], "inside the exit, after the emulated csrr");
    }
}
