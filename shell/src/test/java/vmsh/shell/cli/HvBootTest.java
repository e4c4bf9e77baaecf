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
    void aWholeMachineRunsItsOwnMachineModeCode() {
        String traps = VmshRun.repo("samples/traps.s").toString();
        VmshRun bare = VmshRun.of("boot", traps);
        VmshRun full = VmshRun.of("boot", traps, "--technique", "bt", "--full");
        assertEquals(0, full.status(), full.toString());
        assertEquals(bare.out(), full.out());
        VmshRun sbi = VmshRun.of("boot", traps, "--technique", "bt");
        assertEquals(3, sbi.status(), "without --full the guest has no M-mode to trap into: " + sbi);
    }

    @Test
    void fullNeedsATechniqueThatVirtualizesMachineMode() {
        String hello = VmshRun.repo("samples/hello.s").toString();
        VmshRun bare = VmshRun.of("boot", hello, "--full");
        assertEquals(2, bare.status(), bare.toString());
        assertEquals("vmsh: --full runs the guest as a whole machine under the hypervisor: give --technique T too\n", bare.err());
        VmshRun pv = VmshRun.of("boot", hello, "--technique", "pv", "--full");
        assertEquals(2, pv.status(), pv.toString());
        org.junit.jupiter.api.Assertions.assertTrue(pv.err().startsWith("vmsh: VM 'guest': pv cannot run a whole machine"), pv.err());
    }

    @Test
    void anUnknownTechniqueIsAUsageError() {
        VmshRun r = VmshRun.of("boot", VmshRun.repo("samples/hello.s").toString(), "--technique", "warp");
        assertEquals(2, r.status(), r.toString());
        assertEquals("vmsh: technique 'warp' must be " + vmsh.hv.Technique.labels("") + "\n", r.err());
    }

    @ParameterizedTest
    @ValueSource(strings = {"hw", "hw-shadow", "trap", "trap-vtlb"})
    void aGuestWhoseTrapHandlerCannotBeFetchedStopsAtOnceWithOneLine(String technique) {
        VmshRun r = VmshRun.of("boot", VmshRun.repo("samples/traps.s").toString(), "--technique", technique, "--max-insns", "1e9");
        assertEquals(3, r.status(), r.toString());
        assertEquals("", r.out());
        assertEquals("vmsh: guest fault: instruction access fault (tval 0x00000000) at pc 0x00000000: trap handler 0x00000000"
                + " cannot be fetched (the guest's last trap: illegal instruction at pc 0x80000010)\n", r.err());
    }
}
