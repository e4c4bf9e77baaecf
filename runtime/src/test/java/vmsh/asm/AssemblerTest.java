package vmsh.asm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vmsh.asm.AsmTesting.asm;
import static vmsh.asm.AsmTesting.error;
import static vmsh.asm.AsmTesting.hex;
import static vmsh.asm.AsmTesting.segment;
import static vmsh.asm.AsmTesting.words;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import vmsh.image.Image;
import vmsh.image.Segment;
import vmsh.isa.Decoder;
import vmsh.isa.Instruction;
import vmsh.isa.Opcode;

class AssemblerTest {

    private static int word(String expr) {
        return words(segment(asm(".data\n.word " + expr), ".data").data())[0];
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiterString = "=>", quoteCharacter = '"', value = {
        "1 + 2 * 3              => 7",
        "1 << 3 + 1             => 9",      // GNU precedence: << binds tighter than +
        "(1 << 3) + 1           => 9",
        "1 << (3 + 1)           => 16",
        "10 - 2 - 3             => 5",
        "-7 / 2                 => -3",
        "-7 % 2                 => -1",
        "0xffffffff >> 4        => 0x0fffffff",
        "~0                     => -1",
        "!0                     => 1",
        "!5                     => 0",
        "-(3)                   => -3",
        "6 & 3 | 8              => 10",
        "6 ^ 3                  => 5",
        "3 < 4                  => -1",
        "3 == 4                 => 0",
        "3 != 4                 => -1",
        "3 <> 3                 => 0",
        "4 >= 4                 => -1",
        "1 && 2                 => 1",
        "0 || 0                 => 0",
        "'a'                    => 97",
        "'\\n'                  => 10",
        "010                    => 8",
        "0b101                  => 5",
        "0X1F                   => 31",
        "%hi(0x12345fff)        => 0x12346",
        "%lo(0x12345fff)        => -1",
        "%hi(0x800)             => 1",
        "%lo(0x800)             => -2048",
    })
    void expressions(String expr, String expected) {
        long want = expected.startsWith("-") ? -Long.decode(expected.substring(1)) : Long.decode(expected);
        assertEquals((int) want, word(expr));
    }

    @Test
    void numericLocalLabels() {
        Image img = asm("""
                1:  j 1f        # forward to the next 1
                1:  j 1b        # back to itself
                    j 1b
                1:  nop
                    j 1b
                """);
        int[] w = words(segment(img, ".text").data());
        assertEquals(hex(words("j L1\nL1: j L1\nj L1\nL2: nop\nj L2")), hex(w));
        assertFalse(img.symbols().keySet().stream().anyMatch(n -> n.contains("1")), "no local labels in the image: " + img.symbols());
    }

    @Test
    void numericTargetsAreAbsoluteAddresses() {
        assertEquals(hex(words("L: beq a0, a1, L + 8\nnop\nnop\nj L")), hex(words("beq a0, a1, 0x80000008\nnop\nnop\nj 0x80000000")));
    }

    @Test
    void hiLoAndPcrelPairsComputeTheAddress() {
        Image img = asm("""
                _start:
                    lui   a0, %hi(msg)
                    addi  a0, a0, %lo(msg)
                1:  auipc a1, %pcrel_hi(msg)
                    addi  a1, a1, %pcrel_lo(1b)
                    nop
                    .section .rodata
                    .zero 0x9ab
                msg: .string "x"
                """);
        int[] w = words(segment(img, ".text").data());
        int msg = img.symbol("msg");
        Instruction lui = Decoder.decode(w[0]), addi = Decoder.decode(w[1]), auipc = Decoder.decode(w[2]), lo = Decoder.decode(w[3]);
        assertEquals(Opcode.LUI, lui.op());
        assertEquals(msg, lui.imm() + addi.imm());
        assertEquals(Opcode.AUIPC, auipc.op());
        assertEquals(msg, 0x80000008 + auipc.imm() + lo.imm());
    }

    @Test
    void registerNames() {
        assertEquals(hex(words("add x8, x1, x2")), hex(words("add fp, ra, sp")));
        assertEquals(hex(words("add x8, x10, x31")), hex(words("add s0, a0, t6")));
        assertEquals(hex(words("csrrw x0, 0x300, x1")), hex(words("csrrw zero, mstatus, ra")));
    }

    @Test
    void commentsAndSeparators() {
        assertEquals(hex(words("nop\nnop\nnop\nnop\nnop")), hex(words("""
                nop # hash
                nop // slashes
                /* block
                   comment */ nop ; nop
                nop /* inline */
                """)));
    }

