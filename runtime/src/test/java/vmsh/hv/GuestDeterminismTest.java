package vmsh.hv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a guest sees depends on its own execution alone: its time, its instruction count and
 * so its timer interrupts come out the same whether it runs alone, shares the hart with
 * another VM (a different schedule, other phases of the host clock), or has its pages
 * swapped out under it (faults the VMM serves and the guest never sees).
 */
class GuestDeterminismTest {
    /** The kernel's run: its console, its instruction count and registers when it powers off. */
    private record Run(String console, long insns, int[] regs, long cycles) {}

    private static Run kernel(String technique, boolean neighbour, boolean swap, long quantum) {
        Hypervisor hv = new Hypervisor(HvConfig.DEFAULTS.quantum(quantum));
        Vm vm = hv.create("k", 32 << 20, Technique.parse(technique));
        vm.load(Guests.kernel());
        if (neighbour) hv.create("n", 32 << 20, Technique.HW).load(Guests.kernel());
        int swapped = 0;
        for (int round = 0; round < 400 && vm.state() == VmState.READY; round++) {
            hv.run(500_000, false);
            if (swap) {   // the hypervisor takes a few of its pages away now and then
                var pmap = vm.memory().pmap();
                for (int g = pmap.next(vmsh.hostmem.PageState.PRIVATE, round * 7 % 64); g >= 0 && g < 2048; g += 13)
                    if (pmap.state(g) == vmsh.hostmem.PageState.PRIVATE && pmap.swapOut(g)) swapped++;
            }
        }
        assertEquals(VmState.HALTED, vm.state(), vm.message());
        if (swap) assertTrue(swapped > 0 && vm.exits(ExitReason.SWAP_IN) > 0, "pages were swapped out and back in: " + swapped + " " + vm.exits(ExitReason.SWAP_IN) + " " + vm.stats());
        return new Run(vm.console().text(), vm.guestInstructions(), vm.vcpu().x.clone(), vm.vcpu().cycles());
    }

    @ParameterizedTest
    @ValueSource(strings = {"hw", "trap", "trap-vtlb"})
    void theKernelRunsTheSameAloneWithANeighbourAndUnderSwapping(String technique) {
        Run alone = kernel(technique, false, false, 10_000);
        Run shared = kernel(technique, true, false, 3_000);
        Run swapped = kernel(technique, false, true, 7_000);
        assertEquals(Guests.kernelExpected(), alone.console);
        for (Run other : new Run[] {shared, swapped}) {
            assertEquals(alone.console, other.console);
            assertEquals(alone.insns, other.insns, "guest instructions");
            assertEquals(alone.cycles, other.cycles, "guest cycles");
            assertArrayEquals(alone.regs, other.regs, "registers at power-off");
        }
    }
}
