package vmsh.asm;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import vmsh.image.Image;

/**
 * GNU as syntax to a loadable image.
 *
 * <p>Layout: output sections follow each other from the origin (default 0x8000_0000) in
 * the order .text (with .text.xxx), .rodata.xxx, .data.xxx and .sdata, .bss and .sbss, each aligned to
 * the largest alignment of its parts. The entry is {@code _start} if defined, else the
 * start of .text. Image symbols are the labels (not .L* or numeric ones) and the .globl
 * constants, in definition order.
 */
public final class Assembler {
    /** Where RAM starts on QEMU's virt machine, and so where programs go by default. */
    public static final int DEFAULT_ORIGIN = 0x8000_0000;

    private Assembler() {}

    /** One input section as placed: name, the output section it joined, address and size. */
    public record Placement(String section, String output, int address, int size) {}

    /** Assembles {@code source}; {@code .include} reads files relative to {@code fileName}. */
    public static Image assemble(String source, String fileName) {
        return assemble(source, fileName, files());
    }

    public static Image assemble(String source, String fileName, SourceResolver resolver) {
        return assemble(source, fileName, resolver, DEFAULT_ORIGIN);
    }

    /** Assembles with the first output section at {@code origin} instead of 0x8000_0000. */
    public static Image assemble(String source, String fileName, SourceResolver resolver, int origin) {
        return run(source, fileName, resolver, origin, true, Cancellation.NONE).image;
    }

    /** Assembles, checking {@code cancellation} now and then: what it throws stops the assembly and comes out as it is. */
    public static Image assemble(String source, String fileName, SourceResolver resolver, Cancellation cancellation) {
        return run(source, fileName, resolver, DEFAULT_ORIGIN, true, cancellation).image;
    }

    /** True when {@code name} is one of the assembler's pseudo-instructions (li, mv, call, ...). */
    public static boolean isPseudoInstruction(String name) { return Pseudos.get(name) != null; }

    /** Where each input section went (a link map), for tools and for tests against GNU ld. */
    public static List<Placement> layout(String source, String fileName, SourceResolver resolver, int origin) {
        Run r = run(source, fileName, resolver, origin, false, Cancellation.NONE);
        List<Placement> out = new ArrayList<>();
        for (Section.Kind kind : Section.Kind.values()) {
            if (kind == Section.Kind.UNLOADED) continue;
            for (Section s : Layout.parts(r.assembly, kind)) out.add(new Placement(s.name, kind.outputName, (int) s.address, s.size()));
        }
        return out;
    }

    /** Reads includes from the file system, relative to the including file's directory (regular files only, up to a size). */
    public static SourceResolver files() {
        return (path, fromFile) -> {
            Path p = Path.of(path);
            if (!p.isAbsolute() && fromFile != null) {
                Path dir = Path.of(fromFile).getParent();
                if (dir != null) p = dir.resolve(p);
            }
            return new SourceResolver.Source(p.toString(), SourceResolver.readText(p));
        };
    }

    private record Run(Assembly assembly, Image image) {}

    /** What a {@link Cancellation} threw, carried past the assembler's own error handling. */
    private static final class Stopped extends RuntimeException {
        Stopped(RuntimeException reason) { super(reason); }
    }

    private static Run run(String source, String fileName, SourceResolver resolver, int origin, boolean image,
                           Cancellation cancellation) {
        String file = fileName == null ? "<input>" : fileName;
        SourceResolver r = resolver != null ? resolver : (path, from) -> { throw new IOException("no includes"); };
        Cancellation cancel = () -> {
            try {
                cancellation.check();
            } catch (RuntimeException e) {
                throw new Stopped(e);
            }
        };
        try {
            Diagnostics diag = new Diagnostics();
            List<Statement> statements = new Frontend(r, diag, cancel).statements(source == null ? "" : source, file);
            Assembly a = new Assembly(diag, cancel);
            a.pass(statements, false);
            Layout.place(a, origin & 0xffffffffL, file);
            a.placeLabels();
            a.pass(statements, true);
            diag.throwIfAny();
            return new Run(a, image ? Layout.image(a, origin & 0xffffffffL) : null);
        } catch (AsmException e) {
            throw e;
        } catch (Stopped e) {
            throw (RuntimeException) e.getCause();
        } catch (RuntimeException | StackOverflowError e) {
            String what = e instanceof StackOverflowError ? "nesting too deep" : e.toString();
            throw new AsmException(List.of(new AsmError(file, 1, 1, "internal assembler error: " + what, null)));
        }
    }
}
