package vmsh.shell.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;
import vmsh.isa.Isa;
import vmsh.shell.Sizes;

/** Option value parsers for sizes (64M), instruction counts (1000000, 1_000_000, 1e6) and ISA strings. */
final class Converters {
    private Converters() {}

    static final class Size implements ITypeConverter<Long> {
        @Override
        public Long convert(String text) {
            try {
                return Sizes.parse(text);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** An ISA string such as rv32imah or rv32ima_zicsr_zifencei_h. */
    static final class IsaString implements ITypeConverter<Isa> {
        @Override
        public Isa convert(String text) {
            try {
                return Isa.parse(text);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    static final class Count implements ITypeConverter<Long> {
        @Override
        public Long convert(String text) {
            return count(text);
        }
    }

    /** A positive whole number, written plainly, with _ separators, or as 1e6. */
    static long count(String text) {
        String s = text.strip().replace("_", "");
        try {
            long n;
            int e = s.toLowerCase().indexOf('e');
            if (e > 0) {
                n = Long.parseLong(s.substring(0, e));
                for (int i = Integer.parseInt(s.substring(e + 1)); i > 0; i--) n = Math.multiplyExact(n, 10);
            } else {
                n = Long.parseLong(s);
            }
            if (n > 0) return n;
        } catch (NumberFormatException | ArithmeticException ignored) {
            // falls through to the message below
        }
        throw new TypeConversionException("invalid instruction count '" + text + "' (use e.g. 1000000, 1_000_000 or 1e6)");
    }
}
