package vmsh.hv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * A guest's own time (htimedelta under hw, emulated time reads under trap), and the ways a
 * run of the hypervisor ends early: requestStop and an instruction limit.
 */
class GuestTimeAndStopTest {
    static final int S2 = 18, S3 = 19;

    /** Reads time, spins 20,000 loop iterations (40,000 instructions), reads it again: s2, s3. */
    static final String TIMED_SPIN = """
                csrr s2, time
                li t0, 20000
            1:  addi t0, t0, -1
                bnez t0, 1b
                csrr s3, time
            """;

    static final String RUNAWAY = """
            1:  addi t0, t0, 1
                j 1b
            """;

    @ParameterizedTest
    @ValueSource(strings = {"hw", "trap", "trap-vtlb"})
    void aGuestSeesOnlyTheTimeItRan(String technique) {
        Hypervisor hv = new Hypervisor();   // quantum 10,000: the two VMs take turns during the spin
        Vm a = hv.create("a", 16 << 20, Technique.parse(technique));
        Vm b = hv.create("b", 16 << 20, Technique.parse(technique));
        a.load(HvGuests.guest(TIMED_SPIN));
        b.load(HvGuests.guest(TIMED_SPIN));
        hv.run(1_000_000, false);
        for (Vm vm : List.of(a, b)) {
            assertEquals(VmState.HALTED, vm.state());
            long ticks = vm.vcpu().x[S3] - vm.vcpu().x[S2];
            // 40,000 instructions at 100 cycles per tick: 400 ticks, not the 800 both VMs took together
            assertTrue(ticks >= 400 && ticks <= 402, vm.name() + " saw " + ticks + " ticks");
        }
        long reads = technique.equals("hw") ? 0 : 2;   // only trap-and-emulate exits to read time
        assertEquals(reads, a.exits(ExitReason.CSR));
    }

    @Test void hwGuestsReadTheHostTimePlusTheirHtimedelta() {
        Hypervisor hv = new Hypervisor();
        Vm a = hv.create("a", 16 << 20, Technique.HW);
        Vm b = hv.create("b", 16 << 20, Technique.HW);
        a.load(HvGuests.guest(RUNAWAY));
        b.load(HvGuests.guest(RUNAWAY));
        hv.run(100_000, false);
        // b waited while a ran its first quantum: b's time is behind the host's by that much
        hv.run(1, false);   // a's next instruction: a is on the hart
        var csr = hv.hart().csr;
        long delta = (long) csr.htimedeltah << 32 | csr.htimedelta & 0xffff_ffffL;
        assertTrue(delta < 0, "a's time lags the host's: htimedelta " + delta);
        assertEquals(a.vcpu().time(), hv.engine().clock().cycles() / vmsh.dev.Clint.CYCLES_PER_TICK + delta);
    }

    @Test void requestStopEndsTheRunWithinAChunk() {
        Hypervisor hv = new Hypervisor(HvConfig.DEFAULTS.quantum(1_000_000));
        Vm vm = hv.create("spin", 16 << 20, Technique.TRAP);
        vm.load(HvGuests.guest("""
            1:  csrr t1, sscratch
                j 1b
            """));
        vm.onExit(e -> hv.requestStop());   // as Ctrl-C would, from the VMM's first exit
        List<VmRunResult> r = hv.run(Long.MAX_VALUE, false);
        assertEquals(VmState.READY, r.get(0).state());
        assertEquals(1, r.get(0).exits());
        assertEquals(1, vm.run(10).exits(), "the request was served: the next run goes on");
    }

    @Test void anInstructionLimitEndsTheRunExactlyWhateverTheBudgetsUnit() {
        Hypervisor hv = new Hypervisor();
        Vm a = hv.create("a", 16 << 20, Technique.HW);
        Vm b = hv.create("b", 16 << 20, Technique.TRAP);
        a.load(HvGuests.guest(RUNAWAY));
        b.load(HvGuests.guest(RUNAWAY));
        List<VmRunResult> r = hv.run(Long.MAX_VALUE, true, 25_003);
        assertEquals(25_003, r.get(0).insns() + r.get(1).insns());
        assertEquals(VmState.READY, a.state());
    }
}
