package vmsh.shell.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.graalvm.polyglot.Value;

/**
 * A script's result value as JSON (--json): numbers, strings, booleans, null, arrays and
 * plain objects as JSON has them (keys in insertion order); an API object as what it
 * prints; undefined and functions as null.
 */
public final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Json() {}

    public static String of(Value v) {
        try {
            return MAPPER.writeValueAsString(plain(v, 0));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
    }

    static Object plain(Value v, int depth) {
        if (depth > 64) throw new JsError("RangeError", "the result is nested more than 64 deep (a cycle?)");
        if (v == null || v.isNull() || v.canExecute()) return null;
        if (v.isProxyObject() && v.asProxyObject() instanceof ApiObject o) return o.json();
        if (v.isProxyObject()) return v.asProxyObject().toString();
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
}
