package vmsh.shell.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.graalvm.polyglot.Value;
import vmsh.dc.Address;
import vmsh.dc.Client;
import vmsh.dc.Cluster;
import vmsh.dc.ClusterConfig;
import vmsh.dc.ClusterHistory;
import vmsh.dc.ClusterRecorder;
import vmsh.dc.ClusterRecording;
import vmsh.dc.Host;
import vmsh.dc.Migration;
import vmsh.dc.NetworkConfig;
import vmsh.dc.ReplyCheck;
import vmsh.dc.Replication;
import vmsh.dc.RunResult;
import vmsh.dc.Times;
import vmsh.dc.VmPort;
import vmsh.hv.HvConfig;
import vmsh.debug.Hooks;
import vmsh.history.Replay;
import vmsh.history.Timeline;
import vmsh.hv.Vm;
import vmsh.shell.limits.ClusterReplayRunner;
import vmsh.shell.limits.ClusterRunner;
import vmsh.shell.snapshot.ClusterRecordingFile;
import vmsh.shell.snapshot.SnapshotFile;

/** A cluster: hosts on a simulated network, VMs with network cards, clients, and what moves VMs between hosts. */
final class JsCluster extends ApiObject {
    static final ApiType<JsCluster> TYPE = ApiType.<JsCluster>of("cluster", "dc",
                    "A data center in one process (`dc = cluster({hosts: 2, host: {memory: '256M'}, network: {bandwidth: '1Gbit', latency: '100us'}, seed: 1})`): "
                    + "hypervisor hosts on a simulated network, on simulated time.")
            .property("hosts", "the hosts h0, h1, ... (each a hypervisor, as hv is)", c -> c.host.array(new ArrayList<>(c.hosts.values())))
            .method("host(name)", "the host called name ('h0')", (c, a) -> c.hostNamed(Args.string(Args.at(a, 0), "host(name): name"))).returning("host")
            .property("network", "the network: bandwidth, latency, loss, partition(a, b), heal(), stats()", c -> c.network)
            .property("vms", "every VM of the cluster, wherever it runs now", c -> c.host.array(c.vmList()))
            .method("vm(name)", "the VM called name, wherever it runs now", (c, a) -> c.vmNamed(Args.string(Args.at(a, 0), "vm(name): name"))).returning("vm")
            .method("client({to, rate, timeout, poisson})", "a client machine sending requests to VM `to`'s counter service (samples/dc/server.s): "
                    + "rate per simulated second (1000), timeout before it sends a request again ('5ms'), poisson: exponential gaps (false: even)", JsCluster::client).returning("client")
            .property("clients", "the clients, in creation order", c -> c.host.array(c.clientList()))
            .method("migrate(vm, host, {method, maxRounds, stopWhenDirtyBelow, rate, prepaging})", "start a live migration of vm to host (Clark et al.): method 'precopy' (default: "
                    + "rounds while the VM runs, until fewer than stopWhenDirtyBelow (64) pages were dirtied or after maxRounds (30), then stop-and-copy), "
                    + "'stop-and-copy', or 'postcopy' (Hines and Gopalan: the VM resumes on host at once and fetches each page on its first touch "
                    + "while the rest are pushed; prepaging (true) pushes on from the last fault); rate caps its bandwidth ('500Mbit'; default the link's); "
                    + "it goes on as dc.run() runs", JsCluster::migrate).returning("migration")
            .method("replicate(vm, host, {epoch, detection, heartbeat})", "start primary/backup replication of vm with its backup on host (Bressoud and Schneider): "
                    + "epochs of `epoch` guest instructions (4096); each side sends the other a heartbeat every `heartbeat` ('50us') and suspects it after "
                    + "`detection` ('200us') of silence; the witness (a go-live test-and-set, 'witness' in network.partition) lets the first to ask go on alone: "
                    + "the backup takes over, or the primary runs on unreplicated; the other stops", JsCluster::replicate).returning("replication")
            .method("run({ms | us | s | cycles})", "run every host, the network and the clients for that much simulated time; returns {reason, time (ms), insns}", JsCluster::run)
            .property("time", "cluster time in milliseconds", c -> Times.ms(c.cluster.now()))
            .method("keepHistory({interval, cap})", "keep the cluster's history from now on, for going back on its VMs (vm.reverseStep(n), vm.reverseContinue(), "
                    + "vm.seek({insn}), rstep/rcontinue in the REPL, gdb's reverse-stepi): a checkpoint of the whole cluster every `interval` of cluster time ('10ms') "
                    + "and as each dc.run() begins, at most `cap` of host memory ('128M'); whatever the script does between runs (VMs made or loaded, "
                    + "clients, migrate, replicate, partition, loss, fail) is input: going back past it takes it away, going forward brings it back; "
                    + "false: keep none; returns dc.history", JsCluster::keepHistory).returning("clusterHistory")
            .property("history", "the cluster's history (see clusterHistory), or null until dc.keepHistory()",
                    c -> c.cluster.history() == null ? null : new JsClusterHistory(c.host, c, c.cluster.history(), null))
            .method("record()", "start recording the cluster (before its first dc.run()): its VMs as made, the network's settings, then every call "
                    + "between runs (VMs, clients, migrate, replicate, partition, heal, loss, fail) and every run as asked, and whatever else changed a host "
                    + "between runs (console input, memory, registers, images) as its state; with dc.keepHistory() too, going back waits for r.stop(); returns a recording: r.stop(), r.save(file)", JsCluster::record)
                    .returning("clusterRecording")
            .method("replay(recording or file)", "play a cluster recording again on a new cluster built as the recorded one was, which then "
                    + "takes this one's place (handles follow their VMs); checks the whole cluster's hash at the end; on a cluster keeping history the new one keeps it from the replay's start, to go back in; returns {identical, insns, hash, expectedHash}",
                    JsCluster::replay)
            .method("stateHash()", "a hash of the whole cluster: its time, every host's state, the network's counts, what the clients saw, the migrations and replications",
                    (c, a) -> c.cluster.stateHash())
            .method("check()", "what all clients saw: {answered, unanswered, duplicateReplies, outOfOrder, lostUpdates, duplicatedUpdates, exactlyOnce}", (c, a) -> c.check());

