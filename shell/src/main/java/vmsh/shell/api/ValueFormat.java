package vmsh.shell.api;

import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.proxy.ProxyExecutable;

/**
 * JavaScript values as text, the way node shows them: {@link #print} for print(...)
 * (strings as they are), {@link #inspect} for REPL results (strings quoted). Objects of
 * our API show their own description; nesting and long arrays are cut short.
 */
public final class ValueFormat {
    private static final int MAX_DEPTH = 2;
    private static final int MAX_ELEMENTS = 100;
    /** Listings (TLB entries, ...) print at most this many lines, then "... N more". */
    static final int MAX_LINES = 64;

    private ValueFormat() {}

    public static String print(Value v) {
        if (v != null && v.isString()) return v.asString();
        if (v != null && v.isNumber() && !v.isProxyObject()) return JsNumber.format(v);
        return inspect(v);
    }

    public static String inspect(Value v) {
        StringBuilder b = new StringBuilder();
        append(b, v, 0);
        return b.toString();
    }

    /** True for undefined, which the REPL does not echo. */
    public static boolean isUndefined(Value v) {
        return v == null || (v.isNull() && "undefined".equals(v.toString()));
    }

    private static void append(StringBuilder b, Value v, int depth) {
        if (v == null) b.append("undefined");
        else if (v.isProxyObject()) b.append(describeProxy(v.asProxyObject()));
        else if (v.isString()) quote(b, v.asString());
        else if (v.isNumber()) b.append(JsNumber.format(v)).append(JsNumber.isBigInt(v) ? "n" : "");
        else if (v.isNull() || v.isBoolean() || v.isException() || v.isDate()) b.append(v);
        else if (v.canExecute()) appendFunction(b, v);
        else if (v.hasArrayElements()) appendArray(b, v, depth);
        else if (isPlainObject(v)) appendObject(b, v, depth);
        else b.append(v);
    }

    private static String describeProxy(Object proxy) {
        return proxy instanceof ProxyExecutable && !(proxy instanceof GlobalFunction) ? "[Function]" : proxy.toString();
    }

    private static void appendFunction(StringBuilder b, Value v) {
        Value name = v.hasMember("name") ? v.getMember("name") : null;
        boolean named = name != null && name.isString() && !name.asString().isEmpty();
        b.append(named ? "[Function: " + name.asString() + "]" : "[Function (anonymous)]");
    }

    private static void appendArray(StringBuilder b, Value v, int depth) {
        long n = v.getArraySize();
        if (depth > MAX_DEPTH) {
            b.append("[Array(").append(n).append(")]");
            return;
        }
        b.append('[');
        for (long i = 0; i < Math.min(n, MAX_ELEMENTS); i++) {
            if (i > 0) b.append(", ");
            append(b, v.getArrayElement(i), depth + 1);
        }
        if (n > MAX_ELEMENTS) b.append(", ... ").append(n - MAX_ELEMENTS).append(" more");
        b.append(']');
    }

    private static void appendObject(StringBuilder b, Value v, int depth) {
        if (depth > MAX_DEPTH) {
            b.append("[Object]");
            return;
        }
        var keys = v.getMemberKeys();
        if (keys.isEmpty()) {
            b.append("{}");
            return;
        }
        b.append("{ ");
        boolean first = true;
        for (String key : keys) {
            if (!first) b.append(", ");
            first = false;
            if (key.matches("[A-Za-z_$][A-Za-z0-9_$]*")) b.append(key);
            else quote(b, key);
            b.append(": ");
            append(b, v.getMember(key), depth + 1);
        }
        b.append(" }");
    }

    private static boolean isPlainObject(Value v) {
        if (!v.hasMembers()) return false;
        Value meta = v.getMetaObject();
        return meta != null && "Object".equals(meta.getMetaSimpleName());
    }

    private static void quote(StringBuilder b, String s) {
        b.append('\'');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\'' -> b.append("\\'");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f) b.append(String.format("\\x%02x", (int) c));
                    else b.append(c);
                }
            }
        }
        b.append('\'');
    }
}
