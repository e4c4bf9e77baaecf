package vmsh.shell.api;

/**
 * A mistake in how a script called the API. The host rethrows it into JavaScript as an
 * error of constructor {@code type} (TypeError, RangeError, Error, ...) carrying the message.
 */
public final class JsError extends RuntimeException {
    private final String type;

    public JsError(String type, String message) {
        super(message);
        this.type = type;
    }

    public static JsError type(String message) { return new JsError("TypeError", message); }

    public static JsError range(String message) { return new JsError("RangeError", message); }

    public String type() { return type; }
}