    @Test
    void layoutOrderAlignmentEntryAndSymbols() {
        Image img = asm("""
                .data
                d: .byte 1
                .text
                main: nop
                .section .rodata
                .align 3
                r: .byte 2
                .bss
                b: .zero 4
                .section .text.init, "ax"
                .globl _start
                _start: j main
                .L_internal: nop
                """);
        List<Segment> segs = img.segments();
        assertEquals(List.of(".text", ".rodata", ".data", ".bss"), segs.stream().map(Segment::name).toList());
        assertEquals(0x80000000, img.symbol("main"), ".text appeared first");
        assertEquals(0x80000004, img.symbol("_start"));
        assertEquals(img.symbol("_start"), img.entry());
        assertEquals(0x80000010, img.symbol("r"), "rodata after text, aligned to 8");
        assertEquals(0x80000011, img.symbol("d"));
        assertEquals(0x80000012, img.symbol("b"), ".bss has no alignment of its own");
        assertEquals(List.of("d", "main", "r", "b", "_start"), List.copyOf(img.symbols().keySet()));
        assertEquals(Segment.R | Segment.X, segs.get(0).flags());
        assertEquals(Segment.R, segs.get(1).flags());
        assertEquals(Segment.R | Segment.W, segs.get(2).flags());
        assertEquals(4, segs.get(3).memSize());
    }

    @Test
    void entryWithoutStartIsTheStartOfText() {
        assertEquals(0x80000000, asm(".data\n.word 1\n.text\nloop: j loop").entry());
    }

    @Test
    void originCanBeChosen() {
        Image img = Assembler.assemble("_start: j _start\n.data\nx: .word x", "o.s", null, 0x1000);
        assertEquals(0x1000, img.entry());
        assertEquals(0x1004, img.symbol("x"));
    }

    @Test
    void gccStyleSymbolDirectives() {
        Image img = asm("""
                .text
                .globl f
                .type f, @function
                f: ret
                .size f, .-f
                .section .rodata
                .set .LANCHOR0, . + 0
                t: .word 1, 2
                .text
                g: lui a5, %hi(.LANCHOR0 + 4)
                   lw a0, %lo(.LANCHOR0 + 4)(a5)
                """);
        int[] w = words(segment(img, ".text").data());
        assertEquals(img.symbol("t") + 4, Decoder.decode(w[1]).imm() + Decoder.decode(w[2]).imm());
        assertFalse(img.hasSymbol(".LANCHOR0"));
    }

    // ---------------------------------------------------------------- extensions

    /** Every extension's instructions assemble; .option arch narrows or widens the set, as with GNU as. */
    @Test
    void optionArchChoosesTheExtensions() {
        assertEquals("20c5a533 60459513", hex(words("sh1add a0, a1, a2\nsext.b a0, a1\n")));
        assertEquals("01859513 41855513", hex(words(".option arch, -zbb\nsext.b a0, a1\n")), "two shifts without Zbb");
        assertEquals("01859513 41855513 60459513", hex(words(
                ".option push\n.option arch, rv32ima\nsext.b a0, a1\n.option pop\nsext.b a0, a1\n")));
        assertEquals("60459513", hex(words(".option arch, rv32i\n.option arch, +zbb\nsext.b a0, a1\n")));
        AsmError e = error(".option arch, -zba\n  sh1add a0, a1, a2\n");
        assertEquals(2, e.line());
        assertEquals("'sh1add' is an instruction of Zba, which '.option arch' left out ('.option arch, +zba' adds it)", e.message());
        assertEquals("'.option arch': unknown extension 'zbc'", error(".option arch, +zbc\n").message());
        assertEquals("'.option arch': isa 'rv32imac': extension 'c' is not implemented; this machine implements m, a, h, zicsr, zifencei, zba, zbb",
                error(".option arch, rv32imac\n").message());
        assertEquals("'.option pop' without a '.option push'", error(".option pop\n").message());
        assertEquals("60459513", hex(words(".option rvc\n.option norelax\nsext.b a0, a1\n")), "the object-file options are ignored");
    }

    // ---------------------------------------------------------------- errors

