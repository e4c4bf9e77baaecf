package vmsh.shell.api;

import org.graalvm.polyglot.Value;
import vmsh.shell.Bandwidths;
import vmsh.shell.Durations;

/** The cluster API's arguments: durations and bandwidths as people write them. */
final class ClusterArgs {
    private ClusterArgs() {}

    /** A simulated duration in cycles: '100us', '1.5ms', '2s', or a number of seconds. */
    static long duration(Value v, String what) {
        try {
            if (v != null && v.isString()) return Durations.parse(v.asString());
            if (v != null && v.isNumber()) return Durations.seconds(v.asDouble(), ValueFormat.inspect(v));
        } catch (IllegalArgumentException e) {
            throw JsError.range(what + ": " + e.getMessage());
        }
        throw JsError.type(what + " must be a duration ('100us', '1.5ms', '2s', or seconds), got " + ValueFormat.inspect(v));
    }

    /** A positive duration in cycles. */
    static long positiveDuration(Value v, String what) {
        long c = duration(v, what);
        if (c <= 0) throw JsError.range(what + " must be longer than 0, got " + ValueFormat.inspect(v));
        return c;
    }

    /** A bandwidth in bits per second: '1Gbit', '100Mbit', or a number of bits per second. */
    static long bandwidth(Value v, String what) {
        try {
            if (v != null && v.isString()) return Bandwidths.parse(v.asString());
        } catch (IllegalArgumentException e) {
            throw JsError.range(what + ": " + e.getMessage());
        }
        if (v != null && v.isNumber() && v.asDouble() >= 1 && v.asDouble() <= 1e15) return Math.round(v.asDouble());
        throw JsError.type(what + " must be a bandwidth ('1Gbit', '100Mbit', or bits per second), got " + ValueFormat.inspect(v));
    }

    /** A number in [lo, hi]. */
    static double number(Value v, double lo, double hi, String what) {
        if (v == null || !v.isNumber() || !(v.asDouble() >= lo && v.asDouble() <= hi))
            throw JsError.range(what + " must be a number from " + lo + " to " + hi + ", got " + ValueFormat.inspect(v));
        return v.asDouble();
    }

    /** The time a run asks for: one of {cycles, us, ms, s}. */
    static long runTime(Value o, String call) {
        String[] units = {"cycles", "us", "ms", "s"};
        double[] scale = {1, 1e3, 1e6, 1e9};
        long cycles = -1;
        for (int i = 0; i < units.length; i++) {
            Value v = Args.option(o, units[i]);
            if (v == null) continue;
            if (cycles >= 0) throw JsError.type(call + " takes one of cycles, us, ms or s");
            double n = number(v, 0, 1e18, call + ": " + units[i]);
            cycles = Math.round(n * scale[i]);
        }
        if (cycles < 0) throw JsError.type(call + " needs a time: {ms: 50}, {us: 500}, {s: 1} or {cycles: 1e6}");
        return cycles;
    }
}
