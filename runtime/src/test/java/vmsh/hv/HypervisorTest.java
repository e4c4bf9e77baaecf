package vmsh.hv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import vmsh.hostmem.PageEvent;
import vmsh.hostmem.PageState;
import vmsh.machine.Machine;

class HypervisorTest {
    static final int S2 = 18, S3 = 19, S4 = 20, S5 = 21;

    private static Vm boot(Hypervisor hv, String technique, vmsh.image.Image image) {
        Vm vm = hv.create("g-" + technique, 16 << 20, Technique.parse(technique));
        vm.load(image);
        return vm;
    }

    @ParameterizedTest
    @ValueSource(strings = {"hw", "trap", "trap-vtlb", "hw-shadow"})
    void devicesAreEmulatedThroughMmioExits(String technique) {
        Hypervisor hv = new Hypervisor();
        Vm vm = boot(hv, technique, HvGuests.guest("""
                li t0, UART
                li t1, 'o'
                sb t1, 0(t0)
                li t1, 'k'
                sb t1, 0(t0)
                lbu s2, 5(t0)              # LSR: the transmitter is ready
                li t0, FINISHER
                li t1, (7 << 16) | 0x3333
                sw t1, 0(t0)
            """));
        hv.run(10_000, false);
        assertEquals("ok", vm.console().text());
        assertEquals(VmState.HALTED, vm.state());
        assertEquals(7, vm.exitCode());
        assertEquals(4, vm.exits(ExitReason.MMIO));
        assertTrue((vm.vcpu().x[S2] & 0x20) != 0, "LSR.THRE read through the emulated UART");
    }

    /** hgatp.VMID has 7 bits: a host that creates and removes VMs must reuse them, and a VMID's TLB entries must not outlive its VM. */
    @Test void removingAVmFreesItsVmid() {
        Hypervisor hv = new Hypervisor(HvConfig.DEFAULTS.memory(64L << 20));
        for (int i = 0; i < 300; i++) {
            Vm vm = hv.create("vm" + i, 1 << 20, Technique.parse(i % 2 == 0 ? "hw" : "trap"));
            vm.load(HvGuests.guest("""
                    li t0, 0x80080000
                    lw t1, 0(t0)           # another VM left its number in its own page here
                    addi t1, t1, 1
                    sw t1, 0(t0)
                    li t0, FINISHER
                    slli t1, t1, 16
                    li t2, 0x3333
                    or t1, t1, t2
                    sw t1, 0(t0)
                """));
            hv.run(10_000, false);
            assertEquals(VmState.HALTED, vm.state(), vm.message());
            assertEquals(1, vm.exitCode(), "VM " + i + " read its own zeroed page, not a page of a VM before it");
            hv.remove(vm);
        }
        assertTrue(hv.vms().isEmpty());
    }

    @Test void sbiShutdownEndsTheVmWithItsReason() {
        Hypervisor hv = new Hypervisor();
        Vm vm = boot(hv, "hw", HvGuests.guest("""
                li a7, SBI_EXT_SRST
                li a6, 0
                li a0, 0
                li a1, 1                   # system failure
                ecall
            """));
        hv.run(1000, false);
        assertEquals(VmState.HALTED, vm.state());
        assertEquals(1, vm.exitCode());
        assertEquals(1, vm.exits(ExitReason.SBI));
    }

