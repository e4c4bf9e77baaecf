package vmsh.shell.limits;

import vmsh.shell.ExitCode;

/**
 * A limit of the whole session ended it: the instruction budget, the wall-clock deadline,
 * or Ctrl-C during a long host operation. The message is the one line users see, such as
 * {@code instruction budget of 1000000 exhausted at guest pc 0x80000010}.
 */
public final class LimitExceeded extends RuntimeException {
    /** Which limit. */
    public enum Kind {
        BUDGET(ExitCode.BUDGET), TIMEOUT(ExitCode.BUDGET), INTERRUPT(ExitCode.INTERRUPTED);

        public final int exitCode;

        Kind(int exitCode) { this.exitCode = exitCode; }
    }

    private final Kind kind;
    private final boolean scoped;

    public LimitExceeded(Kind kind, String message) {
        this(kind, message, false);
    }

    /** {@code scoped}: the limit of a {@link Scope}, which ends only the work inside it. */
    public LimitExceeded(Kind kind, String message, boolean scoped) {
        super(message, null, false, false);
        this.kind = kind;
        this.scoped = scoped;
    }

    public Kind kind() { return kind; }

    /** True when a {@link Scope}'s limit ran out (the session goes on), not the session's. */
    public boolean scoped() { return scoped; }

    public int exitCode() { return kind.exitCode; }
}
