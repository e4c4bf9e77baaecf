package vmsh.shell.cli;

import vmsh.shell.ExitCode;

/**
 * Where vmsh boot's exit status comes from when the guest exits (--exit-code-from). An exit
 * status is one byte, and vmsh's own endings use 1, 2, 3, 124 and 130: a grader chooses.
 */
enum ExitCodeFrom {
    /**
     * The guest's own code: 0 to 254 as they are, 255 for any larger (or negative) code,
     * never 0 for a code that is not 0. vmsh's own endings keep their statuses and always
     * print a line on stderr; a guest's exit prints none (unless its code was cut to 255).
     */
    GUEST,
    /**
     * Only vmsh's statuses: 0 when the guest exited with 0, {@link ExitCode#GUEST_FAILED}
     * with a line naming the code when it exited with another; a status never is the guest's.
     */
    VMSH;

    /** The largest status a guest's code is given as. */
    static final int LARGEST = 255;

    /** The exit status for a guest that exited with {@code code}. */
    int status(int code) {
        if (this == VMSH) return code == 0 ? ExitCode.OK : ExitCode.GUEST_FAILED;
        return code >= 0 && code < LARGEST ? code : LARGEST;
    }

    /** The line on stderr for that exit, or null when the status says it all. */
    String line(int code) {
        if (this == VMSH) return code == 0 ? null : "guest exited with code " + code;
        return code >= 0 && code < LARGEST ? null : "guest exited with code " + code + " (exit status " + LARGEST + ")";
    }

    static ExitCodeFrom parse(String text) {
        return switch (text) {
            case "guest" -> GUEST;
            case "vmsh" -> VMSH;
            default -> throw new IllegalArgumentException("'" + text + "' must be guest or vmsh");
        };
    }
}
