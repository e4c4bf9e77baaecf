package vmsh.shell.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.graalvm.polyglot.Value;
import vmsh.hv.ExitEvent;
import vmsh.hv.ShadowView;
import vmsh.hv.Vm;
import vmsh.hv.VmRunResult;
import vmsh.hv.VmState;
import vmsh.hv.VmTranslation;
import vmsh.hv.mem.PmapEntry;
import vmsh.mmu.Access;
import vmsh.mmu.Mapping;

/** One VM of the hypervisor: load, run, console, exits, and what the VMM built for it. */
final class JsVm extends ApiObject {
    static final ApiType<JsVm> TYPE = ApiType.<JsVm>of("vm", "vm",
                    "A virtual machine (`vm = hv.create({name, memory, technique})`): a kernel boots at kernel_entry in (V)S-mode with the VMM as its SBI.")
            .property("name", "its name", v -> v.vm.name())
            .property("technique", "'hw', 'trap' or 'trap-vtlb'", v -> v.vm.technique().label)
            .property("state", "'created', 'ready', 'halted', 'idle' or 'fault'", v -> v.vm.state().label)
            .property("exitCode", "the guest's exit code once halted (SBI shutdown reason, finisher code)", v -> v.vm.exitCode())
            .property("message", "where it is, in a line", v -> v.vm.message())
            .method("load(image)", "copy an image into guest memory; it boots at kernel_entry (or its entry)", JsVm::load)
            .method("run({insns})", "run this VM alone; returns {name, state, exitCode, insns, cycles, exits, message}", JsVm::run)
            .property("console", "the VM's console (SBI console and emulated UART): .text, .feed(text)", v -> v.console)
            .method("on('exit', fn)", "call fn({reason, pc, detail}) at every VM exit ('csr', 'sret', 'sbi', 'mmio', 'hidden-fault', 'pt-write', 'g-stage-fault', ...)", JsVm::on)
            .method("stats()", "{name, technique, insns, cycles, exits, tlbMisses, walkReferences, refsPerMiss, guestTraps, byReason}", (v, a) -> JsHypervisor.stats(v.session, v.vm.stats()))
            .method("translate(gva, {access})", "how a guest virtual address translates: {ok, gpa, references, cycles, guest, shadow (trap only), text}; hw the two-stage walk, trap the guest walk and the shadow walk", JsVm::translate)
            .method("pmap()", "[{gpn, mpn, state, sharers}] of the pages the guest has touched", JsVm::pmap)
            .method("shadow()", "the VMM's tables: the G-stage (hw) or each shadow page table (trap), with their mappings", JsVm::shadow);

    private final Vm vm;
    private final JsConsole console;

    JsVm(Session session, JsHypervisor hv, Vm vm) {
        super(session);
        this.vm = vm;
        this.console = new JsConsole(session, vm.console());
    }

    @Override ApiType<?> type() { return TYPE; }

    private Object load(Value[] a) {
        Value v = Args.at(a, 0);
        if (v == null || !v.isProxyObject() || !(v.asProxyObject() instanceof JsImage img))
            throw JsError.type("load(image) needs an image from asm(...), got " + ValueFormat.inspect(v));
        vm.load(img.image());
        return this;
    }

    private Object run(Value[] a) {
        Value o = Args.options(Args.at(a, 0), "vm.run()", "insns");
        Value insns = Args.option(o, "insns");
        long budget = insns == null ? Long.MAX_VALUE : Args.positive(insns, "insns");
        VmRunResult r = session.runVms(vm.hypervisor(), limit -> vm.run(Math.min(budget, limit)), VmRunResult::insns,
                x -> x.state() == VmState.READY && x.insns() < budget);
        return JsHypervisor.result(session, r);
    }

    private Object on(Value[] a) {
        String kind = Args.string(Args.at(a, 0), "on(kind, fn): kind");
        if (!kind.equals("exit")) throw JsError.type("vm.on(kind, fn): kind '" + kind + "' is not 'exit'");
        Value fn = Args.function(Args.at(a, 1), "on('exit', fn): fn");
        vm.onExit((ExitEvent e) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("reason", e.reason().label());
            m.put("pc", Args.unsigned(e.pc()));
            m.put("detail", e.detail());
            fn.execute(session.object(m));
        });
        return null;
    }

    private Object translate(Value[] a) {
        int gva = Args.u32(Args.at(a, 0), "translate(gva): gva");
        Value o = Args.options(Args.at(a, 1), "translate()", "access");
        Value access = Args.option(o, "access");
        VmTranslation t = vm.translate(gva, access == null ? Access.LOAD : Access.parse(Args.string(access, "access")));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("technique", t.technique().label);
        m.put("ok", t.guest().ok() && (t.shadow() == null || t.shadow().ok()));
        m.put("gpa", t.guest().gpa());
        m.put("references", t.references());
        m.put("cycles", t.cycles());
        m.put("guest", new JsTranslation(session, t.guest()));
        if (t.shadow() != null) m.put("shadow", new JsTranslation(session, t.shadow()));
        m.put("text", t.toString());
        return session.object(m);
    }

    private Object pmap(Value[] a) {
        List<Object> rows = new ArrayList<>();
        for (PmapEntry e : vm.pmap()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("gpn", e.gpn());
            m.put("mpn", e.mpn());
            m.put("state", e.state().name().toLowerCase(java.util.Locale.ROOT));
            m.put("sharers", e.sharers());
            rows.add(session.object(m));
        }
        return session.array(rows);
    }

    private Object shadow(Value[] a) {
        List<Object> rows = new ArrayList<>();
        for (ShadowView s : vm.shadow()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", s.name());
            m.put("root", s.root());
            m.put("entries", s.entries());
            List<Object> maps = new ArrayList<>();
            for (Mapping x : s.mappings()) maps.add(x.toString());
            m.put("mappings", session.array(maps));
            rows.add(session.object(m));
        }
        return session.array(rows);
    }

    @Override public String toString() { return vm.toString(); }
}
