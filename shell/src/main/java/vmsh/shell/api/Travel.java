package vmsh.shell.api;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntSupplier;
import java.util.function.Predicate;
import org.graalvm.polyglot.Value;
import vmsh.history.History;
import vmsh.history.Replay;
import vmsh.history.Timeline;

/**
 * The moves in time a machine and a VM share (`reverseStep(n)`, `reverseContinue()`,
 * `seek({insn})`): their arguments, errors and what they return, over the target's
 * {@link Timeline}.
 *
 * @param host     the session
 * @param name     how calls are named: "m" or "vm"
 * @param where    how a place is named in messages: "" (a machine) or "VM 'k' "
 * @param timeline the target's timeline, or an error naming the call given (no history, a recording going on)
 * @param trip     makes a trip under the session's limits: false when Ctrl-C or the deadline stopped it
 * @param pc       the target's pc
 */
record Travel(ScriptHost host, String name, String where, java.util.function.Function<String, Timeline> timeline, Predicate<Runnable> trip,
        IntSupplier pc) {

    Object reverseStep(Value[] a) {
        Value n = Args.at(a, 0);
        long count = Args.absent(n) ? 1 : Args.integer(n, name + ".reverseStep(n): n");
        if (count < 0) throw JsError.range(name + ".reverseStep(n): n is " + count + "; to go forward use " + name + ".step(n)");
        Timeline t = timeline.apply("reverseStep(n)");
        long from = t.now();
        go("reverseStep()", t, () -> t.reverseStep(count));
        return arrival("reverse", from, t, "back " + count + " instruction" + (count == 1 ? "" : "s"));
    }

    Object reverseContinue(Value[] a) {
        Timeline t = timeline.apply("reverseContinue()");
        long from = t.now();
        History.Arrival[] arrival = new History.Arrival[1];
        go("reverseContinue()", t, () -> arrival[0] = t.reverseContinue());
        Value r = arrival(arrival[0].hit() ? "break" : "oldest", from, t, arrival[0].message());
        r.putMember("replayed", arrival[0].replayed());
        return r;
    }

    Object seek(Value[] a) {
        Value opts = Args.options(Args.at(a, 0), name + ".seek({insn})", "insn");
        Value insn = Args.option(opts, "insn");
        if (insn == null) throw JsError.type(name + ".seek({insn}) needs insn, the instruction to go to");
        long target = Args.integer(insn, name + ".seek({insn}): insn");
        Timeline t = timeline.apply("seek({insn})");
        long from = t.now();
        go("seek()", t, () -> t.seek(target));
        return arrival("seek", from, t, "");
    }

    /** A trip in time; a point out of reach is a RangeError naming the call. */
    private void go(String method, Timeline t, Runnable move) {
        String call = name + "." + method;
        boolean arrived;
        try {
            arrived = trip.test(move);
        } catch (IllegalArgumentException e) {
            throw JsError.range(call + ": " + e.getMessage());
        } catch (Replay.DivergedException e) {
            throw new JsError("Error", call + ": " + e.getMessage());
        }
        if (!arrived) throw new JsError("Error", call + ": stopped on the way through history, at instruction " + t.now());
    }

    /** Where a move in time arrived, as run() reports a run: insns is how far it moved (negative: back). */
    private Value arrival(String reason, long from, Timeline t, String message) {
        Map<String, Object> m = new LinkedHashMap<>();
        long at = t.now();
        int here = pc.getAsInt();
        m.put("reason", reason);
        m.put("insns", at - from);
        m.put("at", at);
        m.put("pc", Args.unsigned(here));
        String place = String.format("%sat instruction %d, pc 0x%08x", where, at, here);
        m.put("message", message.isEmpty() ? place : message + " (" + place + ")");
        return host.object(m);
    }
}
