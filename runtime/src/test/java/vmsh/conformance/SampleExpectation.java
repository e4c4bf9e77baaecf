package vmsh.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import vmsh.isa.Isa;

/**
 * What a sample says it prints and how it ends, read from its header comment:
 *
 * <pre>
 * # expect-exit: 0
 * # expect-output:
 * # | Hello, world!
 * </pre>
 *
 * Each {@code # | } line is one line of console output (the text after the bar and one
 * space) ending in a line feed; a bare {@code # |} is an empty line. The block ends at the
 * first line not starting with {@code # |}. Both keys are required. An optional
 * {@code # expect-isa: rv32imah} names the hart the sample needs (vmsh's {@code --isa},
 * QEMU's {@code -cpu}); without it the machine's default. An optional
 * {@code # expect-technique: pv} marks a guest that runs only in a VM of that technique (a
 * paravirtual build), not on the bare machine or QEMU. Any other {@code expect-} key is an
 * error, so a typo cannot silently disable a check.
 *
 * @param technique the hypervisor technique the guest needs, or null (it runs anywhere)
 */
record SampleExpectation(int exitCode, String output, Isa isa, String technique) {
    private static final String MARK = "# expect-";
    private static final String EXIT = "# expect-exit:";
    private static final String OUTPUT = "# expect-output:";
    private static final String OUTPUT_LINE = "# |";
    private static final String ISA = "# expect-isa:";
    private static final String TECHNIQUE = "# expect-technique:";

    /** True when the guest runs on the bare machine (and QEMU): it needs no particular hypervisor. */
    boolean runsBare() { return technique == null; }

    static boolean hasHeader(Path file) {
        return read(file).lines().anyMatch(line -> line.startsWith(MARK));
    }

    static SampleExpectation of(Path file) {
        return parse(read(file), file.toString());
    }

    /** Parses the header of {@code source}; {@code where} names it in errors. */
    static SampleExpectation parse(String source, String where) {
        List<String> lines = source.lines().toList();
        Integer exitCode = null;
        String output = null;
        Isa isa = null;
        String technique = null;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).stripTrailing();
            if (!line.startsWith(MARK)) continue;
            String at = where + ":" + (i + 1) + ": ";
            if (line.startsWith(EXIT)) {
                if (exitCode != null) throw new IllegalArgumentException(at + "second expect-exit");
                exitCode = parseExit(line.substring(EXIT.length()).trim(), at);
            } else if (line.equals(OUTPUT)) {
                if (output != null) throw new IllegalArgumentException(at + "second expect-output");
                StringBuilder text = new StringBuilder();
                while (i + 1 < lines.size() && lines.get(i + 1).startsWith(OUTPUT_LINE)) {
                    text.append(outputLine(lines.get(++i), where + ":" + (i + 1) + ": ")).append('\n');
                }
                output = text.toString();
            } else if (line.startsWith(ISA)) {
                if (isa != null) throw new IllegalArgumentException(at + "second expect-isa");
                try {
                    isa = Isa.parse(line.substring(ISA.length()).trim());
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(at + e.getMessage());
                }
            } else if (line.startsWith(TECHNIQUE)) {
                if (technique != null) throw new IllegalArgumentException(at + "second expect-technique");
                technique = line.substring(TECHNIQUE.length()).trim();
                if (technique.isEmpty()) throw new IllegalArgumentException(at + "expect-technique names a technique");
            } else {
                throw new IllegalArgumentException(at + "unknown expectation '" + line
                        + "' (known: '# expect-exit: N', '# expect-output:', '# expect-isa: ISA', '# expect-technique: T')");
            }
        }
        if (exitCode == null) throw new IllegalArgumentException(where + ": no '# expect-exit: N' line");
        if (output == null) throw new IllegalArgumentException(where + ": no '# expect-output:' line");
        return new SampleExpectation(exitCode, output, isa == null ? Isa.DEFAULT : isa, technique);
    }

    private static int parseExit(String value, String at) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(at + "expect-exit wants a decimal number, not '" + value + "'");
        }
    }

    /** "# | text" gives "text"; "# |" gives "". */
    private static String outputLine(String line, String at) {
        if (line.equals(OUTPUT_LINE)) return "";
        if (line.startsWith(OUTPUT_LINE + " ")) return line.substring(OUTPUT_LINE.length() + 1);
        throw new IllegalArgumentException(at + "an output line is '# | text', not '" + line + "'");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
