package vmsh.hv;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KernelSmokeTest {
    @ParameterizedTest
    @ValueSource(strings = {"hw", "trap-vtlb", "trap"})
    void kernelBoots(String technique) {
        Hypervisor hv = new Hypervisor();
        Vm vm = hv.create("k", 32 << 20, Technique.parse(technique));
        vm.load(Guests.kernel());
        var r = hv.run(50_000_000, false);
        System.out.println(technique + ": " + r + "\n" + vm.console().text() + vm.stats());
        assertEquals(Guests.kernelExpected(), vm.console().text());
        assertEquals(VmState.HALTED, vm.state());
    }
}
