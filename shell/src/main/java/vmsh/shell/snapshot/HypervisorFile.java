package vmsh.shell.snapshot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import vmsh.hostmem.DiskImage;
import vmsh.hv.HvConfig;
import vmsh.hv.HvSnapshot;
import vmsh.hv.Hypervisor;
import vmsh.hv.NestedPaging;
import vmsh.hv.NumaConfig;
import vmsh.hv.Placement;
import vmsh.hv.SuperpagePolicy;
import vmsh.hv.Technique;
import vmsh.hv.VmMachine;
import vmsh.hv.VmOptions;
import vmsh.memsched.MemSchedConfig;
import vmsh.state.StateException;
import vmsh.state.StateParts;

/**
 * A hypervisor host's snapshot as file contents, and back. The header carries the host's
 * configuration, the memory scheduler's seed and knobs, each VM as it was created (name,
 * memory, technique, shares, min, max, options: vCPUs, superpages, placement, machine, nested
 * paging, disk) with its image's entry and symbols, the NUMA shape, the base disk images (name,
 * blocks, seed: their contents are made from it) and the state's hash; the payload the
 * saved parts and two frame sets: host RAM, then the swap device's pages.
 */
public final class HypervisorFile {
    public static final String KIND = "hypervisor";

    private HypervisorFile() {}

    public static SnapshotContents contents(HvSnapshot s) {
        Map<String, Object> header = new LinkedHashMap<>();
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("memory", s.config().memoryBytes());
        config.put("seed", s.config().seed());
        config.put("quantum", s.config().quantum());
        NumaConfig n = s.config().numa();
        if (!n.uniform())
            config.put("numa", List.of(n.nodes(), n.local(), n.remote(), n.trigger(), n.sharing(), n.period(), n.moveLimit(), n.moveCost()));
        header.put("config", config);
        List<Object> disks = new ArrayList<>();
        for (DiskImage d : s.disks()) disks.add(disk(d));
        header.put("disks", disks);
        Map<String, Object> memsched = new LinkedHashMap<>();
        memsched.put("seed", s.memory().seed());
        List<Long> knobs = new ArrayList<>();
        for (long bits : s.memory().knobBits()) knobs.add(bits);
        memsched.put("knobBits", knobs);
        header.put("memsched", memsched);
        List<Object> vms = new ArrayList<>();
        for (HvSnapshot.VmSpec v : s.vms()) vms.add(spec(v));
        header.put("vms", vms);
        header.put("hash", s.hash());
        return new SnapshotContents(KIND, header, s.state().bytes(), List.of(s.ram(), s.swap()));
    }

