package vmsh.shell.snapshot;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import vmsh.image.Image;
import vmsh.isa.Isa;
import vmsh.machine.MachineConfig;
import vmsh.machine.MachineSnapshot;
import vmsh.mmu.TlbConfig;

/**
 * A bare machine's snapshot as file contents, and back. The header carries the machine's
 * configuration (to build one that can take the state), the instruction count, the state's
 * hash and the loaded image's entry and symbols (so a restored machine still knows
 * {@code m.symbol('loop')}).
 */
public final class MachineFile {
    public static final String KIND = "machine";

    private MachineFile() {}

    /** A machine snapshot read from a file, with the symbols of the image it ran. */
    public record Loaded(MachineSnapshot snapshot, Image image) {}

    public static SnapshotContents contents(MachineSnapshot s, Image image) {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("config", config(s.config()));
        header.put("insns", s.insns());
        header.put("hash", s.hash());
        if (image != null) header.put("image", image(image));
        return new SnapshotContents(KIND, header, s.state(), List.of(s.ram()));
    }

    /** The image's entry and symbols, for a header. */
    static Map<String, Object> image(Image image) {
        Map<String, Object> img = new LinkedHashMap<>();
        img.put("entry", Integer.toUnsignedLong(image.entry()));
        Map<String, Object> symbols = new LinkedHashMap<>();
        image.symbols().forEach((name, address) -> symbols.put(name, Integer.toUnsignedLong(address)));
        img.put("symbols", symbols);
        return img;
    }

    /** The machine snapshot in {@code c}; {@code name} names the file in errors. */
    public static Loaded snapshot(SnapshotContents c, String name) {
        if (!KIND.equals(c.kind()))
            throw FileKinds.wrong(name, c.kind(), KIND);
        if (c.frames().size() != 1) throw new SnapshotFileException(name, "damaged: a machine has one RAM, the file " + c.frames().size());
        MachineConfig config = config(c.header().get("config"), name);
        if (c.frames().get(0).slots() != config.memoryBytes() >>> 12)
            throw new SnapshotFileException(name, "damaged: RAM of " + c.frames().get(0).slots() + " frames in a machine of "
                    + (config.memoryBytes() >>> 12));
        long insns = c.header().get("insns") instanceof Number n ? n.longValue() : -1;
        if (insns < 0) throw new SnapshotFileException(name, "the header has no instruction count");
        MachineSnapshot s = new MachineSnapshot(config, c.state(), c.frames().get(0), insns);
        if (!s.hash().equals(c.header().get("hash")))
            throw new SnapshotFileException(name, "corrupted: the state does not match its hash");
        return new Loaded(s, image(c.header().get("image"), name));
    }

    static Map<String, Object> config(MachineConfig c) {
        TlbConfig t = c.tlb();
        Map<String, Object> tlb = new LinkedHashMap<>();
        tlb.put("entries", t.entries());
        tlb.put("ways", t.ways());
        tlb.put("split", t.split());
        tlb.put("policy", t.replacement().name().toLowerCase(Locale.ROOT));
        tlb.put("seed", t.seed());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("memory", c.memoryBytes());
        m.put("tlb", tlb);
        m.put("hardwareAD", c.hardwareAD());
        m.put("isa", c.isa().toString());
        return m;
    }

    static MachineConfig config(Object o, String name) {
        try {
            if (!(o instanceof Map<?, ?> m) || !(m.get("tlb") instanceof Map<?, ?> t)) throw new IllegalArgumentException("missing");
            TlbConfig tlb = new TlbConfig(integer(t, "entries"), integer(t, "ways"), bool(t, "split"),
                    TlbConfig.replacement(String.valueOf(t.get("policy"))), ((Number) t.get("seed")).longValue());
            return new MachineConfig(((Number) m.get("memory")).longValue(), tlb, bool(m, "hardwareAD"),
                    Isa.parse(String.valueOf(m.get("isa"))));
        } catch (RuntimeException e) {
            throw new SnapshotFileException(name, "the header's machine configuration is damaged"
                    + (e.getMessage() == null || e.getMessage().equals("missing") ? "" : ": " + e.getMessage()));
        }
    }

    private static int integer(Map<?, ?> m, String key) { return ((Number) m.get(key)).intValue(); }

    private static boolean bool(Map<?, ?> m, String key) { return (Boolean) m.get(key); }

    static Image image(Object o, String name) {
        if (o == null) return null;
        if (!(o instanceof Map<?, ?> m) || !(m.get("entry") instanceof Number entry) || !(m.get("symbols") instanceof Map<?, ?> syms))
            throw new SnapshotFileException(name, "the header's image is damaged");
        Map<String, Integer> symbols = new LinkedHashMap<>();
        syms.forEach((k, v) -> {
            if (!(v instanceof Number n)) throw new SnapshotFileException(name, "the header's symbol " + k + " has no address");
            symbols.put(String.valueOf(k), (int) n.longValue());
        });
        return new Image(List.of(), symbols, (int) entry.longValue());
    }
}
