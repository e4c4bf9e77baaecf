package vmsh.shell.api;

import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * One convention for the API's mistakes: every message names the call it came from
 * ({@code hv.create(): technique 'warp' must be ...}), or the property a script set
 * ({@code vm.privilege: 'H' is not a privilege ...}). A message that already starts with
 * a call ({@code hv.spawn(template, n): ...}) is left as it is.
 */
final class CallErrors {
    /** Errors of how the API was called; others (a GuestFault, a LimitError) are about the guest. */
    private static final Set<String> MISTAKES = Set.of("TypeError", "RangeError", "Error");
    private static final Pattern CALL = Pattern.compile("^[A-Za-z_$][\\w$.]*\\(");

    private CallErrors() {}

    /**
     * Runs {@code body}; a {@link JsError} or a runtime refusal out of it is named after
     * {@code call}: a method as {@code hv.create()}, a property being set as {@code vm.pc}.
     */
    static <T> T named(String call, Supplier<T> body) {
        try {
            return body.get();
        } catch (JsError e) {
            if (!MISTAKES.contains(e.type())) throw e;
            if (named(call, e.getMessage())) {
                String owned = withOwner(call, e.getMessage());
                if (owned == null) throw e;
                throw new JsError(e.type(), owned);
            }
            throw new JsError(e.type(), located(call, e.getMessage()));
        } catch (IllegalArgumentException | IllegalStateException e) {
            if (e.getMessage() == null) throw e;
            if (named(call, e.getMessage())) {
                String owned = withOwner(call, e.getMessage());
                if (owned == null) throw e;
                throw new JsError("Error", owned);
            }
            throw new JsError("Error", located(call, e.getMessage()));
        }
    }

    /**
     * A message that names the member without its object ({@code restore(s) needs ...} out of
     * {@code m.restore()}) with the object put before it, as scripts write the call; null when
     * it names the call some other way.
     */
    private static String withOwner(String call, String message) {
        String bare = withoutParentheses(call);
        int dot = bare.lastIndexOf('.');
        if (dot < 0 || !message.startsWith(bare.substring(dot + 1) + "(")) return null;
        return bare.substring(0, dot + 1) + message;
    }

    /**
     * {@code call: message}; a message that starts with the member's bare name ({@code client: ...},
     * or for a property also {@code pc must be ...}) has it replaced.
     */
    private static String located(String call, String message) {
        String name = withoutParentheses(call);
        for (int dot = name.indexOf('.'); dot >= 0; dot = name.indexOf('.', dot + 1)) {
            String member = name.substring(dot + 1);   // history.cap, then cap
            if (message.startsWith(member + ": ")) return call + ": " + message.substring(member.length() + 2);
            if (name.equals(call) && message.startsWith(member + " ")) return call + ": " + message.substring(member.length() + 1);
        }
        return call + ": " + message;
    }

    /** Whether {@code message} already names a call, this one ({@code readFile: ...}) or its object ({@code hv.costs: ...}). */
    private static boolean named(String call, String message) {
        String bare = withoutParentheses(call);
        String owner = bare.contains(".") ? bare.substring(0, bare.lastIndexOf('.')) : bare;
        return message != null && (CALL.matcher(message).find() || message.startsWith(bare + ":")
                || message.startsWith(bare + " ") || message.startsWith(owner + ":"));
    }

    private static String withoutParentheses(String call) {
        return call.endsWith("()") ? call.substring(0, call.length() - "()".length()) : call;
    }
}
