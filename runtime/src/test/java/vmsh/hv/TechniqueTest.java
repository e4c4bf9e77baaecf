package vmsh.hv;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The one list of techniques: every row parses from its names and boots the kernel (pv: its
 * paravirtual build) to the bare machine's console.
 */
class TechniqueTest {
    @ParameterizedTest
    @EnumSource(Technique.class)
    void everyTechniqueParsesAndBootsTheKernel(Technique t) {
        assertEquals(t, Technique.parse(t.label));
        assertEquals(t, Technique.parse(" " + t.label.toUpperCase() + " "));
        assertTrue(Technique.labels("").contains(t.label));
        assertFalse(t.summary.isBlank() || t.kernel.isBlank() || t.paging.isBlank() || t.costs.isBlank(), t.label);
        Hypervisor hv = new Hypervisor();
        Vm vm = hv.create("k", 32 << 20, t);
        vm.load(t == Technique.PV ? Guests.sample("kernel/kernel-pv.s") : Guests.kernel());
        vm.run(50_000_000);
        assertEquals(VmState.HALTED, vm.state(), vm.message());
        assertEquals(Guests.kernelExpected(), vm.console().text());
    }

    @org.junit.jupiter.api.Test
    void anUnknownTechniqueNamesTheKnownOnes() {
        var e = assertThrows(IllegalArgumentException.class, () -> Technique.parse("warp"));
        assertEquals("technique 'warp' must be " + Technique.labels(""), e.getMessage());
    }
}
