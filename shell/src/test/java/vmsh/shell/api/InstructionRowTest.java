package vmsh.shell.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import vmsh.asm.Assembler;
import vmsh.asm.Disassembler;
import vmsh.image.Segment;
import vmsh.isa.Decoder;
import vmsh.isa.Opcode;
import vmsh.isa.Operands;

/**
 * The recipe "a new instruction is a row of the table (and its execution case)" holds:
 * whatever row the table has, the assembler takes its example, the decoder finds the row
 * in the word, the disassembler prints it back, and help() and isa() show it, with no
 * other code naming it. (Execution is checked over every row in the runtime's tests:
 * HookedRunsTest, AluQemuDifferentialTest; the engine's numbers in OpNumbersTest.)
 */
class InstructionRowTest {
    @RegisterExtension
    final SessionFixture js = SessionFixture.inTempDir();

    @Test
    void everyRowAssemblesDecodesDisassemblesAndHasHelp() {
        String listing = js.run("print(isa())");
        for (Opcode op : Opcode.all()) {
            boolean target = op.operands == Operands.RS1_RS2_TARGET || op.operands == Operands.RD_TARGET;
            String example = target ? op.example.replaceFirst(", (0x[0-9a-f]+)$", ", . + $1") : op.example;   // pc-relative
            Segment text = Assembler.assemble(example + "\n", op + ".s").segments().get(0);
            byte[] b = text.data();
            int word = (b[0] & 0xff) | (b[1] & 0xff) << 8 | (b[2] & 0xff) << 16 | (b[3] & 0xff) << 24;
            assertSame(op, Decoder.opcode(word), op.example);
            assertTrue(Disassembler.instruction(word, text.address(), false).startsWith(op.mnemonic), op.example);

            String help = js.run("help('" + op.mnemonic + "')");
            String syntax = op.operands.syntax.isEmpty() ? op.mnemonic : op.mnemonic + " " + op.operands.syntax;
            for (String part : List.of(syntax + "\n", op.description, op.extension.displayName(), op.example,
                                       String.format("match 0x%08x, mask 0x%08x", op.match, op.mask)))
                assertTrue(help.contains(part), op + ": help lacks '" + part + "':\n" + help);
            assertTrue(listing.contains(syntax + " "), op + " is not in isa()");
        }
    }

    @Test
    void helpOfAnInstructionShowsItsEncoding() {
        assertEquals("""
                add rd, rs1, rs2
                  rd = rs1 + rs2
                  extension  RV32I: the base integer instructions
                  kind       alu reg
                  encoding   R-type  | 0000000 | rs2 | rs1 | 000 | rd | 0110011 |
                             match 0x00000033, mask 0xfe00707f
                  example    add a0, a1, a2
                """, js.run("help('add')"));
        String csr = js.run("help('csrrw')");
        assertTrue(csr.contains("  sensitive  yes"), csr);
        assertTrue(csr.contains("| csr | rs1 | 001 | rd | 1110011 |"), csr);
        assertTrue(js.run("help('amoswap.w')").contains("| 00001 | aq|rl | rs2 | rs1 | 010 | rd | 0101111 |"));
        assertEquals("li is a pseudo-instruction: the assembler writes real instructions for it (disassemble asm`li ...` to see them)\n",
                js.run("help('li')"));
        assertEquals("test.js:1:1: RangeError: help: nothing called 'frob' (try help(), or isa() for the instructions)",
                js.error("help('frob')"));
    }

    @Test
    void isaListsByExtensionAndFollowsAMachine() {
        String zba = js.run("print(isa('Zba'))");
        assertEquals("""
                Zba: address generation (sh1add, sh2add, sh3add)
                  sh1add rd, rs1, rs2  rd = (rs1 << 1) + rs2
                  sh2add rd, rs1, rs2  rd = (rs1 << 2) + rs2
                  sh3add rd, rs1, rs2  rd = (rs1 << 3) + rs2
                3 instructions. help('sh1add') shows one.
                """, zba);
        assertEquals(js.run("print(isa().length)"), js.run("print(isa(machine({memory: '1M', isa: '"
                + vmsh.isa.Isa.ALL + "'})).length)"));
        assertEquals("51 false true\n", js.run("""
                const t = isa(machine({memory: '1M', isa: 'rv32i'}));
                print(t.length, t.extensions.includes('M'), t.instructions.find(i => i.mnemonic === 'ecall').sensitive)
                """));
        assertEquals("test.js:1:1: RangeError: isa('zbc'): no extension of that name (known: RV32I, M, A, H, Zicsr, Zifencei, Zba, Zbb, privileged)",
                js.error("isa('zbc')"));
    }
}
