package vmsh.asm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static vmsh.isa.Opcode.*;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import vmsh.image.Image;
import vmsh.image.Segment;
import vmsh.isa.Csr;
import vmsh.isa.Encoder;
import vmsh.isa.Opcode;

class DisassemblerTest {
    private static final int PC = 0x8000_0000;
    private static final int ZERO = 0, RA = 1, SP = 2, T0 = 5, T1 = 6, A0 = 10, A1 = 11, A2 = 12;

    private static int w(Opcode op, int rd, int rs1, int rs2, int imm) {
        return Encoder.encode(op, rd, rs1, rs2, imm);
    }

    private static void dis(String expected, int word) {
        assertEquals(expected, Disassembler.instruction(word, PC), String.format("word %08x", word));
    }

    private static void raw(String expected, int word) {
        assertEquals(expected, Disassembler.instruction(word, PC, false), String.format("word %08x", word));
    }

    @Test
    void baseForms() {
        dis("addi a0, a1, -42", w(ADDI, A0, A1, 0, -42));
        dis("lui a0, 0x12345", w(LUI, A0, 0, 0, 0x12345000));
        dis("auipc a0, 0xfffff", w(AUIPC, A0, 0, 0, 0xfffff000));
        dis("beq a0, a1, 0x80000010", w(BEQ, 0, A0, A1, 16));
        dis("bltu a0, a1, 0x7ffffff0", w(BLTU, 0, A0, A1, -16));
        dis("lw a0, 8(sp)", w(LW, A0, SP, 0, 8));
        dis("sw ra, -12(sp)", w(SW, 0, SP, RA, -12));
        dis("slli a0, a1, 0x1f", w(SLLI, A0, A1, 0, 31));
        dis("srai a0, a1, 0x3", w(SRAI, A0, A1, 0, 3));
        dis("mulhsu a0, a1, a2", w(MULHSU, A0, A1, A2, 0));
        dis("csrrs t0, mstatus, t1", w(CSRRS, T0, T1, 0, Csr.MSTATUS));
        dis("csrrwi t0, 0x7c0, 5", w(CSRRWI, T0, 5, 0, 0x7c0));
        dis("jal a0, 0x80000800", w(JAL, A0, 0, 0, 0x800));
        dis("jalr a0, 4(a1)", w(JALR, A0, A1, 0, 4));
        dis("ecall", w(ECALL, 0, 0, 0, 0));
        dis("mret", w(MRET, 0, 0, 0, 0));
        dis("hlvx.hu a0, (a1)", w(HLVX_HU, A0, A1, 0, 0));
        dis("hsv.w a2, (a1)", w(HSV_W, 0, A1, A2, 0));
    }

    @Test
    void atomicsCarryTheirOrdering() {
        dis("amoadd.w.aqrl a0, a2, (a1)", w(AMOADD_W, A0, A1, A2, 3));
        dis("amoswap.w.aq a0, a2, (a1)", w(AMOSWAP_W, A0, A1, A2, 2));
        dis("sc.w.rl a0, a2, (a1)", w(SC_W, A0, A1, A2, 1));
        dis("lr.w a0, (a1)", w(LR_W, A0, A1, 0, 0));
    }

    @Test
    void aliasesAsObjdumpPrintsThem() {
        dis("nop", w(ADDI, 0, 0, 0, 0));
        dis("li a0, -5", w(ADDI, A0, ZERO, 0, -5));
        dis("li zero, 1", w(ADDI, ZERO, ZERO, 0, 1));
        dis("mv a0, a1", w(ADDI, A0, A1, 0, 0));
        dis("not a0, a1", w(XORI, A0, A1, 0, -1));
        dis("neg a0, a1", w(SUB, A0, ZERO, A1, 0));
        dis("seqz a0, a1", w(SLTIU, A0, A1, 0, 1));
        dis("snez a0, a1", w(SLTU, A0, ZERO, A1, 0));
        dis("sltz a0, a1", w(SLT, A0, A1, ZERO, 0));
        dis("sgtz a0, a1", w(SLT, A0, ZERO, A1, 0));
        dis("sltz a0, zero", w(SLT, A0, ZERO, ZERO, 0));
    }

