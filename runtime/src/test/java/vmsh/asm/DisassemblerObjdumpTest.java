package vmsh.asm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vmsh.elf.ElfReader;
import vmsh.image.Image;
import vmsh.isa.Csr;
import vmsh.isa.Decoder;
import vmsh.isa.Opcode;

/**
 * Differential test: a corpus covering every table entry (as assembly source, as the
 * table's match words, as seeded random fillings of each entry's free bits, every named
 * CSR, and seeded random words) is assembled and linked by GNU binutils, disassembled by
 * {@code objdump -d} and by our listing of the same ELF read with our ElfReader, and the
 * two must agree on every address (after normalizing whitespace, comments and symbol
 * annotations). The same again with aliases off against {@code objdump -M no-aliases}.
 */
class DisassemblerObjdumpTest {
    private static final String PREFIX = "riscv64-unknown-elf-";
    /** Every extension of the instruction table, so GNU as takes every row. */
    private static final String ARCH = vmsh.isa.Isa.ALL.toString();

    /** Alias forms and ordinary code, written as people write them. */
    private static final String SOURCE = """
            _start:
                nop
                li a0, 5
                li a0, -2048
                mv a0, a1
                not a0, a1
                neg a0, a1
                seqz a0, a1
                snez a0, a1
                sltz a0, a1
                sgtz a0, a1
            back:
                beqz a0, back
                bnez a0, forward
                blez a0, back
                bgez a0, forward
                bltz a0, back
                bgtz a0, forward
                bgt a0, a1, back
                ble a0, a1, forward
                bgtu a0, a1, back
                bleu a0, a1, forward
                j back
                jal back
                jal a0, forward
                jr a0
                jalr a0
                ret
                jr 4(a0)
                jalr 8(a1)
                jalr a0, -4(a1)
            forward:
                la a0, message
                lw a1, %lo(message)(a0)
                call back
                tail forward
                lui a0, %hi(message)
                addi a0, a0, %lo(message)
                sw a1, 12(sp)
                csrr a0, mstatus
                csrw mtvec, a0
                csrs mie, a0
                csrc mip, a0
                csrwi mstatus, 8
                csrsi mstatus, 8
                csrci mstatus, 8
                csrrw a1, mscratch, a0
                csrrwi a1, mscratch, 3
                rdcycle a0
                rdtime a0
                rdinstret a0
                rdcycleh a0
                rdtimeh a0
                rdinstreth a0
                csrr a0, 0x7c0
                fence
                fence rw, rw
                fence r, w
                fence io, o
                fence.tso
                fence.i
                unimp
                lr.w.aq a0, (a1)
                sc.w.rl a0, a2, (a1)
                amoadd.w.aqrl a0, a2, (a1)
                amoswap.w a0, a2, (a1)
                sfence.vma
                sfence.vma a0
                sfence.vma a0, a1
                hfence.gvma zero, a1
                ecall
                ebreak
                wfi
                mret
                sret
            message:
            """;

    /** CSR numbers no binutils release names: safe for random CSR fields. */
    private static final int[] UNNAMED_CSRS = {0x7c0, 0x7ff, 0x800, 0x8ff, 0x5c0, 0xbc0, 0xfc0, 0xfff};

    @TempDir static Path dir;
    private static Path elf;

    @BeforeAll
    static void build() throws Exception {
        for (String tool : List.of("as", "ld", "objdump"))
            Assumptions.assumeTrue(onPath(PREFIX + tool), PREFIX + tool + " is not installed: differential test skipped");
        Files.writeString(dir.resolve("corpus.s"), corpus());
        run(PREFIX + "as", "-march=" + ARCH, "-mabi=ilp32", "-mpriv-spec=1.12", "corpus.s", "-o", "corpus.o");
        run(PREFIX + "ld", "-m", "elf32lriscv", "-Ttext=0x80000000", "corpus.o", "-o", "corpus.elf");
        elf = dir.resolve("corpus.elf");
    }

    @Test
    void withAliasesAgreesWithObjdump() throws Exception {
        compare(objdump("-d"), ours(true));
    }

    @Test
    void withoutAliasesAgreesWithObjdumpNoAliases() throws Exception {
        compare(objdump("-d", "-M", "no-aliases"), ours(false));
    }

    private static void compare(Map<Long, String> theirs, Map<Long, String> ours) {
        assertTrue(theirs.size() > 2000, "objdump listed only " + theirs.size() + " lines");
        assertEquals(theirs.keySet(), ours.keySet(), "the two listings cover different addresses");
        List<String> differences = new ArrayList<>();
        for (Map.Entry<Long, String> e : theirs.entrySet()) {
            String mine = ours.get(e.getKey());
            if (!e.getValue().equals(mine))
                differences.add(String.format("%08x: objdump '%s', vmsh '%s'", e.getKey(), e.getValue(), mine));
        }
        if (!differences.isEmpty())
            fail(differences.size() + " of " + theirs.size() + " lines differ:\n"
                    + String.join("\n", differences.subList(0, Math.min(60, differences.size()))));
    }

    // ---- the corpus ----

