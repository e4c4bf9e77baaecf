package vmsh.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
public class HostHistoryTest {
    static final long INTERVAL = 100_000;

    public static Image sample(String relative) {
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
        Replay.Outcome o = HostReplay.run(again, r);
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
        HostRecorder recorder = new HostRecorder(hv, h.cuts());
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
        HostRecorder recorder = new HostRecorder(hv, h.cuts());
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

    /** Counts in a0 and stores it to `counter` every 1000. */
    static final String COUNTER = """
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
            """;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"hw", "trap"})
    void reverseContinueFindsThePreviousWrite(String name) {
        Technique t = Technique.parse(name);
        Hypervisor hv = new Hypervisor(HvConfig.DEFAULTS.seed(3));
        Image counter = Assembler.assemble(COUNTER, "counter.s");
        Vm vm = hv.create("c", 4L << 20, t);
        vm.load(counter);
        HostHistory h = new HostHistory(hv, INTERVAL, HostHistory.DEFAULT_CAP);
        HostRecorder recorder = new HostRecorder(hv, h.cuts());
        vm.run(500_000);
        long now = vm.guestInstructions();
        String present = hv.stateHash();
        Hooks hooks = watching(vm, counter, "counter");
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

    /** A debugger's hooks on {@code vm} with a watchpoint on writes to the word at {@code symbol}. */
    static Hooks watching(Vm vm, Image image, String symbol) {
        Hooks hooks = new Hooks(vm.debugTarget());
        long word = Integer.toUnsignedLong(image.symbol(symbol));
        hooks.watchpoint(word, word + 4, false, true, null);
        return hooks;
    }

    /** Two vCPUs counting, each storing its count (tagged with its id in the top byte) to one shared word now and then. */
    static final String SMP = """
            .text
            _start:
                li   a0, 1
                la   a1, second
                li   a2, 0
                li   a7, 0x48534D
                li   a6, 0
                ecall
                li   s1, 0
                li   s2, 1000
                j    count
            second:
                li   s1, 1
                li   s2, 1300
            count:
                la   s0, shared
                li   a3, 0
            loop:
                addi a3, a3, 1
                rem  t1, a3, s2
                bnez t1, loop
                slli t2, s1, 24
                or   t2, t2, a3
            store:
                sw   t2, 0(s0)
                j    loop
            .data
            shared: .word 0
            """;

    public static Hypervisor smpHost() {
        Hypervisor hv = new Hypervisor(HvConfig.DEFAULTS.seed(3).quantum(7_000));
        hv.create("s", 4L << 20, Technique.HW, -1, 0, 4L << 20, vmsh.hv.VmOptions.DEFAULTS.vcpus(2))
                .load(Assembler.assemble(SMP, "smp.s"));
        return hv;
    }

    /** A VM of two vCPUs: its count is both vCPUs' instructions; going back to any of them is a run that stopped there. */
    @Test
    void aVmOfSeveralVcpusGoesBackExactly() {
        Hypervisor hv = smpHost();
        HostHistory h = new HostHistory(hv, INTERVAL, HostHistory.DEFAULT_CAP);
        HostRecorder recorder = new HostRecorder(hv, h.cuts());
        Vm vm = hv.vm("s");
        vm.run(123_457);
        long g1 = vm.guestInstructions();
        assertTrue(vm.vcpus().get(0).instructions() > 0 && vm.vcpus().get(1).instructions() > 0, "both vCPUs ran");
        assertEquals(g1, vm.vcpus().get(0).instructions() + vm.vcpus().get(1).instructions());
        String at1 = hv.stateHash();
        vm.run(301_000);
        hv.run(250_003, false);
        long end = vm.guestInstructions();
        String atEnd = hv.stateHash();
        HostRecording r = recorder.stop();

        h.seek(vm, g1);
        assertEquals(at1, hv.stateHash(), "back at the first stop");
        for (long g : new long[] {g1 + 250_001, g1 + 3_500, 99_999, end - 1}) {
            h.seek(vm, g);
            assertEquals(g, vm.guestInstructions());
            String back = hv.stateHash();
            Hypervisor other = smpHost();
            new HostHistory(other, INTERVAL, HostHistory.DEFAULT_CAP);   // the same cuts
            Vm ov = other.vm("s");
            ov.stopAt(g, other::endRun);   // the same runs, the last ended there
            ov.run(123_457);
            if (ov.guestInstructions() < g) ov.run(301_000);
            if (ov.guestInstructions() < g) other.run(250_003, false);
            assertEquals(g, ov.guestInstructions());
            assertEquals(other.stateHash(), back, "at instruction " + g);
        }
        h.seek(vm, end);
        assertEquals(atEnd, hv.stateHash(), "at the present again");
        h.reverseStep(vm, 10);
        assertEquals(end - 10, vm.guestInstructions());

        Hypervisor again = Hypervisor.open(r.start());
        assertTrue(HostReplay.run(again, r).identical(), "a recording replays identically");
    }

    /** A watchpoint on a word both vCPUs write: reverse-continue finds each write, whichever vCPU made it, in order. */
    @Test
    void reverseContinueFindsWritesOfEitherVcpu() {
        Hypervisor hv = smpHost();
        Vm vm = hv.vm("s");
        Image image = Assembler.assemble(SMP, "smp.s");
        HostHistory h = new HostHistory(hv, INTERVAL, HostHistory.DEFAULT_CAP);
        vm.run(400_000);
        long now = vm.guestInstructions();
        String present = hv.stateHash();
        Hooks hooks = watching(vm, image, "shared");
        java.util.Set<Integer> writers = new java.util.TreeSet<>();
        long last = now;
        for (int k = 0; k < 12; k++) {
            History.Arrival a = h.reverseContinue(vm, hooks);
            assertTrue(a.hit(), a.message());
            assertTrue(a.at() < last, a + " before " + last);
            last = a.at();
            assertEquals(image.symbol("store"), vm.debugTarget().pc(), "the vCPU on turn is the writer, at its store");
            int value = vm.debugTarget().reg(7);
            writers.add(value >>> 24);
            int period = (value >>> 24) == 0 ? 1000 : 1300;
            assertEquals(0, (value & 0xffffff) % period, Integer.toHexString(value));
            // a run from the start that stops there has the same state
            Hypervisor other = smpHost();
            new HostHistory(other, INTERVAL, HostHistory.DEFAULT_CAP);
            other.vm("s").stopAt(a.at(), other::endRun);
            other.vm("s").run(1_000_000);
            assertEquals(other.stateHash(), hv.stateHash(), "at the write of " + Integer.toHexString(value));
        }
        assertEquals(java.util.Set.of(0, 1), writers, "writes of both vCPUs found");
        h.seek(vm, now);
        assertEquals(present, hv.stateHash(), "the present again, with a watchpoint in place");
    }

    /**
     * A clone is input to the host: going back past it takes it away (the host is as a run
     * stopped there left it), going forward makes it again, and a point of the clone is the
     * state a host that cloned there and stopped at it has.
     */
    @Test
    void goingBackPastACloneTakesItAwayAndForwardMakesItAgain() {
        Hypervisor hv = host(Technique.HW);
        HostHistory h = new HostHistory(hv, INTERVAL, HostHistory.DEFAULT_CAP);
        Vm vm = hv.vm("k");
        vm.run(250_000);
        Vm copy = hv.clone(vm, "k2");
        assertTrue(h.covers(copy), "the clone has a past from where it was made");
        long made = h.oldest(copy);
        assertEquals(copy.guestInstructions(), made);
        hv.run(300_000, false);
        long end = vm.guestInstructions(), copyEnd = copy.guestInstructions();
        String atEnd = hv.stateHash();

        h.seek(vm, 100_000);
        assertEquals(1, hv.vms().size(), "back before the clone: the host has k alone");
        assertFalse(hv.hasVm(copy));
        Hypervisor stopped = host(Technique.HW);
        new HostHistory(stopped, INTERVAL, HostHistory.DEFAULT_CAP);
        stopped.vm("k").stopAt(100_000, stopped::endRun);
        stopped.vm("k").run(250_000);
        assertEquals(stopped.stateHash(), hv.stateHash(), "the host as a run stopped at k's instruction 100,000");

        h.seek(vm, end);
        assertEquals(2, hv.vms().size(), "forward again: the clone is made again");
        assertEquals(atEnd, hv.stateHash());
        Vm again = hv.vm("k2");
        assertEquals(copyEnd, again.guestInstructions());

        long g = made + 40_000;
        h.seek(again, g);
        Hypervisor other = host(Technique.HW);
        new HostHistory(other, INTERVAL, HostHistory.DEFAULT_CAP);
        other.vm("k").run(250_000);
        Vm otherCopy = other.clone(other.vm("k"), "k2");
        otherCopy.stopAt(g, other::endRun);
        other.run(300_000, false);
        assertEquals(other.stateHash(), hv.stateHash(), "the clone's instruction " + g);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> h.seek(again, made - 1));
        assertTrue(e.getMessage().contains("(VM 'k2' was made there)"), e.getMessage());

        h.seek(vm, 200_000);
        vm.run(10_000);
        assertEquals(1, hv.vms().size(), "running on from before the clone: a new future, without it");
        h.seek(vm, 205_000);
        assertEquals(205_000, vm.guestInstructions());
        assertEquals(210_000, h.present(vm));
    }

    /**
     * disco.s on two vCPUs, history begun mid-run: a seek to where a run stopped at the end
     * of a vCPU's turn does not put the next vCPU on the hart (the host's hart keeps what
     * the last slice left, as the run that stopped there left it).
     */
    @Test
    void aSeekToTheEndOfATurnLeavesTheHartAsTheRunDid() {
        Hypervisor hv = new Hypervisor(HvConfig.DEFAULTS.memory(128L << 20));
        Vm vm = hv.create("v", 32L << 20, Technique.HW, -1, 0, 32L << 20, vmsh.hv.VmOptions.DEFAULTS.vcpus(2));
        vm.load(sample("hv/disco.s"), java.util.Map.of("harts", 2, "rounds", 200));
        vm.run(40_000);
        HostHistory h = new HostHistory(hv, 20_000, HostHistory.DEFAULT_CAP);
        vm.run(30_000);
        long g = vm.guestInstructions();
        String there = hv.stateHash();
        vm.run(50_000);
        h.seek(vm, g);
        assertEquals(there, hv.stateHash());
    }

    /** Two VMs run round robin: a search's stops in one leave the round as it was, so each hit is where the run went. */
    @Test
    void reverseContinueOnAHostOfTwoVmsFindsTheWritesTheRunMade() {
        Image counter = Assembler.assemble(COUNTER, "counter.s");
        java.util.function.Supplier<Hypervisor> make = () -> {
            Hypervisor hv = new Hypervisor(HvConfig.DEFAULTS.seed(3).quantum(7_000));
            hv.create("a", 4L << 20, Technique.HW).load(counter);
            hv.create("b", 4L << 20, Technique.TRAP).load(counter);
            return hv;
        };
        Hypervisor hv = make.get();
        HostHistory h = new HostHistory(hv, INTERVAL, HostHistory.DEFAULT_CAP);
        hv.run(500_000, false);
        Vm b = hv.vm("b");
        Hooks hooks = watching(b, counter, "counter");
        for (int k = 0; k < 6; k++) {
            History.Arrival a = h.reverseContinue(b, hooks);
            assertTrue(a.hit(), a.message());
            assertEquals(counter.symbol("store"), b.debugTarget().pc());
            Hypervisor other = make.get();
            new HostHistory(other, INTERVAL, HostHistory.DEFAULT_CAP);
            other.vm("b").stopAt(a.at(), other::endRun);
            other.run(500_000, false);
            assertEquals(other.stateHash(), hv.stateHash(), "at the write found at " + a.at());
        }
    }

    /**
     * Two kernels whose timer ticks depend on the host's schedule: each write of the tick
     * count a search finds in the second VM (a stop inside a round, which goes on with the
     * rest of the round) is a write the run made, one after the other going back.
     */
    @Test
    void aSearchStoppingInsideARoundFindsTheWritesTheRunMade() {
        Image kernel = sample("kernel/kernel.s");
        java.util.function.Supplier<Hypervisor> make = () -> {
            Hypervisor hv = new Hypervisor(HvConfig.DEFAULTS.seed(3).quantum(7_000));
            hv.create("a", 16L << 20, Technique.HW).load(kernel);
            hv.create("b", 16L << 20, Technique.TRAP).load(kernel);
            new HostHistory(hv, INTERVAL, HostHistory.DEFAULT_CAP);
            return hv;
        };
        long word = Integer.toUnsignedLong(kernel.symbol("balloon_ticks"));
        Hypervisor truth = make.get();
        Vm tb = truth.vm("b");
        java.util.List<Long> writes = new java.util.ArrayList<>();
        new Hooks(tb.debugTarget()).onWrite(word, word + 4, ctx -> writes.add(tb.guestInstructions() - 1));
        truth.run(2_000_000, false);
        assertTrue(writes.size() >= 6, "timer ticks: " + writes);

        Hypervisor hv = make.get();
        HostHistory h = new HostHistory(hv, INTERVAL, HostHistory.DEFAULT_CAP);
        hv.run(2_000_000, false);
        assertEquals(truth.stateHash(), hv.stateHash());
        Vm b = hv.vm("b");
        Hooks hooks = watching(b, kernel, "balloon_ticks");
        java.util.List<Long> found = new java.util.ArrayList<>();
        for (int k = 0; k < 6; k++) {
            History.Arrival a = h.reverseContinue(b, hooks);
            assertTrue(a.hit(), a.message());
            found.add(a.at());
        }
        assertEquals(writes.reversed().subList(0, 6), found);
    }

    /** A seek keeps checkpoints at the cuts it passes: a step back from where it arrived replays an eighth of the interval at most. */
    @Test
    void aStepBackAfterASeekReplaysAtMostACut() {
        Hypervisor hv = host(Technique.TRAP);
        HostHistory h = new HostHistory(hv, INTERVAL, HostHistory.DEFAULT_CAP);
        Vm vm = hv.vm("k");
        vm.run(700_000);
        assertEquals(INTERVAL / 8, h.cuts());
        int kept = h.checkpoints();
        long g = 650_001;
        h.seek(vm, g);
        assertTrue(h.checkpoints() > kept, "checkpoints on the way: " + h.checkpoints());
        String there = hv.stateHash();
        for (int k = 1; k <= 3; k++) {
            long replayed = h.replayed();
            h.reverseStep(vm, 1);
            assertEquals(g - k, vm.guestInstructions());
            assertTrue(h.replayed() - replayed <= h.cuts(), "replayed " + (h.replayed() - replayed));
        }
        h.seek(vm, g);
        assertEquals(there, hv.stateHash(), "the same point again, from a checkpoint a seek kept");
    }

    /**
     * The first step back from where a run stopped replays less than an interval: the kernel
     * under trap (several cycles an instruction) keeps a tail at late cuts, and a run begun
     * well after the newest point keeps one where it began; where the step lands is the state
     * a run that stopped there has.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"trap", "bt"})
    void theFirstStepBackFromWhereARunStoppedReplaysLittle(String name) {
        Technique t = Technique.parse(name);
        Hypervisor hv = host(t);
        HostHistory h = new HostHistory(hv, INTERVAL, HostHistory.DEFAULT_CAP);
        Vm vm = hv.vm("k");
        vm.run(3 * INTERVAL + 9 * INTERVAL / 10);   // a run that stops late in an interval
        long replayed = h.replayed(), g = vm.guestInstructions() - 1;
        h.reverseStep(vm, 1);
        assertEquals(g, vm.guestInstructions());
        assertTrue(h.replayed() - replayed <= 3 * h.cuts(), name + ": replayed " + (h.replayed() - replayed));
        assertEquals(stoppedAt(t, 3 * INTERVAL + 9 * INTERVAL / 10, g), hv.stateHash(), name + ": a step back from the present");

        vm.run(3 * INTERVAL / 10);   // a new future from there, then short runs, the first begun late in its interval
        for (int k = 0; k < 5; k++) vm.run(1000);
        replayed = h.replayed();
        g = vm.guestInstructions() - 1;
        h.reverseStep(vm, 1);
        assertTrue(h.replayed() - replayed <= 5000 + h.cuts(), name + ": replayed " + (h.replayed() - replayed));
        assertEquals(g, vm.guestInstructions());
    }

    /**
     * A run that ends on its budget and one stopped by stopAt where the first ended leave the
     * same host when the VM is alone on it (several vCPUs, history or not); with another VM
     * on the host, a budget may end in the other VM's quantum, after the stopped VM's last
     * instruction: stopAt stops just before that VM would run again, a later moment.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"trap", "hw", "bt", "two vCPUs", "two VMs"})
    void aBudgetsEndAndAStopThereAreOneStateOnAHostOfOneVm(String kind) {
        for (boolean history : new boolean[] {false, true}) {
            for (long budget : new long[] {123_457, 250_001}) {
                Hypervisor a = budgetHost(kind, history), b = budgetHost(kind, history);
                Vm va = a.vms().get(0), vb = b.vms().get(0);
                if (kind.equals("two VMs")) a.run(budget, false); else va.run(budget);
                vb.stopAt(va.guestInstructions(), b::endRun);
                if (kind.equals("two VMs")) b.run(10 * budget, false); else vb.run(10 * budget);
                vb.stopAt(-1, null);
                assertEquals(va.guestInstructions(), vb.guestInstructions());
                if (kind.equals("two VMs")) assertTrue(b.executed() >= a.executed(), kind + ": the stop comes later, if anything");
                else assertEquals(a.stateHash(), b.stateHash(), kind + (history ? " with history" : "") + ": budget " + budget);
            }
        }
    }

    private static Hypervisor budgetHost(String kind, boolean history) {
        Hypervisor hv;
        if (kind.equals("two vCPUs")) {
            hv = new Hypervisor(HvConfig.DEFAULTS.seed(3).memory(64L << 20));
            hv.create("d", 16L << 20, Technique.HW, -1, 0, 16L << 20, vmsh.hv.VmOptions.DEFAULTS.vcpus(2))
                    .load(sample("hv/disco.s"), java.util.Map.of("harts", 2, "rounds", 4000));
        } else if (kind.equals("two VMs")) {
            hv = host(Technique.TRAP);
            hv.create("k2", 16L << 20, Technique.HW).load(sample("kernel/kernel.s"));
        } else {
            hv = host(Technique.parse(kind));
        }
        if (history) new HostHistory(hv, INTERVAL, HostHistory.DEFAULT_CAP);
        return hv;
    }

    /** The state hash of a host keeping history whose run of {@code budget} instructions stopped at guest instruction {@code g}. */
    private static String stoppedAt(Technique t, long budget, long g) {
        Hypervisor other = host(t);
        new HostHistory(other, INTERVAL, HostHistory.DEFAULT_CAP);
        Vm ov = other.vm("k");
        ov.stopAt(g, other::endRun);
        ov.run(budget);
        assertEquals(g, ov.guestInstructions());
        return other.stateHash();
    }
}
