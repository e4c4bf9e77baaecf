package vmsh.shell.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Value;
import vmsh.shell.ExitCode;

/**
 * A script's result value as JSON (--json), as JSON.stringify writes it, indented: numbers
 * as JavaScript writes them (NaN and Infinity as null), strings, booleans, null, arrays and
 * plain objects (keys in insertion order; undefined and functions left out of objects, null
 * in arrays). Beyond JSON.stringify: a BigInt is written as its exact digits, and an API
 * object as what it prints (or its figures). A cycle cannot be written: a {@link ScriptError}
 * names where it closes.
 */
public final class Json {
    private static final JsonFactory FACTORY = new JsonFactory();

    private final JsonGenerator out;
    /**
     * The script's arrays and objects being written, with their paths: one met again among
     * them closes a cycle. (Values of the same JavaScript object are equal.)
     */
    private final Map<Value, String> open = new HashMap<>();

    private Json(JsonGenerator out) { this.out = out; }

    /** The JSON text of {@code v}; a value that cannot be written is a {@link ScriptError} saying why. */
    public static String of(Value v) {
        StringWriter text = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(text)) {
            g.setPrettyPrinter(new StringifyIndent());
            new Json(g).write(v, "result");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Cycle | PolyglotException e) {
            throw new ScriptError("vmsh: --json: cannot write the result: " + e.getMessage(), ExitCode.ERROR);
        }
        return text.toString();
    }

    /** The value contains itself. */
    private static final class Cycle extends RuntimeException {
        Cycle(String message) { super(message, null, false, false); }
    }

    private void write(Object v, String path) throws IOException {
        if (v instanceof Value value) writeValue(value, path);
        else writeJava(v, path);
    }

    private void writeValue(Value v, String path) throws IOException {
        if (v == null || v.isNull() || v.canExecute()) out.writeNull();
        else if (v.isProxyObject() && v.asProxyObject() instanceof ApiObject o) write(o.json(), path);
        else if (v.isProxyObject()) out.writeString(v.asProxyObject().toString());
        else if (v.isBoolean()) out.writeBoolean(v.asBoolean());
        else if (v.isString()) out.writeString(v.asString());
        else if (v.isNumber()) writeNumber(v);
        else if (v.isDate() && v.isTime()) out.writeString(v.toString());
        else if (v.hasArrayElements()) nested(v, path, () -> {
            out.writeStartArray();
            for (long i = 0; i < v.getArraySize(); i++) write(v.getArrayElement(i), path + "[" + i + "]");
            out.writeEndArray();
        });
        else if (v.hasMembers()) nested(v, path, () -> {
            out.writeStartObject();
            for (String k : v.getMemberKeys()) {
                Value member = v.getMember(k);
                if (ValueFormat.isUndefined(member) || member.canExecute()) continue;
                out.writeFieldName(k);
                write(member, path + "." + k);
            }
            out.writeEndObject();
        });
        else out.writeString(v.toString());
    }

    private void writeNumber(Value v) throws IOException {
        if (JsNumber.isBigInt(v)) {
            out.writeNumber(v.asBigInteger());
            return;
        }
        double d = v.fitsInDouble() ? v.asDouble() : v.asLong();
        if (Double.isNaN(d) || Double.isInfinite(d)) out.writeNull();
        else out.writeNumber(JsNumber.format(d));
    }

    /** Figures an API object gives (maps, lists, Java numbers; never cyclic). */
    private void writeJava(Object v, String path) throws IOException {
        switch (v) {
            case null -> out.writeNull();
            case Map<?, ?> map -> {
                out.writeStartObject();
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    out.writeFieldName(String.valueOf(e.getKey()));
                    write(e.getValue(), path + "." + e.getKey());
                }
                out.writeEndObject();
            }
            case List<?> list -> {
                out.writeStartArray();
                for (int i = 0; i < list.size(); i++) write(list.get(i), path + "[" + i + "]");
                out.writeEndArray();
            }
            case Boolean b -> out.writeBoolean(b);
            case Number n -> {
                double d = n.doubleValue();
                if (Double.isNaN(d) || Double.isInfinite(d)) out.writeNull();
                else out.writeNumber(JsNumber.format(d));
            }
            default -> out.writeString(v.toString());
        }
    }

    private interface Body {
        void write() throws IOException;
    }

    /** Writes an array or object of the script, refusing one that contains itself. */
    private void nested(Value container, String path, Body body) throws IOException {
        String outer = open.putIfAbsent(container, path);
        if (outer != null)
            throw new Cycle("it is cyclic: " + path + " is " + outer + " (JSON cannot hold a cycle)");
        try {
            body.write();
        } finally {
            open.remove(container);
        }
    }
}
