package vmsh.shell.api;

import java.util.LinkedHashMap;
import java.util.Map;
import org.graalvm.polyglot.Value;
import vmsh.hostmem.DiskImage;
import vmsh.hostmem.DiskStats;
import vmsh.hv.Hypervisor;

/** Copy-on-write disks from JavaScript: hv.createDisk, hv.create({disk}), vm.disk. */
final class DiskOptions {
    private DiskOptions() {}

    /** hv.createDisk({name, blocks, seed}). */
    static Value create(ScriptHost host, Hypervisor hv, Value options) {
        Value o = Args.options(options, "hv.createDisk()", "name", "blocks", "seed");
        Value name = Args.option(o, "name"), blocks = Args.option(o, "blocks"), seed = Args.option(o, "seed");
        String n = name == null ? "disk" + hv.disks().size() : Args.string(name, "name");
        long count = blocks == null ? 256 : Args.positive(blocks, "blocks");
        if (count > DiskImage.MAX_BLOCKS) throw JsError.range("hv.createDisk(): blocks " + count + " must be in 1.." + DiskImage.MAX_BLOCKS);
        try {
            DiskImage d = hv.createDisk(n, (int) count, seed == null ? 1 : Args.integer(seed, "seed"));
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", d.name());
            m.put("blocks", d.blocks());
            return host.object(m);
        } catch (IllegalArgumentException e) {
            throw JsError.range("hv.createDisk(): " + e.getMessage());
        }
    }

    /** hv.create's disk option: a base image's name (or the object hv.createDisk returned). */
    static DiskImage image(Hypervisor hv, Value v) {
        String name = v.hasMember("name") && !v.isString() ? Args.string(v.getMember("name"), "disk.name") : Args.string(v, "disk");
        try {
            return hv.disk(name);
        } catch (IllegalArgumentException e) {
            throw JsError.range("hv.create(): " + e.getMessage() + " (make one with hv.createDisk)");
        }
    }

    /** vm.disk: its counters, or null. */
    static Value stats(ScriptHost host, DiskStats s) {
        if (s == null) return null;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("image", s.image());
        m.put("blocks", s.blocks());
        m.put("reads", s.reads());
        m.put("sharedReads", s.sharedReads());
        m.put("writes", s.writes());
        m.put("overlay", s.overlay());
        return host.object(m);
    }
}
