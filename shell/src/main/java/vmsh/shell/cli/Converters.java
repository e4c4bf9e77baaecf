package vmsh.shell.cli;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;
import vmsh.isa.Isa;
import vmsh.shell.Sizes;

/**
 * Option value parsers: RAM sizes (64M), counts written as JavaScript numbers (1000000,
 * 1_000_000, 1e6, 5.5e9, 0x10), durations (10, 0.5, 500ms, 2m) and ISA strings. A value
 * they refuse is a usage error (exit status 2) naming it.
 */
final class Converters {
    private Converters() {}

    /** Guest RAM: a multiple of 4K from 4K to 2G (the machine's and a VM's limits). */
    static final class RamSize implements ITypeConverter<Long> {
        private static final long PAGE = 4096, MAX = 1L << 31;

        @Override
        public Long convert(String text) {
            long bytes;
            try {
                bytes = Sizes.parse(text);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
            if (bytes % PAGE != 0 || bytes > MAX)
                throw new TypeConversionException("RAM size '" + text + "' must be a multiple of 4K from 4K to 2G");
            return bytes;
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

    /** An instruction count (--max-insns). */
    static final class InstructionCount implements ITypeConverter<Long> {
        @Override
        public Long convert(String text) { return count(text, "instruction count"); }
    }

    /** A count of runs or iterations. */
    static final class Count implements ITypeConverter<Long> {
        @Override
        public Long convert(String text) { return count(text, "count"); }
    }

    /** guest or vmsh (--exit-code-from). */
    static final class ExitCodeSource implements ITypeConverter<ExitCodeFrom> {
        @Override
        public ExitCodeFrom convert(String text) {
            try {
                return ExitCodeFrom.parse(text);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** A wall-clock time limit (--timeout). */
    static final class TimeLimit implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String text) { return duration(text); }
    }

    /**
     * A positive whole number written as a JavaScript number literal: 1000000, 1_000_000,
     * 1e6, 5.5e9, 0x3d0900; 5.5 is refused (not whole).
     */
    static long count(String text, String what) {
        BigDecimal n = number(text);
        String usage = " (use e.g. 1000000, 1_000_000, 1e6 or 5.5e9)";
        if (n == null) throw new TypeConversionException("invalid " + what + " '" + text + "'" + usage);
        if (n.signum() <= 0) throw new TypeConversionException(what + " '" + text + "' must be positive");
        try {
            return n.toBigIntegerExact().longValueExact();
        } catch (ArithmeticException e) {
            boolean whole = n.stripTrailingZeros().scale() <= 0;
            throw new TypeConversionException(what + " '" + text + "' " + (whole ? "is too large" : "is not a whole number") + usage);
        }
    }

    private static final Pattern RADIX = Pattern.compile("0([xob])([0-9a-f]+)");
    private static final Pattern DECIMAL = Pattern.compile("(\\d+(\\.\\d*)?|\\.\\d+)(e[+-]?\\d+)?");

    /** A JavaScript number literal (numeric separators allowed) as an exact decimal, or null. */
    private static BigDecimal number(String text) {
        String s = text.strip().toLowerCase(Locale.ROOT);
        if (s.startsWith("_") || s.endsWith("_") || s.contains("__")) return null;
        s = s.replace("_", "");
        Matcher radix = RADIX.matcher(s);
        try {
            if (radix.matches()) {
                int base = switch (radix.group(1)) {
                    case "x" -> 16;
                    case "o" -> 8;
                    default -> 2;
                };
                return new BigDecimal(new BigInteger(radix.group(2), base));
            }
            return DECIMAL.matcher(s).matches() ? new BigDecimal(s) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static final Pattern DURATION = Pattern.compile("([0-9._e+]+)\\s*(ms|s|m|h)?");

    /** A positive duration: seconds (10, 0.5, 1e-1), or with a unit (500ms, 2s, 1.5m, 1h). */
    static Duration duration(String text) {
        Matcher m = DURATION.matcher(text.strip().toLowerCase(Locale.ROOT));
        BigDecimal amount = m.matches() ? number(m.group(1)) : null;
        if (amount == null)
            throw new TypeConversionException("invalid duration '" + text + "' (use e.g. 10, 0.5, 500ms or 2m)");
        long nanosPerUnit = switch (m.group(2) == null ? "s" : m.group(2)) {
            case "ms" -> 1_000_000L;
            case "m" -> 60_000_000_000L;
            case "h" -> 3_600_000_000_000L;
            default -> 1_000_000_000L;
        };
        BigDecimal nanos = amount.multiply(BigDecimal.valueOf(nanosPerUnit));
        if (nanos.compareTo(BigDecimal.ONE) < 0)
            throw new TypeConversionException("duration '" + text + "' must be positive");
        if (nanos.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0)
            throw new TypeConversionException("duration '" + text + "' is too long");
        return Duration.ofNanos(nanos.longValue());
    }
}