    private Cluster cluster;
    private final Map<Host, JsHost> hosts = new LinkedHashMap<>();
    private final Map<VmPort, JsVm> handles = new LinkedHashMap<>();
    private final List<JsClient> clients = new ArrayList<>();
    /** The migration and replication handles given out: a replay's cluster gives them their counterparts. */
    private final List<JsMigration> migrationHandles = new ArrayList<>();
    private final List<JsReplication> replicationHandles = new ArrayList<>();
    private final JsNetwork network;
    private final SplittableRandom instants;

    private JsCluster(ScriptHost host, Cluster cluster) {
        super(host);
        this.cluster = cluster;
        for (Host h : cluster.hosts()) hosts.put(h, new JsHost(host, this, h));
        this.network = new JsNetwork(host, this);
        this.instants = new SplittableRandom(cluster.config().seed() ^ 0x5eed_f00dL);
    }

    @Override ApiType<?> type() { return TYPE; }

    Cluster cluster() { return cluster; }

    /** cluster({hosts, host: {memory, quantum}, network: {bandwidth, latency, loss}, seed}). */
    static JsCluster create(ScriptHost host, Value options) {
        Value o = Args.options(options, "cluster()", "hosts", "host", "network", "seed");
        ClusterConfig c = ClusterConfig.DEFAULTS.seed(host.seed());
        Value hosts = Args.option(o, "hosts"), h = Args.option(o, "host"), n = Args.option(o, "network"), seed = Args.option(o, "seed");
        if (hosts != null) {
            long count = Args.positive(hosts, "cluster(): hosts");
            if (count > ClusterConfig.MAX_HOSTS) throw JsError.range("cluster(): hosts " + count + " is more than " + ClusterConfig.MAX_HOSTS);
            c = c.hosts((int) count);
        }
        if (seed != null) c = c.seed(Args.integer(seed, "cluster(): seed"));
        c = c.host(hostConfig(h, c.seed())).network(networkConfig(n));
        try {
            return new JsCluster(host, new Cluster(c));
        } catch (IllegalArgumentException e) {
            throw JsError.range("cluster(): " + e.getMessage());
        }
    }

