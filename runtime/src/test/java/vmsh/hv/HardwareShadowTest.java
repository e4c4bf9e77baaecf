package vmsh.hv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** hw-shadow: the CPU virtualized by hardware (VS-mode), the MMU by the VMM (VTVM, shadow tables). */
class HardwareShadowTest {
    private static Vm run(vmsh.image.Image image) {
        Hypervisor hv = new Hypervisor();
        Vm vm = hv.create("g", 16 << 20, Technique.HW_SHADOW);
        vm.load(image);
        hv.run(200_000, false);
        assertEquals(VmState.HALTED, vm.state(), vm.message());
        return vm;
    }

    @Test void csrAccessesCostNothingButSatpAndSfenceExit() {
        Vm vm = run(HvGuests.guest("""
                li t2, 100
            1:  csrr t0, sstatus
                csrw sscratch, t2
                addi t2, t2, -1
                bnez t2, 1b
                csrr s2, sscratch
                csrr s3, satp
                sfence.vma
            """));
        assertEquals(1, vm.vcpu().x[HypervisorTest.S2]);
        assertEquals(0, vm.vcpu().x[HypervisorTest.S3], "the guest's own satp: paging off");
        assertEquals(1, vm.exits(ExitReason.CSR), "only the satp read (hstatus.VTVM) exits");
        assertEquals(1, vm.exits(ExitReason.SFENCE));
        assertEquals(0, vm.exits(ExitReason.G_STAGE_FAULT), "no G-stage");
    }

    @Test void tracedShadowsFollowPageTableWritesAndTrueFaultsAreInjected() {
        Vm vm = run(HvGuests.remapGuest());
        assertEquals(111, vm.vcpu().x[HypervisorTest.S4]);
        assertEquals(222, vm.vcpu().x[HypervisorTest.S2], "the traced PTE write already changed the shadow");
        assertEquals(222, vm.vcpu().x[HypervisorTest.S3]);
        assertEquals(13, vm.vcpu().x[HypervisorTest.S5], "the guest's handler saw its load page fault");
        assertTrue(vm.exits(ExitReason.PT_WRITE) >= 1);
        assertEquals(1, vm.exits(ExitReason.GUEST_FAULT), "the one true fault, injected into VS-mode");
        assertEquals(2, vm.exits(ExitReason.SFENCE));
        assertEquals(1, vm.exits(ExitReason.CSR), "the satp write is the only CSR exit");
        VmTranslation t = vm.translate(0x4000_0000);
        assertTrue(t.guest().ok());
        assertEquals(0x8020_1000L, t.guest().gpa());
        assertEquals(2, t.references(), "the shadow is one Sv32 walk: no G-stage");
        assertFalse(vm.translate(0x4000_1000).guest().ok());
        List<ShadowView> views = vm.shadow();
        assertTrue(views.stream().anyMatch(v -> v.name().contains("the hart checks U")), views.toString());
    }

    @Test void guestSystemCallsAreDelegatedToTheGuestKernel() {
        Hypervisor hv = new Hypervisor();
        Vm vm = hv.create("k", 32 << 20, Technique.HW_SHADOW);
        vm.load(Guests.sample("micro/syscall.s"));
        hv.run(50_000_000, false);
        assertEquals(VmState.HALTED, vm.state(), vm.message());
        assertEquals("syscall: 1000 system calls\n", vm.console().text());
        assertTrue(vm.stats().guestTraps() >= 1000, "each ecall went to the guest kernel without an exit");
        assertTrue(vm.exits() < 100, "exits: " + vm.exits());
    }
}