    /** The host snapshot in {@code c}; {@code name} names the file in errors. */
    public static HvSnapshot snapshot(SnapshotContents c, String name) {
        if (!KIND.equals(c.kind()))
            throw FileKinds.wrong(name, c.kind(), KIND);
        if (c.frames().size() != 2)
            throw new SnapshotFileException(name, "damaged: a host has RAM and a swap device, the file " + c.frames().size() + " frame sets");
        HvConfig config;
        MemSchedConfig memory;
        List<HvSnapshot.VmSpec> vms = new ArrayList<>();
        List<DiskImage> disks = new ArrayList<>();
        try {
            Map<?, ?> h = map(c.header().get("config"));
            config = new HvConfig(number(h, "memory"), number(h, "seed"), number(h, "quantum"), numa(h.get("numa")));
            if (!(c.header().get("disks") instanceof List<?> diskList)) throw new IllegalArgumentException("no disk images");
            for (Object o : diskList) disks.add(disk(map(o)));
            Map<?, ?> ms = map(c.header().get("memsched"));
            if (!(ms.get("knobBits") instanceof List<?> list)) throw new IllegalArgumentException("no knobs");
            long[] bits = new long[list.size()];
            for (int i = 0; i < bits.length; i++) bits[i] = ((Number) list.get(i)).longValue();
            memory = MemSchedConfig.DEFAULTS.withSeed(number(ms, "seed")).withKnobBits(bits);
            if (!(c.header().get("vms") instanceof List<?> specs)) throw new IllegalArgumentException("no VMs");
            for (Object o : specs) vms.add(spec(map(o), disks, name));
        } catch (SnapshotFileException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new SnapshotFileException(name, "the header's host configuration is damaged"
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
        if (c.frames().get(0).slots() != config.memoryBytes() >>> 12)
            throw new SnapshotFileException(name, "damaged: RAM of " + c.frames().get(0).slots() + " frames in a host of "
                    + (config.memoryBytes() >>> 12));
        HvSnapshot s = new HvSnapshot(config, memory, List.copyOf(vms), List.copyOf(disks), StateParts.of(c.state()), c.frames().get(0), c.frames().get(1));
        if (!s.hash().equals(c.header().get("hash")))
            throw new SnapshotFileException(name, "corrupted: the state does not match its hash");
        return s;
    }

    /** The host of {@code c} made again; parts of the file that disagree (its VMs and their memory) make it damaged. */
    public static Hypervisor open(SnapshotContents c, String name) {
        HvSnapshot s = snapshot(c, name);
        try {
            return Hypervisor.open(s);
        } catch (StateException e) {
            throw new SnapshotFileException(name, "damaged: " + e.getMessage());
        }
    }

    /** How a VM was made, as a header holds it. */
    static Map<String, Object> spec(HvSnapshot.VmSpec v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", v.name());
        m.put("memory", v.memoryBytes());
        m.put("technique", v.technique().label);
        m.put("shares", v.shares());
        m.put("min", v.minBytes());
        m.put("max", v.maxBytes());
        m.put("options", options(v.options()));
        if (v.image() != null) m.put("image", MachineFile.image(v.image()));
        return m;
    }

    /** The VM spec in {@code v}; its disk is one of {@code disks} by name; {@code file} names the file in errors. */
    static HvSnapshot.VmSpec spec(Map<?, ?> v, List<DiskImage> disks, String file) {
        return new HvSnapshot.VmSpec(String.valueOf(v.get("name")), number(v, "memory"), Technique.parse(String.valueOf(v.get("technique"))),
                number(v, "shares"), number(v, "min"), number(v, "max"), options(map(v.get("options")), disks),
                MachineFile.image(v.get("image"), file));
    }

    static Map<String, Object> disk(DiskImage d) { return Map.of("name", d.name(), "blocks", d.blocks(), "seed", d.seed()); }

    static DiskImage disk(Map<?, ?> d) { return new DiskImage(String.valueOf(d.get("name")), (int) number(d, "blocks"), number(d, "seed")); }

    /** A VM's options as the header holds them. */
    static Map<String, Object> options(VmOptions o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("vcpus", o.vcpus());
        m.put("superpages", o.superpages().label);
        m.put("placement", o.placement().label);
        m.put("machine", o.machine().label);
        if (o.nested() != null) m.put("nested", o.nested().label);
        if (o.disk() != null) m.put("disk", o.disk().name());
        return m;
    }

    /** The options in {@code m}; a disk is one of {@code disks} by name. */
    static VmOptions options(Map<?, ?> m, List<DiskImage> disks) {
        VmOptions o = VmOptions.DEFAULTS.vcpus((int) number(m, "vcpus")).superpages(SuperpagePolicy.parse(String.valueOf(m.get("superpages"))))
                .placement(Placement.parse(String.valueOf(m.get("placement")))).machine(VmMachine.parse(String.valueOf(m.get("machine"))));
        if (m.get("nested") != null) o = o.nested(NestedPaging.parse(String.valueOf(m.get("nested"))));
        if (m.get("disk") != null) {
            String disk = String.valueOf(m.get("disk"));
            o = o.disk(disks.stream().filter(d -> d.name().equals(disk)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no disk image '" + disk + "'")));
        }
        return o;
    }

    private static NumaConfig numa(Object o) {
        if (o == null) return NumaConfig.UNIFORM;
        if (!(o instanceof List<?> l) || l.size() != 8) throw new IllegalArgumentException("a bad numa entry");
        long[] v = new long[8];
        for (int i = 0; i < 8; i++) v[i] = ((Number) l.get(i)).longValue();
        return new NumaConfig((int) v[0], v[1], v[2], (int) v[3], (int) v[4], v[5], (int) v[6], v[7]);
    }

    static Map<?, ?> map(Object o) {
        if (o instanceof Map<?, ?> m) return m;
        throw new IllegalArgumentException("missing");
    }

    static long number(Map<?, ?> m, String key) {
        if (m.get(key) instanceof Number n) return n.longValue();
        throw new IllegalArgumentException("no " + key);
    }
}
