package vmsh.shell.api;

import org.graalvm.polyglot.Value;
import vmsh.shell.Sizes;

/** Conversions of JavaScript arguments, each failing with a message that names the value. */
final class Args {
    private static final long TWO_32 = 1L << 32;

    private Args() {}

    /** Argument {@code i}, or undefined when the call passed fewer. */
    static Value at(Value[] args, int i) {
        return i < args.length ? args[i] : null;
    }

    static boolean absent(Value v) { return v == null || v.isNull(); }

    /** A 32-bit quantity (address, register, word): -2^31 .. 2^32-1, returned as its int bits. */
    static int u32(Value v, String what) {
        long n = integer(v, what);
        if (n < Integer.MIN_VALUE || n >= TWO_32)
            throw JsError.range(what + " " + n + " does not fit in 32 bits");
        return (int) n;
    }

    /** A whole number up to 2^53. */
    static long integer(Value v, String what) {
        if (v == null || !v.isNumber()) throw JsError.type(what + " must be a number, got " + ValueFormat.inspect(v));
        if (!v.fitsInLong()) {
            double d = v.asDouble();
            boolean whole = !Double.isNaN(d) && !Double.isInfinite(d) && d == Math.rint(d);
            throw JsError.range(what + (whole ? " must be at most 2^63-1" : " must be a whole number") + ", got " + ValueFormat.inspect(v));
        }
        return v.asLong();
    }

    /** A count of at least 1. */
    static long positive(Value v, String what) {
        long n = integer(v, what);
        if (n < 1) throw JsError.range(what + " must be at least 1, got " + n);
        return n;
    }

    /** A count of at least 1, or {@code fallback} when absent. */
    static long positiveOr(Value v, long fallback, String what) {
        return absent(v) ? fallback : positive(v, what);
    }

    static boolean bool(Value v, String what) {
        if (v == null || !v.isBoolean()) throw JsError.type(what + " must be true or false, got " + ValueFormat.inspect(v));
        return v.asBoolean();
    }

    /** A function to call back. */
    static Value function(Value v, String what) {
        if (v == null || !v.canExecute()) throw JsError.type(what + " must be a function, got " + ValueFormat.inspect(v));
        return v;
    }

    static String string(Value v, String what) {
        if (v == null || !v.isString()) throw JsError.type(what + " must be a string, got " + ValueFormat.inspect(v));
        return v.asString();
    }

    /** A name parsed by {@code parse}, whose refusal (naming the value) becomes a RangeError. */
    static <T> T choice(Value v, String what, java.util.function.Function<String, T> parse) {
        String name = string(v, what);
        try {
            return parse.apply(name);
        } catch (IllegalArgumentException e) {
            throw JsError.range(e.getMessage());
        }
    }

    /** A memory size: a number of bytes, or text such as '64M'. */
    static long size(Value v, String what) {
        if (v != null && v.isString()) {
            try {
                return Sizes.parse(v.asString());
            } catch (IllegalArgumentException e) {
                throw JsError.range(e.getMessage());
            }
        }
        return positive(v, what);
    }

    /** Unsigned view of 32 bits, as scripts see addresses and registers. */
    static long unsigned(int bits) { return bits & 0xffff_ffffL; }

    /** An options object (or undefined), checked to name only {@code known} keys. */
    static Value options(Value v, String call, String... known) {
        if (absent(v)) return null;
        if (!v.hasMembers() || v.hasArrayElements() || v.isString() || v.isNumber())
            throw JsError.type(call + " takes an options object, got " + ValueFormat.inspect(v));
        for (String key : v.getMemberKeys()) {
            if (!java.util.List.of(known).contains(key))
                throw JsError.type(call + ": unknown option '" + key + "' (known: " + String.join(", ", known) + ")");
        }
        return v;
    }

    /** Option {@code key} of an options object, or null when absent. */
    static Value option(Value options, String key) {
        if (options == null) return null;
        Value v = options.getMember(key);
        return absent(v) ? null : v;
    }
}
