package vmsh.isa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vmsh.asm.Assembler;
import vmsh.asm.Disassembler;
import vmsh.elf.ElfReader;
import vmsh.image.Image;
import vmsh.image.Segment;

/** Invariants over the whole instruction table. */
class InstructionTableTest {
    private static final int GNU_BASE = 0x1_0000;
    private static final List<Opcode> ALL = Opcode.all();

    // ---- the encodings ----

    @Test
    void everyMatchLiesInsideItsMask() {
        for (Opcode op : ALL)
            assertEquals(0, op.match & ~op.mask, op + " has match bits outside its mask");
    }

    @Test
    void everyEncodingIsA32BitInstruction() {
        for (Opcode op : ALL) {
            assertEquals(3, op.match & 3, op + ": low bits must be 11");
            assertTrue((op.match & 0x1c) != 0x1c, op + ": bits 4:2 = 111 mean a longer instruction");
            assertEquals(0x7f, op.mask & 0x7f, op + ": the major opcode must be fixed");
        }
    }

    /** Two entries overlap when some word matches both: they agree on every bit both masks fix. */
    @Test
    void noTwoEntriesOverlap() {
        List<String> overlaps = new ArrayList<>();
        for (int a = 0; a < ALL.size(); a++)
            for (int b = a + 1; b < ALL.size(); b++) {
                Opcode x = ALL.get(a), y = ALL.get(b);
                if (((x.match ^ y.match) & x.mask & y.mask) == 0) overlaps.add(x + " / " + y);
            }
        assertEquals(List.of(), overlaps);
    }

    @Test
    void mnemonicsAreUniqueAndFoundByName() {
        for (Opcode op : ALL) assertSame(op, Opcode.byMnemonic(op.mnemonic), op.mnemonic);
    }

    @Test
    void formatsAgreeWithTheMajorOpcode() {
        Map<Format, List<Integer>> majors = Map.of(
                Format.U, List.of(0x37, 0x17), Format.J, List.of(0x6f),
                Format.B, List.of(0x63), Format.S, List.of(0x23));
        for (Opcode op : ALL) {
            int major = op.match & 0x7f;
            majors.forEach((format, codes) -> assertEquals(format == op.format, codes.contains(major), op.toString()));
        }
    }

    @Test
    void everyMatchWordDecodesToItsEntryAndEncodesBack() {
        for (Opcode op : ALL) {
            Instruction i = Decoder.decode(op.match);
            assertNotNull(i, op.toString());
            assertSame(op, i.op());
            assertEquals(op.match, Encoder.encode(i), op.toString());
        }
    }

    /** Every word of an entry (free bits random) decodes to it, and its fields encode it back. */
    @Test
    void randomWordsOfEachEntryRoundTrip() {
        Random random = new Random(7);
        for (Opcode op : ALL)
            for (int k = 0; k < 2000; k++) {
                int w = (random.nextInt() & ~op.mask) | op.match;
                Instruction i = Decoder.decode(w);
                assertNotNull(i, String.format("%s: %08x", op, w));
                assertSame(op, i.op(), String.format("%08x", w));
                assertEquals(w, Encoder.encode(i), String.format("%s: %08x", op, w));
            }
    }

    @Test
    void randomWordsThatDecodeEncodeBack() {
        Random random = new Random(11);
        int decoded = 0;
        for (int k = 0; k < 500_000; k++) {
            int w = random.nextInt();
            Instruction i = Decoder.decode(w);
            if (i == null) continue;
            decoded++;
            assertEquals(w, Encoder.encode(i), String.format("%s: %08x", i.op(), w));
        }
        assertTrue(decoded > 10_000, "only " + decoded + " random words decoded");
    }

    // ---- the examples ----

    private static final Pattern REG = Pattern.compile("[a-z][a-z0-9]*");
    private static final String R = REG.pattern(), IMM = "-?(0x[0-9a-f]+|[0-9]+)";

