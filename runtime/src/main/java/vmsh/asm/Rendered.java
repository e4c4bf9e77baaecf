package vmsh.asm;

import java.util.OptionalInt;
import vmsh.isa.Csr;
import vmsh.isa.Registers;

/**
 * One instruction as text: its mnemonic, its operands joined by ", ", and the absolute
 * target when it is a branch or jump (the listing names the symbol there). The static
 * helpers format operands the way GNU objdump does.
 */
record Rendered(String mnemonic, String operands, OptionalInt target) {

    static Rendered of(String mnemonic, String... operands) {
        return new Rendered(mnemonic, String.join(", ", operands), OptionalInt.empty());
    }

    /** A branch or jump: the last operand is {@code target}, printed as an absolute address. */
    static Rendered jump(String mnemonic, int target, String... registers) {
        String[] all = java.util.Arrays.copyOf(registers, registers.length + 1);
        all[registers.length] = hex(target);
        return new Rendered(mnemonic, String.join(", ", all), OptionalInt.of(target));
    }

    /** "mnemonic operands", or the mnemonic alone. */
    String text() { return operands.isEmpty() ? mnemonic : mnemonic + " " + operands; }

    static String reg(int n) { return Registers.name(n); }

    static String dec(int value) { return Integer.toString(value); }

    /** Unsigned lower-case hex with 0x, as objdump prints addresses and upper immediates. */
    static String hex(int value) { return "0x" + Integer.toHexString(value); }

    /** {@code imm(rs1)}: loads, stores and jalr. */
    static String mem(int imm, int rs1) { return imm + "(" + reg(rs1) + ")"; }

    /** {@code (rs1)}: atomics and hypervisor loads/stores. */
    static String addr(int rs1) { return "(" + reg(rs1) + ")"; }

    /** A CSR by name when the table knows it, else its number in hex. */
    static String csr(int number) {
        String name = Csr.name(number);
        return name != null ? name : hex(number & 0xfff);
    }
}