    @Test
    void branchAndJumpAliases() {
        dis("beqz a0, 0x80000008", w(BEQ, 0, A0, ZERO, 8));
        dis("beq zero, a0, 0x80000008", w(BEQ, 0, ZERO, A0, 8));
        dis("bnez a0, 0x80000008", w(BNE, 0, A0, ZERO, 8));
        dis("blez a0, 0x80000008", w(BGE, 0, ZERO, A0, 8));
        dis("bgez a0, 0x80000008", w(BGE, 0, A0, ZERO, 8));
        dis("bltz a0, 0x80000008", w(BLT, 0, A0, ZERO, 8));
        dis("bgtz a0, 0x80000008", w(BLT, 0, ZERO, A0, 8));
        dis("j 0x7ffffffc", w(JAL, ZERO, 0, 0, -4));
        dis("jal 0x80000100", w(JAL, RA, 0, 0, 0x100));
        dis("ret", w(JALR, ZERO, RA, 0, 0));
        dis("jr a0", w(JALR, ZERO, A0, 0, 0));
        dis("jr 4(a0)", w(JALR, ZERO, A0, 0, 4));
        dis("jalr a0", w(JALR, RA, A0, 0, 0));
        dis("jalr -8(a0)", w(JALR, RA, A0, 0, -8));
        dis("jalr a1, a0", w(JALR, A1, A0, 0, 0));
    }

    @Test
    void csrAliases() {
        dis("csrr a0, mhartid", w(CSRRS, A0, ZERO, 0, Csr.MHARTID));
        dis("csrw mtvec, a0", w(CSRRW, ZERO, A0, 0, Csr.MTVEC));
        dis("csrs mie, a0", w(CSRRS, ZERO, A0, 0, Csr.MIE));
        dis("csrc mie, a0", w(CSRRC, ZERO, A0, 0, Csr.MIE));
        dis("csrwi mstatus, 5", w(CSRRWI, ZERO, 5, 0, Csr.MSTATUS));
        dis("csrsi mstatus, 8", w(CSRRSI, ZERO, 8, 0, Csr.MSTATUS));
        dis("csrci mstatus, 8", w(CSRRCI, ZERO, 8, 0, Csr.MSTATUS));
        dis("csrr zero, mstatus", w(CSRRS, ZERO, ZERO, 0, Csr.MSTATUS));
        dis("csrrw a1, mstatus, a0", w(CSRRW, A1, A0, 0, Csr.MSTATUS));
        dis("rdcycle a0", w(CSRRS, A0, ZERO, 0, Csr.CYCLE));
        dis("rdtime a0", w(CSRRS, A0, ZERO, 0, Csr.TIME));
        dis("rdinstret a0", w(CSRRS, A0, ZERO, 0, Csr.INSTRET));
        dis("rdcycleh a0", w(CSRRS, A0, ZERO, 0, Csr.CYCLEH));
        dis("rdtimeh a0", w(CSRRS, A0, ZERO, 0, Csr.TIMEH));
        dis("rdinstreth zero", w(CSRRS, ZERO, ZERO, 0, Csr.INSTRETH));
        dis("csrrs a0, cycle, a1", w(CSRRS, A0, A1, 0, Csr.CYCLE));
        dis("csrr a0, 0xfff", w(CSRRS, A0, ZERO, 0, 0xfff));
        dis("unimp", 0xc0001073);
    }

    @Test
    void fences() {
        dis("fence", 0x0ff0000f);
        dis("fence rw, rw", 0x0330000f);
        dis("fence r, w", 0x0210000f);
        dis("fence io, o", 0x0c40000f);
        dis("fence unknown, unknown", 0x0000000f);
        dis("fence.tso", 0x8330000f);
        dis("fence.i", 0x0000100f);
        // reserved fields set: objdump shows the word
        dis(".4byte 0xff0008f", 0x0ff0008f);
        dis(".4byte 0x4ff0000f", 0x4ff0000f);
        dis(".4byte 0x10100f", 0x0010100f);
    }

    @Test
    void fenceVmaForms() {
        dis("sfence.vma", w(SFENCE_VMA, 0, 0, 0, 0));
        dis("sfence.vma a0", w(SFENCE_VMA, 0, A0, 0, 0));
        dis("sfence.vma a0, a1", w(SFENCE_VMA, 0, A0, A1, 0));
        dis("sfence.vma zero, a1", w(SFENCE_VMA, 0, 0, A1, 0));
        dis("hfence.gvma a0", w(HFENCE_GVMA, 0, A0, 0, 0));
        raw("sfence.vma zero, zero", w(SFENCE_VMA, 0, 0, 0, 0));
        raw("hfence.vvma a0, zero", w(HFENCE_VVMA, 0, A0, 0, 0));
    }

    @Test
    void illegalWords() {
        dis(".4byte 0x0", 0);
        dis(".4byte 0xffffffff", 0xffffffff);
        dis(".4byte 0x1015a52f", 0x1015a52f); // lr.w with rs2 != 0
        dis(".4byte 0x30200873", 0x30200873); // mret with rd != 0
        dis(".4byte 0x200f", 0x0000200f);
    }

    @Test
    void everyWordHasAText() {
        java.util.Random random = new java.util.Random(5);
        for (int k = 0; k < 200_000; k++) {
            int word = random.nextInt();
            String text = Disassembler.instruction(word, random.nextInt());
            boolean legal = vmsh.isa.Decoder.decode(word) != null;
            if (!legal) assertEquals(".4byte 0x" + Integer.toHexString(word), text);
            else assertEquals(text, text.strip(), String.format("%08x", word));
        }
    }

