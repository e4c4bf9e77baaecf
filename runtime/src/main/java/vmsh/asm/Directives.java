package vmsh.asm;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import vmsh.isa.Extension;
import vmsh.isa.Isa;

/** The assembler directives (.text, .word, .align, .equ ...), run in both passes. */
final class Directives {
    private Directives() {}

    /** Accepted and ignored: they describe the object file, not the image. */
    private static final Set<String> IGNORED = Set.of(
            ".file", ".ident", ".type", ".size", ".attribute", ".addrsig", ".addrsig_sym",
            ".loc", ".variant_cc", ".nolist", ".list", ".title", ".sbttl", ".psize", ".eject",
            ".func", ".endfunc", ".hidden", ".protected", ".internal", ".local", ".weak", ".ltorg");

    private static final long MAX_SPACE = 1L << 28;

    static void handle(Assembly a, Statement s) {
        String d = s.name();
        if (IGNORED.contains(d) || d.startsWith(".cfi_")) return;
        switch (d) {
            case ".text", ".data", ".rodata", ".bss", ".sdata", ".sbss" -> a.switchTo(a.section(d, null, null));
            case ".section" -> a.switchTo(sectionOperand(a, s));
            case ".pushsection" -> a.pushSection(sectionOperand(a, s));
            case ".popsection" -> a.popSection(s.op);
            case ".previous" -> a.previousSection(s.op);
            case ".option" -> option(a, s);
            case ".globl", ".global" -> {
                for (List<Token> n : s.operands) a.symbol(name(n, s.op)).global = true;
            }
            case ".align", ".p2align" -> align(a, s, true);
            case ".balign" -> align(a, s, false);
            case ".byte" -> data(a, s, 1);
            case ".half", ".2byte", ".short", ".hword" -> data(a, s, 2);
            case ".word", ".4byte", ".long", ".int" -> data(a, s, 4);
            case ".dword", ".8byte", ".quad" -> data(a, s, 8);
            case ".ascii" -> strings(a, s, false);
            case ".asciz", ".string" -> strings(a, s, true);
            case ".zero" -> {
                s.expectOperands(1, 1);
                space(a, s);
            }
            case ".space", ".skip" -> {
                s.expectOperands(1, 2);
                space(a, s);
            }
            case ".fill" -> fill(a, s);
            case ".org" -> org(a, s);
            case ".incbin" -> incbin(a, s);
            case ".equ", ".set", ".equiv" -> {
                s.expectOperands(2, 2);
                a.setSymbol(nameToken(s.operand(0), s.op), Expr.parse(s.operand(1), s.op), d.equals(".equiv"));
            }
            case ".comm", ".lcomm" -> common(a, s, d.equals(".comm"));
            default -> throw new AsmFailure(s.op, "unknown directive '" + s.op.text() + "'");
        }
    }

    // ---------------------------------------------------------------- sections

    /** .section name[, "flags"[, @type[, ...]]] */
    private static Section sectionOperand(Assembly a, Statement s) {
        if (s.count() == 0 || s.operand(0).isEmpty()) throw new AsmFailure(s.op, "'" + s.op.text() + "' needs a section name");
        List<Token> n = s.operand(0);
        String name = n.get(0).kind() == Token.Kind.STRING ? n.get(0).string() : joined(n);
        String flags = null, type = null;
        if (s.count() > 1 && !s.operand(1).isEmpty()) {
            Token f = s.operand(1).get(0);
            if (f.kind() != Token.Kind.STRING) throw new AsmFailure(f, "section flags must be a quoted string like \"ax\", got '" + f + "'");
            flags = f.string();
        }
        if (s.count() > 2 && !s.operand(2).isEmpty()) type = joined(s.operand(2));
        return a.section(name, flags, type);
    }

    /** Tokens written without spaces, e.g. ".text.init" or "@progbits". */
    private static String joined(List<Token> tokens) {
        StringBuilder b = new StringBuilder();
        for (Token t : tokens) b.append(t.text());
        return b.toString();
    }

    /**
     * {@code .option arch, +zbb, -zba} (or a whole ISA string) sets which extensions'
     * instructions assemble; {@code .option push} and {@code pop} save and restore it. The
     * other options (rvc, relax, pic) describe the object file and are ignored.
     */
    private static void option(Assembly a, Statement s) {
        if (s.count() == 0) throw new AsmFailure(s.op, "'.option' needs an option (arch, push, pop, ...)");
        switch (joined(s.operand(0))) {
            case "push" -> a.pushOptions();
            case "pop" -> a.popOptions(s.op);
            case "arch" -> {
                if (s.count() < 2) throw new AsmFailure(s.op, "'.option arch' needs +extension, -extension or an ISA string");
                for (int i = 1; i < s.count(); i++) a.arch = arch(a.arch, s.operand(i), s.op);
            }
            default -> { }
        }
    }

