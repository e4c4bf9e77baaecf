package vmsh.asm;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import vmsh.image.Image;
import vmsh.image.Segment;

/**
 * What {@code .incbin} of an assembly source includes: the source assembled as a program of
 * its own (at the default origin, its {@code .include}s beside it) and flattened as
 * {@code objcopy -O binary} flattens a linked program: the bytes from its lowest loaded
 * address to the end of its last loaded data, gaps as zeros, .bss left out. GNU as includes
 * a file's bytes as they are; vmsh has no separate linker, so a program carrying another
 * (a hypervisor and its guest kernel) names the other's source.
 */
final class IncludedProgram {
    private IncludedProgram() {}

    /** Sources being assembled for an .incbin on this thread: a cycle is an error, not a hang. */
    private static final ThreadLocal<Set<String>> IN_PROGRESS = ThreadLocal.withInitial(HashSet::new);

    /** True when {@code path} names assembly source (.s, .S, .asm), the only kind .incbin takes. */
    static boolean isSource(String path) {
        return path.endsWith(".s") || path.endsWith(".S") || path.endsWith(".asm");
    }

    /** Assembles {@code source} and returns its flat bytes; {@code at} locates errors. */
    static byte[] bytes(SourceResolver.Source source, SourceResolver resolver, Token at) {
        Set<String> busy = IN_PROGRESS.get();
        if (!busy.add(source.name())) throw new AsmFailure(at, "'.incbin' of '" + source.name() + "' includes itself");
        try {
            return flatten(Assembler.assemble(source.text(), source.name(), resolver), at);
        } catch (AsmException e) {
            List<AsmError> errors = e.errors();
            AsmError first = errors.get(0);
            throw new AsmFailure(at, "cannot assemble '" + source.name() + "': " + first.file() + ":" + first.line() + ":"
                    + first.column() + ": " + first.message() + (errors.size() > 1 ? " (and " + (errors.size() - 1) + " more)" : ""));
        } finally {
            busy.remove(source.name());
        }
    }

    private static byte[] flatten(Image image, Token at) {
        long start = Long.MAX_VALUE, end = Long.MIN_VALUE;
        for (Segment s : image.segments()) {
            if (s.data().length == 0) continue;
            start = Math.min(start, Integer.toUnsignedLong(s.address()));
            end = Math.max(end, Integer.toUnsignedLong(s.address()) + s.data().length);
        }
        if (start == Long.MAX_VALUE) return new byte[0];
        if (end - start > Integer.MAX_VALUE - 8) throw new AsmFailure(at, "'.incbin' program spans " + (end - start) + " bytes: too large");
        byte[] out = new byte[(int) (end - start)];
        for (Segment s : image.segments()) {
            if (s.data().length == 0) continue;   // .bss: nothing to copy (it may lie past the end)
            System.arraycopy(s.data(), 0, out, (int) (Integer.toUnsignedLong(s.address()) - start), s.data().length);
        }
        return out;
    }
}
