package vmsh.dc;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import vmsh.dev.Nic;
import vmsh.hv.Hypervisor;
import vmsh.hv.Technique;
import vmsh.hv.VirtualInterrupts;
import vmsh.hv.Vm;
import vmsh.mem.MemoryMap;
import vmsh.state.SeededRandom;

/**
 * A data center in one process: hypervisor hosts on a simulated network, VMs with NICs on
 * it, clients outside that send them requests, and the VMMs' agents that migrate and
 * replicate VMs between hosts.
 *
 * <p>Time: the cluster keeps one clock (cycles of the 1 GHz host clock) and moves it in
 * steps that end at the next event (a packet arriving, a client's request, a protocol's
 * timeout) or {@value #MAX_STEP} cycles on, whichever is first. In a step every host that
 * is up runs its VMs until its own time reaches the step's end (a quantum further at most;
 * a host with nothing to run lets its time pass); then the events due are run, in time
 * order. Hosts run one after another in their order, every random choice comes from the
 * cluster's seed, so the same script and seed give the same run, byte for byte.
 */
public final class Cluster {
    /** Cycles per simulated second: the hosts' 1 GHz clock. */
    public static final long CLOCK_HZ = 1_000_000_000L;
    /** The longest step between two looks at the events (100 microseconds). */
    static final long MAX_STEP = 100_000;

    private final ClusterConfig config;
    private final Events events = new Events();
    private final SeededRandom random;
    private final Network network;
    private final List<Host> hosts = new ArrayList<>();
    private final Map<Vm, VmPort> ports = new LinkedHashMap<>();
    private final List<Client> clients = new ArrayList<>();
    private final Map<VmPort, Migration> migrations = new LinkedHashMap<>();
    private final List<Replication> replications = new ArrayList<>();
    /** The go-live arbiter of replicated pairs, on a site of its own once the first replication starts. */
    private Witness witness;
    /** Every object of the cluster's with state made since it began (ports, clients, migrations, replications, the witness), in order. */
    private final List<Object> made = new ArrayList<>();
    private long now;
    private int vmAddresses;
    private transient volatile boolean stopRequested;
    private transient boolean running;
    /** The cluster's past, when it keeps one (see {@link ClusterHistory}). */
    private transient ClusterHistory history;
    /** The recording going on, or null (see {@link #record}). */
    private transient ClusterRecorder recorder;
    /** The run going on stops where this VM reaches this guest instruction (see {@link #runTo}); null: nowhere. */
    private transient VmPort runStop;
    private transient long runStopAt;

    public Cluster(ClusterConfig config) {
        this.config = config;
        this.random = new SeededRandom(config.seed());
        this.network = new Network(config.network(), events, random.split());
        network.ownedBy(this);
        for (int i = 0; i < config.hosts(); i++) {
            String name = "h" + i;
            Hypervisor hv = new Hypervisor(config.host().seed(random.nextLong()));
            int site = network.attach(name);
            Host h = new Host(this, name, hv, site, Address.HOSTS + 1 + i);
            network.bind(h.address(), site, (p, t) -> {
                if (p.body() instanceof Message m) m.deliver(t);
            });
            hosts.add(h);
        }
    }

    public ClusterConfig config() { return config; }

    public List<Host> hosts() { return Collections.unmodifiableList(hosts); }

    public Host host(String name) {
        for (Host h : hosts) if (h.name().equals(name)) return h;
        throw new IllegalArgumentException("no host named '" + name + "' (the hosts are h0.." + "h" + (hosts.size() - 1) + ")");
    }

    public Network network() { return network; }

    /** Cluster time in cycles. */
    public long now() { return now; }

    Events events() { return events; }

    /** A generator split from the cluster's seed, for one user of randomness (split in the order asked). */
    SeededRandom random() { return random.split(); }

    // ---------------------------------------------------------------- VMs and clients

    /**
     * Creates a VM on {@code host} with a NIC ({@link Nic} at 0x1000_1000, PLIC source
     * {@value VirtualInterrupts#NIC_SOURCE}) and the next VM address (10.0.0.1, 10.0.0.2, ...).
     */
    Vm create(Host host, String name, long memoryBytes, Technique technique, vmsh.hv.VmOptions options) {
        return input(new ClusterInput.Create(hosts.indexOf(host), name, memoryBytes, technique, options),
                () -> createNow(host, name, memoryBytes, technique, options));
    }

