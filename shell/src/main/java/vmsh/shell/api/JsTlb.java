package vmsh.shell.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import vmsh.hv.Vm;
import vmsh.machine.Machine;
import vmsh.mmu.Pte;
import vmsh.mmu.TlbConfig;
import vmsh.mmu.TlbEntry;
import vmsh.mmu.TlbStats;

/** The TLB's content and shape (m.tlb()), a snapshot. */
final class JsTlb extends ApiObject {
    static final ApiType<JsTlb> TYPE = ApiType.<JsTlb>of("tlb", "t",
                    "A snapshot of the TLB (`t = m.tlb()`): its valid entries and its shape; printed, one entry a line.")
            .property("entries", "[{tlb, set, way, va, pa, size, asid, global, flags}] of the valid entries", JsTlb::rows)
            .property("config", "{entries, ways, split, policy, seed}", t -> t.config())
            .property("stats", "the TLB counters, as m.stats().tlb (for a VM: the host TLB's)", t -> JsMachine.tlbStats(t.host, t.stats));

    private final String title;
    private final List<TlbEntry> entries;
    private final TlbConfig config;
    private final TlbStats stats;

    /** A machine's TLB. */
    JsTlb(ScriptHost host, Machine machine) {
        this(host, "TLB", machine.tlb(), machine.config().tlb(), machine.stats().tlb());
    }

    /** The host TLB's entries for one VM. */
    JsTlb(ScriptHost host, Vm vm) {
        this(host, "host TLB entries of VM '" + vm.name() + "'", vm.tlb(), vm.hypervisor().engine().mmu().config(),
                vm.hypervisor().tlb());
    }

    private JsTlb(ScriptHost host, String title, List<TlbEntry> entries, TlbConfig config, TlbStats stats) {
        super(host);
        this.title = title;
        this.entries = entries;
        this.config = config;
        this.stats = stats;
    }

    private Object rows() {
        List<Object> rows = new ArrayList<>();
        for (TlbEntry e : entries) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("tlb", e.tlb());
            r.put("set", e.set());
            r.put("way", e.way());
            r.put("va", Args.unsigned(e.va()));
            r.put("pa", e.pa());
            r.put("size", e.size());
            r.put("asid", e.asid());
            r.put("global", e.global());
            r.put("flags", Pte.attrs(e.perm()));
            rows.add(host.object(r));
        }
        return host.array(rows);
    }

    private Object config() {
        TlbConfig t = config;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("entries", t.entries());
        m.put("ways", t.ways());
        m.put("split", t.split());
        m.put("policy", t.replacement().name().toLowerCase(java.util.Locale.ROOT));
        m.put("seed", t.seed());
        return host.object(m);
    }

    @Override
    ApiType<?> type() { return TYPE; }

    @Override
    public String toString() {
        TlbConfig t = config;
        StringBuilder b = new StringBuilder(String.format("%s: %d entries, %d-way, %s, %s; %d valid",
                title, t.entries(), t.ways(), t.split() ? "split (I and D)" : "unified", t.replacement().name().toLowerCase(java.util.Locale.ROOT),
                entries.size()));
        int shown = 0;
        for (TlbEntry e : entries) {
            if (shown++ == ValueFormat.MAX_LINES) {
                b.append("\n... ").append(entries.size() - ValueFormat.MAX_LINES).append(" more");
                break;
            }
            b.append('\n').append(e);
        }
        return b.toString();
    }
}
