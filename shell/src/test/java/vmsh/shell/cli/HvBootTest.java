package vmsh.shell.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import vmsh.shell.VmshRun;

/** vmsh boot --technique: the kernel prints in a VM what it prints on the bare machine. */
class HvBootTest {
    @ParameterizedTest
    @ValueSource(strings = {"hw", "trap", "trap-vtlb"})
    void theKernelPrintsTheSameInAVm(String technique) {
        String kernel = VmshRun.repo("samples/kernel/kernel.s").toString();
        VmshRun bare = VmshRun.of("boot", kernel);
        VmshRun vm = VmshRun.of("boot", kernel, "--technique", technique);
        assertEquals(0, bare.status(), bare.toString());
        assertEquals(0, vm.status(), vm.toString());
        assertEquals(bare.out(), vm.out());
    }

    @Test
    void anUnknownTechniqueIsAUsageError() {
        VmshRun r = VmshRun.of("boot", VmshRun.repo("samples/hello.s").toString(), "--technique", "bt");
        assertEquals(2, r.status(), r.toString());
        assertEquals("vmsh: technique 'bt' must be hw, trap or trap-vtlb\n", r.err());
    }

    @ParameterizedTest
    @ValueSource(strings = {"hw", "trap", "trap-vtlb"})
    void aGuestWhoseTrapHandlerCannotBeFetchedStopsAtOnceWithOneLine(String technique) {
        VmshRun r = VmshRun.of("boot", VmshRun.repo("samples/traps.s").toString(), "--technique", technique, "--max-insns", "1e9");
        assertEquals(3, r.status(), r.toString());
        assertEquals("", r.out());
        assertEquals("vmsh: guest fault: instruction access fault (tval 0x00000000) at pc 0x00000000: trap handler 0x00000000"
                + " cannot be fetched (the guest's last trap: illegal instruction at pc 0x80000010)\n", r.err());
    }
}
