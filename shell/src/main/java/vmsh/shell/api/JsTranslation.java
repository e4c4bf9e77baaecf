package vmsh.shell.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import vmsh.mmu.Access;
import vmsh.mmu.Pte;
import vmsh.mmu.Translation;
import vmsh.mmu.WalkStep;

/** An explained translation (m.translate(va)): each walk step, and the result or the fault. */
final class JsTranslation extends ApiObject {
    static final ApiType<JsTranslation> TYPE = ApiType.<JsTranslation>of("translation", "t",
                    "How one virtual address translates (`t = m.translate(va)`); printed, the walk step by step.")
            .property("va", "the virtual address", t -> Args.unsigned(t.t.va()))
            .property("access", "'fetch', 'load' or 'store'", t -> Access.name(t.t.access()))
            .property("ok", "true when it translates", t -> t.t.ok())
            .property("pa", "the physical address, or -1", t -> t.t.pa())
            .property("pageSize", "4096 or 4194304 (a megapage), 0 after a fault", t -> t.t.pageSize())
            .property("flags", "the leaf PTE's flags, e.g. 'rwxugad' with dashes", t -> Pte.attrs(t.t.perm() & 0xff))
            .property("steps", "[{level, pteAddress, pte, flags, outcome}] in walk order", JsTranslation::steps)
            .property("references", "memory references of the walk (PTE reads)", t -> t.t.references())
            .property("cause", "the exception code of the fault (0 when ok)", t -> t.t.cause())
            .property("reason", "the rule that faulted, or null", t -> t.t.reason())
            .property("tlb", "what the TLB holds for this address, or null", t -> t.t.tlb());

    private final Translation t;

    JsTranslation(ScriptHost host, Translation t) {
        super(host);
        this.t = t;
    }

    private Object steps() {
        List<Object> list = new ArrayList<>();
        for (WalkStep s : t.steps()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("stage", s.stage());
            m.put("level", s.level());
            m.put("pteAddress", s.hostAddress());
            m.put("pte", s.pte());
            m.put("flags", s.pte() < 0 ? null : Pte.flags((int) s.pte()));
            m.put("outcome", s.outcome());
            list.add(host.object(m));
        }
        return host.array(list);
    }

    @Override
    ApiType<?> type() { return TYPE; }

    @Override
    public String toString() { return t.toString().stripTrailing(); }
}