    private static String corpus() {
        StringBuilder s = new StringBuilder(".text\n.globl _start\n").append(SOURCE);
        Random random = new Random(20240601);
        for (Opcode op : Opcode.all()) {
            insn(s, op.match);
            for (int k = 0; k < 40; k++) {
                int word = fill(op, random);
                if (Decoder.opcode(word) == op) insn(s, word);
            }
        }
        for (int csr = 0; csr < 4096; csr++)
            if (Csr.name(csr) != null) insn(s, 0x00002573 | csr << 20); // csrr a0, csr
        for (int k = 0; k < 3000; k++) {
            int word = random.nextInt() | 3;
            if ((word & 0x1c) == 0x1c) continue; // longer than 32 bits: not a word
            Opcode op = Decoder.opcode(word);
            if (op != null && op.operands.name().startsWith("RD_CSR")) continue; // CSR names differ by release
            insn(s, word);
        }
        s.append(".section .rodata\n.asciz \"hello\"\n");
        return s.toString();
    }

    /**
     * A word of {@code op} with random free bits, often with register fields or the
     * immediate zeroed or set to 1 or -1, so that aliases come up.
     */
    private static int fill(Opcode op, Random random) {
        int w = random.nextInt();
        if (random.nextInt(3) == 0) w &= ~0x00000f80; // rd = zero
        if (random.nextInt(3) == 0) w &= ~0x000f8000; // rs1 = zero
        if (random.nextInt(3) == 0) w &= ~0x01f00000; // rs2 = zero
        switch (random.nextInt(5)) {
            case 0 -> w &= 0x000fffff;                 // imm[11:0] = 0
            case 1 -> w = (w & 0x000fffff) | 1 << 20;  // imm = 1
            case 2 -> w |= 0xfff00000;                 // imm = -1
            default -> { }
        }
        if (op.operands.name().startsWith("RD_CSR"))
            w = (w & 0x000fffff) | csrField(random) << 20;
        return (w & ~op.mask) | op.match;
    }

    private static int csrField(Random random) {
        if (random.nextBoolean()) return UNNAMED_CSRS[random.nextInt(UNNAMED_CSRS.length)];
        while (true) {
            int n = random.nextInt(4096);
            if (Csr.name(n) != null) return n;
        }
    }

    private static void insn(StringBuilder s, int word) {
        s.append(String.format("    .insn 0x%08x\n", word));
    }

    // ---- the two listings, normalized ----

    private static final Pattern OBJDUMP_LINE = Pattern.compile("^\\s*([0-9a-f]+):\\t[0-9a-f ]+\\t(.*)$");
    private static final Pattern OUR_LINE = Pattern.compile("^([0-9a-f]{8}):  [0-9a-f]+ +(.*)$");
    private static final Pattern TARGET_MNEMONICS =
            Pattern.compile("b(eq|ne|lt|ge|ltu|geu|eqz|nez|lez|gez|ltz|gtz)|j|jal");
    private static final Pattern NUMBER = Pattern.compile("-?(0x[0-9a-f]+|[0-9]+)");

    private static Map<Long, String> objdump(String... options) throws Exception {
        List<String> command = new ArrayList<>(List.of(PREFIX + "objdump"));
        command.addAll(List.of(options));
        command.add("corpus.elf");
        Map<Long, String> lines = new TreeMap<>();
        for (String line : run(command.toArray(String[]::new)).split("\n")) {
            Matcher m = OBJDUMP_LINE.matcher(line);
            if (m.matches()) lines.put(Long.parseLong(m.group(1), 16), fromObjdump(normalize(m.group(2))));
        }
        return lines;
    }

    private static Map<Long, String> ours(boolean aliases) throws IOException {
        Image image = ElfReader.read(Files.readAllBytes(elf));
        Map<Long, String> lines = new TreeMap<>();
        for (String line : Disassembler.listing(image, aliases).split("\n")) {
            Matcher m = OUR_LINE.matcher(line);
            if (m.matches()) lines.put(Long.parseLong(m.group(1), 16), normalize(m.group(2)));
        }
        return lines;
    }

    /** Drops comments and {@code <symbol>} annotations; ", " between operands, one space after the mnemonic. */
    static String normalize(String text) {
        String t = text.replaceAll("\\s+#.*$", "").replaceAll("\\s*<[^>]*>", "");
        return t.trim().replaceAll("\\s*,\\s*", ", ").replaceAll("\\s+", " ");
    }

    /**
     * objdump's spellings that we deliberately do not copy, mapped to ours: targets without
     * 0x; since binutils 2.39 the immediate forms named like the register forms
     * ({@code add a0,a1,1}, {@code sll a0,a1,0x3}, {@code csrw mstatus,5}) and andi 255 as
     * Zbb's {@code zext.b}; since 2.42 unknown words as {@code .insn 4, 0x...}.
     */
    static String fromObjdump(String text) {
        String[] parts = text.split(" ", 2);
        String mnemonic = parts[0];
        if (parts.length == 1) return text;
        List<String> ops = new ArrayList<>(List.of(parts[1].split(", ")));
        String last = ops.get(ops.size() - 1);
        if (TARGET_MNEMONICS.matcher(mnemonic).matches())
            ops.set(ops.size() - 1, "0x" + Long.toHexString(Long.parseLong(last, 16)));
        else if (NUMBER.matcher(last).matches() && mnemonic.matches("add|and|or|xor|sll|srl|sra|slt|sltu|csrr?[wsc]"))
            mnemonic += "i";
        else if (mnemonic.equals("zext.b"))
            return "andi " + parts[1] + ", 255";
        else if (mnemonic.equals(".insn") && ops.size() == 2 && ops.get(0).equals("4"))
            return ".4byte " + ops.get(1);
        return mnemonic + " " + String.join(", ", ops);
    }

    // ---- tools ----

    static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
            if (Files.isExecutable(Path.of(d, tool))) return true;
        return false;
    }

    private static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) fail(String.join(" ", command) + " failed:\n" + out);
        return out;
    }
}