    @Test void hwFillsTheGStageOnFirstTouchAndRefillsAfterThePmapChanges() {
        Hypervisor hv = new Hypervisor();
        Vm vm = boot(hv, "hw", HvGuests.guest("""
                li t0, 0x80200000
                li t1, 1234
                sw t1, 0(t0)
                li t2, 2000
            1:  addi t2, t2, -1
                bnez t2, 1b
                lw s2, 0(t0)
            """));
        hv.run(200, false);   // the store is done, the loop runs
        int gpn = 0x200;
        assertEquals(PageState.PRIVATE, vm.memory().pmap().state(gpn));
        long faults = vm.exits(ExitReason.G_STAGE_FAULT);
        assertTrue(vm.memory().pmap().swapOut(gpn));   // the VMM must unmap it from the G-stage
        assertEquals(PageState.SWAPPED, vm.memory().pmap().state(gpn));
        hv.run(100_000, false);
        assertEquals(VmState.HALTED, vm.state());
        assertEquals(1234, vm.vcpu().x[S2]);
        assertEquals(faults, vm.exits(ExitReason.G_STAGE_FAULT));
        assertEquals(1, vm.exits(ExitReason.SWAP_IN));              // the refill is an exit of its own
        assertEquals(1, vm.memory().pmap().count(PageEvent.SWAP_IN));
    }

    @Test void tracedShadowsFollowPageTableWritesAtOnce() {
        Vm vm = runRemap("trap");
        assertEquals(111, vm.vcpu().x[S4]);
        assertEquals(222, vm.vcpu().x[S2], "the traced PTE write already changed the shadow");
        assertEquals(222, vm.vcpu().x[S3]);
        assertTrue(vm.exits(ExitReason.PT_WRITE) >= 1);
        trueFaultReachedTheGuest(vm);
    }

    @Test void aVirtualTlbKeepsStaleEntriesUntilSfence() {
        Vm vm = runRemap("trap-vtlb");
        assertEquals(111, vm.vcpu().x[S4]);
        assertEquals(111, vm.vcpu().x[S2], "no fence yet: the shadow is a TLB");
        assertEquals(222, vm.vcpu().x[S3], "sfence.vma dropped the shadow entry");
        assertEquals(0, vm.exits(ExitReason.PT_WRITE));
        trueFaultReachedTheGuest(vm);
    }

    @Test void hwGuestFaultsStayInTheGuest() {
        Vm vm = runRemap("hw");
        assertEquals(111, vm.vcpu().x[S4]);
        assertEquals(222, vm.vcpu().x[S3]);
        assertEquals(13, vm.vcpu().x[S5]);
        assertEquals(0, vm.exits(ExitReason.GUEST_FAULT), "the page fault was delegated to VS-mode");
        assertEquals(0, vm.exits(ExitReason.SFENCE));
        // a full two-stage walk: (2 + 1) * (2 + 1) - 1 references
        VmTranslation t = vm.translate(0x4000_0000);
        assertTrue(t.guest().ok());
        assertEquals(8, t.references());
        assertEquals(0x8020_1000L, t.guest().gpa());
    }

    private static Vm runRemap(String technique) {
        Hypervisor hv = new Hypervisor();
        Vm vm = boot(hv, technique, HvGuests.remapGuest());
        hv.run(100_000, false);
        assertEquals(VmState.HALTED, vm.state(), vm.message());
        return vm;
    }

    private static void trueFaultReachedTheGuest(Vm vm) {
        assertEquals(13, vm.vcpu().x[S5], "the guest's handler saw its load page fault");
        assertEquals(1, vm.exits(ExitReason.GUEST_FAULT), "one true fault reflected");
        assertTrue(vm.exits(ExitReason.HIDDEN_FAULT) >= 3, "hidden faults filled the shadow without the guest knowing");
        assertEquals(2, vm.exits(ExitReason.SFENCE));
        VmTranslation t = vm.translate(0x4000_0000);
        assertTrue(t.guest().ok());
        assertEquals(2, t.references(), "a shadow walk is a native Sv32 walk");
        assertEquals(2, t.guest().references(), "the VMM's walk of the guest table");
        VmTranslation miss = vm.translate(0x4000_1000);
        assertFalse(miss.guest().ok());
    }

