package vmsh.shell.api;

import vmsh.dc.Replication;
import vmsh.dc.Times;

/** A primary/backup pair, and its report. */
final class JsReplication extends ApiObject {
    static final ApiType<JsReplication> TYPE = ApiType.<JsReplication>of("replication", "ft",
                    "Primary/backup replication (`ft = dc.replicate(vm, h1, {epoch: 4096})`, Bressoud and Schneider): the backup runs the same "
                    + "instructions in lockstep through epochs; it goes on as the cluster runs; times in milliseconds of simulated time.")
            .property("report", "the report as text: log entries and bytes, the first copy, outputs and how long they waited for the backup, the failover, what the clients saw", r -> r.replication.report())
            .property("phase", "'syncing', 'replicating', 'failed-over' (the backup replays the rest of the log), 'done' (the backup took over), 'backup-lost' (the primary goes on alone) or 'lost' (the primary went silent before the backup was in sync)",
                    r -> r.replication.phase().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'))
            .property("outcome", "what happened, in words", r -> r.replication.outcome())
            .property("epoch", "guest instructions per epoch", r -> r.replication.epoch())
            .property("entries", "log entries the primary sent (epoch ends and ends of waits in wfi)", r -> r.replication.entries())
            .property("logBytes", "bytes of log sent (the input the guest got, and when)", r -> r.replication.logBytes())
            .property("released", "outputs the primary released after the backup acknowledged the log before them", r -> r.replication.released())
            .property("outputDelay", "ms an output waited for the backup on average", r -> Times.ms(r.replication.meanOutputDelay()))
            .property("heldOutputs", "outputs the primary holds now, waiting for the backup's acknowledgement", r -> r.replication.heldOutputs())
            .property("heldAtFailure", "outputs the primary still held when its host failed (a failure during output: they die with it, the backup's replay answers them)",
                    r -> r.replication.heldAtFailure())
            .property("resent", "outputs of its replay the backup sent again when it took over (clients drop the duplicates)", r -> r.replication.resent())
            .property("failoverInsn", "the guest instruction where the backup took over (null before)", r -> r.replication.failoverInstruction() < 0 ? null : r.replication.failoverInstruction())
            .property("failoverTime", "ms (cluster time) when the backup took over (null before)", r -> r.replication.failedOverAt() < 0 ? null : Times.ms(r.replication.failedOverAt()))
            .property("suspectedAt", "ms (cluster time) when the side the witness let go on had heard nothing from the other for the detection time (null before)", r -> r.replication.suspectedAt() < 0 ? null : Times.ms(r.replication.suspectedAt()))
            .property("suspicion", "which side was silent and for how long, as the side that went on saw it (null before)", r -> r.replication.suspicion())
            .property("deposed", "true when the witness chose the backup while the primary lived (a partition): the primary stopped, its held replies with it", r -> r.replication.primaryDeposed());

    private Replication replication;

    JsReplication(ScriptHost host, Replication replication) {
        super(host);
        this.replication = replication;
    }

    @Override ApiType<?> type() { return TYPE; }

    /** The replication this handle stands for. */
    Replication replication() { return replication; }

    /** Stands for {@code other} from now on: its counterpart on a replay's cluster. */
    void rebind(Replication other) { replication = other; }

    @Override public String toString() { return replication.report().stripTrailing(); }
}
