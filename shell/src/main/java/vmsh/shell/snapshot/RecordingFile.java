package vmsh.shell.snapshot;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import vmsh.history.InputEvent;
import vmsh.history.Recording;
import vmsh.image.Image;
import vmsh.machine.MachineConfig;
import vmsh.machine.MachineSnapshot;
import vmsh.state.FrameSet;

/**
 * A recording ({@code vmsh boot --record}, {@code m.record()}) as file contents, and back:
 * a snapshot file of kind "recording". Its blocks: the start's saved parts, the input
 * events, then the saved parts of each change made between runs; its frame sets: the
 * start's RAM, then the RAM of each such change (frames unchanged since the set before are
 * stored once). The header has the machine's configuration, the start and end instruction
 * counts, the hash of the end state and the image's symbols.
 *
 * <pre>
 * events block: u32 count, then per event u8 kind, u64 instruction, and
 *   1 console input    u32 length, the bytes
 *   2 console cleared
 *   3 register write   u32 pc, u32 register, u32 value
 *   4 pc write         u32 pc, u32 value
 *   5 memory write     u32 pc, u32 address, u8 width, u32 value
 *   6 state change     u32 k: block 2 + k and frame set 1 + k hold the state
 * </pre>
 */
public final class RecordingFile {
    public static final String KIND = "recording";
    private static final int INPUT = 1, CLEARED = 2, REGISTER = 3, PC = 4, MEMORY = 5, STATE = 6, CSR = 7, PRIVILEGE = 8;

    private RecordingFile() {}

    /** A recording read from a file, with the symbols of the image it ran. */
    public record Loaded(Recording recording, Image image) {}

    public static SnapshotContents contents(Recording r, Image image) {
        MachineSnapshot start = r.start();
        List<byte[]> states = new ArrayList<>(List.of(start.state(), new byte[0]));
        List<FrameSet> frames = new ArrayList<>(List.of(start.ram()));
        ByteArrayOutputStream events = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(events)) {
            out.writeInt(r.events().size());
            for (InputEvent e : r.events()) write(out, e, states, frames);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        states.set(1, events.toByteArray());
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("config", MachineFile.config(start.config()));
        header.put("insns", start.insns());
        header.put("end", r.end());
        header.put("hash", start.hash());
        header.put("endHash", r.endHash());
        header.put("events", r.events().size());
        if (image != null) header.put("image", MachineFile.image(image));
        return new SnapshotContents(KIND, header, states, frames);
    }

    private static void write(DataOutputStream out, InputEvent e, List<byte[]> states, List<FrameSet> frames) throws IOException {
        switch (e) {
            case InputEvent.ConsoleInput c -> {
                head(out, INPUT, c.at());
                out.writeInt(c.bytes().length);
                out.write(c.bytes());
            }
            case InputEvent.ConsoleCleared c -> head(out, CLEARED, c.at());
            case InputEvent.RegisterWrite w -> {
                head(out, REGISTER, w.at());
                out.writeInt(w.pc());
                out.writeInt(w.register());
                out.writeInt(w.value());
            }
            case InputEvent.CsrWrite w -> {
                head(out, CSR, w.at());
                out.writeInt(w.pc());
                out.writeShort(w.csr());
                out.writeInt(w.value());
            }
            case InputEvent.PrivilegeWrite w -> {
                head(out, PRIVILEGE, w.at());
                out.writeInt(w.pc());
                out.writeByte(w.privilege());
            }
            case InputEvent.PcWrite w -> {
                head(out, PC, w.at());
                out.writeInt(w.pc());
                out.writeInt(w.value());
            }
            case InputEvent.MemoryWrite w -> {
                head(out, MEMORY, w.at());
                out.writeInt(w.pc());
                out.writeInt(w.address());
                out.writeByte(w.width());
                out.writeInt(w.value());
            }
            case InputEvent.StateChange s -> {
                head(out, STATE, s.at());
                out.writeInt(frames.size() - 1);
                states.add(s.state().state());
                frames.add(s.state().ram());
            }
        }
    }