    private static Isa arch(Isa isa, List<Token> operand, Token context) {
        Token at = operand.isEmpty() ? context : operand.get(0);
        String text = joined(operand).replace(" ", "");
        try {
            if (!text.startsWith("+") && !text.startsWith("-")) return Isa.parse(text);
            Extension e = Extension.byToken(text.substring(1).toLowerCase(java.util.Locale.ROOT));
            if (e == null) throw new IllegalArgumentException("unknown extension '" + text.substring(1) + "'");
            return text.charAt(0) == '+' ? isa.with(e) : isa.without(e);
        } catch (IllegalArgumentException e) {
            throw new AsmFailure(at, "'.option arch': " + e.getMessage());
        }
    }

    private static String name(List<Token> n, Token context) { return nameToken(n, context).text(); }

    private static Token nameToken(List<Token> n, Token context) {
        if (n.size() != 1 || !n.get(0).isIdent()) {
            throw new AsmFailure(n.isEmpty() ? context : n.get(0), "expected a symbol name, got '" + (n.isEmpty() ? "" : joined(n)) + "'");
        }
        return n.get(0);
    }

    // ---------------------------------------------------------------- alignment

    /** .align/.p2align take a power of two (as on RISC-V), .balign a byte count; then fill and max. */
    private static void align(Assembly a, Statement s, boolean log2) {
        s.expectOperands(1, 3);
        long n = a.constant(s.operand(0), s.op, "'" + s.op.text() + "'");
        int lg;
        if (log2) {
            if (n < 0 || n > 28) throw new AsmFailure(s.operand(0).get(0), "alignment 2^" + n + " out of range 2^0..2^28");
            lg = (int) n;
        } else {
            if (n <= 0 || (n & (n - 1)) != 0 || n > 1L << 28) throw new AsmFailure(s.operand(0).get(0), "alignment " + n + " is not a power of two up to 2^28");
            lg = Long.numberOfTrailingZeros(n);
        }
        boolean hasFill = s.count() > 1 && !s.operand(1).isEmpty();
        long fill = hasFill ? a.constant(s.operand(1), s.op, "alignment fill") : 0;
        long max = s.count() > 2 ? a.constant(s.operand(2), s.op, "alignment maximum") : Long.MAX_VALUE;
        Section sec = a.current;
        sec.alignAtLeast(lg);
        long pad = (-(long) sec.size()) & ((1L << lg) - 1);
        if (pad == 0 || pad > max) return;
        if (hasFill) sec.fill(pad, (int) fill);
        else if (sec.code) sec.padCode(pad);
        else sec.fill(pad, 0);
    }

    // ---------------------------------------------------------------- data

    private static void data(Assembly a, Statement s, int size) {
        for (List<Token> item : s.operands) {
            long v = a.value(item, s.op);
            if (a.writing) checkFits(v, size, item.get(0));
            if (a.writing && v != 0) zerosOnly(a, item.get(0));
            a.current.putLittle(v, size);
        }
    }

    /** A value fits n bytes when it is a signed or unsigned n-byte number. */
    static void checkFits(long v, int size, Token at) {
        if (size >= 8) return;
        long min = -(1L << (8 * size - 1)), max = (1L << (8 * size)) - 1;
        if (v < min || v > max) {
            String unit = size == 1 ? "a byte" : size == 2 ? "a half-word (2 bytes)" : "a word (4 bytes)";
            throw new AsmFailure(at, "value " + Instructions.show(v) + " does not fit in " + unit + " (" + min + ".." + max + ")");
        }
    }

    /** .bss and friends are not stored in the image: they can hold only zeros. */
    private static void zerosOnly(Assembly a, Token at) {
        if (a.current.kind == Section.Kind.BSS) throw new AsmFailure(at, "'" + a.current.name + "' holds only zeros; put data in .data");
    }

    private static void strings(Assembly a, Statement s, boolean nul) {
        s.expectOperands(1, Integer.MAX_VALUE);
        if (a.writing) zerosOnly(a, s.op);
        for (List<Token> item : s.operands) {
            if (item.size() != 1 || item.get(0).kind() != Token.Kind.STRING) {
                throw new AsmFailure(item.isEmpty() ? s.op : item.get(0), "'" + s.op.text() + "' takes quoted strings");
            }
            for (char c : item.get(0).string().toCharArray()) {
                if (c > 0xff) {
                    for (byte b : String.valueOf(c).getBytes(StandardCharsets.UTF_8)) a.current.putByte(b);
                } else a.current.putByte(c);
            }
            if (nul) a.current.putByte(0);
        }
    }