    private static HvConfig hostConfig(Value h, long seed) {
        Value o = Args.options(h, "cluster(): host", "memory", "quantum");
        HvConfig c = HvConfig.DEFAULTS.seed(seed);
        Value memory = Args.option(o, "memory"), quantum = Args.option(o, "quantum");
        if (memory != null) c = c.memory(Args.size(memory, "host.memory"));
        if (quantum != null) c = c.quantum(Args.positive(quantum, "host.quantum"));
        return c;
    }

    private static NetworkConfig networkConfig(Value n) {
        Value o = Args.options(n, "cluster(): network", "bandwidth", "latency", "loss");
        NetworkConfig c = NetworkConfig.DEFAULTS;
        Value bandwidth = Args.option(o, "bandwidth"), latency = Args.option(o, "latency"), loss = Args.option(o, "loss");
        if (bandwidth != null) c = c.bandwidth(ClusterArgs.bandwidth(bandwidth, "network.bandwidth"));
        if (latency != null) c = c.latency(ClusterArgs.duration(latency, "network.latency"));
        if (loss != null) c = c.loss(ClusterArgs.number(loss, 0, 1, "network.loss"));
        return c;
    }

    // ---------------------------------------------------------------- hosts and VMs

    private JsHost hostNamed(String name) {
        for (JsHost h : hosts.values()) if (h.node().name().equals(name)) return h;
        throw JsError.range("no host named '" + name + "' (the hosts are h0..h" + (hosts.size() - 1) + ")");
    }

    /** A new VM's handle. */
    JsVm track(Vm vm) {
        VmPort port = cluster.port(vm);
        JsVm handle = hosts.get(port.host()).hv().wrap(vm);
        handles.put(port, handle);
        return handle;
    }

    /** The handle of {@code vm} (a VM of the cluster). */
    JsVm handle(Vm vm) {
        VmPort port = cluster.port(vm);
        JsVm h = handles.get(port);
        return h != null ? h : track(vm);
    }

    /** Handles follow their VMs: a migration or failover moved some to copies on other hosts, going back made some again. */
    void follow() {
        for (Map.Entry<VmPort, JsVm> e : handles.entrySet()) {
            VmPort port = e.getKey();
            if (e.getValue().vm() != port.vm()) e.getValue().follow(hosts.get(port.host()).hv(), port.vm());
        }
    }

    private List<Object> vmList() {
        List<Object> list = new ArrayList<>();
        for (VmPort p : cluster.ports()) list.add(handle(p.vm()));
        return list;
    }

    private JsVm vmNamed(String name) {
        for (VmPort p : cluster.ports()) if (p.vm().name().equals(name)) return handle(p.vm());
        throw JsError.range("no VM named '" + name + "' in the cluster");
    }

    /** The VM behind a script's value: a VM handle of this cluster. */
    Vm vmOf(Value v, String what) {
        Object o = v != null && v.isProxyObject() ? v.asProxyObject() : null;
        if (!(o instanceof JsVm vm)) throw JsError.type(what + " must be a VM of the cluster, got " + ValueFormat.inspect(v));
        for (Map.Entry<VmPort, JsVm> e : handles.entrySet()) if (e.getValue() == vm) return e.getKey().vm();
        throw JsError.type(what + ": VM '" + vm.vm().name() + "' is not a VM of this cluster");
    }

    /** The network site a script's value stands for: a host, a client, or a VM (its host's). */
    int site(Value v, String what) {
        Object o = v != null && v.isProxyObject() ? v.asProxyObject() : null;
        if (o instanceof JsHost h && hosts.containsValue(h)) return h.node().site();
        if (o instanceof JsClient c && clients.contains(c)) return cluster.network().siteOf(c.client().address());
        if (o instanceof JsVm) return cluster.port(vmOf(v, what)).host().site();
        if (v != null && v.isString() && v.asString().equals("witness")) return cluster.witnessSite();
        throw JsError.type(what + ": " + ValueFormat.inspect(v) + " is not a host, client or VM of this cluster, nor 'witness'");
    }

    /** A seeded random number of instructions in 0..within-1 (h.fail({within})). */
    long randomInstant(long within) { return instants.nextLong(within); }

    // ---------------------------------------------------------------- clients and running

