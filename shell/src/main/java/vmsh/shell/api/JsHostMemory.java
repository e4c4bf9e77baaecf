package vmsh.shell.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import vmsh.hostmem.HostMemoryStats;
import vmsh.hostmem.PmapStats;
import vmsh.hv.Hypervisor;
import vmsh.memsched.Knob;
import vmsh.memsched.MemoryScheduler;
import vmsh.memsched.VmMemoryStats;

/**
 * {@code hv.memory}: the host's memory at one moment, in pages of 4 KiB: frames free and
 * used, guest pages by state over all VMs, what sharing saves, and one row per VM. A
 * snapshot: read {@code hv.memory} again for fresh figures.
 */
final class JsHostMemory extends ApiObject {
    static final ApiType<JsHostMemory> TYPE = ApiType.<JsHostMemory>of("hostMemory", "hv.memory",
                    "Host memory at a glance, in 4 KiB pages (`print(hv.memory)`, `table(hv.memory.vms)`): a snapshot.")
            .property("total", "machine frames in all", m -> m.s.totalFrames())
            .property("free", "frames free", m -> m.s.freeFrames())
            .property("state", "the free-memory state: 'high', 'soft', 'hard' or 'low' (by default " + MemoryKnobs.percent(Knob.HIGH_FREE) + ", "
                    + MemoryKnobs.percent(Knob.SOFT_FREE) + ", " + MemoryKnobs.percent(Knob.HARD_FREE) + ", " + MemoryKnobs.percent(Knob.LOW_FREE) + " free)", m -> m.state)
            .property("private", "frames backing one guest page each", m -> m.s.privateFrames())
            .property("shared", "guest pages backed by content-shared frames (copy-on-write)", m -> m.s.sharedPages())
            .property("sharedFrames", "frames those shared pages use", m -> m.s.sharedFrames())
            .property("zero", "guest pages mapped to the one zero frame", m -> m.s.zeroPages())
            .property("saved", "frames sharing saves: shared and zero pages less the frames they use", m -> m.s.savedPages())
            .property("ballooned", "guest pages given back by balloon drivers", m -> m.s.balloonedPages())
            .property("swapped", "guest pages on the host swap device", m -> m.s.swappedPages())
            .property("swapSlots", "pages the host swap device holds (the swap knob: hv.configure({swap: '64G'}))", m -> m.s.swapCapacity())
            .property("swapReserved", "swap pages admission control reserves: max - min of every VM (ESX's swap files; nothing is stored until pages are swapped)", m -> m.reserved)
            .property("hypervisor", "frames the VMM uses itself (G-stage and shadow tables)", m -> m.s.systemFrames())
            .property("replicas", "frames holding read-only copies of guest pages on other NUMA nodes (Disco's replication); reclamation drops them first", m -> m.s.replicaFrames())
            .property("doublePaging", "pages the VMM swapped in only for the guest to give them up or overwrite them whole (the double-paging case)",
                    m -> m.s.vms().stream().mapToLong(PmapStats::doublePaging).sum())
            .property("vms", "one row per VM: {vm, pages, resident, private, shared, zero, ballooned, swapped, unbacked, min, max, target, active, balloon, stalled}", m -> m.host.array(m.rows()));

    private final HostMemoryStats s;
    private final List<VmMemoryStats> vms;
    private final String state;
    private final long reserved;

    JsHostMemory(ScriptHost host, Hypervisor hv) {
        super(host);
        MemoryScheduler m = hv.memory();
        this.reserved = m.swapReserved();
        this.s = m.memory();
        this.vms = m.vmStats();
        this.state = m.state().name().toLowerCase(Locale.ROOT);
    }

    @Override ApiType<?> type() { return TYPE; }

    private Map<String, Object> figures() {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("total", s.totalFrames());
        f.put("free", s.freeFrames());
        f.put("state", state);
        f.put("private", s.privateFrames());
        f.put("shared", s.sharedPages());
        f.put("sharedFrames", s.sharedFrames());
        f.put("zero", s.zeroPages());
        f.put("saved", s.savedPages());
        f.put("ballooned", s.balloonedPages());
        f.put("swapped", s.swappedPages());
        f.put("hypervisor", s.systemFrames());
        f.put("replicas", s.replicaFrames());
        return f;
    }

    private List<Object> rows() {
        List<Object> rows = new ArrayList<>();
        for (VmMemoryStats v : vms) rows.add(host.object(row(v)));
        return rows;
    }

    /** The row of VM {@code name} (none when it is gone). */
    List<Object> rowsOf(String name) {
        List<Object> rows = new ArrayList<>();
        for (VmMemoryStats v : vms) if (v.vm().equals(name)) rows.add(host.object(row(v)));
        return rows;
    }

    private static Map<String, Object> row(VmMemoryStats v) {
        PmapStats p = v.pmap();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("vm", v.vm());
        m.put("pages", p.pages());
        m.put("resident", v.resident());
        m.put("private", p.privatePages());
        m.put("shared", p.shared());
        m.put("zero", p.zero());
        m.put("ballooned", p.ballooned());
        m.put("swapped", p.swapped());
        m.put("unbacked", p.unbacked());
        m.put("min", v.min());
        m.put("max", v.max());
        m.put("target", v.target());
        m.put("active", Math.round(v.activeFraction() * 100) / 100.0);
        m.put("balloon", v.balloonTarget());
        m.put("stalled", v.stalled());
        return m;
    }

    @Override Object json() { return figures(); }

    @Override public String toString() {
        StringBuilder b = new StringBuilder();
        b.append(String.format("host memory: %s in %d frames, %s free (%s), state %s%n", mib(s.totalFrames()), s.totalFrames(),
                mib(s.freeFrames()), percent(s.freeFrames()), state));
        b.append(String.format("  frames: %d private, %d shared, %d zero, %d hypervisor, %d replicas%n", s.privateFrames(), s.sharedFrames(),
                s.zeroFrames(), s.systemFrames(), s.replicaFrames()));
        b.append(String.format("  guest pages: %d shared, %d zero (sharing saves %d pages, %s), %d ballooned, %d swapped (swap %d of %d slots)%n",
                s.sharedPages(), s.zeroPages(), s.savedPages(), mib(s.savedPages()), s.balloonedPages(), s.swappedPages(),
                s.swapSlotsUsed(), s.swapCapacity()));
        String[] head = {"vm", "pages", "resident", "private", "shared", "zero", "ballooned", "swapped", "min", "max", "target", "active", "balloon", "stalled"};
        List<String[]> lines = new ArrayList<>();
        lines.add(head);
        for (VmMemoryStats v : vms) {
            Map<String, Object> r = row(v);
            String[] line = new String[head.length];
            for (int i = 0; i < head.length; i++) line[i] = String.valueOf(r.get(head[i]));
            lines.add(line);
        }
        int[] width = new int[head.length];
        for (String[] l : lines) for (int i = 0; i < l.length; i++) width[i] = Math.max(width[i], l[i].length());
        for (String[] l : lines) {
            StringBuilder line = new StringBuilder(" ");
            for (int i = 0; i < l.length; i++)
                line.append(' ').append(i == 0 ? String.format("%-" + width[i] + "s", l[i]) : String.format("%" + width[i] + "s", l[i]));
            b.append(line.toString().stripTrailing()).append('\n');
        }
        return b.toString().stripTrailing();
    }

    private static String mib(long pages) { return String.format("%.1f MiB", pages / 256.0); }

    private String percent(long pages) { return String.format("%.1f%%", 100.0 * pages / s.totalFrames()); }
}