    /** .zero n / .space n[, fill] / .skip n[, fill] */
    private static void space(Assembly a, Statement s) {
        long n = a.constant(s.operand(0), s.op, "'" + s.op.text() + "'");
        if (n < 0 || n > MAX_SPACE) throw new AsmFailure(s.operand(0).get(0), "size " + n + " out of range 0.." + MAX_SPACE);
        long fill = s.count() > 1 ? a.value(s.operand(1), s.op) : 0;
        a.current.fill(n, (int) fill);
    }

    /** .incbin "file"[, skip[, count]]: the bytes the Frontend read, from skip on, count of them (default all). */
    private static void incbin(Assembly a, Statement s) {
        byte[] bytes = s.included;
        long skip = s.count() > 1 ? a.constant(s.operand(1), s.op, "'.incbin' skip") : 0;
        if (skip < 0 || skip > bytes.length)
            throw new AsmFailure(s.operand(1).get(0), "'.incbin' skip " + skip + " out of range 0.." + bytes.length);
        long count = s.count() > 2 ? a.constant(s.operand(2), s.op, "'.incbin' count") : bytes.length - skip;
        if (count < 0 || count > bytes.length - skip)
            throw new AsmFailure(s.operand(2).get(0), "'.incbin' count " + count + " out of range 0.." + (bytes.length - skip));
        if (a.writing && count > 0) zerosOnly(a, s.op);
        for (int i = 0; i < count; i++) a.current.putByte(bytes[(int) (skip + i)]);
    }

    /** .fill repeat[, size[, value]]: repeat copies of a size-byte value (size up to 8). */
    private static void fill(Assembly a, Statement s) {
        s.expectOperands(1, 3);
        long repeat = a.constant(s.operand(0), s.op, "'.fill'");
        long size = s.count() > 1 ? a.constant(s.operand(1), s.op, "'.fill' size") : 1;
        if (size < 0 || size > 8) throw new AsmFailure(s.operand(1).get(0), ".fill size " + size + " out of range 0..8");
        if (repeat < 0 || repeat * size > MAX_SPACE) throw new AsmFailure(s.operand(0).get(0), ".fill count " + repeat + " out of range");
        long value = s.count() > 2 ? a.value(s.operand(2), s.op) : 0;
        for (long k = 0; k < repeat; k++) a.current.putLittle(size > 4 ? value : value & 0xffffffffL, (int) size);
    }

    /** .org offset[, fill]: moves forward to an offset in the current section. */
    private static void org(Assembly a, Statement s) {
        s.expectOperands(1, 2);
        long target;
        if (a.writing) target = a.constant(s.operand(0), s.op, "'.org'");
        else {
            Expr.Value v;
            try {
                v = Expr.parse(s.operand(0), s.op).eval(a);
            } catch (Expr.Unresolved u) {
                throw new AsmFailure(s.operand(0).get(0), "'.org' needs a value known here: " + u.getMessage());
            }
            if (!v.absolute() && v.section() != a.current) throw new AsmFailure(s.operand(0).get(0), "'.org' target is in another section");
            target = v.v();
            a.stmt.constants.add(target);
        }
        long here = a.current.size();
        if (target < here) throw new AsmFailure(s.operand(0).get(0), "'.org' moves backwards from 0x"
                + Long.toHexString(here) + " to 0x" + Long.toHexString(target));
        if (target - here > MAX_SPACE) throw new AsmFailure(s.operand(0).get(0), "'.org' target 0x" + Long.toHexString(target) + " too far");
        long fill = s.count() > 1 ? a.value(s.operand(1), s.op) : 0;
        a.current.fill(target - here, (int) fill);
    }

    /** .comm / .lcomm name, size[, align]: reserves zeroed space in .bss. */
    private static void common(Assembly a, Statement s, boolean global) {
        s.expectOperands(2, 3);
        Token name = nameToken(s.operand(0), s.op);
        long size = a.constant(s.operand(1), s.op, "'" + s.op.text() + "' size");
        long align = s.count() > 2 ? a.constant(s.operand(2), s.op, "'" + s.op.text() + "' alignment") : Math.min(Long.highestOneBit(Math.max(size, 1)), 8);
        if (size < 0 || size > MAX_SPACE) throw new AsmFailure(s.operand(1).get(0), "size " + size + " out of range");
        if (align <= 0 || (align & (align - 1)) != 0) throw new AsmFailure(s.operand(2).get(0), "alignment " + align + " is not a power of two");
        Section bss = a.section(".bss", null, null);
        bss.alignAtLeast(Long.numberOfTrailingZeros(align));
        bss.fill((-(long) bss.size()) & (align - 1), 0);
        if (!a.writing) {
            a.defineLabel(name, bss, bss.size());
            if (global) a.symbol(name.text()).global = true;
        }
        bss.fill(size, 0);
    }
}