    private Object client(Value[] a) {
        Value o = Args.options(Args.at(a, 0), "dc.client()", "to", "rate", "timeout", "poisson");
        Value to = Args.option(o, "to");
        if (to == null) throw JsError.type("dc.client() needs the VM to send to: {to: vm}");
        Vm target = vmOf(to, "client: to");
        Value rate = Args.option(o, "rate"), timeout = Args.option(o, "timeout"), poisson = Args.option(o, "poisson");
        double r = rate == null ? 1000 : ClusterArgs.number(rate, 1e-3, 1e7, "client: rate");
        long t = timeout == null ? 5_000_000 : ClusterArgs.positiveDuration(timeout, "client: timeout");
        Client c = cluster.client(target, r, t, poisson != null && Args.bool(poisson, "client: poisson"));
        JsClient js = new JsClient(host, c);
        clients.add(js);
        return js;
    }

    /** The clients the cluster has (at this point of its history). */
    private List<Object> clientList() {
        List<Object> list = new ArrayList<>();
        for (JsClient c : clients) if (cluster.clients().contains(c.client())) list.add(c);
        return list;
    }

    private Object migrate(Value[] a) {
        Vm vm = vmOf(Args.at(a, 0), "migrate: vm");
        Value h = Args.at(a, 1);
        Object o = h != null && h.isProxyObject() ? h.asProxyObject() : null;
        if (!(o instanceof JsHost target) || !hosts.containsValue(target))
            throw JsError.type("migrate: host must be a host of the cluster (dc.hosts[1]), got " + ValueFormat.inspect(h));
        Value opts = Args.options(Args.at(a, 2), "dc.migrate()", "method", "maxRounds", "stopWhenDirtyBelow", "rate", "prepaging");
        Migration.Options m = Migration.Options.DEFAULTS;
        Value method = Args.option(opts, "method"), rounds = Args.option(opts, "maxRounds"),
                below = Args.option(opts, "stopWhenDirtyBelow"), rate = Args.option(opts, "rate"), prepaging = Args.option(opts, "prepaging");
        try {
            if (method != null) m = m.method(Migration.Method.parse(Args.string(method, "migrate: method")));
            if (rounds != null) m = m.maxRounds((int) ClusterArgs.number(rounds, 1, 1000, "migrate: maxRounds"));
            if (below != null) m = m.stopWhenDirtyBelow((int) ClusterArgs.number(below, 0, 1 << 24, "migrate: stopWhenDirtyBelow"));
            if (rate != null) m = m.rate(ClusterArgs.bandwidth(rate, "migrate: rate"));
            if (prepaging != null) m = m.prepaging(Args.bool(prepaging, "migrate: prepaging"));
            JsMigration handle = new JsMigration(host, cluster.migrate(vm, target.node(), m));
            migrationHandles.add(handle);
            return handle;
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw JsError.range("dc.migrate(): " + e.getMessage());
        }
    }

    private Object replicate(Value[] a) {
        Vm vm = vmOf(Args.at(a, 0), "replicate: vm");
        Value h = Args.at(a, 1);
        Object o = h != null && h.isProxyObject() ? h.asProxyObject() : null;
        if (!(o instanceof JsHost target) || !hosts.containsValue(target))
            throw JsError.type("replicate: host must be a host of the cluster (dc.hosts[1]), got " + ValueFormat.inspect(h));
        Value opts = Args.options(Args.at(a, 2), "dc.replicate()", "epoch", "detection", "heartbeat");
        Value epoch = Args.option(opts, "epoch"), detection = Args.option(opts, "detection"), beat = Args.option(opts, "heartbeat");
        long e = epoch == null ? 4096 : Args.positive(epoch, "replicate: epoch");
        long d = detection == null ? 200_000 : ClusterArgs.duration(detection, "replicate: detection");
        long hb = beat == null ? Cluster.HEARTBEAT : ClusterArgs.duration(beat, "replicate: heartbeat");
        try {
            JsReplication handle = new JsReplication(host, cluster.replicate(vm, target.node(), e, d, hb));
            replicationHandles.add(handle);
            return handle;
        } catch (IllegalArgumentException | IllegalStateException ex) {
            throw JsError.range("dc.replicate(): " + ex.getMessage());
        }
    }

