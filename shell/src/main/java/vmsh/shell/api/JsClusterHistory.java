package vmsh.shell.api;

import vmsh.dc.ClusterHistory;
import vmsh.dc.Times;
import vmsh.dc.VmPort;
import vmsh.shell.Sizes;

/**
 * A cluster's history as scripts see it: `dc.history` on cluster time, `vm.history` the same
 * history in one VM's own guest instructions.
 */
final class JsClusterHistory extends ApiObject {
    static final ApiType<JsClusterHistory> TYPE = ApiType.<JsClusterHistory>of("clusterHistory", "dc.history",
                    "A cluster's past, kept for going back (dc.keepHistory()): a checkpoint of the whole cluster (every host's snapshot, memory "
                    + "shared copy-on-write; the network, the clients, the migrations, the replications and the event queue) every `interval` "
                    + "of cluster time and at the start of each run (the input before it), and the runs between them (`dc.run()`; what `vm.run()` runs alone "
                    + "on a VM is input, no point to go to). `dc.history` counts cluster "
                    + "time in milliseconds, `vm.history` that VM's own guest instructions (`vm.reverseStep(n)`, `vm.reverseContinue()`, `vm.seek({insn})`).")
            .property("vm", "the VM it counts the instructions of, or null (the cluster's time)", h -> h.port == null ? null : h.port.vm().name())
            .property("insn", "the VM's guest instruction now (null for the cluster)", h -> h.port == null ? null : h.port.vm().guestInstructions())
            .property("time", "cluster time now, in milliseconds", h -> Times.ms(h.cluster.cluster().now()))
            .property("present", "the furthest point reached (the VM's instruction, or cluster time in ms); running forward from the past starts a new future there",
                    h -> h.port == null ? (Object) Times.ms(h.history.presentTime()) : (Object) h.history.present(h.port))
            .property("oldest", "the oldest point that can be reached again (the VM's instruction, or cluster time in ms)",
                    h -> h.port == null ? (Object) Times.ms(h.history.oldestTime()) : (Object) h.history.oldest(h.port))
            .property("past", "true while the cluster is at a point of its past", h -> h.history.inPast())
            .property("checkpoints", "how many checkpoints the cluster keeps", h -> h.history.checkpoints())
            .property("bytes", "host memory the checkpoints hold (frames they share counted once), their objects' fields estimated", h -> h.history.bytes())
            .property("interval", "cluster time between checkpoints, in milliseconds (dc.keepHistory({interval}))", h -> Times.ms(h.history.interval()))
            .property("cap", "the most host memory history may hold ('128M' by default); beyond it the oldest checkpoints go; assign a size to change it",
                    h -> h.history.cap(), (h, v) -> h.history.setCap(Args.size(v, "history.cap")))
            .property("runs", "runs logged (dc.run() calls, each as it was asked for)", h -> h.history.runs())
            .property("replayed", "instructions run again so far to reach points of the past", h -> h.history.replayed());

    private final JsCluster cluster;
    private final ClusterHistory history;
    private final VmPort port;

    JsClusterHistory(ScriptHost host, JsCluster cluster, ClusterHistory history, VmPort port) {
        super(host);
        this.cluster = cluster;
        this.history = history;
        this.port = port;
    }

    @Override ApiType<?> type() { return TYPE; }

    @Override public String toString() {
        if (port == null) return history.toString();
        return "history of VM '" + port.vm().name() + "' in the cluster: at instruction " + port.vm().guestInstructions() + " (present "
                + history.present(port) + "), oldest reachable " + history.oldest(port) + "; " + history.checkpoints() + " checkpoint"
                + (history.checkpoints() == 1 ? "" : "s") + " every " + Times.format(history.interval()) + " of cluster time, "
                + (history.bytes() + 1023) / 1024 + " KiB held of a " + Sizes.format(history.cap()) + " cap";
    }
}
