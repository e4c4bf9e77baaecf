package vmsh.isa;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CSR numbers by their names in the privileged spec. Bits 11:10 of the number say
 * read-only (0b11) or not; bits 9:8 the lowest privilege that may access it.
 */
public final class Csr {
    // unprivileged counters
    public static final int CYCLE = 0xC00, TIME = 0xC01, INSTRET = 0xC02;
    public static final int CYCLEH = 0xC80, TIMEH = 0xC81, INSTRETH = 0xC82;
    // supervisor
    public static final int SSTATUS = 0x100, SIE = 0x104, STVEC = 0x105, SCOUNTEREN = 0x106;
    public static final int SENVCFG = 0x10A;
    public static final int SSCRATCH = 0x140, SEPC = 0x141, SCAUSE = 0x142, STVAL = 0x143, SIP = 0x144;
    public static final int SATP = 0x180;
    // hypervisor
    public static final int HSTATUS = 0x600, HEDELEG = 0x602, HIDELEG = 0x603, HIE = 0x604;
    public static final int HTIMEDELTA = 0x605, HCOUNTEREN = 0x606, HGEIE = 0x607, HENVCFG = 0x60A;
    public static final int HTIMEDELTAH = 0x615, HENVCFGH = 0x61A;
    public static final int HTVAL = 0x643, HIP = 0x644, HVIP = 0x645, HTINST = 0x64A, HGATP = 0x680;
    public static final int HGEIP = 0xE12;
    public static final int VSSTATUS = 0x200, VSIE = 0x204, VSTVEC = 0x205, VSSCRATCH = 0x240;
    public static final int VSEPC = 0x241, VSCAUSE = 0x242, VSTVAL = 0x243, VSIP = 0x244, VSATP = 0x280;
    // machine
    public static final int MVENDORID = 0xF11, MARCHID = 0xF12, MIMPID = 0xF13, MHARTID = 0xF14, MCONFIGPTR = 0xF15;
    public static final int MSTATUS = 0x300, MISA = 0x301, MEDELEG = 0x302, MIDELEG = 0x303, MIE = 0x304;
    public static final int MTVEC = 0x305, MCOUNTEREN = 0x306, MENVCFG = 0x30A, MSTATUSH = 0x310, MENVCFGH = 0x31A;
    public static final int MCOUNTINHIBIT = 0x320;
    public static final int MSCRATCH = 0x340, MEPC = 0x341, MCAUSE = 0x342, MTVAL = 0x343, MIP = 0x344;
    public static final int MTINST = 0x34A, MTVAL2 = 0x34B;
    public static final int PMPCFG0 = 0x3A0, PMPADDR0 = 0x3B0;
    public static final int MCYCLE = 0xB00, MINSTRET = 0xB02, MCYCLEH = 0xB80, MINSTRETH = 0xB82;
    public static final int MHPMCOUNTER3 = 0xB03, MHPMCOUNTER3H = 0xB83, MHPMEVENT3 = 0x323;
    public static final int HPMCOUNTER3 = 0xC03, HPMCOUNTER3H = 0xC83;
    public static final int TSELECT = 0x7A0, TDATA1 = 0x7A1, TDATA2 = 0x7A2, TDATA3 = 0x7A3;
    public static final int DCSR = 0x7B0, DPC = 0x7B1, DSCRATCH0 = 0x7B2;

    private static final Map<String, Integer> BY_NAME = new LinkedHashMap<>();
    private static final Map<Integer, String> BY_NUMBER = new LinkedHashMap<>();

