package vmsh.shell.snapshot;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import vmsh.dc.ClusterConfig;
import vmsh.dc.ClusterInput;
import vmsh.dc.ClusterRecording;
import vmsh.dc.Migration;
import vmsh.dc.NetworkConfig;
import vmsh.hv.HvConfig;
import vmsh.hv.HvSnapshot;
import vmsh.hv.NumaConfig;
import vmsh.hv.Technique;
import vmsh.state.FrameSet;

/**
 * A cluster's recording ({@code dc.record()}) as file contents, and back: a snapshot file
 * of kind "cluster recording". Its header: how the cluster was built ({@code cluster}:
 * hosts, seed, each host's memory, seed and quantum, the network's bandwidth, latency,
 * loss and header bytes), where it ended ({@code end}: cluster time, {@code insns},
 * {@code endHash}), the options of each VM made ({@code creates}), and per host state
 * logged the header a host's own snapshot has ({@code states}, see {@link HypervisorFile},
 * its hash checked on reading). Its blocks: the log, then each host state's saved parts;
 * its frame sets: each host state's RAM, then each one's swap pages. Host states are
 * numbered host by host (in the log's order for each), so a host's frame sets follow one
 * another and a frame unchanged since the set before is stored once.
 *
 * <pre>
 * log block: u32 count, then per entry u8 kind, u64 cluster time, u64 instructions, and
 *   1 create     i32 host, UTF name, u64 memory, UTF technique, u32 k (creates[k]: its options)
 *   2 client     i32 target address, f64 rate, u64 timeout, u8 poisson
 *   3 migrate    i32 VM address, i32 host, UTF method, i32 max rounds, i32 stop below, u64 rate, u8 prepaging
 *   4 replicate  i32 VM address, i32 host, u64 epoch, u64 detection, u64 heartbeat
 *   5 fail       i32 host          6 fail at   i32 host, u64 host instruction
 *   7 configure  u64 bandwidth, u64 latency, f64 loss, i32 header bytes
 *   8 partition  u32 n, n x i32 site, u32 m, m x i32 site
 *   9 heal       10 stop client  i32 client      11 witness
 *   12 host state  i32 host, u32 k (block 1 + k, frame sets k and states + k, states[k])
 *   13 run       u64 cycles, u64 instruction limit
 * </pre>
 */
public final class ClusterRecordingFile {
    public static final String KIND = "cluster recording";
    private static final int CREATE = 1, CLIENT = 2, MIGRATE = 3, REPLICATE = 4, FAIL = 5, FAIL_AT = 6, CONFIGURE = 7, PARTITION = 8,
            HEAL = 9, STOP_CLIENT = 10, WITNESS = 11, HOST_STATE = 12, RUN = 13;
    /** The kinds of entry in the order of their numbers above, from 1. */
    private static final List<Class<?>> KINDS = List.of(ClusterInput.Create.class, ClusterInput.Client.class, ClusterInput.Migrate.class,
            ClusterInput.Replicate.class, ClusterInput.Fail.class, ClusterInput.FailAt.class, ClusterInput.Configure.class,
            ClusterInput.Partition.class, ClusterInput.Heal.class, ClusterInput.StopClient.class, ClusterInput.Witness.class,
            ClusterInput.HostState.class, ClusterInput.Run.class);

    private ClusterRecordingFile() {}

    public static SnapshotContents contents(ClusterRecording r) {
        List<ClusterInput.HostState> states = new ArrayList<>();
        for (ClusterRecording.Entry e : r.entries()) if (e.input() instanceof ClusterInput.HostState s) states.add(s);
        states.sort(java.util.Comparator.comparingInt(ClusterInput.HostState::host));   // a host's states one after another: their frames are stored once
        Map<ClusterInput.HostState, Integer> numbers = new java.util.IdentityHashMap<>();
        for (ClusterInput.HostState s : states) numbers.put(s, numbers.size());
        List<Object> creates = new ArrayList<>();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(log)) {
            out.writeInt(r.entries().size());
            for (ClusterRecording.Entry e : r.entries()) write(out, e, numbers, creates);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<byte[]> blocks = new ArrayList<>(List.of(log.toByteArray()));
        List<FrameSet> ram = new ArrayList<>(), swap = new ArrayList<>();
        List<Object> headers = new ArrayList<>();
        for (ClusterInput.HostState state : states) {
            HvSnapshot s = state.state();
            SnapshotContents c = HypervisorFile.contents(s);
            headers.add(c.header());
            blocks.add(c.state());
            ram.add(s.ram());
            swap.add(s.swap());
        }
        ram.addAll(swap);
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("cluster", config(r.config()));
        header.put("end", r.end());
        header.put("insns", r.insns());
        header.put("endHash", r.endHash());
        header.put("creates", creates);
        header.put("states", headers);
        return new SnapshotContents(KIND, header, blocks, ram);
    }

