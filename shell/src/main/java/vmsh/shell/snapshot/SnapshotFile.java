package vmsh.shell.snapshot;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import vmsh.state.FrameSet;
import vmsh.state.StateException;

/**
 * The snapshot file format, version {@value #VERSION}. All integers are big-endian.
 *
 * <pre>
 * offset      size  field
 * 0           8     magic "VMSHSNAP"
 * 8           4     header length H
 * 12          H     header: a JSON object (UTF-8), see below
 * 12+H        4     CRC-32 of the header bytes
 * 16+H        P     payload: a DEFLATE stream (java.util.zip, zlib wrapper) of
 *                     u32 block count, then per block: u32 length S, S bytes (the first
 *                       block: the saved parts, vmsh.state sections)
 *                     u32 frame-set count, then per set:
 *                       u32 slots, u32 frames N, then N times: u32 frame number, u8 tag,
 *                       and for tag 0 4096 bytes (the frame's words, little-endian as in
 *                       guest memory); tag 1: the same frame as the previous set's frame of
 *                       that number (sets taken one after another share most frames)
 * </pre>
 *
 * The header holds {@code format} ("vmsh snapshot"), {@code version}, {@code kind}
 * ("machine", "hypervisor", "vm" or "recording"), {@code vmsh} (the version that wrote it), {@code payload}
 * ({@code bytes}: P, {@code crc32}: the CRC-32 of the P payload bytes) and what the kind
 * needs before the state: for a machine {@code config}, {@code insns}, {@code hash} (the
 * SHA-256 of the state, checked after reading), {@code image} (entry and symbols); for a
 * hypervisor host {@code config}, {@code memsched} (seed and knobs), {@code vms} (each as
 * created, with its image's entry and symbols) and {@code hash}, and two frame sets: host
 * RAM, then the swap device's pages (see {@link HypervisorFile}); for one VM {@code vm} (as
 * created, with its image), {@code disk} (its base image, if any) and {@code hash}, two blocks
 * (the guest's side, the counters) and one frame set: its pages (see {@link VmFile}). Only touched frames are
 * stored, so a file grows with the memory a guest used, not with the memory configured.
 *
 * <p>Reading checks, in this order, and names the first problem: the magic (a foreign
 * file), the header's length, checksum and JSON, the version, the payload's length
 * (truncated) and checksum (corrupted), and the payload's own structure.
 */
public final class SnapshotFile {
    public static final String MAGIC = "VMSHSNAP", FORMAT = "vmsh snapshot";
    public static final int VERSION = 11;   // 11: a bt VM keeps the debugger marks its translator honours; 10: a bt VM's warm state has the translator's own shadow entries, a pv VM's its views' TLB entries, both their technique's counters; a nested VM's warm state, shadow megapages; 9: a VM's own snapshot carries the VMM's warm state (G-stage or shadow entries, host TLB entries); 8: bt counts guest instructions (its units count at their exits); 7: the memory scheduler's swap knob; 6: the turn a VM of several vCPUs stopped in; 5: a bt VM's own snapshot carries its translation cache; pv and nested VMs
    /** The suffix snapshot files conventionally have. */
    public static final String SUFFIX = ".vmsnap";
    private static final int FRAME_BYTES = FrameSet.WORDS * 4;
    private static final int DATA = 0, SAME_AS_BEFORE = 1;
    private static final int MAX_HEADER = 16 << 20;
    /** Blocks of state and frame sets a file may have (a recording has one per change between runs). */
    private static final int MAX_BLOCKS = 1 << 16;
    /** 4 KiB frames of the largest swap device (4096 GiB; RAM has at most 2 GiB). */
    private static final int MAX_SLOTS = 1 << 30;
    private static final ObjectMapper JSON = new ObjectMapper();

    private SnapshotFile() {}

    /** The file's bytes. */
    public static byte[] write(SnapshotContents c) { return write(c, version()); }

    /** The version of vmsh writing, from the build's version.properties. */
    private static String version() {
        java.util.Properties p = new java.util.Properties();
        try (var in = SnapshotFile.class.getResourceAsStream("/vmsh/shell/version.properties")) {
            if (in != null) p.load(in);
        } catch (IOException e) {
            return "unknown";
        }
        return p.getProperty("version", "unknown");
    }

