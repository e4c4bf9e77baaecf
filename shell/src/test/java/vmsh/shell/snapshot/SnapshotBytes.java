package vmsh.shell.snapshot;

/** A snapshot file's bytes changed on purpose, for tests of what reading says. */
public final class SnapshotBytes {
    private SnapshotBytes() {}

    /** {@code f} with its header's checksum made right again (after its header was edited). */
    public static byte[] withHeaderChecksum(byte[] f) {
        int h = (f[8] & 0xff) << 24 | (f[9] & 0xff) << 16 | (f[10] & 0xff) << 8 | f[11] & 0xff;
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(f, 12, h);
        int v = (int) crc.getValue();
        f[12 + h] = (byte) (v >>> 24);
        f[13 + h] = (byte) (v >>> 16);
        f[14 + h] = (byte) (v >>> 8);
        f[15 + h] = (byte) v;
        return f;
    }
}
