package vmsh.isa;

/** Integer register names: ABI names (a0, sp, ...) and numeric names (x0..x31). */
public final class Registers {
    private static final String[] ABI = {
        "zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2",
        "s0", "s1", "a0", "a1", "a2", "a3", "a4", "a5",
        "a6", "a7", "s2", "s3", "s4", "s5", "s6", "s7",
        "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6",
    };

    private Registers() {}

    /** The ABI name of register {@code n}. */
    public static String name(int n) { return ABI[n]; }

    /** The number of a register written as an ABI name, {@code fp}, or {@code xN}; -1 if none. */
    public static int number(String name) {
        String s = name.toLowerCase(java.util.Locale.ROOT);
        if (s.equals("fp")) return 8;
        for (int i = 0; i < 32; i++) if (ABI[i].equals(s)) return i;
        if (s.length() >= 2 && s.charAt(0) == 'x') {
            try {
                int n = Integer.parseInt(s.substring(1));
                if (n >= 0 && n < 32 && s.equals("x" + n)) return n;
            } catch (NumberFormatException e) {
                return -1;
            }
        }
        return -1;
    }
}