    private Vm createNow(Host host, String name, long memoryBytes, Technique technique, vmsh.hv.VmOptions options) {
        if (host.failed()) throw new IllegalStateException("host " + host.name() + " has failed");
        for (Vm v : ports.keySet())
            if (v.name().equals(name)) throw new IllegalArgumentException("a VM named '" + name + "' exists in the cluster");
        Vm vm = host.hypervisor().create(name, memoryBytes, technique, -1, 0, memoryBytes, options);
        Nic nic = plugNic(vm);
        int address = Address.VMS + ++vmAddresses;
        VmPort port = new VmPort(this, address, vm, nic, host);
        network.bind(address, host.site(), port);
        ports.put(vm, port);
        made(port);
        return vm;
    }

    /** A new NIC at the paravirtual device address of {@code vm}, its line on the virtual PLIC. */
    static Nic plugNic(Vm vm) {
        Nic nic = new Nic();
        vm.attach(Integer.toUnsignedLong(MemoryMap.VIRTIO), nic);
        vm.interrupts().connect(VirtualInterrupts.NIC_SOURCE, nic::interruptPending);
        return nic;
    }

    /** The network port of {@code vm} (a VM of this cluster, or a copy a migration or failover moved it to). */
    public VmPort port(Vm vm) {
        VmPort p = ports.get(vm);
        if (p == null) throw new IllegalArgumentException("VM '" + vm.name() + "' is not a VM of this cluster");
        return p;
    }

    /** True when {@code vm} is a VM of the cluster as it runs now (not a migration's copy in the making, nor a backup). */
    public boolean current(Vm vm) { return ports.containsKey(vm); }

    /** Every VM's port, in creation order (a moved VM under its new copy). */
    public List<VmPort> ports() { return List.copyOf(ports.values()); }

    /** The port now belongs to {@code copy} (on {@code host}): what a migration or failover does at its end. */
    void move(VmPort port, Vm copy, Nic nic, Host host) {
        port.vm().travelStopAt(-1, null);   // a stop asked for on the port's VM goes with it (below)
        ports.remove(port.vm());
        port.attach(copy, nic, host);
        ports.put(copy, port);
        network.rebind(port.address(), host.site(), port);
        if (port == runStop) armRunStop();
        if (history != null) history.moved(port);
    }

    /** The run's stop goes on the VM its port has now. */
    private void armRunStop() {
        VmPort p = runStop;
        if (p != null) p.vm().travelStopAt(runStopAt, () -> stopHere(p.host()));
    }

    /**
     * A client machine (its own site) sending requests to {@code target}'s address at {@code
     * rate} per second, retransmitting after {@code timeout} cycles; starts now.
     */
    public Client client(Vm target, double rate, long timeout, boolean poisson) {
        return input(new ClusterInput.Client(port(target).address(), rate, timeout, poisson), () -> clientNow(target, rate, timeout, poisson));
    }

    private Client clientNow(Vm target, double rate, long timeout, boolean poisson) {
        if (!(rate > 0 && rate <= 1e7)) throw new IllegalArgumentException("client rate " + rate + " requests per second must be above 0, at most 10 million");
        if (timeout <= 0) throw new IllegalArgumentException("client timeout " + timeout + " cycles must be positive");
        int n = clients.size();
        String name = "c" + n;
        int site = network.attach(name);
        Client c = new Client(this, name, n, Address.CLIENTS + 1 + n, site, port(target).address(), rate, timeout, poisson);
        network.bind(c.address(), site, c);
        clients.add(c);
        made(c);
        c.start(now);
        return c;
    }

    public List<Client> clients() { return Collections.unmodifiableList(clients); }

    /** What all clients saw together (see {@link ReplyCheck}). */
    public ReplyCheck check() { return ReplyCheck.of(clients); }

    // ---------------------------------------------------------------- migration

    /** Starts migrating {@code vm} to host {@code to} now; it goes on as the cluster runs (see {@link Migration}). */
    public Migration migrate(Vm vm, Host to, Migration.Options options) {
        return input(new ClusterInput.Migrate(port(vm).address(), hosts.indexOf(to), options), () -> migrateNow(vm, to, options));
    }

    private Migration migrateNow(Vm vm, Host to, Migration.Options options) {
        VmPort port = port(vm);
        if (migrations.containsKey(port)) throw new IllegalStateException("VM '" + vm.name() + "' is being migrated already");
        for (Replication r : replications)
            if (r.primary() == vm) throw new IllegalStateException("VM '" + vm.name() + "' is replicated: it cannot migrate");
        if (!hosts.contains(to)) throw new IllegalArgumentException("host " + to.name() + " is not a host of this cluster");
        Migration m = Migration.start(this, port, to, options);
        if (!m.done() && m.phase() != Migration.Phase.ABORTED) migrations.put(port, m);
        made(m);
        return m;
    }

