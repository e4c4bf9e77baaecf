package vmsh.isa;

import static vmsh.isa.Encoding.*;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The extensions a hart implements, read from an ISA string as GNU {@code -march} and the
 * spec's naming chapter write it: {@code rv32}, the base {@code i}, single letters
 * ({@code rv32imah}), then multi-letter extensions after underscores
 * ({@code rv32ima_zicsr_zifencei_zba}). Letters may also stand after underscores
 * ({@code rv32i_m_a}), versions are accepted and ignored ({@code rv32i2p1_m2p0}), case
 * does not matter. {@link #toString} writes the canonical form, which GNU as accepts.
 */
public final class Isa {
    /** The machine's default: RV32IMA with Zicsr and Zifencei (no hypervisor extension). */
    public static final Isa DEFAULT = of(Extension.M, Extension.A);
    /** Every extension the table knows. */
    public static final Isa ALL = of(Extension.values());

    private final Set<Extension> extensions;

    private Isa(Set<Extension> named) {
        EnumSet<Extension> set = EnumSet.noneOf(Extension.class);
        set.addAll(named);
        for (Extension e : Extension.values()) if (e.alwaysImplemented()) set.add(e);
        this.extensions = java.util.Collections.unmodifiableSet(set);
    }

    /** The base and the always-implemented extensions, plus {@code extensions}. */
    public static Isa of(Extension... extensions) { return new Isa(Set.of(extensions)); }

    public boolean has(Extension e) { return extensions.contains(e); }

    /** The instruction is executed (not an illegal instruction) on a hart with this set. */
    public boolean implementsInstruction(Opcode op) { return has(op.extension); }

    /** These extensions and {@code e}. */
    public Isa with(Extension e) {
        EnumSet<Extension> set = EnumSet.copyOf(extensions);
        set.add(e);
        return new Isa(set);
    }

    /** These extensions without {@code e}; the always-implemented ones cannot go. */
    public Isa without(Extension e) {
        if (e.alwaysImplemented()) throw new IllegalArgumentException(e.displayName() + " is always implemented");
        EnumSet<Extension> set = EnumSet.copyOf(extensions);
        set.remove(e);
        return new Isa(set);
    }

    /** The extensions, in canonical order. */
    public Set<Extension> extensions() { return extensions; }

    /** The misa value: MXL = 32-bit, the letters of the extensions, S and U (every hart here has both modes). */
    public int misa() {
        int misa = MISA_MXL_32 | MISA_S | MISA_U;
        for (Extension e : extensions) misa |= e.misaBit();
        return misa;
    }

    /** The canonical ISA string, e.g. {@code rv32imah_zicsr_zifencei}. */
    @Override
    public String toString() {
        StringBuilder letters = new StringBuilder("rv32");
        StringBuilder words = new StringBuilder();
        for (Extension e : extensions) {
            if (e.token == null) continue;
            if (e.singleLetter()) letters.append(e.token);
            else words.append('_').append(e.token);
        }
        return letters.append(words).toString();
    }

    @Override
    public boolean equals(Object o) { return o instanceof Isa other && other.extensions.equals(extensions); }

    @Override
    public int hashCode() { return extensions.hashCode(); }

    // ---------------------------------------------------------------- parsing

    /** The standard single letters of the naming chapter, implemented here or not. */
    private static final String STANDARD_LETTERS = "iegmafdqlcbkjtpvhn";

    /**
     * Reads an ISA string; a bad one throws an {@link IllegalArgumentException} whose
     * message quotes the string and names the offending part.
     */
    public static Isa parse(String text) {
        if (text == null) throw new IllegalArgumentException("isa must be a string such as rv32imah");
        String s = text.strip().toLowerCase(Locale.ROOT);
        if (!s.startsWith("rv")) throw bad(text, "an ISA string starts with rv32, as in rv32ima or rv32imah_zba");
        int at = 2;
        int digits = at;
        while (at < s.length() && Character.isDigit(s.charAt(at))) at++;
        String xlen = s.substring(digits, at);
        if (!xlen.equals("32")) throw bad(text, xlen.isEmpty() ? "rv must be followed by 32" : "RV" + xlen + " is not implemented, only RV32");
        if (at == s.length()) throw bad(text, "the base integer ISA is missing: rv32i...");
        char base = s.charAt(at);
        switch (base) {
            case 'i' -> { }
            case 'e' -> throw bad(text, "RV32E (the embedded base, 16 registers) is not implemented; use rv32i...");
            case 'g' -> throw bad(text, "'g' stands for imafd_zicsr_zifencei, and F and D (floating point) are not implemented");
            default -> throw bad(text, "the base must be i after rv32, not '" + base + "'");
        }
        at = skipVersion(s, at + 1);
        EnumSet<Extension> named = EnumSet.noneOf(Extension.class);
        while (at < s.length()) {
            char c = s.charAt(at);
            if (c == '_') {
                if (at + 1 == s.length() || s.charAt(at + 1) == '_') throw bad(text, "an empty extension name between underscores");
                at++;
                continue;
            }
            if (!Character.isLetter(c)) throw bad(text, "unexpected '" + c + "' at position " + (at + 1));
            int end;
            String token;
            if (c == 'z' || c == 's' || c == 'x') {   // a multi-letter extension runs to the next underscore
                end = s.indexOf('_', at);
                if (end < 0) end = s.length();
                token = stripVersion(s.substring(at, end));
            } else {
                token = String.valueOf(c);
                end = skipVersion(s, at + 1);
            }
            add(named, token, text);
            at = end;
        }
        return new Isa(named);
    }

    private static void add(Set<Extension> named, String token, String text) {
        Extension e = Extension.byToken(token);
        if (e == null) {
            boolean known = token.length() == 1 && STANDARD_LETTERS.indexOf(token.charAt(0)) >= 0;
            throw bad(text, "extension '" + token + "' is " + (known ? "not implemented" : "unknown or not implemented")
                    + "; this machine implements " + implementedTokens());
        }
        if (!named.add(e) || e == Extension.RV32I) throw bad(text, "extension '" + token + "' is named twice");
    }

    /** Skips a version such as {@code 2p1} or {@code 2} at {@code at}. */
    private static int skipVersion(String s, int at) {
        int i = at;
        while (i < s.length() && Character.isDigit(s.charAt(i))) i++;
        if (i > at && i + 1 < s.length() && s.charAt(i) == 'p' && Character.isDigit(s.charAt(i + 1))) {
            i++;
            while (i < s.length() && Character.isDigit(s.charAt(i))) i++;
        }
        return i;
    }

    /** A multi-letter token without its version ({@code zba1p0} is zba). */
    private static String stripVersion(String token) {
        return token.replaceFirst("(?<=[a-z])\\d+(p\\d+)?$", "");
    }

    private static String implementedTokens() {
        List<String> tokens = new ArrayList<>();
        for (Extension e : Extension.values()) if (e.token != null && e != Extension.RV32I) tokens.add(e.token);
        return String.join(", ", tokens);
    }

    private static IllegalArgumentException bad(String text, String why) {
        return new IllegalArgumentException("isa '" + text + "': " + why);
    }
}
