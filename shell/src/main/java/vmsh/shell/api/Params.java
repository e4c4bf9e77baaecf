package vmsh.shell.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The global {@code params}: a sweep's parameters of this run ({@code vmsh sweep --param
 * tau=0,0.5}), as a plain JavaScript object; empty outside a sweep, so that a script can
 * say {@code params.tau ?? 0.75} and run alone as well.
 */
final class Params {
    private Params() {}

    static Object global(ScriptHost session) {
        return toJs(session, session.params());
    }

    /** Plain Java data (maps, lists, numbers, strings, booleans, null) as JavaScript values. */
    static Object toJs(ScriptHost session, Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> converted = new java.util.LinkedHashMap<>();
            for (Map.Entry<?, ?> e : map.entrySet()) converted.put(String.valueOf(e.getKey()), toJs(session, e.getValue()));
            return session.object(converted);
        }
        if (value instanceof List<?> list) {
            List<Object> converted = new ArrayList<>();
            for (Object o : list) converted.add(toJs(session, o));
            return session.array(converted);
        }
        return value;
    }
}