    /** The migrations under way, in the order they began. */
    public List<Migration> migrations() { return List.copyOf(migrations.values()); }

    void migrationEnded(Migration m) { migrations.values().remove(m); }

    // ---------------------------------------------------------------- replication

    /** Heartbeats of a replicated pair: every 50 microseconds each way. */
    public static final long HEARTBEAT = 50_000;

    /** The same, with a heartbeat every {@value #HEARTBEAT} cycles. */
    public Replication replicate(Vm vm, Host to, long epoch, long detection) { return replicate(vm, to, epoch, detection, HEARTBEAT); }

    /**
     * Starts replicating {@code vm} to a backup on host {@code to} (see {@link Replication}):
     * epochs of {@code epoch} guest instructions; each side sends the other a heartbeat every
     * {@code heartbeat} cycles and suspects it after {@code detection} cycles of silence.
     */
    public Replication replicate(Vm vm, Host to, long epoch, long detection, long heartbeat) {
        return input(new ClusterInput.Replicate(port(vm).address(), hosts.indexOf(to), epoch, detection, heartbeat),
                () -> replicateNow(vm, to, epoch, detection, heartbeat));
    }

    private Replication replicateNow(Vm vm, Host to, long epoch, long detection, long heartbeat) {
        VmPort port = port(vm);
        if (migrations.containsKey(port)) throw new IllegalStateException("VM '" + vm.name() + "' is being migrated");
        for (Replication r : replications)
            if (r.primary() == vm) throw new IllegalStateException("VM '" + vm.name() + "' is replicated already");
        if (!hosts.contains(to)) throw new IllegalArgumentException("host " + to.name() + " is not a host of this cluster");
        if (heartbeat < 1000) throw new IllegalArgumentException("heartbeat " + Times.format(heartbeat) + " must be at least 1.0 us");
        if (detection < heartbeat)
            throw new IllegalArgumentException("failure detection " + Times.format(detection) + " must be at least the heartbeat's " + Times.format(heartbeat));
        Replication r = Replication.start(this, port, to, epoch, detection, heartbeat);
        replications.add(r);
        made(r);
        return r;
    }

    /** The replications going on, in the order they began. */
    public List<Replication> replications() { return List.copyOf(replications); }

    void replicationEnded(Replication r) { replications.remove(r); }

    /** The witness that decides which copy of a replicated pair goes on alone (made on first use). */
    Witness witness() {
        if (witness == null) {
            int site = network.attach("witness");
            witness = new Witness(this, site, Address.SERVICES + 1);
            network.bind(witness.address(), site, witness);
            made(witness);
        }
        return witness;
    }

    /** The witness's site on the network, for partitions (made on first use). */
    public int witnessSite() { return witness == null ? input(new ClusterInput.Witness(), () -> witness().site()) : witness.site(); }

    // ---------------------------------------------------------------- failures

    /** Host {@code h} fails now (fail-stop): its site goes down, its VMs stop where they are. */
    void fail(Host h) {
        if (h.failed()) return;
        h.markFailed(now);
        network.down(h.site());
        for (Vm vm : h.vms()) vm.pause("host " + h.name() + " failed");
    }

    // ---------------------------------------------------------------- running

    /** Runs the cluster for {@code cycles} of simulated time (see the class comment). */
    public RunResult run(long cycles) { return run(cycles, Long.MAX_VALUE); }

    /** The same, ending also once {@code insnLimit} instructions have run over all hosts. */
    public RunResult run(long cycles, long insnLimit) { return run(cycles, insnLimit, null, -1); }

    /**
     * Runs the cluster for {@code cycles}, stopping where the VM of {@code port} has run
     * {@code guestInstruction} instructions (before it runs on: the hosts before its own in
     * the step have run to the step's end, those after it not yet); "stopped" when it did.
     */
    public RunResult runTo(VmPort port, long guestInstruction, long cycles) {
        if (guestInstruction < port.vm().guestInstructions())
            throw new IllegalArgumentException("VM '" + port.vm().name() + "' is past instruction " + guestInstruction + " already");
        return run(cycles, Long.MAX_VALUE, port, guestInstruction);
    }

