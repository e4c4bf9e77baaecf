package vmsh.asm;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import vmsh.image.Image;
import vmsh.image.Segment;

/**
 * Where sections go. Output sections follow each other from the origin in the order
 * .text, .rodata, .data, .bss; each gathers its input sections (.text.init, .sdata, ...)
 * in the order they first appear in the source, each input section at its own alignment,
 * the output section at the largest of them.
 */
final class Layout {
    private Layout() {}

    private static final Section.Kind[] ORDER = {Section.Kind.TEXT, Section.Kind.RODATA, Section.Kind.DATA, Section.Kind.BSS};

    /** Gives every section an address; the program must end below 4 GiB. */
    static void place(Assembly a, long origin, String file) {
        long cursor = origin;
        for (Section.Kind kind : ORDER) {
            List<Section> parts = parts(a, kind);
            if (parts.isEmpty()) continue;
            int align = 0;
            for (Section s : parts) align = Math.max(align, s.alignLog2);
            cursor = alignUp(cursor, align);
            for (Section s : parts) {
                cursor = alignUp(cursor, s.alignLog2);
                s.address = cursor;
                cursor += s.size();
            }
        }
        if (cursor > 0x1_0000_0000L) {
            throw new AsmException(List.of(new vmsh.asm.AsmError(file, 1, 1, "program does not fit below 4 GiB: it would end at 0x"
                    + Long.toHexString(cursor) + " (origin 0x" + Long.toHexString(origin) + ")", null)));
        }
    }

    private static long alignUp(long v, int log2) {
        long m = (1L << log2) - 1;
        return (v + m) & ~m;
    }

    /** The non-empty input sections that form output section {@code kind}, in source order. */
    static List<Section> parts(Assembly a, Section.Kind kind) {
        List<Section> r = new ArrayList<>();
        for (Section s : a.used) if (s.kind == kind && s.size() > 0) r.add(s);
        return r;
    }

    /** The image: one segment per non-empty output section, the symbols, the entry. */
    static Image image(Assembly a, long origin) {
        List<Segment> segments = new ArrayList<>();
        for (Section.Kind kind : ORDER) {
            List<Section> parts = parts(a, kind);
            if (parts.isEmpty()) continue;
            long start = parts.get(0).address, end = parts.get(parts.size() - 1).end();
            byte[] data;
            if (kind == Section.Kind.BSS) data = new byte[0];
            else {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                for (Section s : parts) {
                    while (start + out.size() < s.address) out.write(0);
                    out.writeBytes(s.bytes());
                }
                data = out.toByteArray();
            }
            int flags = switch (kind) {
                case TEXT -> Segment.R | Segment.X;
                case RODATA -> Segment.R;
                default -> Segment.R | Segment.W;
            };
            segments.add(new Segment(kind.outputName, (int) start, data, (int) (end - start), flags));
        }
        Map<String, Integer> symbols = new LinkedHashMap<>();
        for (Symbol sym : a.definitionOrder) {
            if (sym.isLocalName()) continue;
            if (sym.label && sym.section.kind != Section.Kind.UNLOADED) symbols.put(sym.name, (int) sym.address);
            else if (!sym.label && sym.global) {
                try {
                    symbols.put(sym.name, (int) a.symbol(Token.ident(sym.name, 1)).v());
                } catch (AsmFailure | Expr.Unresolved e) {
                    // an unusable global constant is simply not exported
                }
            }
        }
        Symbol start = a.symbols.get("_start");
        int entry;
        if (start != null && start.label) entry = (int) start.address;
        else if (!segments.isEmpty() && segments.get(0).executable()) entry = segments.get(0).address();
        else entry = (int) origin;
        return new Image(segments, symbols, entry);
    }
}
