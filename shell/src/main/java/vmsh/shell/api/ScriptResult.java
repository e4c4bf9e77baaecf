package vmsh.shell.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.graalvm.polyglot.Value;

/**
 * What a script reports with {@code result({...})}: one record of named values, which a
 * sweep stores as the run's result. Calls merge (a later value of a name replaces the
 * earlier one), so a script may report as it goes. Values are kept as plain data: numbers,
 * strings, booleans, null, arrays and objects of those.
 */
final class ScriptResult {
    private final Map<String, Object> fields = new LinkedHashMap<>();

    /** result({...}) merges the fields and returns the whole record; result() returns it. */
    static Object global(ScriptHost session, Value[] a) {
        ScriptResult r = session.result();
        Value v = Args.at(a, 0);
        if (!Args.absent(v)) r.merge(v);
        return Params.toJs(session, r.fields);
    }

    private void merge(Value v) {
        if (!v.hasMembers() || v.hasArrayElements() || v.isString() || v.canExecute() || v.isProxyObject())
            throw JsError.type("result({...}) takes an object of named values, got " + ValueFormat.inspect(v));
        Map<String, Object> given = new LinkedHashMap<>();
        for (String key : v.getMemberKeys()) given.put(key, plain(v.getMember(key), 1));
        fields.putAll(given);
    }

    /** A script's value as plain Java data, as JSON would hold it (functions as null; an API object as its figures). */
    private static Object plain(Value v, int depth) {
        if (depth > 64) throw JsError.range("result({...}): a value nested more than 64 deep (a cycle?)");
        if (v == null || v.isNull() || v.canExecute()) return null;
        if (v.isProxyObject()) return v.asProxyObject() instanceof ApiObject o ? o.json() : v.asProxyObject().toString();
        if (v.isBoolean()) return v.asBoolean();
        if (v.isString()) return v.asString();
        if (v.isNumber()) return v.fitsInLong() ? (Object) v.asLong() : (Object) v.asDouble();
        if (v.hasArrayElements()) {
            List<Object> list = new ArrayList<>();
            for (long i = 0; i < v.getArraySize(); i++) list.add(plain(v.getArrayElement(i), depth + 1));
            return list;
        }
        if (v.hasMembers()) {
            Map<String, Object> map = new LinkedHashMap<>();
            for (String k : v.getMemberKeys()) map.put(k, plain(v.getMember(k), depth + 1));
            return map;
        }
        return v.toString();
    }

    Map<String, Object> fields() { return Collections.unmodifiableMap(fields); }
}