    private RunResult run(long cycles, long insnLimit, VmPort stopPort, long stopAt) {
        if (recorder != null && !running && stopPort != null)
            recorder.giveUp("a run to a VM's instruction (a trip through history) is no input a replay can give again");
        ClusterRecorder r = recorder;
        if (r == null || running) return runNow(cycles, insnLimit, stopPort, stopAt);
        RunResult result = r.input(new ClusterInput.Run(cycles, insnLimit), () -> runNow(cycles, insnLimit, null, -1));
        if (result.reason().equals("stopped"))
            r.giveUp("dc.run() was stopped from outside at t = " + Times.format(now) + " (Ctrl-C or a time limit): where a stop lands "
                    + "is no input a replay can give again");
        return result;
    }

    private RunResult runNow(long cycles, long insnLimit, VmPort stopPort, long stopAt) {
        if (cycles < 0) throw new IllegalArgumentException("run time " + cycles + " cycles is negative");
        if (insnLimit < 0) throw new IllegalArgumentException("instruction limit " + insnLimit + " is negative");
        if (running) throw new IllegalStateException("the cluster is running already (this is a call from inside its run)");
        long start = now, until = cycles > Long.MAX_VALUE - now ? Long.MAX_VALUE : now + cycles, insns0 = instructions();
        long insnEnd = insnLimit > Long.MAX_VALUE - insns0 ? Long.MAX_VALUE : insns0 + insnLimit;
        if (history != null) history.beforeRun(until, insnEnd, stopPort, stopAt);
        runStop = stopPort;
        runStopAt = stopAt;
        armRunStop();
        String reason;
        try {
            reason = runLoop(until, insnEnd);
        } finally {
            if (stopPort != null) stopPort.vm().travelStopAt(-1, null);
            runStop = null;
        }
        if (history != null) history.afterRun(reason);
        return new RunResult(reason, now - start, instructions() - insns0);
    }

    /**
     * The run loop from where the cluster is (between steps, or inside one a stop ended) to
     * cluster time {@code until}, or until the hosts have executed {@code insnEnd}
     * instructions in all: "time", "budget" or "stopped".
     */
    String runLoop(long until, long insnEnd) {
        running = true;
        try {
            String reason = loop(until, insnEnd);
            if (reason.equals("stopped")) stopRequested = false;   // served; one that came as the run ended waits for the next (a trip's next stretch)
            return reason;
        } finally {
            running = false;
        }
    }

    /** {@link #runLoop}'s steps: the hosts to the next event, the events due, replication, history. */
    private String loop(long until, long insnEnd) {
        while (now < until) {
            if (stopRequested) return "stopped";
            if (instructions() >= insnEnd) return "budget";
            long next = Math.min(until, Math.min(events.next(), now + MAX_STEP));
            if (next > now) runHosts(next, insnEnd);
            if (stopRequested) return "stopped";
            if (instructions() >= insnEnd) return "budget";
            now = Math.max(now, next);
            events.runUntil(now);
            for (Replication r : List.copyOf(replications)) r.step(now);
            if (history != null) history.betweenSteps();
        }
        return "time";
    }

    /** Every host that is up runs until {@code time}, while the hosts have executed fewer than {@code insnEnd} instructions in all. */
    private void runHosts(long time, long insnEnd) {
        for (Host h : hosts) {
            long left = insnEnd - instructions();
            if (stopRequested || left <= 0) return;
            h.runUntil(time, left);
        }
    }

    /** Instructions executed over all hosts. */
    public long instructions() {
        long n = 0;
        for (Host h : hosts) n += h.instructions();
        return n;
    }

    /** Asks a run in progress to return soon (Ctrl-C, a time limit); any thread. */
    public void requestStop() {
        stopRequested = true;
        for (Host h : hosts) h.hypervisor().requestStop();
    }

    /** Forgets a stop asked for when no run was going on. */
    public void clearStopRequest() {
        stopRequested = false;
        for (Host h : hosts) h.hypervisor().clearStopRequest();
    }

    boolean stopping() { return stopRequested; }

    /** The run ends here, on {@code host}'s hart: a time traveller's stop was reached. */
    void stopHere(Host host) {
        stopRequested = true;
        host.hypervisor().endRun();
    }

    /** A VM's debugger stopped {@code host}'s run: true when a search through history noted it and the run goes on. */
    boolean searchHit(Host host) { return history != null && history.searchHit(host); }

    /** What was made on the cluster of {@code kind} (migrations, replications), in the order it was made. */
    public <T> List<T> made(Class<T> kind) {
        List<T> of = new ArrayList<>();
        for (Object o : made) if (kind.isInstance(o)) of.add(kind.cast(o));
        return of;
    }

    /** Notes an object with state the cluster's history keeps (see {@link #parts}). */
    void made(Object o) { made.add(o); }