    private static void head(DataOutputStream out, int kind, long at) throws IOException {
        out.writeByte(kind);
        out.writeLong(at);
    }

    /** The recording in {@code c}; {@code name} names the file in errors. */
    public static Loaded recording(SnapshotContents c, String name) {
        if (!KIND.equals(c.kind())) throw FileKinds.wrong(name, c.kind(), KIND);
        if (c.states().size() < 2 || c.frames().isEmpty() || c.states().size() != c.frames().size() + 1)
            throw new SnapshotFileException(name, "damaged: " + c.states().size() + " blocks and " + c.frames().size() + " frame sets");
        MachineConfig config = MachineFile.config(c.header().get("config"), name);
        long insns = number(c, "insns", name), end = number(c, "end", name);
        MachineSnapshot start = new MachineSnapshot(config, c.state(), c.frames().get(0), insns);
        if (!start.hash().equals(c.header().get("hash"))) throw new SnapshotFileException(name, "corrupted: the start state does not match its hash");
        List<InputEvent> events = new ArrayList<>();
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(c.states().get(1)))) {
            int count = in.readInt();
            for (int i = 0; i < count; i++) events.add(read(in, c, config, name));
            if (in.read() != -1) throw new SnapshotFileException(name, "damaged: the events go on after the last");
        } catch (IOException e) {
            throw new SnapshotFileException(name, "damaged: the events end early");
        }
        try {
            return new Loaded(new Recording(start, events, end, String.valueOf(c.header().get("endHash"))),
                    MachineFile.image(c.header().get("image"), name));
        } catch (IllegalArgumentException e) {
            throw new SnapshotFileException(name, "damaged: " + e.getMessage());
        }
    }

    private static InputEvent read(DataInputStream in, SnapshotContents c, MachineConfig config, String name) throws IOException {
        int kind = in.readUnsignedByte();
        long at = in.readLong();
        return switch (kind) {
            case INPUT -> {
                int n = in.readInt();
                if (n < 0 || n > 1 << 24) throw new SnapshotFileException(name, "damaged: console input of " + n + " bytes");
                yield new InputEvent.ConsoleInput(at, in.readNBytes(n));
            }
            case CLEARED -> new InputEvent.ConsoleCleared(at);
            case REGISTER -> new InputEvent.RegisterWrite(at, in.readInt(), checkRegister(in.readInt(), name), in.readInt());
            case PC -> new InputEvent.PcWrite(at, in.readInt(), in.readInt());
            case CSR -> new InputEvent.CsrWrite(at, in.readInt(), checkCsr(in.readUnsignedShort(), name), in.readInt());
            case PRIVILEGE -> new InputEvent.PrivilegeWrite(at, in.readInt(), checkPrivilege(in.readUnsignedByte(), name));
            case MEMORY -> new InputEvent.MemoryWrite(at, in.readInt(), in.readInt(), in.readUnsignedByte(), in.readInt());
            case STATE -> {
                int k = in.readInt();
                if (k < 0 || 1 + k >= c.frames().size()) throw new SnapshotFileException(name, "damaged: state change " + k + " is missing");
                yield new InputEvent.StateChange(at, new MachineSnapshot(config, c.states().get(2 + k), c.frames().get(1 + k), at));
            }
            default -> throw new SnapshotFileException(name, "damaged: an input event of kind " + kind);
        };
    }

    private static int checkRegister(int n, String name) {
        if (n < 0 || n > 31) throw new SnapshotFileException(name, "damaged: a write to register x" + n);
        return n;
    }

    private static int checkCsr(int n, String name) {
        if (n >= 4096) throw new SnapshotFileException(name, String.format("damaged: a write to CSR 0x%x", n));
        return n;
    }

    private static int checkPrivilege(int p, String name) {
        if (p != 0 && p != 1 && p != 3) throw new SnapshotFileException(name, "damaged: a switch to privilege " + p);
        return p;
    }

    private static long number(SnapshotContents c, String key, String name) {
        if (c.header().get(key) instanceof Number n && n.longValue() >= 0) return n.longValue();
        throw new SnapshotFileException(name, "the header has no " + key);
    }
}
