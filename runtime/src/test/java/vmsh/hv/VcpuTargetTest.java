package vmsh.hv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import vmsh.board.RunResult;
import vmsh.board.StopReason;
import vmsh.board.TrapEvent;
import vmsh.debug.HookContext;
import vmsh.debug.Hooks;
import vmsh.debug.InstructionSteps;
import vmsh.debug.SteppingHook;
import vmsh.image.Image;
import vmsh.isa.Csr;

/**
 * The hooks a bare machine has, on a VM's vCPU: breakpoints and watchpoints on the guest's
 * virtual addresses stop the VM where its kernel is, trap hooks see what the guest kernel
 * receives (delivered by the hart or injected by the VMM), and watching changes nothing.
 */
class VcpuTargetTest {
    private static Image kernel(Technique t) { return Guests.sample(t == Technique.PV ? "kernel/kernel-pv.s" : "kernel/kernel.s"); }

    private static Vm vm(Technique t) {
        Hypervisor hv = new Hypervisor(HvConfig.DEFAULTS.memory(32L << 20));
        Vm vm = hv.create("k", 8L << 20, t);
        vm.load(kernel(t));
        return vm;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"hw", "trap", "trap-vtlb", "bt", "hw-shadow", "pv"})
    void breakpointsStopAtTheGuestsAddress(String name) {
        Technique t = Technique.parse(name);
        Vm vm = vm(t);
        int schedule = kernel(t).symbol("schedule");
        Hooks hooks = new Hooks(vm.debugTarget());
        hooks.breakpoint(schedule, null);
        RunResult first = hooks.run(5_000_000);
        assertEquals(StopReason.BREAK, first.reason(), name + ": " + first);
        assertEquals(schedule, vm.pc());
        assertEquals(String.format("breakpoint 1 at 0x%08x", schedule), first.message());
        RunResult second = hooks.run(5_000_000);
        assertEquals(StopReason.BREAK, second.reason(), name + ": " + second);
        assertTrue(second.insns() > 0, name + ": it went on to the next call");
        assertEquals(schedule, vm.pc());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"hw", "trap", "trap-vtlb", "bt", "hw-shadow", "pv"})
    void watchpointsSeeTheKernelsStores(String name) {
        Technique t = Technique.parse(name);
        Vm vm = vm(t);
        int counter = kernel(t).symbol("stat_syscalls");
        Hooks hooks = new Hooks(vm.debugTarget());
        hooks.watchpoint(Integer.toUnsignedLong(counter), Integer.toUnsignedLong(counter) + 4, false, true, null);
        RunResult r = hooks.run(5_000_000);
        assertEquals(StopReason.BREAK, r.reason(), name + ": " + r);
        assertTrue(r.message().startsWith("watchpoint 1: write 0x0 -> 0x1 at 0x"), r.message());
        r = hooks.run(5_000_000);
        assertTrue(r.message().startsWith("watchpoint 1: write 0x1 -> 0x2 at 0x"), r.message());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"hw", "trap", "trap-vtlb", "bt", "hw-shadow", "pv"})
    void trapHooksSeeWhatTheGuestKernelReceives(String name) {
        Technique t = Technique.parse(name);
        Vm vm = vm(t);
        List<TrapEvent> traps = new ArrayList<>();
        Hooks hooks = new Hooks(vm.debugTarget());
        hooks.onTrap(c -> traps.add(c.trap()));
        hooks.onInterrupt(c -> traps.add(c.trap()));
        hooks.run(3_000_000);
        int trapVector = kernel(t).symbol("trap_vector");
        long syscalls = traps.stream().filter(e -> !e.interrupt() && e.code() == 8).count();
        long timers = traps.stream().filter(e -> e.interrupt() && e.code() == 5).count();
        assertTrue(syscalls > 0 && timers > 0, name + ": " + syscalls + " system calls, " + timers + " timer interrupts");
        String to = t == Technique.HW || t == Technique.HW_SHADOW ? "VS" : "S";   // the hart's VS entry, or the VMM's virtual S
        for (TrapEvent e : traps) {
            assertEquals(trapVector, e.handler(), name + ": " + e);
            assertEquals(to, e.toName(), name + ": " + e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"hw", "trap", "bt", "hw-shadow", "pv"})
    void watchingChangesNothing(String name) {
        Technique t = Technique.parse(name);
        Vm plain = vm(t), watched = vm(t);
        long[] seen = new long[1];
        Hooks hooks = new Hooks(watched.debugTarget());
        hooks.onInstruction(0, 1L << 32, c -> seen[0]++);
        hooks.onWrite(0, 1L << 32, c -> { });
        plain.run(3_000_000);
        hooks.run(3_000_000);
        assertEquals(plain.console().text(), watched.console().text(), name);
        assertEquals(plain.state(), watched.state(), name);
        if (t == Technique.BT) return;   // its hart runs the translator's instructions too, and watched code runs untranslated
        assertEquals(plain.stats().insns(), watched.stats().insns(), name);
        // every instruction is seen once; a fetch that faults (and is retried after the VMM mapped its page) counts but is no instruction
        assertTrue(seen[0] <= watched.stats().insns() && seen[0] >= watched.stats().insns() - watched.exits(), name + ": " + seen[0] + " seen");
    }

    /** A hook on every instruction that steps the run on itself sees and leaves the guest as one the engine calls each time. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"hw", "trap", "bt", "hw-shadow", "pv"})
    void aSteppingHookIsCalledAsTheEngineCallsOne(String name) {
        Technique t = Technique.parse(name);
        List<Object> seen = new ArrayList<>();
        for (boolean stepping : new boolean[] {false, true}) {
            Vm vm = vm(t);
            long[] calls = {0, 0};
            Hooks hooks = new Hooks(vm.debugTarget());
            Consumer<HookContext> fn = c -> {
                calls[0]++;
                calls[1] = calls[1] * 31 + c.pc() + 7 * c.target().instructions();
                if (calls[0] % 100_003 == 0) c.stop("stop");
            };
            hooks.onInstruction(0, 1L << 32, !stepping ? fn : new SteppingHook() {
                @Override public void accept(HookContext c) { fn.accept(c); }

                @Override public void callStepping(HookContext c, InstructionSteps steps) {
                    do fn.accept(c); while (steps.next());
                }
            });
            List<Object> runs = new ArrayList<>();
            for (int k = 0; k < 8; k++) runs.add(hooks.run(250_000));
            seen.add(List.of(runs, calls[0], calls[1], vm.console().text(), vm.state(), vm.stats().insns()));
        }
        assertEquals(seen.get(0), seen.get(1), name);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"hw", "trap", "trap-vtlb", "bt", "hw-shadow", "pv"})
    void csrsArePrivilegeAreTheGuests(String name) {
        Technique t = Technique.parse(name);
        Vm vm = vm(t);
        vm.run(300_000);
        VcpuTarget target = vm.debugTarget();
        assertEquals(kernel(t).symbol("trap_vector"), target.csr(Csr.STVEC), name + ": stvec as the guest wrote it");
        assertTrue(target.csr(Csr.SATP) < 0, name + ": the guest turned Sv32 paging on");
        assertTrue(target.hasCsr(Csr.SSTATUS) && target.hasCsr(Csr.TIME), name);
        assertFalse(target.hasCsr(Csr.MSTATUS) || target.hasCsr(Csr.HSTATUS), name + ": an SBI guest has no M-mode or H CSRs");
        assertThrows(IllegalArgumentException.class, () -> target.csr(Csr.MTVEC));
        assertEquals(vm.guestPrivilege(), target.privilege(), name);
        long time = Integer.toUnsignedLong(target.csr(Csr.TIME));
        vm.run(100_000);
        assertTrue(Integer.toUnsignedLong(target.csr(Csr.TIME)) > time, name + ": the guest's time goes on, " + vm.state() + " " + time);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"hw", "trap", "bt", "hw-shadow"})
    void aWholeMachineHasItsMachineModeCsrs(String name) {
        Technique t = Technique.parse(name);
        Hypervisor hv = new Hypervisor(HvConfig.DEFAULTS.memory(32L << 20));
        Vm vm = hv.create("k", 8L << 20, t, -1, 0, 8L << 20, VmOptions.DEFAULTS.machine(VmMachine.FULL));
        vm.load(kernel(t));
        VcpuTarget target = vm.debugTarget();
        assertEquals(3, target.privilege(), name + ": it starts in M-mode");
        List<String> to = new ArrayList<>();
        Hooks hooks = new Hooks(target);
        hooks.onInterrupt(c -> to.add(c.trap().toName()));
        hooks.onTrap(c -> to.add(c.trap().toName()));
        hooks.run(2_000_000);
        assertTrue(target.hasCsr(Csr.MSTATUS) && target.hasCsr(Csr.MEDELEG), name);
        assertTrue(target.csr(Csr.MEDELEG) != 0, name + ": its shim delegated traps to its kernel");
        int mscratch = target.csr(Csr.MSCRATCH);
        target.setCsr(Csr.MSCRATCH, 7);
        assertEquals(7, target.csr(Csr.MSCRATCH), name + ": its M-mode's trap CSRs can be written");
        target.setCsr(Csr.MSCRATCH, mscratch);
        assertThrows(IllegalArgumentException.class, () -> target.setCsr(Csr.MEDELEG, 0), name);
        assertTrue(to.contains("M"), name + ": its M-mode receives the machine timer: " + to);
        assertTrue(to.contains(t == Technique.HW || t == Technique.HW_SHADOW ? "VS" : "S"), name + ": its kernel its own: " + to);
        assertEquals(kernel(t).symbol("trap_vector"), target.csr(Csr.STVEC), name);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"hw", "trap", "trap-vtlb", "bt", "hw-shadow"})
    void aDebuggerWritesTheGuestsTrapCsrsAndIsToldWhyNotTheOthers(String name) {
        Technique t = Technique.parse(name);
        Vm vm = vm(t);
        VcpuTarget target = vm.debugTarget();
        Hooks hooks = new Hooks(target);
        hooks.breakpoint(kernel(t).symbol("schedule"), null);
        assertEquals(StopReason.BREAK, hooks.run(5_000_000).reason(), name);
        int sscratch = target.csr(Csr.SSCRATCH), sepc = target.csr(Csr.SEPC);
        target.setCsr(Csr.SSCRATCH, 5);
        assertEquals(5, target.csr(Csr.SSCRATCH), name);
        target.setCsr(Csr.SEPC, 0x8000_0003);
        assertEquals(0x8000_0000, target.csr(Csr.SEPC), name + ": as the guest's csrw would (IALIGN 32)");
        int scounteren = target.csr(Csr.SCOUNTEREN);
        var e = assertThrows(IllegalArgumentException.class, () -> target.setCsr(Csr.SCOUNTEREN, 0));
        assertTrue(e.getMessage().startsWith("VM 'k' (" + t.label + "): a debugger cannot write scounteren: "), e.getMessage());
        assertEquals(scounteren, target.csr(Csr.SCOUNTEREN), name + ": a refused write changes nothing");
        e = assertThrows(IllegalArgumentException.class, () -> target.setPrivilege(3));
        assertTrue(e.getMessage().contains("an SBI guest has no M-mode"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> target.setCsr(Csr.MSCRATCH, 1), name + ": an SBI guest has no mscratch");
        target.setCsr(Csr.SSCRATCH, sscratch);
        target.setCsr(Csr.SEPC, sepc);
        hooks.clear();
        vm.run(5_000_000);
        Vm plain = vm(t);
        plain.run(5_000_000);
        assertEquals(plain.console().text(), vm.console().text(), name + ": written back, the kernel goes on as it would have");
    }

    /**
     * satp, sstatus, sie, sip and the privilege, written by a debugger where the technique
     * keeps them, take effect as the guest's own writes would: the debugger's guest-virtual
     * view follows satp, a software interrupt made pending and enabled is taken at the next
     * run; written back, the kernel goes on exactly as without the debugger.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"hw", "trap", "trap-vtlb", "bt", "hw-shadow"})
    void aDebuggerWritesTheGuestsStateCsrsAndPrivilege(String name) {
        Technique t = Technique.parse(name);
        Vm vm = vm(t), plain = vm(t);
        VcpuTarget target = vm.debugTarget();
        Hooks hooks = new Hooks(target);
        int schedule = kernel(t).symbol("schedule");
        hooks.breakpoint(schedule, null);
        assertEquals(StopReason.BREAK, hooks.run(5_000_000).reason(), name);
        hooks.clear();
        int satp = target.csr(Csr.SATP), sstatus = target.csr(Csr.SSTATUS), sie = target.csr(Csr.SIE), sip = target.csr(Csr.SIP);
        assertTrue(satp != 0, name + ": the kernel pages");
        long mapped = target.physical(schedule, vmsh.mmu.Access.FETCH);
        target.setCsr(Csr.SATP, 0);
        assertEquals(0, target.csr(Csr.SATP), name);
        assertEquals(Integer.toUnsignedLong(schedule), target.physical(schedule, vmsh.mmu.Access.FETCH), name + ": bare: addresses are physical");
        target.setCsr(Csr.SATP, satp);
        assertEquals(satp, target.csr(Csr.SATP), name);
        assertEquals(mapped, target.physical(schedule, vmsh.mmu.Access.FETCH), name + ": its table again");
        target.setPrivilege(0);
        assertEquals(0, target.privilege(), name);
        target.setPrivilege(1);
        assertEquals(1, target.privilege(), name);
        assertEquals(schedule, target.pc(), name + ": still where it stopped");
        target.setCsr(Csr.SSTATUS, sstatus | 0x40000);   // SUM
        assertEquals(sstatus | 0x40000, target.csr(Csr.SSTATUS), name);
        target.setCsr(Csr.SSTATUS, sstatus);
        assertEquals(sstatus, target.csr(Csr.SSTATUS), name);
        target.setCsr(Csr.SIE, sie ^ 2);
        assertEquals(sie ^ 2, target.csr(Csr.SIE), name);
        target.setCsr(Csr.SIE, sie);
        assertEquals(sie, target.csr(Csr.SIE), name);
        assertEquals(sip, target.csr(Csr.SIP), name);
        vm.run(3_000_000);
        plain.hypervisor().runTo(plain, vm.guestInstructions(), Long.MAX_VALUE);
        assertEquals(plain.console().text(), vm.console().text(), name + ": written back, the kernel goes on as it would have");

        Vm w = vm(t);
        VcpuTarget wt = w.debugTarget();
        Hooks wh = new Hooks(wt);
        wh.breakpoint(schedule, null);
        assertEquals(StopReason.BREAK, wh.run(5_000_000).reason(), name);
        wh.clear();
        List<TrapEvent> traps = new ArrayList<>();
        wt.onTrap(traps::add);
        wt.setCsr(Csr.SIE, wt.csr(Csr.SIE) | 2);
        wt.setCsr(Csr.SSTATUS, wt.csr(Csr.SSTATUS) | 2);
        wt.setCsr(Csr.SIP, wt.csr(Csr.SIP) | 2);
        assertEquals(2, wt.csr(Csr.SIP) & 2, name + ": SSIP pending");
        w.run(1);
        assertTrue(!traps.isEmpty() && traps.get(0).interrupt() && traps.get(0).code() == 1, name + ": the supervisor software interrupt taken: " + traps);
    }

    /** A whole machine's M-mode under trap and bt: mie and the privilege are the virtual hart's. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"trap", "bt"})
    void aWholeMachinesMachineLevelIsWritten(String name) {
        Technique t = Technique.parse(name);
        Hypervisor hv = new Hypervisor(HvConfig.DEFAULTS.memory(32L << 20));
        Vm vm = hv.create("k", 8L << 20, t, -1, 0, 8L << 20, VmOptions.DEFAULTS.machine(VmMachine.FULL));
        Vm plain = hv.create("p", 8L << 20, t, -1, 0, 8L << 20, VmOptions.DEFAULTS.machine(VmMachine.FULL));
        vm.load(kernel(t));
        plain.load(kernel(t));
        vm.run(10);
        VcpuTarget target = vm.debugTarget();
        assertEquals(3, target.privilege(), name + ": its shim runs in M-mode");
        int mie = target.csr(Csr.MIE);
        target.setCsr(Csr.MIE, mie ^ 0x80);
        assertEquals(mie ^ 0x80, target.csr(Csr.MIE), name);
        target.setCsr(Csr.MIE, mie);
        target.setPrivilege(1);
        assertEquals(1, target.privilege(), name);
        target.setPrivilege(3);
        assertEquals(3, target.privilege(), name);
        vm.run(5_000_000);
        plain.hypervisor().runTo(plain, vm.guestInstructions(), Long.MAX_VALUE);
        assertEquals(plain.console().text(), vm.console().text(), name + ": written back, the machine goes on as it would have");
        assertTrue(vm.console().text().contains("kernel"), vm.console().text());
    }

    @Test void aParavirtualGuestsCsrsAreItsSharedPages() {
        VcpuTarget target = vm(Technique.PV).debugTarget();
        target.setCsr(Csr.SSCRATCH, 5);
        assertEquals(5, target.csr(Csr.SSCRATCH));
        int sie = target.csr(Csr.SIE);
        target.setCsr(Csr.SIE, sie | 2);
        assertEquals(sie | 2, target.csr(Csr.SIE));
        var e = assertThrows(IllegalArgumentException.class, () -> target.setCsr(Csr.SATP, 0));
        assertTrue(e.getMessage().contains("switches address spaces by hypercall"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> target.setPrivilege(0));
        assertTrue(e.getMessage().startsWith("VM 'k' (pv): a debugger cannot set the privilege to 0: "), e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"hw", "trap", "bt", "hw-shadow", "pv"})
    void aDebuggersWriteReachesTheGuest(String name) {
        Technique t = Technique.parse(name);
        Vm vm = vm(t);
        VcpuTarget target = vm.debugTarget();
        Hooks hooks = new Hooks(target);
        hooks.breakpoint(kernel(t).symbol("schedule"), null);
        assertEquals(StopReason.BREAK, hooks.run(5_000_000).reason(), name + ": in the kernel, whose addresses translate");
        hooks.clear();
        int counter = kernel(t).symbol("stat_syscalls");
        long gpa = target.physical(counter, vmsh.mmu.Access.LOAD);
        assertTrue(gpa >= 0 && target.isRam(gpa, 4), name);
        int before = target.read((int) gpa, 4);
        target.write((int) gpa, 4, 1000);
        vm.run(1_000_000);
        assertTrue(target.read((int) gpa, 4) > 1000, name + ": the kernel counted on from what the debugger wrote (was " + before + ", now "
                + target.read((int) gpa, 4) + ", " + vm.state() + ")");
        assertFalse(target.isRam(0x1000_0000L, 1), name + ": a device is not RAM");
    }

    @Test void underBtAHookAddedMidRunTakesEffectAtOnceAndTranslationComesBack() {
        Vm vm = vm(Technique.BT);
        Image k = kernel(Technique.BT);
        int schedule = k.symbol("schedule");
        Hooks hooks = new Hooks(vm.debugTarget());
        List<Integer> seen = new ArrayList<>();
        hooks.onTrap(c -> {   // the first system call adds a breakpoint, from inside the run
            if (c.trap().code() == 8 && hooks.list().size() == 1) hooks.breakpoint(schedule, null);
        });
        RunResult r = hooks.run(5_000_000);
        assertEquals(StopReason.BREAK, r.reason(), r.toString());
        assertEquals(schedule, vm.pc(), "stopped at the guest's schedule, not in the cache");
        hooks.clear();
        vm.run(200_000);
        assertTrue(vm.translations().units() > 0, "translation goes on once the hooks are gone");
        long from = Integer.toUnsignedLong(schedule);
        hooks.onInstruction(from, from + 4, c -> seen.add(c.pc()));
        hooks.run(3_000_000);
        assertTrue(!seen.isEmpty() && seen.stream().allMatch(pc -> pc == schedule), "instruction hooks see the guest's pcs: " + seen.size());
    }
}
