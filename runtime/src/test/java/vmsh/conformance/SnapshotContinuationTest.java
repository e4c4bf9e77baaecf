package vmsh.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import vmsh.image.Image;
import vmsh.machine.Machine;
import vmsh.machine.MachineConfig;
import vmsh.machine.MachineSnapshot;
import vmsh.machine.MachineStats;
import vmsh.mmu.TlbConfig;

/**
 * State is a value: every sample guest, snapshotted at seeded random points, continues
 * from a restore exactly as it did the first time: the same console, the same counters,
 * the same hash of the whole state. The same holds for a copy of the machine, and with a
 * small random-replacement TLB, so TLB contents, LRU stamps and the replacement
 * generator come back too.
 */
class SnapshotContinuationTest {
    /** Enough to reach each sample's end, or a few million instructions into the long ones. */
    static final long HORIZON = 3_000_000;
    static final int POINTS = 3;

    static Stream<String> samples() {
        List<String> names = new ArrayList<>(SamplesDirectory.samplesWithExpectations().stream().map(SamplesDirectory::name).toList());
        names.add("bench/paged.s");
        return names.stream();
    }

    static final TlbConfig SMALL_RANDOM_TLB = new TlbConfig(8, 2, true, TlbConfig.Replacement.RANDOM, 11);

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void continuesIdenticallyAfterARestore(String name) {
        check(name, MachineConfig.defaults().memory(GuestRun.MEMORY));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void continuesIdenticallyWithASmallRandomTlb(String name) {
        check(name, MachineConfig.defaults().memory(GuestRun.MEMORY).tlb(SMALL_RANDOM_TLB));
    }

    private static void check(String name, MachineConfig config) {
        Image image = GuestRun.assemble(SamplesDirectory.root().resolve(name));
        long total = runLength(image, config);
        SplittableRandom random = new SplittableRandom(name.hashCode());
        for (int p = 0; p < POINTS; p++) {
            long at = random.nextLong(total + 1);
            Machine m = new Machine(config);
            m.load(image);
            m.run(at);
            MachineStats atSnapshot = m.stats();
            MachineSnapshot s = m.snapshot();
            String where = name + " from instruction " + at;

            Ending first = Ending.of(m, total - at);
            m.restore(s);
            assertEquals(atSnapshot.toString(), m.stats().toString(), where + ": counters after the restore");
            assertEquals(s.hash(), m.stateHash(), where + ": state hash after the restore");
            MachineSnapshot end1 = lastEnd;
            Ending again = Ending.of(m, total - at);
            assertEquals(first, again, where + ": after a restore, " + vmsh.state.StateDiff.of(end1.state(), lastEnd.state()));

            Machine copy = new Machine(config);
            copy.restore(s);
            assertEquals(s.hash(), copy.stateHash(), where + ": a new machine restored saves the same state, "
                    + vmsh.state.StateDiff.of(s.state(), copy.snapshot().state()));
            assertEquals(first, Ending.of(copy, total - at), where + ": on a copy");
        }
    }

    /** How long the guest runs: to its halt, or the horizon. */
    private static long runLength(Image image, MachineConfig config) {
        Machine m = new Machine(config);
        m.load(image);
        return m.run(HORIZON).insns();
    }

    /** Where a continuation ends: what the guest printed, the counters and the hash of the whole state. */
    static MachineSnapshot lastEnd;

    record Ending(String console, String stats, String reason, String hash) {
        static Ending of(Machine m, long insns) {
            var r = m.run(insns);
            lastEnd = m.snapshot();
            return new Ending(m.console().text(), m.stats().toString(), r.reason() + " " + r.message(), lastEnd.hash());
        }
    }
}
