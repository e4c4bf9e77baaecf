package vmsh.asm;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Collects located errors from every pass and reports them in source order; gives up
 * (throws) once {@link #LIMIT} are found.
 */
final class Diagnostics {
    static final int LIMIT = 20;

    private record Entry(int order, AsmError error) {}

    private final List<Entry> entries = new ArrayList<>();
    /** The position in the statement stream of what is being handled now. */
    int order;

    void error(Line line, int column, String message) {
        String text = line.note() == null ? message : message + " (" + line.note() + ")";
        entries.add(new Entry(order, new AsmError(line.file(), line.number(), Math.max(1, column), text, line.original())));
        if (entries.size() >= LIMIT) throw exception();
    }

    void error(Line line, AsmFailure f) { error(line, f.column, f.getMessage()); }

    void throwIfAny() {
        if (!entries.isEmpty()) throw exception();
    }

    private AsmException exception() {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingInt(Entry::order));   // stable: same statement keeps pass order
        return new AsmException(sorted.stream().map(Entry::error).toList());
    }
}