    private static void write(DataOutputStream out, ClusterRecording.Entry e, Map<ClusterInput.HostState, Integer> states, List<Object> creates)
            throws IOException {
        ClusterInput in = e.input();
        out.writeByte(KINDS.indexOf(in.getClass()) + 1);
        out.writeLong(e.at());
        out.writeLong(e.insns());
        switch (in) {
            case ClusterInput.Create c -> {
                out.writeInt(c.host());
                out.writeUTF(c.name());
                out.writeLong(c.memoryBytes());
                out.writeUTF(c.technique().label);
                out.writeInt(creates.size());
                creates.add(HypervisorFile.options(c.options()));
            }
            case ClusterInput.Client c -> {
                out.writeInt(c.target());
                out.writeDouble(c.rate());
                out.writeLong(c.timeout());
                out.writeBoolean(c.poisson());
            }
            case ClusterInput.Migrate m -> {
                out.writeInt(m.vm());
                out.writeInt(m.host());
                out.writeUTF(m.options().method().label);
                out.writeInt(m.options().maxRounds());
                out.writeInt(m.options().stopWhenDirtyBelow());
                out.writeLong(m.options().rateBitsPerSecond());
                out.writeBoolean(m.options().prepaging());
            }
            case ClusterInput.Replicate p -> {
                out.writeInt(p.vm());
                out.writeInt(p.host());
                out.writeLong(p.epoch());
                out.writeLong(p.detection());
                out.writeLong(p.heartbeat());
            }
            case ClusterInput.Fail f -> out.writeInt(f.host());
            case ClusterInput.FailAt f -> {
                out.writeInt(f.host());
                out.writeLong(f.at());
            }
            case ClusterInput.Configure c -> {
                out.writeLong(c.config().bitsPerSecond());
                out.writeLong(c.config().latency());
                out.writeDouble(c.config().loss());
                out.writeInt(c.config().headerBytes());
            }
            case ClusterInput.Partition p -> {
                writeSites(out, p.a());
                writeSites(out, p.b());
            }
            case ClusterInput.StopClient c -> out.writeInt(c.client());
            case ClusterInput.HostState s -> {
                out.writeInt(s.host());
                out.writeInt(states.get(s));
            }
            case ClusterInput.Run run -> {
                out.writeLong(run.cycles());
                out.writeLong(run.insnLimit());
            }
            case ClusterInput.Heal h -> { }
            case ClusterInput.Witness w -> { }
        }
    }

    private static void writeSites(DataOutputStream out, Set<Integer> sites) throws IOException {
        out.writeInt(sites.size());
        for (int s : sites) out.writeInt(s);
    }

    private static Map<String, Object> config(ClusterConfig c) {
        if (!c.host().numa().uniform()) throw new IllegalArgumentException("a cluster's hosts are uniform (no NUMA)");
        Map<String, Object> host = new LinkedHashMap<>();
        host.put("memory", c.host().memoryBytes());
        host.put("seed", c.host().seed());
        host.put("quantum", c.host().quantum());
        NetworkConfig n = c.network();
        Map<String, Object> network = new LinkedHashMap<>();
        network.put("bandwidth", n.bitsPerSecond());
        network.put("latency", n.latency());
        network.put("loss", n.loss());
        network.put("header", n.headerBytes());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("hosts", c.hosts());
        m.put("seed", c.seed());
        m.put("host", host);
        m.put("network", network);
        return m;
    }

    // ---------------------------------------------------------------- reading