    static {
        Object[][] named = {
            {"cycle", CYCLE}, {"time", TIME}, {"instret", INSTRET},
            {"cycleh", CYCLEH}, {"timeh", TIMEH}, {"instreth", INSTRETH},
            {"sstatus", SSTATUS}, {"sie", SIE}, {"stvec", STVEC}, {"scounteren", SCOUNTEREN},
            {"senvcfg", SENVCFG}, {"sscratch", SSCRATCH}, {"sepc", SEPC}, {"scause", SCAUSE},
            {"stval", STVAL}, {"sip", SIP}, {"satp", SATP},
            {"hstatus", HSTATUS}, {"hedeleg", HEDELEG}, {"hideleg", HIDELEG}, {"hie", HIE},
            {"htimedelta", HTIMEDELTA}, {"hcounteren", HCOUNTEREN}, {"hgeie", HGEIE},
            {"henvcfg", HENVCFG}, {"htimedeltah", HTIMEDELTAH}, {"henvcfgh", HENVCFGH},
            {"htval", HTVAL}, {"hip", HIP}, {"hvip", HVIP}, {"htinst", HTINST}, {"hgatp", HGATP},
            {"hgeip", HGEIP},
            {"vsstatus", VSSTATUS}, {"vsie", VSIE}, {"vstvec", VSTVEC}, {"vsscratch", VSSCRATCH},
            {"vsepc", VSEPC}, {"vscause", VSCAUSE}, {"vstval", VSTVAL}, {"vsip", VSIP}, {"vsatp", VSATP},
            {"mvendorid", MVENDORID}, {"marchid", MARCHID}, {"mimpid", MIMPID}, {"mhartid", MHARTID},
            {"mconfigptr", MCONFIGPTR},
            {"mstatus", MSTATUS}, {"misa", MISA}, {"medeleg", MEDELEG}, {"mideleg", MIDELEG},
            {"mie", MIE}, {"mtvec", MTVEC}, {"mcounteren", MCOUNTEREN}, {"menvcfg", MENVCFG},
            {"mstatush", MSTATUSH}, {"menvcfgh", MENVCFGH}, {"mcountinhibit", MCOUNTINHIBIT},
            {"mscratch", MSCRATCH}, {"mepc", MEPC}, {"mcause", MCAUSE}, {"mtval", MTVAL}, {"mip", MIP},
            {"mtinst", MTINST}, {"mtval2", MTVAL2},
            {"mcycle", MCYCLE}, {"minstret", MINSTRET}, {"mcycleh", MCYCLEH}, {"minstreth", MINSTRETH},
            {"tselect", TSELECT}, {"tdata1", TDATA1}, {"tdata2", TDATA2}, {"tdata3", TDATA3},
            {"dcsr", DCSR}, {"dpc", DPC}, {"dscratch0", DSCRATCH0},
        };
        for (Object[] n : named) add((String) n[0], (Integer) n[1]);
        for (int i = 0; i < 16; i++) add("pmpcfg" + i, PMPCFG0 + i);
        for (int i = 0; i < 64; i++) add("pmpaddr" + i, PMPADDR0 + i);
        for (int i = 3; i < 32; i++) {
            add("hpmcounter" + i, HPMCOUNTER3 + i - 3);
            add("hpmcounter" + i + "h", HPMCOUNTER3H + i - 3);
            add("mhpmcounter" + i, MHPMCOUNTER3 + i - 3);
            add("mhpmcounter" + i + "h", MHPMCOUNTER3H + i - 3);
            add("mhpmevent" + i, MHPMEVENT3 + i - 3);
        }
    }

    private static void add(String name, int number) {
        BY_NAME.put(name, number);
        BY_NUMBER.putIfAbsent(number, name);
    }

    private Csr() {}

    /** The number of the CSR with this name, or -1. */
    public static int number(String name) {
        return BY_NAME.getOrDefault(name.toLowerCase(java.util.Locale.ROOT), -1);
    }

    /** The name of CSR {@code number}, or null when it has none. */
    public static String name(int number) { return BY_NUMBER.get(number & 0xfff); }

    /*
     * The CSR instructions by funct3 (bits 14:12 of their match):
     *   bit 2: the source is uimm5, the rs1 field (csrrwi, csrrsi, csrrci), not register rs1
     *   bits 1:0: 01 write the source, 10 set its bits, 11 clear them
     */

    /** A csr*i form: its source is the 5-bit immediate in the rs1 field. */
    public static boolean immediateSource(Opcode op) { return (op.match >>> 12 & 4) != 0; }

    /** It writes the CSR: csrrw and csrrwi always, the set and clear forms unless the source is x0 (or uimm5 is 0). */
    public static boolean writes(Opcode op, boolean sourceIsZero) { return (op.match >>> 12 & 3) == 1 || !sourceIsZero; }

    /** The value a CSR instruction writes, from the CSR's {@code old} value and the source. */
    public static int written(Opcode op, int old, int source) {
        return switch (op.match >>> 12 & 3) {
            case 1 -> source;
            case 2 -> old | source;
            default -> old & ~source;
        };
    }

    /** True when the number marks the CSR read-only (bits 11:10 = 0b11). */
    public static boolean readOnly(int number) { return (number >>> 10 & 3) == 3; }

    /** The lowest privilege level (0 U, 1 S, 2 H/VS, 3 M) allowed to access it (bits 9:8). */
    public static int privilege(int number) { return number >>> 8 & 3; }
}
