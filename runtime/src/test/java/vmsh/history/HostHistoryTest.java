package vmsh.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import vmsh.asm.Assembler;
import vmsh.debug.Hooks;
import vmsh.hv.HvConfig;
import vmsh.hv.Hypervisor;
import vmsh.hv.Technique;
import vmsh.hv.Vm;
import vmsh.image.Image;

/**
 * A host's time travel: a recording of its runs and input replays to the same consoles and
 * state hash under every technique; going back lands on exactly the state a run that
 * stopped there has.
 */
class HostHistoryTest {
    static final long INTERVAL = 100_000;

    static Image sample(String relative) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path p = dir.resolve("samples").resolve(relative);
            if (!Files.isRegularFile(p)) continue;
            try {
                return Assembler.assemble(Files.readString(p), p.toString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw new IllegalStateException("no samples/" + relative);
    }

    /** A host with the kernel in VM "k" (its pv build under pv). */
    static Hypervisor host(Technique t) {
        Hypervisor hv = new Hypervisor(HvConfig.DEFAULTS.seed(3));
        hv.create("k", 16L << 20, t).load(sample(t == Technique.PV ? "kernel/kernel-pv.s" : "kernel/kernel.s"));
        return hv;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"hw", "hw-shadow", "trap", "trap-vtlb", "bt", "pv"})
    void aRecordingReplaysToTheSameConsoleAndHash(String name) {
        Technique t = Technique.parse(name);
        Hypervisor hv = host(t);
        Vm vm = hv.vm("k");
        vm.run(150_000);
        HostRecorder recorder = new HostRecorder(hv, 0);
        vm.run(200_000);
        vm.console().feed("typed\n");
        hv.run(300_000, false);
        vm.guest().write(0x80400000L, new byte[] {1, 2, 3, 4});
        hv.run(5_000_000, true);
        HostRecording r = recorder.stop();
        String console = vm.console().text(), hash = hv.stateHash();
        assertTrue(r.events().size() >= 5, "runs and changes logged: " + r.events());
        assertReplays(r, hash, console, name);
    }