    /** The recording in {@code c}; {@code name} names the file in errors. */
    public static ClusterRecording recording(SnapshotContents c, String name) {
        if (!KIND.equals(c.kind())) throw FileKinds.wrong(name, c.kind(), KIND);
        if (!(c.header().get("states") instanceof List<?> headers) || !(c.header().get("creates") instanceof List<?> creates)
                || c.states().size() != 1 + headers.size() || c.frames().size() != 2 * headers.size())
            throw new SnapshotFileException(name, "damaged: " + c.states().size() + " blocks and " + c.frames().size() + " frame sets");
        int n = headers.size();
        List<HvSnapshot> states = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            if (!(headers.get(k) instanceof Map<?, ?> h)) throw new SnapshotFileException(name, "damaged: host state " + k + " has no header");
            @SuppressWarnings("unchecked") Map<String, Object> header = (Map<String, Object>) h;
            states.add(HypervisorFile.snapshot(new SnapshotContents(HypervisorFile.KIND, header, c.states().get(1 + k),
                    List.of(c.frames().get(k), c.frames().get(n + k))), name));
        }
        try {
            ClusterConfig config = config(HypervisorFile.map(c.header().get("cluster")));
            List<ClusterRecording.Entry> entries = entries(c.states().get(0), states, creates, name);
            if (!(c.header().get("endHash") instanceof String hash)) throw new IllegalArgumentException("no end hash");
            return new ClusterRecording(config, entries, HypervisorFile.number(c.header(), "end"), HypervisorFile.number(c.header(), "insns"), hash);
        } catch (SnapshotFileException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new SnapshotFileException(name, "damaged: " + e.getMessage());
        }
    }

    private static ClusterConfig config(Map<?, ?> m) {
        Map<?, ?> h = HypervisorFile.map(m.get("host")), n = HypervisorFile.map(m.get("network"));
        if (!(n.get("loss") instanceof Number loss)) throw new IllegalArgumentException("no network loss");
        HvConfig host = new HvConfig(HypervisorFile.number(h, "memory"), HypervisorFile.number(h, "seed"), HypervisorFile.number(h, "quantum"),
                NumaConfig.UNIFORM);
        NetworkConfig network = new NetworkConfig(HypervisorFile.number(n, "bandwidth"), HypervisorFile.number(n, "latency"), loss.doubleValue(),
                (int) HypervisorFile.number(n, "header"));
        return new ClusterConfig((int) HypervisorFile.number(m, "hosts"), host, network, HypervisorFile.number(m, "seed"));
    }

    private static List<ClusterRecording.Entry> entries(byte[] log, List<HvSnapshot> states, List<?> creates, String name) {
        List<ClusterRecording.Entry> entries = new ArrayList<>();
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(log))) {
            int count = in.readInt();
            if (count < 0 || count > log.length) throw new SnapshotFileException(name, "damaged: a log of " + count + " entries");
            for (int i = 0; i < count; i++) {
                int kind = in.readUnsignedByte();
                long at = in.readLong(), insns = in.readLong();
                entries.add(new ClusterRecording.Entry(at, insns, input(in, kind, states, creates, name)));
            }
            if (in.read() != -1) throw new SnapshotFileException(name, "damaged: the log goes on after its last entry");
        } catch (IOException e) {
            throw new SnapshotFileException(name, "damaged: the log ends early");
        }
        return entries;
    }

    private static ClusterInput input(DataInputStream in, int kind, List<HvSnapshot> states, List<?> creates, String name) throws IOException {
        return switch (kind) {
            case CREATE -> new ClusterInput.Create(in.readInt(), in.readUTF(), in.readLong(), Technique.parse(in.readUTF()),
                    HypervisorFile.options(HypervisorFile.map(creates.get(index(in.readInt(), creates.size(), "VM made", name))), List.of()));
            case CLIENT -> new ClusterInput.Client(in.readInt(), in.readDouble(), in.readLong(), in.readBoolean());
            case MIGRATE -> new ClusterInput.Migrate(in.readInt(), in.readInt(), new Migration.Options(Migration.Method.parse(in.readUTF()),
                    in.readInt(), in.readInt(), in.readLong(), in.readBoolean()));
            case REPLICATE -> new ClusterInput.Replicate(in.readInt(), in.readInt(), in.readLong(), in.readLong(), in.readLong());
            case FAIL -> new ClusterInput.Fail(in.readInt());
            case FAIL_AT -> new ClusterInput.FailAt(in.readInt(), in.readLong());
            case CONFIGURE -> new ClusterInput.Configure(new NetworkConfig(in.readLong(), in.readLong(), in.readDouble(), in.readInt()));
            case PARTITION -> new ClusterInput.Partition(sites(in), sites(in));
            case HEAL -> new ClusterInput.Heal();
            case STOP_CLIENT -> new ClusterInput.StopClient(in.readInt());
            case WITNESS -> new ClusterInput.Witness();
            case HOST_STATE -> new ClusterInput.HostState(in.readInt(), states.get(index(in.readInt(), states.size(), "host state", name)));
            case RUN -> new ClusterInput.Run(in.readLong(), in.readLong());
            default -> throw new SnapshotFileException(name, "damaged: a log entry of kind " + kind);
        };
    }

    private static int index(int k, int size, String what, String name) {
        if (k < 0 || k >= size) throw new SnapshotFileException(name, "damaged: " + what + " " + k + " is missing");
        return k;
    }

    private static Set<Integer> sites(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > 1 << 16) throw new IOException("a bad partition");
        Set<Integer> sites = new LinkedHashSet<>();
        for (int i = 0; i < n; i++) sites.add(in.readInt());
        return sites;
    }
}