    /** Every object whose fields are the cluster's state now: the cluster, its queue, network, sites, flows, hosts, generators and what it made. */
    List<Object> parts() {
        List<Object> parts = new ArrayList<>(List.of(this, events, random));
        network.parts(parts);
        parts.addAll(hosts);
        for (Object o : made) {
            parts.add(o);
            if (o instanceof Client c && c.random() != null) parts.add(c.random());
        }
        return parts;
    }

    // ---------------------------------------------------------------- recording

    /**
     * Records the cluster from now until the recording stops (see {@link ClusterRecorder}):
     * only before its first run, when its state is what it was built with, its VMs as made
     * and its hosts' states.
     */
    public ClusterRecorder record() {
        String why = unrecordable();
        if (why != null) throw new IllegalStateException(why);
        recorder = new ClusterRecorder(this);
        return recorder;
    }

    /** Why the cluster cannot begin a recording now, or null. */
    String unrecordable() {
        if (running) return "the cluster is running";
        if (recorder != null) return "a recording is going on; stop it first (r.stop())";
        if (history != null && history.inPast()) return "the cluster is in its past (a trip through its history); run it forward first";
        if (now > 0)
            return "the cluster has run (t = " + Times.format(now) + "): a cluster is recorded from before its first run, "
                    + "when its state is its hosts, its VMs and the network's settings";
        String extra = madeBesidesVms();
        if (extra != null) return "the cluster has " + extra + " already: a recording starts before them (dc.record() first)";
        for (Host h : hosts)
            if (h.failed() || h.failAt() >= 0) return "host " + h.name() + " has failed or is to fail already; record before that";
        if (events.size() > 0 || !network.flows().isEmpty())
            return "the cluster has " + events.size() + " events waiting and " + network.flows().size() + " flows at t = 0: record before what made them";
        return null;
    }

    /** The first thing made on the cluster besides its VMs (a client, a migration, a replication, the witness), as a user knows it, or null. */
    private String madeBesidesVms() {
        for (Object o : made) {
            if (o instanceof Client c) return "client " + c.name();
            if (o instanceof Migration m) return "a migration of VM '" + m.vm().name() + "'";
            if (o instanceof Replication r) return "a replication of VM '" + r.primary().name() + "'";
            if (o instanceof Witness) return "its witness (dc.witnessSite())";
        }
        return made.size() > ports.size() ? "objects made by a migration" : null;
    }

    /** True while a recording goes on. */
    public boolean recording() { return recorder != null; }

    /** {@code r} has ended: the cluster's input is its own again. */
    void recordingEnded(ClusterRecorder r) {
        if (recorder == r) recorder = null;
    }

    /** Gives {@code in} by {@code op}: a recording going on logs it (a call from inside a run cannot be given again: it ends the recording). */
    <T> T input(ClusterInput in, java.util.function.Supplier<T> op) {
        ClusterRecorder r = recorder;
        if (r == null) return op.get();
        if (running) {
            r.giveUp("a call of the cluster's (" + in.what() + ") came from inside a run (a hook): it has no place between runs");
            return op.get();
        }
        return r.input(in, op);
    }

    /** The same for an input with no result. */
    void given(ClusterInput in, Runnable op) {
        input(in, () -> {
            op.run();
            return null;
        });
    }

    /** A hash of the whole cluster: its time, every host's state, the network, the clients, migrations and replications (see {@link ClusterFingerprint}). */
    public String stateHash() { return ClusterFingerprint.hash(this); }

    // ---------------------------------------------------------------- history

    /**
     * Keeps the cluster's history from now on (see {@link ClusterHistory}): a checkpoint
     * every {@code interval} cycles of cluster time, at most {@code cap} bytes of host memory.
     */
    public ClusterHistory keepHistory(long interval, long cap) {
        if (running) throw new IllegalStateException("the cluster is running");
        if (history != null) history.close();
        history = null;
        ClusterHistory h = new ClusterHistory(this, interval, cap);
        history = h;
        return h;
    }

    /** Stops keeping history and lets its memory go. */
    public void forgetHistory() {
        if (history != null) history.close();
        history = null;
    }

    /** The cluster's history, or null. */
    public ClusterHistory history() { return history; }

    /** Every VM on the hosts now, host by host. */
    List<Vm> allVms() {
        List<Vm> all = new ArrayList<>();
        for (Host h : hosts) all.addAll(h.vms());
        return all;
    }

    /** Events waiting on the queue. */
    int pendingEvents() { return events.size(); }

    @Override public String toString() {
        return String.format("cluster: %d hosts, %d VMs, %d clients, t = %s", hosts.size(), ports.size(), clients.size(),
                Times.format(now));
    }
}
