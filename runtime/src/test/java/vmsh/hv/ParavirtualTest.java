package vmsh.hv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import vmsh.hv.sbi.SbiIds;

/** pv: hypercalls, the shared page, direct paging's validation, and the paravirtual kernel. */
class ParavirtualTest {
    static final int S2 = 18, S3 = 19, S4 = 20, S5 = 21, S6 = 22, S7 = 23;

    /**
     * A pv guest in raw hypercalls (paging off, so the hole and RAM are the VMM's boot table):
     * registers a batch and a trap vector, loads a root (0x8010_0000) into satp, then asks
     * for three bad updates and one direct store into its registered root.
     */
    private static final String GUEST = """
            .equ EXT, 0x0A00766D
            .equ SHARED_COUNT, 0x828 - 0x1000
            .equ SHARED_SCAUSE, 0x80C - 0x1000
            .equ SHARED_STVAL, 0x810 - 0x1000
            .equ SHARED_SIE, 0x804 - 0x1000
            .equ BATCH, 0x80200000
            .equ ROOT, 0x80100000
                li a7, 0x10                # probe EXT_VMSH
                li a6, 3
                li a0, EXT
                ecall
                mv s7, a1
                li a7, EXT
                li a6, 7                   # register_batch(BATCH, 8)
                li a0, BATCH
                li a1, 8
                ecall
                la a0, vector
                li a6, 0                   # set_trap_vector
                ecall
                li t0, 2                   # a store in the shared page: no exit
                sw t0, SHARED_SIE(zero)
                li s6, ROOT >> 12          # a satp names the root's physical page, not its machine one
                li t1, BATCH               # entry 0: new satp = Sv32 | root
                li t0, 2
                sw t0, 0(t1)
                li t0, 0x80000000
                or t0, t0, s6
                sw t0, 4(t1)
                li t0, ROOT                # entry 1: a pointer to machine page 0x80000, not the guest's
                sw t0, 8(t1)
                li t0, 0x80000 << 10 | 1
                sw t0, 12(t1)
                li t0, 2
                sw t0, SHARED_COUNT(zero)
                li a6, 3                   # mmu
                ecall
                mv s2, a0                  # refused
                mv s3, a1                  # after one entry
                li t0, ROOT + 512 * 4      # the VMM's half
                sw t0, 0(t1)
                li t0, 1
                sw t0, 4(t1)
                li t0, 1
                sw t0, SHARED_COUNT(zero)
                ecall
                mv s4, a0
                li t0, ROOT
                sw zero, 0(t0)             # a direct store into a registered table: faults
                j shutdown
                .balign 4
            vector:
                lw s5, SHARED_SCAUSE(zero)
                lw s1, SHARED_STVAL(zero)
                j shutdown
            """;

    @Test void validationRefusesForeignFramesAndTheVmmsHalfAndTablesAreReadOnly() {
        Hypervisor hv = new Hypervisor();
        Vm vm = hv.create("pv", 16 << 20, Technique.PV);
        vm.load(HvGuests.guest(GUEST));
        hv.run(100_000, false);
        assertEquals(VmState.HALTED, vm.state(), vm.message());
        int[] x = vm.vcpu().x;
        assertEquals(1, x[S7], "EXT_VMSH is there for a pv VM");
        assertEquals(SbiIds.ERR_INVALID_PARAM, x[S2], "a frame that is not the guest's");
        assertEquals(1, x[S3], "the satp entry before it went through");
        assertEquals(SbiIds.ERR_DENIED, x[S4], "root entries 512 up are the VMM's");
        assertEquals(15, x[S5], "the store into the registered root bounced as a store page fault");
        assertEquals(0x8010_0000, x[9], "stval");
        assertEquals(0, vm.exits(ExitReason.CSR));
        assertEquals(4, vm.exits(ExitReason.HYPERCALL), "register, vector, two batches");
    }

    @Test void otherTechniquesDoNotOfferTheHypercalls() {
        Hypervisor hv = new Hypervisor();
        Vm vm = hv.create("hw", 16 << 20, Technique.HW);
        vm.load(HvGuests.guest("""
                li a7, 0x10
                li a6, 3
                li a0, 0x0A00766D
                ecall
                mv s2, a1
            """));
        hv.run(10_000, false);
        assertEquals(0, vm.vcpu().x[S2]);
    }

    @Test void theParavirtualKernelPrintsWhatTheKernelPrintsWithHypercallsInsteadOfCsrExits() {
        Hypervisor hv = new Hypervisor(HvConfig.DEFAULTS.memory(128L << 20));
        Vm pv = hv.create("pv", 32 << 20, Technique.PV);
        pv.load(Guests.sample("kernel/kernel-pv.s"));
        hv.run(50_000_000, false);
        assertEquals(VmState.HALTED, pv.state(), pv.message());
        assertEquals(Guests.kernelExpected(), pv.console().text());
        assertEquals(0, pv.exits(ExitReason.CSR) + pv.exits(ExitReason.SRET) + pv.exits(ExitReason.HIDDEN_FAULT)
                + pv.exits(ExitReason.PT_WRITE));
        assertTrue(pv.exits(ExitReason.HYPERCALL) > 100);
        PvStats s = ((Paravirtual) pv.virtualization()).pvStats();
        assertEquals(0, s.refused());
        assertTrue(s.ptes() > 10 && s.batchEntries() > s.ptes(), s.toString());
        assertTrue(pv.memory().pmap().pinned(), "a pv guest's frames never move");
    }

    @Test void aForkCostsAFewHypercallsNotOneExitPerPageTableWrite() {
        Hypervisor hv = new Hypervisor(HvConfig.DEFAULTS.memory(128L << 20));
        Vm pv = hv.create("pv", 32 << 20, Technique.PV);
        pv.load(Guests.sample("micro/pv/forkwait.s"));
        hv.run(50_000_000, false);
        assertEquals("forkwait: 1000 processes forked and waited for\n", pv.console().text());
        assertTrue(pv.exits() < 12 * 1000, "exits: " + pv.exits());
    }
}
