package vmsh.hv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import vmsh.board.RunResult;
import vmsh.board.StopReason;
import vmsh.debug.Hooks;
import vmsh.image.Image;

/**
 * Under bt a VM counts its guest's instructions, not the host instructions its translation
 * cache runs: run to the same guest instruction, a guest under bt stands where it stands
 * under trap (pc, registers, privilege, time, console), whatever the translator's units,
 * exits, lookups and callouts added; budgets that end inside a unit stop there exactly.
 */
class BtCountTest {
    /** Guests: the kernel (SBI), page-table and TLB workloads, the wild-store guest as a whole machine. */
    @ParameterizedTest
    @ValueSource(strings = {"kernel/kernel.s", "hv/pt-heavy.s", "hv/tlb-heavy.s", "debug/wild-store.s full", "kernel/kernel.s full"})
    void aGuestStandsAtTheSameGuestInstructionUnderBtAsUnderTrap(String guest) {
        String[] g = guest.split(" ");
        Image image = Guests.sample(g[0]);
        boolean full = g.length > 1;
        Vm trap = vm(Technique.TRAP, image, full), bt = vm(Technique.BT, image, full);
        Random slices = new Random(guest.hashCode());
        int compared = 0;
        while (trap.state() == VmState.READY && compared < 400) {
            long to = trap.guestInstructions() + 1 + slices.nextInt(slices.nextBoolean() ? 50 : 40_000);
            trap.hypervisor().runTo(trap, to, Long.MAX_VALUE);
            bt.hypervisor().runTo(bt, to, Long.MAX_VALUE);
            assertEquals(guestState(trap), guestState(bt), guest + " at guest instruction " + to);
            compared++;
        }
        assertEquals(trap.state(), bt.state(), bt.message());
        assertEquals(trap.message(), bt.message());
        assertEquals(trap.guestInstructions(), bt.guestInstructions());
        assertTrue(bt.virtualization().callouts() > 50, "bt ran translated code: " + bt.virtualization().callouts() + " callouts");
    }

    /**
     * Under bt a budget counts guest instructions (under trap it counts the instructions the
     * VMM makes the guest run again too): run one at a time, a bt guest goes as a trap guest
     * single-stepped, inside units and across their exits.
     */
    @Test
    void budgetsThatEndInsideAUnitStopThere() {
        Image kernel = Guests.kernel();
        Vm trap = vm(Technique.TRAP, kernel, false), bt = vm(Technique.BT, kernel, false);
        bt.run(150_000);
        assertEquals(150_000, bt.guestInstructions());
        trap.hypervisor().runTo(trap, 150_000, Long.MAX_VALUE);
        assertEquals(guestState(trap), guestState(bt));
        for (int i = 0; i < 3_000; i++) {
            long g0 = bt.guestInstructions();
            VmRunResult r = bt.run(1);
            assertEquals(1, r.insns(), "a budget of one instruction at " + g0);
            assertEquals(g0 + 1, bt.guestInstructions(), "one guest instruction at " + g0);
            trap.hypervisor().runTo(trap, bt.guestInstructions(), Long.MAX_VALUE);
            assertEquals(guestState(trap), guestState(bt), "after guest instruction " + g0);
        }
    }

    /** The wild-store guest's crash (its fetch fault) comes at the same guest instruction under every technique, bt included. */
    @Test
    void theCrashIsAtTheSameGuestInstruction() {
        Image image = Guests.sample("debug/wild-store.s");
        List<Long> at = new ArrayList<>();
        for (Technique t : List.of(Technique.HW, Technique.TRAP, Technique.BT)) {
            Vm vm = vm(t, image, true);
            vm.debugTarget().onTrap(e -> {
                if (!e.interrupt() && e.code() == vmsh.isa.Encoding.CAUSE_FETCH_ACCESS) vm.hypervisor().endRun();
            });
            vm.run(10_000_000);
            at.add(vm.guestInstructions());
        }
        assertEquals(1_187_365, at.get(0));
        assertEquals(List.of(at.get(0), at.get(0), at.get(0)), at);
    }

    /**
     * Under a watchpoint the kernel's loads and stores run untranslated, and a store's fetch
     * fault there can send it back into translated code: a retry, not a second instruction.
     * Hit after hit, a bt guest stops where a trap guest does (instruction, pc, message).
     */
    @ParameterizedTest
    @ValueSource(strings = {"r", "w", "rw"})
    void aWatchpointStopsAtTheSameGuestInstructionUnderBtAsUnderTrap(String access) {
        Image kernel = Guests.kernel();
        Vm trap = vm(Technique.TRAP, kernel, false), bt = vm(Technique.BT, kernel, false);
        Hooks onTrap = watching(trap, kernel, access), onBt = watching(bt, kernel, access);
        for (int hit = 1; hit <= 8; hit++) {
            RunResult t = onTrap.run(2_000_000), b = onBt.run(2_000_000);
            assertEquals(StopReason.BREAK, t.reason(), t.message());
            assertEquals(t.message(), b.message(), "hit " + hit);
            assertEquals(guestState(trap), guestState(bt), "hit " + hit + ": " + t.message());
        }
    }

    private static Hooks watching(Vm vm, Image kernel, String access) {
        long counter = Integer.toUnsignedLong(kernel.symbol("stat_syscalls"));
        Hooks hooks = new Hooks(vm.debugTarget());
        hooks.watchpoint(counter, counter + 4, access.contains("r"), access.contains("w"), null);
        return hooks;
    }

    private static Vm vm(Technique t, Image image, boolean full) {
        Hypervisor hv = new Hypervisor(HvConfig.DEFAULTS.memory(64L << 20));
        Vm vm = hv.create("g", 16L << 20, t, -1, 0, 16L << 20, full ? VmOptions.DEFAULTS.machine(VmMachine.FULL) : VmOptions.DEFAULTS);
        vm.load(image);
        return vm;
    }

    /** What the guest can see of itself: instructions, pc, registers, privilege, time, console. */
    private static List<Object> guestState(Vm vm) {
        Vcpu c = vm.vcpu();
        return List.of(vm.guestInstructions(), Integer.toHexString(vm.virtualization().guestPc(c.pc)), Arrays.toString(c.x),
                vm.virtualization().guestPrivilege(), c.cycles(), c.time(), vm.console().text(), vm.state());
    }
}
