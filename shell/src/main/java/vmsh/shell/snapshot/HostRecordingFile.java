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
import vmsh.history.HostEvent;
import vmsh.history.HostRecording;
import vmsh.hv.HvSnapshot;
import vmsh.state.FrameSet;
import vmsh.state.StateParts;

/**
 * A host's recording ({@code vmsh boot --technique T --record}, {@code hv.record()}) as file
 * contents, and back: a snapshot file of kind "host recording". Its header is the start
 * host's (see {@link HypervisorFile}) with the end's instruction count and hash, the cut
 * interval and, per change, the VMs' images then; its blocks: the start's saved parts, the
 * log, then each change's saved parts; its frame sets: host RAM at the start and at each
 * change (frames unchanged since the set before are stored once), then the swap device's
 * pages at the start and at each change.
 *
 * <pre>
 * log block: u32 count, then per entry u8 kind, u64 host instruction, and
 *   1 run      u64 end, i32 VM (-1: every VM), u64 budget, u8 in cycles, u64 host time
 *   2 change   u32 k: block 2 + k, frame sets 1 + k and changes + 2 + k hold the state
 * </pre>
 */
public final class HostRecordingFile {
    public static final String KIND = "host recording";
    private static final int RUN = 1, CHANGE = 2;

    private HostRecordingFile() {}

    public static SnapshotContents contents(HostRecording r) {
        SnapshotContents start = HypervisorFile.contents(r.start());
        List<HvSnapshot> changes = new ArrayList<>();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(log)) {
            out.writeInt(r.events().size());
            for (HostEvent e : r.events()) {
                out.writeByte(e instanceof HostEvent.Run ? RUN : CHANGE);
                out.writeLong(e.at());
                if (e instanceof HostEvent.Run run) {
                    out.writeLong(run.end());
                    out.writeInt(run.vm());
                    out.writeLong(run.budget());
                    out.writeBoolean(run.inCycles());
                    out.writeLong(run.time());
                } else {
                    out.writeInt(changes.size());
                    changes.add(((HostEvent.Change) e).state());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<byte[]> states = new ArrayList<>(List.of(start.state(), log.toByteArray()));
        List<FrameSet> ram = new ArrayList<>(List.of(r.start().ram())), swap = new ArrayList<>(List.of(r.start().swap()));
        List<Object> vms = new ArrayList<>();
        for (HvSnapshot c : changes) {
            states.add(c.state().bytes());
            ram.add(c.ram());
            swap.add(c.swap());
            List<Object> specs = new ArrayList<>();
            for (HvSnapshot.VmSpec v : c.vms()) specs.add(HypervisorFile.spec(v));
            vms.add(specs);
        }
        List<FrameSet> frames = new ArrayList<>(ram);
        frames.addAll(swap);
        Map<String, Object> header = new LinkedHashMap<>(start.header());
        header.put("end", r.end());
        header.put("endHash", r.endHash());
        header.put("cuts", r.cuts());
        header.put("changes", vms);
        return new SnapshotContents(KIND, header, states, frames);
    }

    /** The recording in {@code c}; {@code name} names the file in errors. */
    public static HostRecording recording(SnapshotContents c, String name) {
        if (!KIND.equals(c.kind()))
            throw FileKinds.wrong(name, c.kind(), KIND);
        if (!(c.header().get("changes") instanceof List<?> changeSpecs) || c.states().size() != 2 + changeSpecs.size()
                || c.frames().size() != 2 * (1 + changeSpecs.size()))
            throw new SnapshotFileException(name, "damaged: " + c.states().size() + " blocks and " + c.frames().size() + " frame sets");
        int n = changeSpecs.size();
        HvSnapshot start = HypervisorFile.snapshot(new SnapshotContents(HypervisorFile.KIND, c.header(), c.state(),
                List.of(c.frames().get(0), c.frames().get(n + 1))), name);
        List<HvSnapshot> changes = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            List<HvSnapshot.VmSpec> vms = new ArrayList<>();
            try {
                for (Object o : (List<?>) changeSpecs.get(k)) vms.add(HypervisorFile.spec(HypervisorFile.map(o), start.disks(), name));
            } catch (RuntimeException e) {
                throw new SnapshotFileException(name, "damaged: the VMs of change " + k);
            }
            changes.add(new HvSnapshot(start.config(), start.memory(), List.copyOf(vms), start.disks(), StateParts.of(c.states().get(2 + k)),
                    c.frames().get(1 + k), c.frames().get(n + 2 + k)));
        }
        List<HostEvent> events = new ArrayList<>();
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(c.states().get(1)))) {
            int count = in.readInt();
            for (int i = 0; i < count; i++) {
                int kind = in.readUnsignedByte();
                long at = in.readLong();
                if (kind == RUN) {
                    events.add(new HostEvent.Run(at, in.readLong(), in.readInt(), in.readLong(), in.readBoolean(), in.readLong()));
                } else if (kind == CHANGE) {
                    int k = in.readInt();
                    if (k < 0 || k >= n) throw new SnapshotFileException(name, "damaged: change " + k + " is missing");
                    events.add(new HostEvent.Change(at, changes.get(k)));
                } else {
                    throw new SnapshotFileException(name, "damaged: a log entry of kind " + kind);
                }
            }
            if (in.read() != -1) throw new SnapshotFileException(name, "damaged: the log goes on after its last entry");
        } catch (IOException e) {
            throw new SnapshotFileException(name, "damaged: the log ends early");
        }
        try {
            return new HostRecording(start, events, number(c, "end", name), String.valueOf(c.header().get("endHash")), number(c, "cuts", name));
        } catch (IllegalArgumentException e) {
            throw new SnapshotFileException(name, "damaged: " + e.getMessage());
        }
    }

    private static long number(SnapshotContents c, String key, String name) {
        if (c.header().get(key) instanceof Number x && x.longValue() >= 0) return x.longValue();
        throw new SnapshotFileException(name, "the header has no " + key);
    }
}