    @Test void trapAndEmulateCountsEverySensitiveInstruction() {
        Hypervisor hv = new Hypervisor();
        Vm vm = boot(hv, "trap", HvGuests.guest("""
                li t2, 100
            1:  csrr t0, sstatus
                csrw sscratch, t2
                addi t2, t2, -1
                bnez t2, 1b
                csrr s2, sscratch
            """));
        List<ExitEvent> events = new ArrayList<>();
        vm.onExit(events::add);
        hv.run(10_000, false);
        assertEquals(1, vm.vcpu().x[S2]);
        assertEquals(201, vm.exits(ExitReason.CSR));
        assertEquals(vm.exits(), events.size());
        ExitEvent first = events.stream().filter(e -> e.reason() == ExitReason.CSR).findFirst().orElseThrow();
        assertTrue(first.detail().contains("sstatus"), first.detail());
        assertEquals(vm.exits(ExitReason.HIDDEN_FAULT), events.stream().filter(e -> e.reason() == ExitReason.HIDDEN_FAULT).count());
    }

    @Test void cyclesComeFromTheCostModel() {
        Hypervisor hv = new Hypervisor();
        Vm vm = boot(hv, "trap", HvGuests.remapGuest());
        hv.run(100_000, false);
        VmStats s = vm.stats();
        CostModel c = hv.costs();
        long exitCycles = 0;
        for (ExitReason r : ExitReason.values()) exitCycles += vm.exits(r) * c.exit(r);
        assertEquals(s.insns() + s.walkReferences() * 20 + s.guestTraps() * 4 + s.idleCycles() + exitCycles, s.cycles());
        long before = s.cycles();
        c.set("exitRoundTrip", 0);
        assertEquals(before - 1000 * s.exits(), vm.stats().cycles());
        assertThrows(IllegalArgumentException.class, () -> c.set("no-such-cost", 1));
    }

    @Test void theKernelPrintsTheSameUnderEveryTechniqueAndOnTheBareMachine() {
        Machine bare = new Machine();
        bare.load(Guests.kernel());
        bare.run(50_000_000);
        String expected = bare.console().text();
        assertEquals(Guests.kernelExpected(), expected);
        Hypervisor hv = new Hypervisor(HvConfig.DEFAULTS.quantum(5_000));
        List<Vm> vms = new ArrayList<>();
        for (String t : new String[] {"hw", "trap", "trap-vtlb", "hw-shadow"}) {
            Vm vm = hv.create(t, 32 << 20, Technique.parse(t));
            vm.load(Guests.kernel());
            vms.add(vm);
        }
        List<VmRunResult> results = hv.run(200_000_000, true);   // three kernels share the host
        for (Vm vm : vms) {
            assertEquals(VmState.HALTED, vm.state(), vm.name() + ": " + vm.message());
            assertEquals(0, vm.exitCode());
            assertEquals(expected, vm.console().text(), vm.name());
        }
        assertEquals(4, results.size());
        assertTrue(vms.get(0).exits() < vms.get(2).exits(), "hw exits far less than trap-and-emulate");
    }

    @Test void schedulingIsDeterministic() {
        assertEquals(twoKernels(), twoKernels());
    }

    private static List<String> twoKernels() {
        Hypervisor hv = new Hypervisor(HvConfig.DEFAULTS.quantum(3_000));
        hv.create("a", 32 << 20, Technique.TRAP_VTLB).load(Guests.kernel());
        hv.create("b", 32 << 20, Technique.HW).load(Guests.kernel());
        hv.run(1_000_000, false);   // both mid-run: interleaving matters
        List<String> out = new ArrayList<>();
        for (VmStats s : hv.stats()) out.add(s.toString());
        for (Vm v : hv.vms()) out.add(v.console().text());
        return out;
    }

    @Test void badRequestsAreClearErrors() {
        Hypervisor hv = new Hypervisor(HvConfig.DEFAULTS.memory(16 << 20));
        assertThrows(IllegalArgumentException.class, () -> hv.create("x", 1000, Technique.HW));
        assertThrows(IllegalArgumentException.class, () -> Technique.parse("warp-drive"));
        hv.create("x", 8 << 20, Technique.HW);
        assertThrows(IllegalArgumentException.class, () -> hv.create("x", 8 << 20, Technique.HW));
        assertThrows(IllegalArgumentException.class, () -> hv.vm("y"));
    }
}
