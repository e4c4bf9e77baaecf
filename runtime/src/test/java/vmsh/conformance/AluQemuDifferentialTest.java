package vmsh.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vmsh.asm.Assembler;
import vmsh.isa.Encoder;
import vmsh.isa.Isa;
import vmsh.isa.Opcode;
import vmsh.isa.Operands;

/**
 * Every computational instruction of the table (RV32I, M, Zba, Zbb: the ALU kinds) gives
 * what QEMU gives, over edge and seeded random operands: one guest computes each case and
 * prints the result in hex on the UART, on vmsh and on {@code qemu-system-riscv32} with
 * the same extensions. A row added to the table is in the test at once. Skipped when the
 * GNU tools or QEMU are not installed.
 */
class AluQemuDifferentialTest {
    private static final int A0 = 10, A1 = 11, A2 = 12;
    private static final int[] EDGES = {0, 1, -1, 2, 0x8000_0000, 0x7fff_ffff, 0x0000_ff80, 0x1234_5678,
                                        0x00ff_00ff, 0xffff_fff0, 0x8000_0001, 31, 32};
    private static final int[] IMMEDIATES = {0, 1, -1, 5, 2047, -2048, 0x555};
    private static final int[] SHIFTS = {0, 1, 7, 16, 31};

    @TempDir Path work;

    /** One computation: what it is (for messages) and the instruction word with a0, a1 loaded first. */
    private record Case(String what, int a, int b, int word) {}

    @Test
    void everyAluInstructionAgreesWithQemu() throws IOException {
        String[] tools = {GnuToolchain.AS, GnuToolchain.LD, GnuToolchain.QEMU};
        assumeTrue(GnuToolchain.installed(tools), () -> "ALU differential test skipped: " + GnuToolchain.missing(tools));
        List<Case> cases = cases();
        Path source = Files.writeString(work.resolve("alu.s"), program(cases));

        GnuToolchain.QemuRun qemu = GnuToolchain.runQemu(GnuToolchain.build(source, work, Isa.ALL), 60, Isa.ALL);
        GuestRun ours = GuestRun.run(Assembler.assemble(Files.readString(source), source.toString()), 50_000_000, Isa.ALL, m -> {});

        assertEquals(0, qemu.exitCode(), "QEMU's exit status");
        List<String> expected = qemu.console().lines().toList(), actual = ours.console().lines().toList();
        assertEquals(cases.size(), expected.size(), "QEMU printed one line per case");
        List<String> differ = new ArrayList<>();
        for (int k = 0; k < cases.size(); k++) {
            String got = k < actual.size() ? actual.get(k) : "(nothing: " + ours.describe() + ")";
            if (!got.equals(expected.get(k))) differ.add(cases.get(k).what() + ": QEMU " + expected.get(k) + ", vmsh " + got);
        }
        assertEquals(List.of(), differ.subList(0, Math.min(20, differ.size())), differ.size() + " of " + cases.size() + " differ");
    }

    /** Every ALU row with every pair of operands (a register pair, or a register and an immediate). */
    private static List<Case> cases() {
        int[] values = values();
        List<Case> cases = new ArrayList<>();
        for (Opcode op : Opcode.all()) {
            switch (op.kind.category()) {
                case ALU_REG -> {
                    for (int a : values) for (int b : values) cases.add(new Case(text(op, a, b), a, b, Encoder.encode(op, A2, A0, A1, 0)));
                }
                case ALU_UNARY -> {
                    for (int a : values) cases.add(new Case(text(op, a), a, 0, Encoder.encode(op, A2, A0, 0, 0)));
                }
                case ALU_IMM -> {
                    for (int a : values)
                        for (int imm : op.operands == Operands.RD_RS1_SHAMT ? SHIFTS : IMMEDIATES)
                            cases.add(new Case(text(op, a) + " imm " + imm, a, 0, Encoder.encode(op, A2, A0, 0, imm)));
                }
                default -> { }
            }
        }
        return cases;
    }

    private static int[] values() {
        Random random = new Random(17);
        int[] v = java.util.Arrays.copyOf(EDGES, EDGES.length + 3);
        for (int i = EDGES.length; i < v.length; i++) v[i] = random.nextInt();
        return v;
    }

    private static String text(Opcode op, int... operands) {
        StringBuilder b = new StringBuilder(op.mnemonic);
        for (int v : operands) b.append(String.format(" 0x%08x", v));
        return b.toString();
    }

    /** The guest: each case loads a0 and a1, runs its word into a2 and prints a2; then the finisher. */
    private static String program(List<Case> cases) {
        StringBuilder s = new StringBuilder("""
                        .globl _start
                _start:
                """);
        for (Case c : cases) {
            s.append(String.format("        li   a0, %d%n        li   a1, %d%n        .word 0x%08x   # %s%n        jal  ra, print%n",
                    c.a(), c.b(), c.word(), c.what()));
        }
        s.append("""
                        li   t0, 0x100000        # the test finisher: pass
                        li   t1, 0x5555
                        sw   t1, 0(t0)
                1:      j    1b

                # a2 as eight hex digits and a newline, on the UART
                print:  li   t0, 0x10000000
                        li   t1, 8
                2:      srli t2, a2, 28
                        slli a2, a2, 4
                        addi t3, t2, -10
                        bltz t3, 3f
                        addi t2, t2, 39          # 'a' - '0' - 10
                3:      addi t2, t2, 48          # '0'
                        sb   t2, 0(t0)
                        addi t1, t1, -1
                        bnez t1, 2b
                        li   t2, 10
                        sb   t2, 0(t0)
                        ret
                """);
        return s.toString();
    }
}
