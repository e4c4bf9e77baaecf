package vmsh.history;

import vmsh.board.RunResult;
import vmsh.board.StopReason;
import vmsh.machine.Machine;

/**
 * Plays a {@link Recording} on a machine of its configuration: restores its start, runs to
 * each input event's instruction and gives that input again, runs to its end and checks
 * that the state there has the recorded hash. Hooks see nothing of it unless asked
 * ({@code quietly}); breakpoints do not stop it.
 */
public final class Replay {
    private Replay() {}

    /**
     * What a replay (of a machine, or of a host by {@link HostReplay}) came to: whether it
     * ended in the recorded state, the instructions it ran, the hash it ended with and the
     * recorded one, and a machine's last run (null for a host).
     */
    public record Outcome(boolean identical, long insns, String hash, String expectedHash, RunResult last) {}

    /**
     * Replays {@code r} on {@code m} (whose state it replaces), its console output going to
     * the console's sink as it did when it was recorded.
     */
    public static Outcome run(Machine m, Recording r) {
        m.restore(r.start());
        RunResult last = null;
        for (InputEvent e : r.events()) {
            last = runTo(m, e.at(), last);
            if (m.instructions() != e.at())
                throw new DivergedException("the replay stopped at instruction " + m.instructions()
                        + " before the input recorded at " + e.at() + (last == null ? "" : ": " + last.message()));
            e.apply(m);
        }
        last = runTo(m, r.end(), last);
        String hash = m.snapshot().hash();
        return new Outcome(hash.equals(r.endHash()) && m.instructions() == r.end(), m.instructions() - r.start().insns(),
                hash, r.endHash(), last);
    }

    /** Runs {@code m} to instruction {@code target} exactly, or until it cannot go on (idle, waiting for input). */
    static RunResult runTo(Machine m, long target, RunResult last) {
        while (m.instructions() < target) {
            RunResult r = m.run(target - m.instructions());
            last = r;
            if (r.insns() == 0 && r.reason() != StopReason.BREAK) break;
        }
        return last;
    }

    /** A replay that cannot follow its recording. */
    public static final class DivergedException extends IllegalStateException {
        public DivergedException(String message) { super(message); }
    }
}
