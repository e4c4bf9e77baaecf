package vmsh.shell.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.graalvm.polyglot.Value;
import vmsh.hostmem.PageEvent;
import vmsh.hostmem.PageState;
import vmsh.hostmem.Pmap;
import vmsh.hv.Hypervisor;
import vmsh.memsched.PageSharing;
import vmsh.memsched.ScanProgress;
import vmsh.memsched.ScanResult;
import vmsh.memsched.SharingStats;

/**
 * {@code hv.sharing}: content-based page sharing. The scanner runs by itself on simulated
 * time (hv.configure's scanPerVm and scanTotal, pages per second); {@code scan({pages})}
 * scans at once, ignoring the rates.
 */
final class JsSharing extends ApiObject {
    static final ApiType<JsSharing> TYPE = ApiType.<JsSharing>of("sharing", "hv.sharing",
                    "Content-based page sharing: `hv.sharing.scan({pages: 4096})` scans now; `table(hv.sharing.stats())` per VM and in total.")
            .method("scan({pages, vm})", "scan pages now (VMs taking turns, or only VM vm), ignoring the rate limits; returns {scanned, hashed, sharedExisting, sharedNew, zero, collisions, staleHints, freed}", JsSharing::scan)
            .method("stats()", "one row per VM {vm, scanned, passes, shared, zero, cowBreaks, zeroBreaks} and a total row with {sharedFrames, saved, savedBytes, hints, hashed, collisions}", (s, a) -> s.host.array(s.rows()))
            .property("rates", "{perVm, total}: scan rates in pages per simulated second (ESX: 50 and 200)", s -> s.rates());

    private final Hypervisor hv;

    JsSharing(ScriptHost host, Hypervisor hv) {
        super(host);
        this.hv = hv;
    }

    @Override ApiType<?> type() { return TYPE; }

    private PageSharing sharing() { return hv.memory().sharing(); }

    private Object scan(Value[] a) {
        Value o = Args.options(Args.at(a, 0), "hv.sharing.scan()", "pages", "vm");
        Value pages = Args.option(o, "pages"), vm = Args.option(o, "vm");
        long n = pages == null ? totalPages() : Args.positive(pages, "scan: pages");
        if (n > Integer.MAX_VALUE) throw JsError.range("scan: pages " + n + " is too many at once");
        ScanResult r = vm == null ? sharing().scan((int) n)
                : sharing().scan(hv.vm(Args.string(vm, "scan: vm")).memory().pmap(), (int) n);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("scanned", r.scanned());
        m.put("hashed", r.hashed());
        m.put("sharedExisting", r.sharedExisting());
        m.put("sharedNew", r.sharedNew());
        m.put("zero", r.zero());
        m.put("collisions", r.collisions());
        m.put("staleHints", r.staleHints());
        m.put("freed", r.pagesShared());
        return host.object(m);
    }

    private long totalPages() {
        long n = 0;
        for (Pmap p : hv.host().pmaps()) n += p.pages();
        return Math.max(1, n);
    }

    private List<Object> rows() {
        List<Object> rows = new ArrayList<>();
        List<ScanProgress> progress = sharing().progress();
        for (ScanProgress sp : progress) {
            Pmap p = hv.vm(sp.vm()).memory().pmap();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("vm", sp.vm());
            m.put("scanned", sp.passes() * sp.pages() + sp.position());
            m.put("passes", Math.round((sp.passes() + sp.fraction()) * 100) / 100.0);
            m.put("shared", p.count(PageState.SHARED));
            m.put("zero", p.count(PageState.ZERO));
            m.put("cowBreaks", p.count(PageEvent.COW_BREAK));
            m.put("zeroBreaks", p.count(PageEvent.ZERO_BREAK));
            rows.add(host.object(m));
        }
        SharingStats s = sharing().stats();
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("vm", "total");
        t.put("scanned", s.scanned());
        t.put("passes", "");
        t.put("shared", s.sharedPages());
        t.put("zero", s.zeroPages());
        t.put("cowBreaks", s.cowBreaks());
        t.put("zeroBreaks", s.zeroBreaks());
        t.put("sharedFrames", s.sharedFrames());
        t.put("saved", s.savedPages());
        t.put("savedBytes", s.savedBytes());
        t.put("hints", s.hints());
        t.put("hashed", s.hashed());
        t.put("collisions", s.collisions());
        rows.add(host.object(t));
        return rows;
    }

    private Object rates() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("perVm", sharing().perVmRate());
        m.put("total", sharing().totalRate());
        return host.object(m);
    }

    @Override public String toString() {
        SharingStats s = sharing().stats();
        return String.format("page sharing: %d shared pages on %d frames, %d zero pages, %d pages saved (%.1f MiB), "
                + "%d COW breaks, %d scanned, %d hints", s.sharedPages(), s.sharedFrames(), s.zeroPages(), s.savedPages(),
                s.savedPages() / 256.0, s.cowBreaks() + s.zeroBreaks(), s.scanned(), s.hints());
    }
}
