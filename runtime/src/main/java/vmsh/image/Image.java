package vmsh.image;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A loadable program: segments, symbols and the entry point. The assembler makes one,
 * the ELF reader reads one, the ELF writer writes one, and a machine loads one.
 */
public final class Image {
    private final List<Segment> segments;
    private final Map<String, Integer> symbols;
    private final int entry;

    public Image(List<Segment> segments, Map<String, Integer> symbols, int entry) {
        this.segments = List.copyOf(segments);
        this.symbols = Collections.unmodifiableMap(new LinkedHashMap<>(symbols));
        this.entry = entry;
    }

    public List<Segment> segments() { return segments; }

    /** Symbol name to address, in definition order. */
    public Map<String, Integer> symbols() { return symbols; }

    public int entry() { return entry; }

    /** The address of {@code name}; throws with the name when there is no such symbol. */
    public int symbol(String name) {
        Integer a = symbols.get(name);
        if (a == null) throw new IllegalArgumentException("no symbol '" + name + "' in the image");
        return a;
    }

    public boolean hasSymbol(String name) { return symbols.containsKey(name); }

    /** The symbol naming exactly {@code address}, or null (first defined wins). */
    public String symbolAt(int address) {
        for (Map.Entry<String, Integer> e : symbols.entrySet())
            if (e.getValue() == address) return e.getKey();
        return null;
    }
}