    @Test
    void withoutAliasesEveryWordShowsItsBaseInstruction() {
        raw("addi zero, zero, 0", 0x00000013);
        raw("addi a0, zero, 5", w(ADDI, A0, ZERO, 0, 5));
        raw("jal zero, 0x80000010", w(JAL, ZERO, 0, 0, 16));
        raw("jalr zero, 0(ra)", w(JALR, ZERO, RA, 0, 0));
        raw("csrrs a0, cycle, zero", w(CSRRS, A0, ZERO, 0, Csr.CYCLE));
        raw("fence iorw, iorw", 0x0ff0000f);
        raw("bge zero, a0, 0x80000008", w(BGE, 0, ZERO, A0, 8));
        raw("unimp", 0xc0001073);
    }

    @Test
    void everyTableEntryDisassemblesToItsMnemonicWithoutAliases() {
        for (Opcode op : Opcode.all()) {
            String text = Disassembler.instruction(op.match, PC, false);
            String mnemonic = text.split(" ")[0].replaceAll("\\.(aq|rl|aqrl)$", "");
            assertEquals(op.mnemonic, mnemonic, op + " -> " + text);
        }
    }

    @Test
    void listingShowsLabelsTargetsAndFormedAddresses() {
        int[] words = {
            0x00000517, // auipc a0, 0x0
            0x01050513, // addi a0, a0, 16  -> msg
            0x00052583, // lw a1, 0(a0)
            0xff5ff06f, // j _start
        };
        byte[] text = new byte[words.length * 4 + 2];
        for (int k = 0; k < words.length; k++)
            for (int b = 0; b < 4; b++) text[4 * k + b] = (byte) (words[k] >>> (8 * b));
        text[16] = 0x34;
        text[17] = 0x12;
        Map<String, Integer> symbols = new LinkedHashMap<>();
        symbols.put("_start", PC);
        symbols.put("loop", PC + 8);
        symbols.put("msg", PC + 0x10);
        Image image = new Image(List.of(
                new Segment(".text", PC, text, text.length, Segment.R | Segment.X),
                new Segment(".data", PC + 0x1000, new byte[4], 4, Segment.R | Segment.W)), symbols, PC);
        assertEquals("""
                Disassembly of .text:

                80000000 <_start>:
                80000000:  00000517  auipc   a0, 0x0
                80000004:  01050513  addi    a0, a0, 16 # 0x80000010 <msg>

                80000008 <loop>:
                80000008:  00052583  lw      a1, 0(a0)
                8000000c:  ff5ff06f  j       0x80000000 <_start>

                80000010 <msg>:
                80000010:  1234      .2byte  0x1234
                """, Disassembler.listing(image));
    }

    @Test
    void listingNamesDeviceAddressesOnlyByExactSymbols() {
        int[] words = {w(LUI, T0, 0, 0, 0x1000_0000), w(SB, 0, T0, A0, 0), w(SB, 0, T0, A0, 5)};
        byte[] text = new byte[12];
        for (int k = 0; k < 12; k++) text[k] = (byte) (words[k / 4] >>> (8 * (k % 4)));
        Map<String, Integer> symbols = new LinkedHashMap<>();
        symbols.put("UART", 0x1000_0000);
        Image image = new Image(List.of(new Segment(".text", PC, text, 12, Segment.R | Segment.X)), symbols, PC);
        assertEquals("""
                Disassembly of .text:

                80000000:  100002b7  lui     t0, 0x10000
                80000004:  00a28023  sb      a0, 0(t0) # 0x10000000 <UART>
                80000008:  00a282a3  sb      a0, 5(t0) # 0x10000005
                """, Disassembler.listing(image));
    }

    @Test
    void listingNamesOffsetsIntoSymbolsAndSkipsDataSegments() {
        int jalBack = w(JAL, RA, 0, 0, -4);
        byte[] text = {0x13, 0, 0, 0, (byte) jalBack, (byte) (jalBack >>> 8), (byte) (jalBack >>> 16), (byte) (jalBack >>> 24)};
        Image image = new Image(List.of(new Segment(".text", PC, text, 8, Segment.R | Segment.X)),
                Map.of("main", PC), PC);
        assertEquals("""
                Disassembly of .text:

                80000000 <main>:
                80000000:  00000013  nop
                80000004:  ffdff0ef  jal     0x80000000 <main>
                """, Disassembler.listing(image));
        assertEquals("""
                Disassembly of .text:

                80000000 <main>:
                80000000:  00000013  addi    zero, zero, 0
                80000004:  ffdff0ef  jal     ra, 0x80000000 <main>
                """, Disassembler.listing(image, false));
    }
}
