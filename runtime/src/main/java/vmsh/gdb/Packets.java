package vmsh.gdb;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The encodings of the remote protocol: a packet is {@code $body#cc} where cc is the sum of
 * the body's bytes modulo 256 in two hex digits; numbers and memory travel as hex (memory
 * and registers in target byte order, little-endian here); binary data escapes {@code # $ }
 * *} as {@code }} followed by the byte XOR 0x20.
 */
final class Packets {
    static final int ESCAPE = '}';
    private static final int ESCAPE_XOR = 0x20;
    private static final char[] DIGITS = "0123456789abcdef".toCharArray();

    private Packets() {}

    /** The checksum of a body: its bytes summed modulo 256. */
    static int checksum(byte[] body) {
        int sum = 0;
        for (byte b : body) sum += b & 0xff;
        return sum & 0xff;
    }

    /** {@code $body#cc}, ready to send. */
    static byte[] frame(String body) {
        byte[] b = body.getBytes(StandardCharsets.ISO_8859_1);
        ByteArrayOutputStream out = new ByteArrayOutputStream(b.length + 4);
        out.write('$');
        out.writeBytes(b);
        out.write('#');
        int c = checksum(b);
        out.write(DIGITS[c >>> 4]);
        out.write(DIGITS[c & 15]);
        return out.toByteArray();
    }

    /** Bytes as hex, two digits each. */
    static String hex(byte[] bytes) {
        StringBuilder s = new StringBuilder(bytes.length * 2);
        for (byte b : bytes) s.append(DIGITS[b >>> 4 & 15]).append(DIGITS[b & 15]);
        return s.toString();
    }

    /** Text as hex of its bytes (console output and monitor replies). */
    static String hex(String text) { return hex(text.getBytes(StandardCharsets.UTF_8)); }

    /** A 32-bit value as gdb reads a register: four bytes, least significant first. */
    static String word(int value) {
        return hex(new byte[] {(byte) value, (byte) (value >>> 8), (byte) (value >>> 16), (byte) (value >>> 24)});
    }

    /** The value of a register's little-endian hex bytes (at most 4 bytes). */
    static int wordOf(String hex) {
        byte[] b = bytes(hex);
        if (b.length == 0 || b.length > 4) throw new Malformed("a register value has 1 to 4 bytes, got '" + hex + "'");
        int v = 0;
        for (int i = b.length - 1; i >= 0; i--) v = v << 8 | b[i] & 0xff;
        return v;
    }

    /** Hex digits as bytes; an odd count or a non-hex digit is malformed. */
    static byte[] bytes(String hex) {
        if (hex.length() % 2 != 0) throw new Malformed("odd number of hex digits in '" + hex + "'");
        byte[] b = new byte[hex.length() / 2];
        for (int i = 0; i < b.length; i++) b[i] = (byte) (digit(hex.charAt(2 * i)) << 4 | digit(hex.charAt(2 * i + 1)));
        return b;
    }

    /** A hex number (an address, a length, a register number): at most 16 digits. */
    static long number(String hex) {
        if (hex.isEmpty() || hex.length() > 16) throw new Malformed("expected a hex number, got '" + hex + "'");
        long v = 0;
        for (int i = 0; i < hex.length(); i++) v = v << 4 | digit(hex.charAt(i));
        return v;
    }

    /** A hex address of the 32-bit space. */
    static int address(String hex) {
        long a = number(hex);
        if (a >>> 32 != 0) throw new Malformed("address 0x" + hex + " is beyond 32 bits");
        return (int) a;
    }

    static int digit(char c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        throw new Malformed("'" + c + "' is not a hex digit");
    }

    /** Binary data as an X packet or a qXfer reply carries it. */
    static String escape(byte[] data) {
        StringBuilder s = new StringBuilder(data.length);
        for (byte b : data) {
            int c = b & 0xff;
            if (c == '#' || c == '$' || c == ESCAPE || c == '*') s.append((char) ESCAPE).append((char) (c ^ ESCAPE_XOR));
            else s.append((char) c);
        }
        return s.toString();
    }

    /** The bytes of escaped binary data (the packet body read as ISO-8859-1, one char per byte). */
    static byte[] unescape(String data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length());
        for (int i = 0; i < data.length(); i++) {
            int c = data.charAt(i);
            if (c == ESCAPE) {
                if (++i == data.length()) throw new Malformed("binary data ends in an escape");
                c = data.charAt(i) ^ ESCAPE_XOR;
            }
            out.write(c);
        }
        return out.toByteArray();
    }

    /** A packet gdb should not have sent: answered with an error reply. */
    static final class Malformed extends IllegalArgumentException {
        Malformed(String message) { super(message); }
    }
}
