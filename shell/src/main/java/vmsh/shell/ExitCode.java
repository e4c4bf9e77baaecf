package vmsh.shell;

/** The exit statuses of every vmsh command, documented in --help and the README. */
public final class ExitCode {
    public static final int OK = 0;
    /** a script, assembly or file error */
    public static final int ERROR = 1;
    /** a bad command line */
    public static final int USAGE = 2;
    /** the guest faulted and cannot go on */
    public static final int GUEST_FAULT = 3;
    /** vmsh boot --exit-code-from vmsh: the guest exited with a code other than 0 */
    public static final int GUEST_FAILED = 4;
    /** the instruction budget or the time limit ran out */
    public static final int BUDGET = 124;
    /** interrupted by the user (Ctrl-C), as shells report SIGINT */
    public static final int INTERRUPTED = 130;

    /** Lines for picocli's exitCodeList: "code:description". */
    public static final String[] TABLE = {
        "0:success",
        "1:script, assembly or file error",
        "2:usage error",
        "3:guest fault",
        "4:(boot --exit-code-from vmsh) the guest exited with a code other than 0",
        "124:instruction budget or time limit exhausted",
        "130:interrupted (Ctrl-C)",
        "(run):the script's own, from exit(code) or --json's exitCode (0 to 255)",
        "(boot):the guest's own exit code when it halts (255 for codes above 254); see --exit-code-from",
    };

    private ExitCode() {}
}
