package vmsh.isa;

/**
 * The instruction-set extensions the table knows, in the canonical order of an ISA string
 * (the base, the single letters, then the Z extensions): each with its misa bit where it
 * has one and its token in an ISA string or GNU {@code -march}.
 */
public enum Extension {
    RV32I('I', "i", "the base integer instructions"),
    M('M', "m", "integer multiply and divide"),
    A('A', "a", "atomic memory operations (lr/sc, amo*)"),
    H('H', "h", "the hypervisor extension (V mode, hlv/hsv, hfence)"),
    ZICSR("zicsr", "control and status register instructions"),
    ZIFENCEI("zifencei", "the instruction-fetch fence"),
    ZBA("zba", "address generation (sh1add, sh2add, sh3add)"),
    ZBB("zbb", "basic bit manipulation (andn, min, clz, rev8, ror, ...)"),
    /** mret, sret, wfi, sfence.vma: the privileged architecture, no ISA-string token. */
    PRIVILEGED(null, "the privileged instructions (mret, sret, wfi, sfence.vma)");

    /** The letter of the misa bit, or 0 when misa does not list it. */
    public final char misaLetter;
    /** The token in an ISA string ({@code m}, {@code zba}), or null when it has none. */
    public final String token;
    public final String description;

    Extension(char misaLetter, String token, String description) {
        this.misaLetter = misaLetter;
        this.token = token;
        this.description = description;
    }

    /** An extension misa does not list. */
    Extension(String token, String description) { this((char) 0, token, description); }

    /** Its misa bit (A = bit 0 ... Z = bit 25), or 0. */
    public int misaBit() { return misaLetter == 0 ? 0 : 1 << (misaLetter - 'A'); }

    /** The spec's name: RV32I, M, Zicsr, Zba, ... */
    public String displayName() {
        if (this == PRIVILEGED) return "privileged";
        if (this == RV32I) return "RV32I";
        return token.length() == 1 ? token.toUpperCase(java.util.Locale.ROOT)
                : Character.toUpperCase(token.charAt(0)) + token.substring(1);
    }

    /**
     * Every hart has it: the base, and what a privileged machine cannot be without (the
     * CSR instructions, fence.i, mret). An ISA string may name Zicsr and Zifencei or not,
     * as GCC before version 12 took them to be part of I.
     */
    public boolean alwaysImplemented() {
        return this == RV32I || this == ZICSR || this == ZIFENCEI || this == PRIVILEGED;
    }

    /** A single-letter extension (written without an underscore after the base). */
    public boolean singleLetter() { return token != null && token.length() == 1; }

    /** The extension written {@code token} in an ISA string, or null. */
    public static Extension byToken(String token) {
        for (Extension e : values()) if (token.equals(e.token)) return e;
        return null;
    }
}
