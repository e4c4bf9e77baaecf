package vmsh.shell.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.PrettyPrinter;
import java.io.IOException;

/**
 * The layout of {@code JSON.stringify(v, null, 2)}: two spaces per level, one entry per line,
 * {@code "key": value}, and empty arrays and objects as {@code []} and {@code {}}. One instance
 * per generator (it counts the depth).
 */
final class StringifyIndent implements PrettyPrinter {
    private int depth;

    @Override public void writeRootValueSeparator(JsonGenerator g) throws IOException { g.writeRaw('\n'); }

    @Override public void writeStartObject(JsonGenerator g) throws IOException { open(g, '{'); }
    @Override public void beforeObjectEntries(JsonGenerator g) throws IOException { newLine(g); }
    @Override public void writeObjectFieldValueSeparator(JsonGenerator g) throws IOException { g.writeRaw(": "); }
    @Override public void writeObjectEntrySeparator(JsonGenerator g) throws IOException { separate(g); }
    @Override public void writeEndObject(JsonGenerator g, int entries) throws IOException { close(g, '}', entries); }

    @Override public void writeStartArray(JsonGenerator g) throws IOException { open(g, '['); }
    @Override public void beforeArrayValues(JsonGenerator g) throws IOException { newLine(g); }
    @Override public void writeArrayValueSeparator(JsonGenerator g) throws IOException { separate(g); }
    @Override public void writeEndArray(JsonGenerator g, int values) throws IOException { close(g, ']', values); }

    private void open(JsonGenerator g, char bracket) throws IOException {
        g.writeRaw(bracket);
        depth++;
    }

    private void separate(JsonGenerator g) throws IOException {
        g.writeRaw(',');
        newLine(g);
    }

    private void close(JsonGenerator g, char bracket, int entries) throws IOException {
        depth--;
        if (entries > 0) newLine(g);
        g.writeRaw(bracket);
    }

    private void newLine(JsonGenerator g) throws IOException {
        g.writeRaw('\n');
        g.writeRaw("  ".repeat(depth));
    }
}
