package vmsh.shell.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import vmsh.shell.VmshRun;

/** vmsh boot --technique: the kernel prints in a VM what it prints on the bare machine. */
class HvBootTest {
    @ParameterizedTest
    @ValueSource(strings = {"hw", "trap", "trap-vtlb", "hw-shadow", "bt"})
    void theKernelPrintsTheSameInAVm(String technique) {
        String kernel = VmshRun.repo("samples/kernel/kernel.s").toString();
        VmshRun bare = VmshRun.of("boot", kernel);
        VmshRun vm = VmshRun.of("boot", kernel, "--technique", technique);
        assertEquals(0, bare.status(), bare.toString());
        assertEquals(0, vm.status(), vm.toString());
        assertEquals(bare.out(), vm.out());
    }

    @Test
    void theParavirtualBuildPrintsTheBareKernelsConsoleUnderPv() {
        VmshRun bare = VmshRun.of("boot", VmshRun.repo("samples/kernel/kernel.s").toString());
        VmshRun pv = VmshRun.of("boot", VmshRun.repo("samples/kernel/kernel-pv.s").toString(), "--technique", "pv");
        assertEquals(0, pv.status(), pv.toString());
        assertEquals(bare.out(), pv.out());
    }

    @Test
    void theParavirtualBuildStopsOnAHypervisorWithoutItsHypercalls() {
        VmshRun hw = VmshRun.of("boot", VmshRun.repo("samples/kernel/kernel-pv.s").toString(), "--technique", "hw");
        assertEquals(1, hw.status(), "SBI shutdown with a system failure: " + hw);
        assertEquals("", hw.out());
    }

    @Test
    void anUnknownTechniqueIsAUsageError() {
        VmshRun r = VmshRun.of("boot", VmshRun.repo("samples/hello.s").toString(), "--technique", "warp");
        assertEquals(2, r.status(), r.toString());
        assertEquals("vmsh: technique 'warp' must be " + vmsh.hv.Technique.labels("") + "\n", r.err());
    }
}