    /** The file's bytes, marked as written by vmsh {@code vmshVersion}. */
    static byte[] write(SnapshotContents c, String vmshVersion) {
        byte[] payload = compress(c);
        CRC32 crc = new CRC32();
        crc.update(payload);
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("format", FORMAT);
        header.put("version", VERSION);
        header.put("kind", c.kind());
        header.put("vmsh", vmshVersion);
        header.putAll(c.header());
        header.put("payload", Map.of("bytes", payload.length, "crc32", crc.getValue()));
        byte[] head;
        try {
            head = JSON.writeValueAsBytes(header);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("snapshot header cannot be written as JSON: " + e.getOriginalMessage());
        }
        CRC32 headCrc = new CRC32();
        headCrc.update(head);
        ByteArrayOutputStream file = new ByteArrayOutputStream(payload.length + head.length + 32);
        try (DataOutputStream out = new DataOutputStream(file)) {
            out.write(MAGIC.getBytes(StandardCharsets.US_ASCII));
            out.writeInt(head.length);
            out.write(head);
            out.writeInt((int) headCrc.getValue());
            out.write(payload);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file.toByteArray();
    }

    private static byte[] compress(SnapshotContents c) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Deflater deflater = new Deflater(Deflater.BEST_SPEED);
        try (DataOutputStream out = new DataOutputStream(new DeflaterOutputStream(bytes, deflater, 1 << 16))) {
            out.writeInt(c.states().size());
            for (byte[] b : c.states()) {
                out.writeInt(b.length);
                out.write(b);
            }
            out.writeInt(c.frames().size());
            byte[] page = new byte[FRAME_BYTES];
            FrameSet previous = null;
            for (FrameSet set : c.frames()) {
                out.writeInt(set.slots());
                out.writeInt(set.count());
                for (int i = 0; i < set.count(); i++) {
                    out.writeInt(set.number(i));
                    int[] words = set.frame(i);
                    if (previous != null && previous.frameOrNull(set.number(i)) == words) {
                        out.writeByte(SAME_AS_BEFORE);
                        continue;
                    }
                    out.writeByte(DATA);
                    for (int w = 0; w < words.length; w++) {
                        int v = words[w];
                        page[4 * w] = (byte) v;
                        page[4 * w + 1] = (byte) (v >>> 8);
                        page[4 * w + 2] = (byte) (v >>> 16);
                        page[4 * w + 3] = (byte) (v >>> 24);
                    }
                    out.write(page);
                }
                previous = set;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deflater.end();
        }
        return bytes.toByteArray();
    }

    /** Reads a file's bytes; {@code name} is how errors name the file. */
    public static SnapshotContents read(byte[] file, String name) {
        byte[] magic = MAGIC.getBytes(StandardCharsets.US_ASCII);
        if (file.length < magic.length || !Arrays.equals(Arrays.copyOf(file, magic.length), magic))
            throw new SnapshotFileException(name, "not a vmsh snapshot (it does not start with " + MAGIC + ")");
        if (file.length < 12) throw new SnapshotFileException(name, "truncated: the header length is missing");
        int headLength = readInt(file, 8);
        if (headLength < 2 || headLength > MAX_HEADER || 16L + headLength > file.length)
            throw new SnapshotFileException(name, "truncated or damaged: a header of " + Integer.toUnsignedString(headLength)
                    + " bytes does not fit in the file's " + file.length + " bytes");
        byte[] head = Arrays.copyOfRange(file, 12, 12 + headLength);
        CRC32 crc = new CRC32();
        crc.update(head);
        if ((int) crc.getValue() != readInt(file, 12 + headLength))
            throw new SnapshotFileException(name, "corrupted: the header's checksum does not match");
        Map<String, Object> header;
        try {
            header = JSON.readValue(head, new TypeReference<LinkedHashMap<String, Object>>() {});
        } catch (IOException e) {
            throw new SnapshotFileException(name, "the header is not valid JSON");
        }
        if (!FORMAT.equals(header.get("format"))) throw new SnapshotFileException(name, "not a vmsh snapshot (format " + header.get("format") + ")");
        Object version = header.get("version");
        if (!(version instanceof Integer v) || v != VERSION)
            throw new SnapshotFileException(name, "snapshot format version " + version + ", this vmsh reads version " + VERSION
                    + " (written by vmsh " + header.get("vmsh") + ")");
        if (!(header.get("kind") instanceof String kind)) throw new SnapshotFileException(name, "the header names no kind");
        long payloadBytes = number(header, "payload", "bytes", name);
        long payloadCrc = number(header, "payload", "crc32", name);
        int start = 16 + headLength;
        if (file.length - start < payloadBytes)
            throw new SnapshotFileException(name, "truncated: the payload has " + (file.length - start) + " of its " + payloadBytes + " bytes");
        if (file.length - start > payloadBytes)
            throw new SnapshotFileException(name, "damaged: " + (file.length - start - payloadBytes) + " bytes follow the payload");
        crc.reset();
        crc.update(file, start, (int) payloadBytes);
        if (crc.getValue() != payloadCrc) throw new SnapshotFileException(name, "corrupted: the payload's checksum does not match");
        header.remove("format");
        header.remove("version");
        header.remove("kind");
        header.remove("payload");
        return decompress(file, start, (int) payloadBytes, kind, header, name);
    }

    private static SnapshotContents decompress(byte[] file, int start, int length, String kind, Map<String, Object> header, String name) {
        Inflater inflater = new Inflater();
        try (DataInputStream in = new DataInputStream(new InflaterInputStream(new ByteArrayInputStream(file, start, length), inflater))) {
            int blocks = in.readInt();
            if (blocks < 1 || blocks > MAX_BLOCKS) throw new SnapshotFileException(name, "damaged: " + blocks + " blocks of state");
            List<byte[]> states = new ArrayList<>();
            for (int b = 0; b < blocks; b++) {
                int size = in.readInt();
                if (size < 0 || size > 1 << 28) throw new SnapshotFileException(name, "damaged: a block of " + size + " bytes");
                byte[] state = in.readNBytes(size);
                if (state.length != size) throw new EOFException();
                states.add(state);
            }
            int sets = in.readInt();
            if (sets < 0 || sets > MAX_BLOCKS) throw new SnapshotFileException(name, "damaged: " + sets + " frame sets");
            List<FrameSet> frames = new ArrayList<>();
            for (int s = 0; s < sets; s++) frames.add(frameSet(in, s == 0 ? null : frames.get(s - 1), name));
            if (in.read() != -1) throw new SnapshotFileException(name, "damaged: the payload goes on after its last frame");
            return new SnapshotContents(kind, header, states, frames);
        } catch (EOFException e) {
            throw new SnapshotFileException(name, "damaged: the payload ends early");
        } catch (IOException e) {
            throw new SnapshotFileException(name, "damaged: the payload does not decompress (" + e.getMessage() + ")");
        } catch (StateException e) {
            throw new SnapshotFileException(name, "damaged: " + e.getMessage());
        } finally {
            inflater.end();
        }
    }

    private static FrameSet frameSet(DataInputStream in, FrameSet previous, String name) throws IOException {
        int slots = in.readInt(), count = in.readInt();
        if (slots < 0 || slots > MAX_SLOTS || count < 0 || count > slots)
            throw new SnapshotFileException(name, "damaged: " + count + " frames of " + slots);
        int[] numbers = new int[count];
        int[][] frames = new int[count][];
        byte[] page = new byte[FRAME_BYTES];
        for (int i = 0; i < count; i++) {
            numbers[i] = in.readInt();
            int tag = in.readUnsignedByte();
            if (tag == SAME_AS_BEFORE) {
                frames[i] = previous == null ? null : previous.frameOrNull(numbers[i]);
                if (frames[i] == null) throw new SnapshotFileException(name, "damaged: frame " + numbers[i] + " refers to a frame that is not there");
                continue;
            }
            if (tag != DATA) throw new SnapshotFileException(name, "damaged: frame " + numbers[i] + " has tag " + tag);
            in.readFully(page);
            int[] words = new int[FrameSet.WORDS];
            for (int w = 0; w < words.length; w++)
                words[w] = page[4 * w] & 0xff | (page[4 * w + 1] & 0xff) << 8 | (page[4 * w + 2] & 0xff) << 16 | page[4 * w + 3] << 24;
            frames[i] = words;
        }
        return new FrameSet(slots, numbers, frames);
    }

    private static long number(Map<String, Object> header, String object, String field, String name) {
        if (header.get(object) instanceof Map<?, ?> m && m.get(field) instanceof Number n) return n.longValue();
        throw new SnapshotFileException(name, "the header has no " + object + "." + field);
    }

    private static int readInt(byte[] b, int p) {
        return (b[p] & 0xff) << 24 | (b[p + 1] & 0xff) << 16 | (b[p + 2] & 0xff) << 8 | b[p + 3] & 0xff;
    }
}