    private static Pattern shape(Operands o) {
        String s = switch (o) {
            case RD_RS1_RS2 -> R + ", " + R + ", " + R;
            case RD_RS1_IMM, RD_RS1_SHAMT -> R + ", " + R + ", " + IMM;
            case RD_RS1 -> R + ", " + R;
            case RD_MEM, RS2_MEM -> R + ", " + IMM + "\\(" + R + "\\)";
            case RS1_RS2_TARGET -> R + ", " + R + ", " + IMM;
            case RD_UIMM20, RD_TARGET -> R + ", " + IMM;
            case RD_CSR_RS1 -> R + ", " + R + ", " + R;
            case RD_CSR_UIMM -> R + ", " + R + ", " + IMM;
            case FENCE_SETS -> "[iorw]+, [iorw]+";
            case RD_RS2_ADDR -> R + ", " + R + ", \\(" + R + "\\)";
            case RD_ADDR, RS2_ADDR -> R + ", \\(" + R + "\\)";
            case RS1_RS2 -> R + ", " + R;
            case NONE -> "";
        };
        return Pattern.compile(s);
    }

    @Test
    void everyExampleNamesItsInstructionInItsOperandShape() {
        for (Opcode op : ALL) {
            String[] parts = op.example.split(" ", 2);
            assertEquals(op.mnemonic, parts[0], op + " example: " + op.example);
            String operands = parts.length == 2 ? parts[1] : "";
            assertTrue(shape(op.operands).matcher(operands).matches(),
                    op + " example '" + op.example + "' does not have the shape '" + op.operands.syntax + "'");
        }
    }

    /**
     * An example as an assembler takes it: branch and jump targets
     * in the table are offsets from the instruction, so they are written {@code . + offset}.
     */
    private static String assemblable(Opcode op) {
        if (op.operands != Operands.RS1_RS2_TARGET && op.operands != Operands.RD_TARGET) return op.example;
        int comma = op.example.lastIndexOf(", ");
        return op.example.substring(0, comma + 2) + ". + " + op.example.substring(comma + 2);
    }

    @TempDir Path dir;

    /**
     * With GNU as standing in for our assembler: every example assembles to a word of its
     * entry, and our disassembly of that word (with and without aliases) assembles back to
     * the same word. Linked low: GNU ld for RV32 cannot resolve an absolute branch target
     * at or above 0x80000000 (it sign-extends the address and reports it out of range).
     */
    @Test
    void examplesSurviveGnuAsDisassemblyAndGnuAsAgain() throws Exception {
        for (String tool : List.of("as", "ld"))
            Assumptions.assumeTrue(onPath("riscv64-unknown-elf-" + tool), "riscv64-unknown-elf-" + tool + " is not installed");
        StringBuilder source = new StringBuilder(".globl _start\n_start:\n");
        for (Opcode op : ALL) source.append("    ").append(assemblable(op)).append('\n');
        int[] words = gnuAssemble(source.toString());
        assertEquals(ALL.size(), words.length);
        for (int k = 0; k < words.length; k++)
            assertSame(ALL.get(k), Decoder.opcode(words[k]), ALL.get(k).example);
        for (boolean aliases : new boolean[] {true, false}) {
            StringBuilder again = new StringBuilder(".globl _start\n_start:\n");
            for (int k = 0; k < words.length; k++)
                again.append("    ").append(forGnuAs(Disassembler.instruction(words[k], GNU_BASE + 4 * k, aliases), words[k])).append('\n');
            int[] back = gnuAssemble(again.toString());
            for (int k = 0; k < words.length; k++)
                assertEquals(words[k], back[k], "aliases " + aliases + ": '" + ALL.get(k).example + "' disassembled as '"
                        + Disassembler.instruction(words[k], GNU_BASE + 4 * k, aliases) + "'");
        }
    }

