package vmsh.shell.api;

import java.util.ArrayList;
import java.util.List;
import org.graalvm.polyglot.Value;
import vmsh.dc.Address;
import vmsh.dc.Host;
import vmsh.dc.Times;
import vmsh.hv.Technique;

/** One host of a cluster: a hypervisor on the network. */
final class JsHost extends ApiObject {
    static final ApiType<JsHost> TYPE = ApiType.<JsHost>of("host", "h0",
                    "A host of a cluster (`const [h0, h1] = dc.hosts`): a hypervisor, as `hv` is, on the cluster's network.")
            .property("name", "h0, h1, ...", h -> h.node.name())
            .property("address", "its VMM's network address", h -> Address.format(h.node.address()))
            .method("create({name, memory, technique, vcpus})", "a VM on this host with a network card (the next address, 10.0.0.1 on); vcpus 1.." + vmsh.hv.VmOptions.MAX_VCPUS + " (more than one: technique 'hw'); "
                    + "technique " + Technique.labels("'"), JsHost::create).returning("vm")
            .property("vms", "its VMs, in creation order (a migration's copy and a backup count once they have taken over)", h -> h.host.array(h.vmList()))
            .property("hv", "the host's hypervisor, as the global hv (stats(), memory, costs, ...)", h -> h.hv)
            .property("time", "the host's clock in milliseconds (a step ahead of the cluster's at most)", h -> Times.ms(h.node.hypervisor().now()))
            .property("instructions", "instructions its hart has executed", h -> h.node.instructions())
            .method("fail({insns | within})", "fail-stop: now; after insns more instructions of its hart, exactly; or at a seeded random "
                    + "instruction within the next `within`; returns the instruction it fails at", JsHost::fail)
            .property("failed", "true once it has failed", h -> h.node.failed());

    private final JsCluster cluster;
    private Host node;
    private final JsHypervisor hv;

    JsHost(ScriptHost scriptHost, JsCluster cluster, Host host) {
        super(scriptHost);
        this.cluster = cluster;
        this.node = host;
        this.hv = new JsHypervisor(scriptHost, host.hypervisor(), cluster);
    }

    @Override ApiType<?> type() { return TYPE; }

    Host node() { return node; }

    /** The host is now {@code h} of a cluster that took its cluster's place (a replay's). */
    void rebind(Host h) {
        node = h;
        hv.rebind(h.hypervisor());
    }

    JsHypervisor hv() { return hv; }

    private Object create(Value[] a) {
        Value o = Args.options(Args.at(a, 0), "h.create()", "name", "memory", "technique", "vcpus");
        Value name = Args.option(o, "name"), memory = Args.option(o, "memory"), technique = Args.option(o, "technique");
        String n = name == null ? "vm" + cluster.cluster().ports().size() : Args.string(name, "name");
        long bytes = memory == null ? 32L << 20 : Args.size(memory, "memory");
        Technique t = technique == null ? Technique.HW : Technique.parse(Args.string(technique, "technique"));
        vmsh.hv.VmOptions options = vmsh.hv.VmOptions.DEFAULTS;
        Value vcpus = Args.option(o, "vcpus");
        if (vcpus != null) {
            long count = Args.positive(vcpus, "vcpus");
            if (count > vmsh.hv.VmOptions.MAX_VCPUS) throw JsError.range("h.create(): vcpus " + count + " must be in 1.." + vmsh.hv.VmOptions.MAX_VCPUS);
            options = options.vcpus((int) count);
        }
        JsVm vm = cluster.track(node.create(n, bytes, t, options));
        host.select(vm);   // the monitor commands act on the last VM created
        return vm;
    }

    private List<Object> vmList() {
        List<Object> list = new ArrayList<>();
        for (vmsh.hv.Vm v : node.vms()) if (cluster.cluster().current(v)) list.add(cluster.handle(v));
        return list;
    }

    private Object fail(Value[] a) {
        Value o = Args.options(Args.at(a, 0), "h.fail()", "insns", "within");
        Value insns = Args.option(o, "insns"), within = Args.option(o, "within");
        if (insns != null && within != null) throw JsError.type("h.fail() takes insns or within, not both");
        if (node.failed()) throw JsError.type("host " + node.name() + " has failed already");
        if (insns == null && within == null) {
            node.fail();
            return node.instructions();
        }
        long n = insns != null ? Args.integer(insns, "fail: insns") : cluster.randomInstant(Args.positive(within, "fail: within"));
        if (n < 0) throw JsError.range("fail: insns " + n + " must not be negative");
        long at = node.instructions() + n;
        node.failAt(at);
        return at;
    }

    @Override public String toString() { return node.toString(); }
}
