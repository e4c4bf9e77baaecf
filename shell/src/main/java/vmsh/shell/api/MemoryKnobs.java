package vmsh.shell.api;

import org.graalvm.polyglot.Value;
import vmsh.memsched.MemSchedConfig;

/** hv.configure's memory-scheduler options, and the sizes hv.create takes (where 0 is allowed). */
final class MemoryKnobs {
    private MemoryKnobs() {}

    /** {@code base} with the options of {@code o} that name scheduler knobs applied. */
    static MemSchedConfig of(Value o, MemSchedConfig base) {
        MemSchedConfig c = base;
        Value tax = Args.option(o, "idleTax");
        if (tax != null) c = c.withIdleTax(number(tax, "idleTax"));
        Value pages = Args.option(o, "samplePages"), period = Args.option(o, "samplePeriod");
        if (pages != null || period != null)
            c = c.withSampling(pages == null ? c.samplePages() : (int) Args.integer(pages, "samplePages"),
                    period == null ? c.samplePeriod() : number(period, "samplePeriod"));
        Value balance = Args.option(o, "balancePeriod");
        if (balance != null) c = c.withBalancePeriod(number(balance, "balancePeriod"));
        Value perVm = Args.option(o, "scanPerVm"), total = Args.option(o, "scanTotal");
        if (perVm != null || total != null)
            c = c.withScanRates(perVm == null ? c.scanPerVm() : number(perVm, "scanPerVm"),
                    total == null ? c.scanTotal() : number(total, "scanTotal"));
        Value t = Args.option(o, "thresholds");
        if (t != null) {
            Value th = Args.options(t, "hv.configure(): thresholds", "high", "soft", "hard", "low");
            c = c.withThresholds(threshold(th, "high", c.highFree()), threshold(th, "soft", c.softFree()),
                    threshold(th, "hard", c.hardFree()), threshold(th, "low", c.lowFree()));
        }
        Value balloon = Args.option(o, "balloonMax");
        if (balloon != null) c = c.withBalloonMax(number(balloon, "balloonMax"));
        return c;
    }

    /** A memory size ('8M', a number of bytes, or 0), or {@code fallback} when absent. */
    static long size(Value v, long fallback, String what) {
        if (v == null) return fallback;
        if (v.isNumber() && v.fitsInLong() && v.asLong() == 0) return 0;
        return Args.size(v, what);
    }

    private static double threshold(Value t, String key, double fallback) {
        Value v = Args.option(t, key);
        return v == null ? fallback : number(v, "thresholds." + key);
    }

    private static double number(Value v, String what) {
        if (!v.isNumber()) throw JsError.type(what + " must be a number, got " + ValueFormat.inspect(v));
        return v.asDouble();
    }
}
