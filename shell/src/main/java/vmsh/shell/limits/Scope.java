package vmsh.shell.limits;

import java.time.Duration;

/**
 * A limit inside the session's, for one piece of work (grading one submission: {@code
 * limit({insns, seconds}, fn)}): its own instruction budget and deadline over the guest
 * runs and long host operations in it. Running out ends only that piece of work, with a
 * {@link LimitExceeded} that says it is {@link LimitExceeded#scoped() scoped}.
 */
public final class Scope {
    final long maxInsns;
    long left;
    final Duration timeout;
    volatile boolean timedOut;
    Thread watchdog;

    Scope(long maxInsns, Duration timeout) {
        this.maxInsns = maxInsns;
        this.left = maxInsns;
        this.timeout = timeout;
    }

    LimitExceeded budgetExhausted(String where) {
        return new LimitExceeded(LimitExceeded.Kind.BUDGET, "instruction budget of " + maxInsns + " exhausted " + where, true);
    }

    LimitExceeded timeUp(String where) {
        return new LimitExceeded(LimitExceeded.Kind.TIMEOUT, "time limit of " + RunLimits.seconds(timeout) + " s"
                + (where == null ? "" : " " + where), true);
    }
}