    private Object run(Value[] a) {
        Value o = Args.options(Args.at(a, 0), "dc.run()", "cycles", "us", "ms", "s");
        long cycles = ClusterArgs.runTime(o, "dc.run()");
        RunResult r;
        try {
            r = host.run(new ClusterRunner(cluster, cycles));
        } finally {
            follow();
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("reason", r.reason());
        m.put("time", Times.ms(r.cycles()));
        m.put("insns", r.insns());
        return host.object(m);
    }

    // ---------------------------------------------------------------- recording

    private Object record(Value[] a) {
        try {
            return JsRecording.of(host, cluster.record());
        } catch (IllegalStateException e) {
            throw new JsError("Error", "dc.record(): " + e.getMessage());
        }
    }

    /** True while dc.record() records. */
    boolean recording() { return cluster.recording(); }

    private Object replay(Value[] a) {
        if (cluster.recording()) throw new JsError("Error", "dc.replay(): a recording is going on; stop it first (r.stop())");
        ClusterRecording r = recordingOf(Args.at(a, 0));
        Cluster made;
        try {
            made = new Cluster(r.config());
            ClusterHistory kept = cluster.history();
            if (kept != null) made.keepHistory(kept.interval(), kept.cap());   // a replay that can be gone back in
        } catch (IllegalArgumentException e) {
            throw JsError.range("dc.replay(): " + e.getMessage());
        }
        Replay.Outcome o;
        try {
            o = host.run(new ClusterReplayRunner(made, r));
        } catch (Replay.DivergedException e) {
            throw new JsError("Error", "dc.replay(): " + e.getMessage() + "; the cluster is as it was");
        }
        if (o == null) throw new JsError("Error", "dc.replay(): stopped on the way, at t = " + Times.format(made.now()) + "; the cluster is as it was");
        adopt(made);
        return JsRecording.outcome(host, o);
    }

    /** The recording a script's value stands for: a file's name, or a recording from dc.record() (stopped first). */
    private ClusterRecording recordingOf(Value v) {
        if (v != null && v.isString()) {
            String file = v.asString();
            return ClusterRecordingFile.recording(SnapshotFile.read(host.files().readBytes(file), file), file);
        }
        if (v != null && v.isProxyObject() && v.asProxyObject() instanceof JsRecording jr && jr.tape() instanceof ClusterRecorder tape) {
            try {
                return tape.stop();
            } catch (IllegalStateException e) {
                throw new JsError("Error", "dc.replay(): " + e.getMessage());
            }
        }
        throw JsError.type("dc.replay(recording or file) needs a recording from dc.record() or a file name, got " + ValueFormat.inspect(v));
    }

    /** Migration and replication handles stand for their counterparts on {@code made}: the same, made in the same order. */
    private void followMigrationsAndReplications(Cluster made) {
        List<Migration> was = cluster.made(Migration.class), now = made.made(Migration.class);
        for (JsMigration m : migrationHandles) {
            int i = was.indexOf(m.migration());
            if (i >= 0 && i < now.size()) m.rebind(now.get(i));
        }
        List<Replication> wasR = cluster.made(Replication.class), nowR = made.made(Replication.class);
        for (JsReplication r : replicationHandles) {
            int i = wasR.indexOf(r.replication());
            if (i >= 0 && i < nowR.size()) r.rebind(nowR.get(i));
        }
    }

    /** The cluster {@code made} (a replay's) takes this one's place: hosts, VM, client, migration and replication handles follow their counterparts. */
    private void adopt(Cluster made) {
        cluster.forgetHistory();
        List<JsHost> was = new ArrayList<>(hosts.values());
        hosts.clear();
        for (int i = 0; i < was.size(); i++) {
            was.get(i).rebind(made.hosts().get(i));
            hosts.put(made.hosts().get(i), was.get(i));
        }
        Map<VmPort, JsVm> handled = new LinkedHashMap<>(handles);
        handles.clear();
        followMigrationsAndReplications(made);
        cluster = made;
        for (Map.Entry<VmPort, JsVm> e : handled.entrySet())
            for (VmPort p : made.ports())
                if (p.address() == e.getKey().address()) {
                    e.getValue().follow(hosts.get(p.host()).hv(), p.vm());
                    handles.put(p, e.getValue());
                }
        List<JsClient> js = new ArrayList<>(clients);
        clients.clear();
        for (int i = 0; i < made.clients().size(); i++) {
            JsClient c = i < js.size() ? js.get(i) : new JsClient(host, made.clients().get(i));
            c.rebind(made.clients().get(i));
            clients.add(c);
        }
    }

    // ---------------------------------------------------------------- history

    private Object keepHistory(Value[] a) {
        Value v = Args.at(a, 0);
        if (v != null && v.isBoolean() && !v.asBoolean()) {
            cluster.forgetHistory();
            return null;
        }
        Value o = Args.options(v != null && v.isBoolean() ? null : v, "dc.keepHistory()", "interval", "cap");
        Value interval = Args.option(o, "interval"), cap = Args.option(o, "cap");
        long cycles = interval == null ? ClusterHistory.DEFAULT_INTERVAL : ClusterArgs.positiveDuration(interval, "dc.keepHistory(): interval");
        long bytes = cap == null ? ClusterHistory.DEFAULT_CAP : Args.size(cap, "dc.keepHistory(): cap");
        if (bytes < 1 << 20) throw JsError.range("dc.keepHistory(): cap " + vmsh.shell.Sizes.format(bytes) + " is below 1M");
        try {
            return new JsClusterHistory(host, this, cluster.keepHistory(cycles, bytes), null);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new JsError("Error", "dc.keepHistory(): " + e.getMessage());
        }
    }

    /** The history of {@code vm} (a VM of this cluster) in its own guest instructions, or null when the cluster keeps none or it has no past. */
    Object history(Vm vm) {
        ClusterHistory h = cluster.history();
        if (h == null || !cluster.current(vm)) return null;
        VmPort port = cluster.port(vm);
        return h.covers(port) ? new JsClusterHistory(host, this, h, port) : null;
    }

    /** {@code vm}'s past as a debugger goes through it; an error naming {@code call} when the cluster keeps no history, or the VM came after it began. */
    Timeline timeline(Vm vm, Hooks hooks, String call) {
        ClusterHistory h = cluster.history();
        if (h == null) throw new JsError("Error", call + ": the cluster keeps no history; start it with dc.keepHistory()");
        if (!cluster.current(vm)) throw new JsError("Error", call + ": VM '" + vm.name() + "' is not a VM of the cluster as it runs now (a migration's copy or a backup)");
        VmPort port = cluster.port(vm);
        if (!h.covers(port)) throw new JsError("Error", call + ": VM '" + vm.name() + "' came after the cluster's history began (dc.keepHistory() again)");
        return h.timeline(port, hooks);
    }

    /** The same, or null (for gdb: no reverse). */
    Timeline timelineOrNull(Vm vm, Hooks hooks) {
        ClusterHistory h = cluster.history();
        return h == null || !cluster.current(vm) || !h.covers(cluster.port(vm)) ? null : h.timeline(cluster.port(vm), hooks);
    }

    /** Makes a trip through the cluster's history under the session's limits (Ctrl-C stops the whole cluster); false when stopped on the way. */
    boolean trip(vmsh.board.Target target, Runnable trip) {
        try {
            return host.run(new vmsh.shell.limits.TravelRunner(target, trip, cluster::requestStop, cluster::clearStopRequest));
        } finally {
            follow();
        }
    }

    /**
     * A handle used after a trip: it follows its VM (a VM history made again); a VM the
     * cluster does not have at this point of its history says so.
     */
    void checkHandle(JsVm handle) {
        follow();
        for (Map.Entry<VmPort, JsVm> e : handles.entrySet())
            if (e.getValue() == handle && cluster.history() != null && !cluster.ports().contains(e.getKey()))
                throw JsError.type("VM '" + handle.vm().name() + "' is not in the cluster at this point of its history: it was made later (seek forward past where it was made)");
    }

    private Object check() {
        ReplyCheck c = cluster.check();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("answered", c.answered());
        m.put("unanswered", c.unanswered());
        m.put("duplicateReplies", c.duplicateReplies());
        m.put("outOfOrder", c.outOfOrder());
        m.put("lostUpdates", c.lostUpdates());
        m.put("duplicatedUpdates", c.duplicatedUpdates());
        m.put("exactlyOnce", c.exactlyOnce());
        return host.object(m);
    }

    @Override public String toString() {
        List<String> vms = new ArrayList<>();
        for (VmPort p : cluster.ports()) vms.add(p.vm().name() + " " + Address.format(p.address()) + " on " + p.host().name());
        return cluster + (vms.isEmpty() ? "" : "; " + String.join(", ", vms));
    }
}