    @Test
    void errorsAreLocatedAndAllReported() {
        String src = """
                loop: ad a0, a1, a2
                  addi a0, a0, 5000
                  lw a0, 0(q9)
                  j foo
                loop: nop
                """;
        AsmException e = assertThrows(AsmException.class, () -> Assembler.assemble(src, "x.s", null));
        List<String> got = e.errors().stream().map(r -> r.file() + ":" + r.line() + ":" + r.column() + ": " + r.message()).toList();
        assertEquals(List.of(
                "x.s:1:7: unknown instruction 'ad' (did you mean 'add'?)",
                "x.s:2:16: immediate 5000 out of range -2048..2047",
                "x.s:3:12: 'q9' is not a register",
                "x.s:4:5: undefined symbol 'foo'",
                "x.s:5:1: duplicate label 'loop' (first defined at x.s:1)"), got);
        assertEquals("x.s:2:16: error: immediate 5000 out of range -2048..2047\n  " + "  addi a0, a0, 5000\n" + "                 ^",
                e.errors().get(1).format());
        assertTrue(e.getMessage().contains("undefined symbol 'foo'"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "add a0, a1, q9             | 'q9' is not a register",
        "li a0, later               | 'li' needs a constant known here: 'later' is not defined yet",
        "li a0, 0x100000000         | value 0x100000000 does not fit in 32 bits",
        "slli a0, a0, 32            | shift amount 32 out of range 0..31",
        "lui a0, 0x100000           | 'lui' immediate 0x100000 out of range 0..1048575",
        "csrrwi a0, mstatus, 32     | CSR immediate 32 out of range 0..31",
        "csrr a0, mfoo              | unknown CSR 'mfoo'",
        "csrr a0, 4096              | CSR number 4096 out of range 0..4095",
        "beq a0, a1, 0x90000000     | target 0x90000000 out of range (offset 268435456, must be within -4096..4094)",
        "j 0x80000001               | target 0x80000001 is at an odd offset 1",
        "fence rw                   | 'fence' takes two sets (pred, succ) or none",
        "fence rw, q                | 'q' is not a fence set (some of i, o, r, w in that order)",
        "addi a0, a0                | 'addi' takes 3 operands, got 2",
        "ecall a0                   | 'ecall' takes 0 operands, got 1",
        "lw a0, a1                  | expected 'offset(register)', got 'a1' (write 0(a1))",
        "sw a0, 4                   | expected 'offset(register)', got '4'",
        "amoadd.w a0, a1, 4(a2)     | 'amoadd.w' takes no offset, only '(register)'",
        ".byte 300                  | value 300 does not fit in a byte (-128..255)",
        ".frob                      | unknown directive '.frob'",
        "j 2b                       | no local label '2:' before '2b'",
        "j 2f                       | no local label '2:' after '2f'",
        ".word 1 +                  | expression ends early, expected expression",
        ".word 1 / 0                | division by zero",
        ".section                   | '.section' needs a section name",
        ".macro                     | '.macro' without '.endm'",
        "x: .equ x, 1               | 'x' is already a label (defined at test.s:1)",
        ".equ x, x + 1\\n.word x    | symbol 'x' is defined in terms of itself",
        "addi a0, a0, 'ab'          | empty character literal",
        "nop $                      | 'nop' takes 0 operands, got 1",
        "add a0, a1, a2 `           | unexpected character '`'",
    })
    void errorMessages(String source, String message) {
        AsmError e = AsmTesting.error(source.replace("\\n", "\n"));
        assertEquals(message, e.message());
    }

    @Test
    void errorsStopAtTheCap() {
        String src = "foo a0\n".repeat(100);
        AsmException e = assertThrows(AsmException.class, () -> asm(src));
        assertEquals(Diagnostics.LIMIT, e.errors().size());
        assertEquals(20, e.errors().get(19).line());
    }

    @Test
    void macroErrorsSayWhereTheMacroWasUsed() {
        AsmError e = AsmTesting.error(".macro m\naddi a0, a0, 9999\n.endm\nnop\nm\n");
        assertEquals(2, e.line());
        assertEquals("immediate 9999 out of range -2048..2047 (in macro 'm' used at test.s:5)", e.message());
    }

    /** Random garbage made of assembly-ish pieces gives an image or AsmException, nothing else. */
    @Test
    void onlyAsmExceptionEscapes() {
        String[] pieces = {"addi", "a0", ",", "(", ")", "1b", "2f", "1:", "%hi", "%pcrel_lo", ".word", ".align", ".org",
            ".section", ".macro", ".endm", ".rept", ".endr", "\"", "'", "0x", "99999999999999999999", "-", "<<", "li",
            "la", ".", "x:", "x", ".set", "=", ";", "#", "/*", "*/", "\\", ".include", "sp", "lr.w.aq", "fence", "csrw",
            ".equ", "-0x80000000", ".zero", "1000000000", ".space", ".fill", "mstatus", "j", "call", ".text", ".bss", ".globl"};
        Random rnd = new Random(42);
        for (int round = 0; round < 3000; round++) {
            StringBuilder src = new StringBuilder();
            int lines = 1 + rnd.nextInt(6);
            for (int l = 0; l < lines; l++) {
                int n = rnd.nextInt(6);
                for (int k = 0; k < n; k++) src.append(pieces[rnd.nextInt(pieces.length)]).append(rnd.nextBoolean() ? " " : "");
                src.append('\n');
            }
            try {
                asm(src.toString());
            } catch (AsmException expected) {
                assertFalse(expected.errors().isEmpty());
                for (AsmError err : expected.errors()) assertTrue(err.line() >= 1 && err.column() >= 1, err.format());
            } catch (Throwable t) {
                throw new AssertionError("non-AsmException for:\n" + src, t);
            }
        }
    }

    // ---------------------------------------------------------------- speed

    @Test
    void tenThousandLinesAssemble() {   // how fast is for a benchmark to say, not a test (wall time on a shared machine)
        StringBuilder src = new StringBuilder(".text\n_start:\n");
        for (int i = 0; i < 2000; i++) {
            src.append("loop").append(i).append(": addi a0, a0, ").append(i % 2000).append('\n')
               .append("    li t0, 0x").append(Integer.toHexString(0x12345 * (i + 1))).append('\n')
               .append("1:  beqz a0, 1f\n")
               .append("    lw a1, 8(sp)   # a comment\n")
               .append("1:  call loop").append(i).append('\n');
        }
        Image img = asm(src.toString());
        assertTrue(segment(img, ".text").data().length > 10_000 * 4);
    }
}
