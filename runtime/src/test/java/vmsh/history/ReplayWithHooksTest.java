package vmsh.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import vmsh.debug.Hooks;
import vmsh.hv.Hypervisor;
import vmsh.hv.Technique;
import vmsh.hv.Vm;
import vmsh.isa.Csr;

/**
 * A host recording replays to the same console and state hash whatever hooks the replaying
 * host has (a replay runs as recorded: hooks keep quiet, and under bt the translator ends
 * its units where it did, not before the marked instructions); a debugger's writes of a
 * VM's satp, sstatus, sie and privilege between runs are in the recording too.
 */
class ReplayWithHooksTest {
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"bt", "trap", "hw"})
    void aRecordingMadeWithoutHooksReplaysWithABreakpointAndAnInstructionHook(String name) {
        Hypervisor hv = HostHistoryTest.host(Technique.parse(name));
        Vm vm = hv.vm("k");
        vm.run(150_000);
        HostRecorder recorder = new HostRecorder(hv, 0);
        vm.run(300_000);
        vm.console().feed("typed\n");
        hv.run(200_000, false);
        HostRecording r = recorder.stop();
        String console = vm.console().text(), hash = hv.stateHash();
        assertEquals(vmsh.hv.VmState.READY, vm.state(), name + ": the kernel runs on after the recording");

        Hypervisor again = Hypervisor.open(r.start());
        Hooks hooks = new Hooks(again.vm("k").debugTarget());
        int schedule = HostHistoryTest.sample("kernel/kernel.s").symbol("schedule");
        int[] hits = {0};
        hooks.breakpoint(schedule, null);
        hooks.onInstruction(0, 1L << 32, c -> hits[0]++);   // every instruction
        Replay.Outcome o = HostReplay.run(again, r);
        assertTrue(o.identical(), name + ": " + o);
        assertEquals(hash, o.hash());
        assertEquals(console, again.vm("k").console().text());
        assertEquals(0, hits[0], name + ": hooks keep quiet in a replay");

        Vm live = again.vm("k");   // after the replay the hooks are live again: the breakpoint stops the kernel
        assertEquals(vmsh.board.StopReason.BREAK, hooks.run(5_000_000).reason(), name);
        assertEquals(schedule, live.pc(), name);
        assertTrue(hits[0] > 0, name + ": and the instruction hook is called");
    }

    /**
     * The other way round: a recording made with an instruction hook on the scheduler (and a
     * watchpoint set between its runs) replays without them exactly, state hash and all:
     * under bt too, whose translator keeps the marks it honoured with the VM's state, so the
     * replay's translator ends its units where the recording's did.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"bt", "trap", "hw"})
    void aRecordingMadeWithAHookReplaysWithoutIt(String name) {
        Hypervisor hv = HostHistoryTest.host(Technique.parse(name));
        Vm vm = hv.vm("k");
        vm.run(150_000);
        int schedule = HostHistoryTest.sample("kernel/kernel.s").symbol("schedule");
        int[] hits = {0};
        new Hooks(vm.debugTarget()).onInstruction(schedule & 0xffff_ffffL, (schedule & 0xffff_ffffL) + 4, c -> hits[0]++);
        HostRecorder recorder = new HostRecorder(hv, 0);
        vm.run(300_000);
        vm.console().feed("typed\n");
        hv.run(200_000, false);
        Hooks watching = new Hooks(vm.debugTarget());
        int[] reads = {0};
        long tasks = HostHistoryTest.sample("kernel/kernel.s").symbol("current") & 0xffff_ffffL;
        watching.onRead(tasks, tasks + 4, c -> reads[0]++);
        hv.run(200_000, false);
        HostRecording r = recorder.stop();
        assertTrue(hits[0] > 0 && reads[0] > 0, name + ": the hooks were called while recording");
        Hypervisor again = Hypervisor.open(r.start());
        Replay.Outcome o = HostReplay.run(again, r);
        assertEquals(vm.console().text(), again.vm("k").console().text(), name);
        assertEquals(vm.guestInstructions(), again.vm("k").guestInstructions(), name);
        assertTrue(o.identical(), name + ": " + o);
    }

    /**
     * A host's history through runs made with a hook: going back before the hook was set and
     * forward again arrives at the present exactly (under bt, the translator honours the
     * marks it had at each point, not the quiet debugger's); a breakpoint searched for from
     * there is found where it was hit.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"bt", "trap"})
    void historyThroughHookedRunsComesBackExactly(String name) {
        Hypervisor hv = HostHistoryTest.host(Technique.parse(name));
        HostHistory h = new HostHistory(hv, HostHistoryTest.INTERVAL, HostHistory.DEFAULT_CAP);
        Vm vm = hv.vm("k");
        vm.run(150_000);
        long before = vm.guestInstructions();
        int schedule = HostHistoryTest.sample("kernel/kernel.s").symbol("schedule");
        Hooks hooks = new Hooks(vm.debugTarget());
        int[] hits = {0};
        vm.run(1);
        hooks.onInstruction(schedule & 0xffff_ffffL, (schedule & 0xffff_ffffL) + 4, c -> hits[0]++);
        vm.run(400_000);
        assertTrue(hits[0] > 0, name);
        String present = hv.stateHash();
        long end = vm.guestInstructions();
        h.seek(vm, before);
        h.seek(vm, end);
        assertEquals(present, hv.stateHash(), name + ": forward again through the hooked runs");

        hooks.breakpoint(schedule, null);
        History.Arrival a = h.reverseContinue(vm, hooks);
        assertTrue(a.hit(), name + ": " + a.message());
        assertEquals(schedule, vm.pc(), name);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"hw", "hw-shadow", "trap", "trap-vtlb", "bt"})
    void aDebuggersStateCsrAndPrivilegeWritesAreRecorded(String name) {
        Hypervisor hv = HostHistoryTest.host(Technique.parse(name));
        Vm vm = hv.vm("k");
        vm.run(150_000);
        HostRecorder recorder = new HostRecorder(hv, 0);
        vm.run(100_000);
        var target = vm.debugTarget();
        target.setCsr(Csr.SIE, target.csr(Csr.SIE) ^ 2);
        target.setCsr(Csr.SSTATUS, target.csr(Csr.SSTATUS) ^ 0x40000);
        int satp = target.csr(Csr.SATP), priv = target.privilege();
        target.setCsr(Csr.SATP, satp);
        target.setPrivilege(priv == 0 ? 1 : 0);
        vm.run(50);
        target.setPrivilege(priv);
        vm.run(500_000);
        HostRecording r = recorder.stop();
        HostHistoryTest.assertReplays(r, hv.stateHash(), vm.console().text(), name);
    }
}
