package vmsh.shell.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import vmsh.mmu.Mapping;
import vmsh.mmu.Pte;

/** The mappings of the current page table (m.pagetable()), merged into ranges as QEMU's info mem. */
final class JsPageTable extends ApiObject {
    static final ApiType<JsPageTable> TYPE = ApiType.<JsPageTable>of("pagetable", "pt",
                    "The current satp's mappings merged into ranges (`pt = m.pagetable()`); printed, as QEMU's `info mem`.")
            .property("mappings", "[{va, end, size, pa, flags}] in address order", JsPageTable::rows)
            .property("length", "how many ranges", p -> p.mappings.size());

    private final List<Mapping> mappings;

    JsPageTable(ScriptHost host, List<Mapping> mappings) {
        super(host);
        this.mappings = mappings;
    }

    private Object rows() {
        List<Object> rows = new ArrayList<>();
        for (Mapping m : mappings) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("va", m.va());
            r.put("end", m.end());
            r.put("size", m.size());
            r.put("pa", m.pa());
            r.put("flags", Pte.attrs(m.attrs()));
            rows.add(host.object(r));
        }
        return host.array(rows);
    }

    @Override
    ApiType<?> type() { return TYPE; }

    @Override
    public String toString() {
        if (mappings.isEmpty()) return "no mappings (satp is Bare: paging is off)";
        StringBuilder b = new StringBuilder("vaddr             paddr     size     attr\n");
        for (int i = 0; i < mappings.size(); i++) {
            b.append(mappings.get(i));
            if (i < mappings.size() - 1) b.append('\n');
        }
        return b.toString();
    }
}