    /** A replay of {@code r} on a host opened from its start arrives at {@code hash}, VM k's console showing {@code console}. */
    static void assertReplays(HostRecording r, String hash, String console, String name) {
        Hypervisor again = Hypervisor.open(r.start());
        HostReplay.Outcome o = HostReplay.run(again, r);
        assertTrue(o.identical(), name + ": " + o);
        assertEquals(hash, o.hash());
        assertEquals(console, again.vm("k").console().text());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"hw", "hw-shadow", "trap", "trap-vtlb", "bt", "pv"})
    void goingBackLandsOnTheStateARunStoppedThereHad(String name) {
        Technique t = Technique.parse(name);
        Hypervisor hv = host(t);
        HostHistory h = new HostHistory(hv, INTERVAL, HostHistory.DEFAULT_CAP);
        Vm vm = hv.vm("k");
        vm.run(123_456);
        long g1 = vm.guestInstructions();
        String at1 = hv.stateHash(), console1 = vm.console().text();
        vm.run(400_000);
        vm.console().feed("x");
        vm.run(300_000);
        assertTrue(h.checkpoints() >= 5, "checkpoints: " + h.checkpoints());
        long end = vm.guestInstructions();
        String atEnd = hv.stateHash();

        h.seek(vm, g1);
        assertEquals(g1, vm.guestInstructions());
        assertEquals(at1, hv.stateHash(), name + ": back at the first stop");
        assertEquals(console1, vm.console().text());

        h.seek(vm, end);
        assertEquals(atEnd, hv.stateHash(), name + ": at the present again");

        // an arbitrary point: the same as a host that ran there and stopped
        long g = g1 + 250_001;
        h.seek(vm, g);
        String back = hv.stateHash();
        Hypervisor other = host(t);
        new HostHistory(other, INTERVAL, HostHistory.DEFAULT_CAP);
        Vm ov = other.vm("k");
        ov.run(123_456);
        ov.stopAt(g, other::endRun);
        ov.run(1_000_000);
        assertEquals(g, ov.guestInstructions());
        assertEquals(other.stateHash(), back, name + ": at instruction " + g);

        h.reverseStep(vm, 1);
        assertEquals(g - 1, vm.guestInstructions());
        assertThrows(IllegalArgumentException.class, () -> h.seek(vm, end + 1));
    }

    /** A nested VM: its guest hypervisor (hyper.s running the kernel) goes back and replays with the host. */
    @Test
    void aNestedVmGoesBackAndReplays() {
        Hypervisor hv = new Hypervisor(HvConfig.DEFAULTS.seed(3));
        Vm vm = hv.create("k", 16L << 20, Technique.HW, -1, 0, 16L << 20,
                vmsh.hv.VmOptions.DEFAULTS.nested(vmsh.hv.NestedPaging.MULTI_DIMENSIONAL));
        vm.load(sample("hyper/hyper.s"));
        HostHistory h = new HostHistory(hv, INTERVAL, HostHistory.DEFAULT_CAP);
        HostRecorder recorder = new HostRecorder(hv, 0);
        vm.run(150_000);
        long g1 = vm.guestInstructions();
        String at1 = hv.stateHash(), console1 = vm.console().text();
        vm.run(350_000);
        String atEnd = hv.stateHash(), consoleEnd = vm.console().text();
        long end = vm.guestInstructions();
        HostRecording r = recorder.stop();

        h.seek(vm, g1);
        assertEquals(at1, hv.stateHash(), "back at the first stop");
        assertEquals(console1, vm.console().text());
        h.seek(vm, end);
        assertEquals(atEnd, hv.stateHash(), "at the present again");
        assertReplays(r, atEnd, consoleEnd, "nested");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"hw", "trap", "bt"})
    void aDebuggersCsrWriteIsKeptInHistoryAndRecordings(String name) {
        Technique t = Technique.parse(name);
        Hypervisor hv = host(t);
        HostHistory h = new HostHistory(hv, INTERVAL, HostHistory.DEFAULT_CAP);
        Vm vm = hv.vm("k");
        vm.run(200_000);
        HostRecorder recorder = new HostRecorder(hv, 0);
        vm.run(100_000);
        long before = vm.guestInstructions();
        int stval = vm.debugTarget().csr(vmsh.isa.Csr.STVAL);
        vm.debugTarget().setCsr(vmsh.isa.Csr.STVAL, 0x1234);
        vm.run(20);
        assertEquals(0x1234, vm.debugTarget().csr(vmsh.isa.Csr.STVAL), name + ": no trap overwrote it yet, so the hash holds it");
        String hash = hv.stateHash(), console = vm.console().text();
        long end = vm.guestInstructions();

        h.seek(vm, before - 1);
        assertEquals(stval, vm.debugTarget().csr(vmsh.isa.Csr.STVAL), name + ": back before the write");
        assertTrue(stval != 0x1234, name);
        h.seek(vm, end);
        assertEquals(hash, hv.stateHash(), name + ": forward again through the write");

        assertReplays(recorder.stop(), hash, console, name);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"hw", "trap"})
    void reverseContinueFindsThePreviousWrite(String name) {
        Technique t = Technique.parse(name);
        Hypervisor hv = new Hypervisor(HvConfig.DEFAULTS.seed(3));
        Image counter = Assembler.assemble("""
                .text
                _start:
                    la   s0, counter
                loop:
                    addi a0, a0, 1
                    li   t0, 1000
                    rem  t1, a0, t0
                    bnez t1, loop
                store:
                    sw   a0, 0(s0)
                    j    loop
                .data
                counter: .word 0
                """, "counter.s");
        Vm vm = hv.create("c", 4L << 20, t);
        vm.load(counter);
        HostHistory h = new HostHistory(hv, INTERVAL, HostHistory.DEFAULT_CAP);
        HostRecorder recorder = new HostRecorder(hv, INTERVAL);
        vm.run(500_000);
        long now = vm.guestInstructions();
        String present = hv.stateHash();
        Hooks hooks = new Hooks(vm.debugTarget());
        long word = Integer.toUnsignedLong(counter.symbol("counter"));
        hooks.watchpoint(word, word + 4, false, true, null);
        History.Arrival a = h.reverseContinue(vm, hooks);
        assertTrue(a.hit(), a.message());
        assertTrue(a.at() < now && a.at() > now - 5000, a + " from " + now);
        assertEquals(counter.symbol("store"), vm.debugTarget().pc());
        int value = vm.debugTarget().reg(10);
        assertEquals(0, value % 1000);
        History.Arrival b = h.reverseContinue(vm, hooks);
        assertTrue(b.hit());
        assertEquals(value - 1000, vm.debugTarget().reg(10));

        h.seek(vm, now);   // a watchpoint in place changes nothing of what went before
        assertEquals(present, hv.stateHash(), "the present again, with a watchpoint in place");
        HostRecording r = recorder.stop();
        Hypervisor again = Hypervisor.open(r.start());
        assertTrue(HostReplay.run(again, r).identical());
    }
}
