package vmsh.shell.api;

import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.SourceSection;
import org.graalvm.polyglot.Value;
import vmsh.mem.OutOfHostMemory;
import vmsh.shell.ExitCode;
import vmsh.shell.OutOfMemory;
import vmsh.shell.limits.LimitExceeded;

/**
 * How a failed or stopped evaluation becomes one line for the user, {@code file.js:3:5:
 * TypeError: ...}, and an exit code: the position is the innermost frame of the user's
 * code, and no Java class name or stack trace gets through.
 */
final class ScriptErrors {
    private ScriptErrors() {}

    /**
     * The error for {@code e}; {@code ending} is the limit that ended the session (the
     * cause of a cancelled context), or null.
     */
    static ScriptError of(PolyglotException e, SessionHost.Ending ending, boolean interrupted) {
        String where = ending != null && ending.position() != null ? ending.position() : position(e);
        String prefix = where == null ? "" : where + ": ";
        if (ending != null && (e.isCancelled() || e.isInterrupted())) {
            String line = ending.message() == null ? "" : prefix + ending.message();
            return new ScriptError(line, ending.exitCode(), ending.exited());
        }
        if (e.isInterrupted() || e.isCancelled() || interrupted) return new ScriptError(prefix + "interrupted", ExitCode.INTERRUPTED);
        if (e.isExit()) return new ScriptError("exit " + e.getExitStatus(), e.getExitStatus());
        if (e.isHostException() && e.asHostException() instanceof LimitExceeded l) return new ScriptError(prefix + l.getMessage(), l.exitCode());
        String message = e.isSyntaxError() ? syntaxMessage(e) : guestMessage(e);
        return new ScriptError(prefix + message, isGuestFault(e) ? ExitCode.GUEST_FAULT : ExitCode.ERROR);
    }

    /** A mistake found by host code outside JavaScript (a monitor command's). */
    static ScriptError of(JsError e) {
        return new ScriptError(e.type() + ": " + e.getMessage(), ExitCode.ERROR);
    }

    private static boolean isGuestFault(PolyglotException e) {
        Value error = e.isGuestException() ? e.getGuestObject() : null;
        if (error == null || !error.hasMembers()) return false;
        Value name = error.getMember("name");
        return name != null && name.isString() && name.asString().equals("GuestFault");
    }

    /** file:line:col of the innermost frame in the user's code, skipping our internals. */
    private static String position(PolyglotException e) {
        SourceSection at = e.isSyntaxError() ? e.getSourceLocation() : null;
        if (at == null) {
            for (PolyglotException.StackFrame frame : e.getPolyglotStackTrace()) {
                SourceSection s = frame.getSourceLocation();
                if (frame.isGuestFrame() && s != null && !s.getSource().isInternal()) {
                    at = s;
                    break;
                }
            }
        }
        if (at == null) at = e.getSourceLocation();
        if (at == null || !at.isAvailable()) return null;
        return at.getSource().getName() + ":" + at.getStartLine() + ":" + at.getStartColumn();
    }

    /** "SyntaxError: t.js:1:3 Expected ...\n<line>\n<caret>" becomes "SyntaxError: Expected ...". */
    private static String syntaxMessage(PolyglotException e) {
        String first = e.getMessage().lines().findFirst().orElse("SyntaxError");
        return first.replaceFirst("^(\\w*Error: )?\\S+:\\d+:\\d+ ", "SyntaxError: ");
    }

    /**
     * A thrown value as the REPL would show it; an object member by member (GraalJS marks
     * any thrown value as an exception, which would print as [object Object]).
     */
    private static String describe(Value thrown) {
        if (!thrown.hasMembers() || thrown.hasArrayElements() || thrown.canExecute()) return ValueFormat.inspect(thrown);
        java.util.StringJoiner members = new java.util.StringJoiner(", ", "{ ", " }").setEmptyValue("{}");
        for (String key : thrown.getMemberKeys()) members.add(key + ": " + ValueFormat.inspect(thrown.getMember(key)));
        return members.toString();
    }

    /** An Error object (it has a message and a stack), rather than any other value thrown. */
    private static boolean isError(Value v) {
        return v.hasMembers() && v.hasMember("message") && v.hasMember("stack");
    }

    private static String guestMessage(PolyglotException e) {
        Value thrown = e.isGuestException() ? e.getGuestObject() : null;
        if (thrown != null && !isError(thrown)) return "uncaught " + describe(thrown);   // throw {code: 5}
        if (e.isHostException() && e.asHostException() instanceof OutOfMemoryError) return OutOfMemory.line();
        if (e.isHostException() && e.asHostException() instanceof OutOfHostMemory full) return full.getMessage();
        if (e.isHostException()) {
            String m = e.asHostException().getMessage();
            return "InternalError: " + (m == null ? "an error inside vmsh (VMSH_DEBUG=1 shows it)" : m);
        }
        String m = e.getMessage();
        return m == null ? "Error" : m;
    }
}
