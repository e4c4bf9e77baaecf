package vmsh.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import vmsh.isa.Extension;
import vmsh.isa.Opcode;

/**
 * The engine's operation numbers ({@link Op}) are generated from the instruction table:
 * this test writes what Op.java must be and fails while the file differs. After changing
 * the table's rows, regenerate it with
 * {@code ./test -pl runtime -Dtest=OpNumbersTest -Dvmsh.regenerate=true}.
 */
class OpNumbersTest {
    private static final Path SOURCE = Path.of("src/main/java/vmsh/cpu/Op.java");

    /** The engine's own operations, before the table's: name and what it marks. */
    private static final List<String[]> ENGINE_OPS = List.of(
            new String[] {"DECODE", "A slot not decoded yet."},
            new String[] {"PAGE_END", "The sentinel past a page's last slot (not an instruction)."},
            new String[] {"BREAKPOINT", "A marked slot: a breakpoint, or an instruction a debugger watches."},
            new String[] {"ILLEGAL", "A word that is no instruction of the hart's extensions."},
            new String[] {"BRANCH_MISALIGNED", "A taken branch whose target is not 4-byte aligned: reported on the branch."},
            new String[] {"JAL_MISALIGNED", "A jal whose target is not 4-byte aligned: reported on the jal."});

    @Test
    void opJavaIsGeneratedFromTheTable() throws IOException {
        Path file = Files.exists(SOURCE) ? SOURCE : Path.of("runtime").resolve(SOURCE);
        String expected = source();
        if (Boolean.getBoolean("vmsh.regenerate")) Files.writeString(file, expected);
        assertEquals(expected, Files.readString(file), "Op.java is out of date with the instruction table: regenerate it with "
                + "./test -pl runtime -Dtest=OpNumbersTest -Dvmsh.regenerate=true (or write the expected text above into it)");
    }

    @Test
    void everyRowHasItsNumberAndTheNumbersFitASlot() {
        for (Opcode op : Opcode.all()) {
            assertEquals(op, Op.opcode(Op.of(op)));
            assertTrue(Op.of(op) >= Op.FIRST_INSTRUCTION && Op.of(op) < Op.COUNT, op.toString());
        }
        assertTrue(Op.COUNT <= 256, "a slot keeps the operation in 8 bits");
    }

    /** The text of Op.java. */
    static String source() {
        StringBuilder b = new StringBuilder();
        b.append("""
                package vmsh.cpu;

                import vmsh.isa.Opcode;

                // GENERATED from the instruction table (vmsh.isa.Opcode) by OpNumbersTest: do not edit.
                // After changing the table's rows, regenerate it:
                //     ./test -pl runtime -Dtest=OpNumbersTest -Dvmsh.regenerate=true

                /**
                 * The engine's dense operation numbers: what a decoded slot dispatches on. Small
                 * consecutive ints make the interpreter's switch a jump table. The engine's own come
                 * first, then one per row of the instruction table in table order, so a row's number is
                 * {@link #FIRST_INSTRUCTION} plus its ordinal.
                 */
                final class Op {
                """);
        for (int i = 0; i < ENGINE_OPS.size(); i++) {
            b.append("    /** ").append(ENGINE_OPS.get(i)[1]).append(" */\n");
            b.append("    static final int ").append(ENGINE_OPS.get(i)[0]).append(" = ").append(i).append(";\n");
        }
        int first = ENGINE_OPS.size();
        b.append("\n    static final int FIRST_INSTRUCTION = ").append(first).append(";\n");
        Extension group = null;
        StringBuilder line = null;
        for (Opcode op : Opcode.all()) {
            if (op.extension != group) {
                if (line != null) b.append(line).append(";\n");
                group = op.extension;
                b.append("    // ").append(group.displayName()).append('\n');
                line = null;
            }
            String constant = op.name() + " = " + (first + op.ordinal());
            if (line == null) line = new StringBuilder("    static final int ").append(constant);
            else if (line.length() + constant.length() + 3 > 100) {
                b.append(line).append(";\n");
                line = new StringBuilder("    static final int ").append(constant);
            } else line.append(", ").append(constant);
        }
        b.append(line).append(";\n");
        b.append("    static final int COUNT = ").append(first + Opcode.all().size()).append(";\n");
        b.append("""

                    private static final Opcode[] OPCODES = Opcode.values();

                    private Op() {}

                    /** The operation of a table row. */
                    static int of(Opcode op) { return FIRST_INSTRUCTION + op.ordinal(); }

                    /** The table row of operation {@code op}, one of the table's (not the engine's own). */
                    static Opcode opcode(int op) { return OPCODES[op - FIRST_INSTRUCTION]; }
                }
                """);
        return b.toString();
    }
}