    /**
     * GNU as turns a branch to an absolute address into an inverted branch over a jal (the
     * target is unknown until link time); the same address written relative to {@code _start}
     * keeps it one instruction.
     */
    private static String forGnuAs(String disassembly, int word) {
        Opcode op = Decoder.opcode(word);
        if (op.format != Format.B && op.format != Format.J) return disassembly;
        int at = disassembly.lastIndexOf("0x");
        long target = Long.parseLong(disassembly.substring(at + 2), 16);
        return disassembly.substring(0, at) + "_start + " + (target - GNU_BASE);
    }

    /** The invariant with our own assembler: assemble, decode, disassemble, assemble: same word. */
    @Test
    void examplesSurviveAssembleDecodeDisassembleAssemble() {
        assumeAssembler();
        for (Opcode op : ALL) {
            Image first = Assembler.assemble(assemblable(op) + "\n", op + ".s");
            Segment text = executable(first);
            int word = word(text.data());
            Instruction i = Decoder.decode(word);
            assertNotNull(i, op.example);
            assertSame(op, i.op(), op.example);
            for (boolean aliases : new boolean[] {true, false}) {
                String shown = Disassembler.instruction(word, text.address(), aliases);
                int again = word(executable(Assembler.assemble(shown + "\n", op + "-again.s")).data());
                assertEquals(word, again, "'" + op.example + "' disassembled as '" + shown + "'");
            }
        }
    }

    /** The same over random words of every entry: what we print, our assembler reads back. */
    @Test
    void randomWordsSurviveDisassembleAssemble() {
        assumeAssembler();
        Random random = new Random(13);
        List<String> failures = new ArrayList<>();
        for (Opcode op : ALL)
            for (int k = 0; k < 50; k++) {
                int w = (random.nextInt() & ~op.mask) | op.match;
                for (boolean aliases : new boolean[] {true, false}) {
                    String shown = Disassembler.instruction(w, Assembler.DEFAULT_ORIGIN, aliases);
                    try {
                        int again = word(executable(Assembler.assemble(shown + "\n", "random.s")).data());
                        if (again != w) failures.add(String.format("%08x '%s' assembled to %08x", w, shown, again));
                    } catch (RuntimeException e) {
                        failures.add(String.format("%08x '%s': %s", w, shown, e.getMessage()));
                    }
                }
            }
        assertEquals(List.of(), failures.subList(0, Math.min(30, failures.size())), failures.size() + " failures");
    }

    private static void assumeAssembler() {
        try {
            Assembler.assemble("nop\n", "probe.s");
        } catch (UnsupportedOperationException e) {
            Assumptions.abort("the assembler is not built yet (its stub throws UnsupportedOperationException)");
        }
    }

    private static Segment executable(Image image) {
        return image.segments().stream().filter(Segment::executable).findFirst()
                .orElseThrow(() -> new AssertionError("no executable segment"));
    }

    private static int word(byte[] b) {
        return (b[0] & 0xff) | (b[1] & 0xff) << 8 | (b[2] & 0xff) << 16 | (b[3] & 0xff) << 24;
    }

    private int[] gnuAssemble(String source) throws Exception {
        Files.writeString(dir.resolve("t.s"), source);
        run("riscv64-unknown-elf-as", "-march=" + Isa.ALL, "-mabi=ilp32", "-mpriv-spec=1.12", "t.s", "-o", "t.o");
        run("riscv64-unknown-elf-ld", "-m", "elf32lriscv", "-Ttext=" + Integer.toHexString(GNU_BASE), "t.o", "-o", "t.elf");
        Segment text = executable(ElfReader.read(Files.readAllBytes(dir.resolve("t.elf"))));
        assertEquals(GNU_BASE, text.address());
        int[] words = new int[text.data().length / 4];
        for (int k = 0; k < words.length; k++)
            words[k] = word(java.util.Arrays.copyOfRange(text.data(), 4 * k, 4 * k + 4));
        return words;
    }

    private static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
            if (Files.isExecutable(Path.of(d, tool))) return true;
        return false;
    }

    private void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) fail(String.join(" ", command) + " failed:\n" + out);
    }
}
