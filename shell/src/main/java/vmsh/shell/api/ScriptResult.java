package vmsh.shell.api;

import java.util.Collections;
import java.util.LinkedHashMap;
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
        for (String key : v.getMemberKeys()) given.put(key, Json.plain(v.getMember(key), 1));
        fields.putAll(given);
    }

    Map<String, Object> fields() { return Collections.unmodifiableMap(fields); }
}
