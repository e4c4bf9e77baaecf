package vmsh.gdb;

import vmsh.isa.Csr;

/**
 * The registers gdb sees, as the XML target description it reads with
 * {@code qXfer:features:read:target.xml}, and their numbers in the {@code g}, {@code p}
 * and {@code P} packets: gdb's RISC-V numbering, x0 to x31 then pc (0 to 32) in the
 * {@code org.gnu.gdb.riscv.cpu} feature, each CSR at 65 plus its number in
 * {@code org.gnu.gdb.riscv.csr}, and the privilege mode as {@code priv} in
 * {@code org.gnu.gdb.riscv.virtual}. The {@code g} packet carries x0 to pc; gdb asks for
 * the others one by one.
 */
final class TargetDescription {
    static final int PC = 32;
    static final int FIRST_CSR = 65;
    static final int CSR_COUNT = 4096;
    static final int PRIV = FIRST_CSR + CSR_COUNT;
    /** Registers in the g packet: x0 to x31 and pc. */
    static final int G_REGISTERS = 33;

    /** The ABI names gdb's RISC-V target gives x0 to x31. */
    static final String[] ABI_NAMES = {
        "zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "fp", "s1", "a0", "a1", "a2", "a3", "a4", "a5",
        "a6", "a7", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6",
    };

    private TargetDescription() {}

    /** The description of {@code target}: its CSRs are those that exist on its hart. */
    static String xml(DebugTarget target) {
        StringBuilder x = new StringBuilder();
        x.append("<?xml version=\"1.0\"?>\n<!DOCTYPE target SYSTEM \"gdb-target.dtd\">\n<target version=\"1.0\">\n");
        x.append("<architecture>riscv:rv32</architecture>\n");
        x.append("<feature name=\"org.gnu.gdb.riscv.cpu\">\n");
        for (int i = 0; i < 32; i++) reg(x, ABI_NAMES[i], i, i == 2 ? "data_ptr" : i == 1 ? "code_ptr" : "int", null);
        reg(x, "pc", PC, "code_ptr", null);
        x.append("</feature>\n<feature name=\"org.gnu.gdb.riscv.csr\">\n");
        for (int n = 0; n < CSR_COUNT; n++) {
            String name = Csr.name(n);
            if (name != null && target.hasCsr(n)) reg(x, name, FIRST_CSR + n, "int", "csr");
        }
        x.append("</feature>\n<feature name=\"org.gnu.gdb.riscv.virtual\">\n");
        reg(x, "priv", PRIV, "int", "system");
        x.append("</feature>\n</target>\n");
        return x.toString();
    }

    private static void reg(StringBuilder x, String name, int number, String type, String group) {
        x.append("  <reg name=\"").append(name).append("\" bitsize=\"32\" regnum=\"").append(number)
                .append("\" type=\"").append(type).append('"');
        if (group != null) x.append(" group=\"").append(group).append('"');
        x.append("/>\n");
    }
}
