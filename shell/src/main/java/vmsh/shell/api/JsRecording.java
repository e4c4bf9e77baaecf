package vmsh.shell.api;

import java.util.function.Function;
import org.graalvm.polyglot.Value;
import vmsh.dc.ClusterRecorder;
import vmsh.dc.ClusterRecording;
import vmsh.history.HostRecorder;
import vmsh.history.HostRecording;
import vmsh.history.Recorder;
import vmsh.history.Recording;
import vmsh.history.Replay;
import vmsh.history.Tape;
import vmsh.shell.snapshot.ClusterRecordingFile;
import vmsh.shell.snapshot.HostRecordingFile;
import vmsh.shell.snapshot.RecordingFile;
import vmsh.shell.snapshot.SnapshotContents;
import vmsh.shell.snapshot.SnapshotFile;

/** A recording being made, of a machine (`r = m.record()`) or of a host (`r = hv.record()`): stop it, save it, replay it. */
final class JsRecording extends ApiObject {
    static final ApiType<JsRecording> TYPE = type("recording", "A machine's run as a value (`r = m.record()` ... `r.stop()`): its start and the outside input it got "
                    + "(console input, changes between runs, hooks' writes), each at its instruction. `m.replay(r)` or "
                    + "`vmsh boot --replay FILE` plays it again to the same state.", "m.replay(file)", "instructions recorded",
            "outside input events recorded");
    static final ApiType<JsRecording> HOST = type("hostRecording", "A host's run as a value (`r = hv.record()` ... `r.stop()`): its start, its runs as they were asked for and the "
                    + "changes made between them (console input typed into a VM, packets, registers or memory written, images loaded), "
                    + "each at its host instruction. `hv.replay(r)` or `vmsh boot --technique T --replay FILE` plays it again to the same "
                    + "consoles and hv.stateHash().", "hv.replay(file)", "host instructions recorded", "log entries recorded: runs, and changes between them");
    static final ApiType<JsRecording> CLUSTER = type("clusterRecording", "A cluster's run as a value (`r = dc.record()` ... `r.stop()`): how it was built, "
                    + "its VMs as made, then each call between runs (clients, migrate, replicate, partition, heal, loss, fail), each run as asked, and "
                    + "whatever else changed a host between runs as the host's state, each at its cluster time. `dc.replay(r)` or `vmsh boot --replay FILE` "
                    + "plays it again on a new cluster to the same consoles and dc.stateHash(). Hooks are not input: they do not fire in a replay.",
            "dc.replay(file)", "instructions recorded over all hosts", "log entries recorded: calls, runs, and hosts' changes between them");

    private static ApiType<JsRecording> type(String name, String summary, String replay, String insns, String events) {
        return ApiType.<JsRecording>of(name, "r", summary)
                .method("stop()", "end the recording (it keeps what came so far); returns it", (r, a) -> r.stop())
                .method("save(file)", "write it (stopped first) under the output folder (--out); vmsh boot --replay FILE and " + replay + " read it; returns the path", JsRecording::save)
                .property("recording", "true until stop()", r -> r.tape.recording())
                .property("insns", insns, r -> r.tape.length())
                .property("events", events, r -> r.tape.events());
    }

    private final ApiType<JsRecording> type;
    private final Tape<?> tape;
    /** The file's contents of the recording. */
    private final Function<Object, SnapshotContents> contents;
    private final String noun, entry;

    private JsRecording(ScriptHost host, ApiType<JsRecording> type, Tape<?> tape, Function<Object, SnapshotContents> contents, String noun, String entry) {
        super(host);
        this.type = type;
        this.tape = tape;
        this.contents = contents;
        this.noun = noun;
        this.entry = entry;
    }

    /** A machine's recording; {@code image} (or null) goes into its file for the symbols. */
    static JsRecording of(ScriptHost host, Recorder recorder, JsImage image) {
        return new JsRecording(host, TYPE, recorder, r -> RecordingFile.contents((Recording) r, image == null ? null : image.image()),
                "instructions", "input event");
    }

    /** A cluster's recording. */
    static JsRecording of(ScriptHost host, ClusterRecorder recorder) {
        return new JsRecording(host, CLUSTER, recorder, r -> ClusterRecordingFile.contents((ClusterRecording) r), "instructions", "log entry");
    }

    /** A host's recording. */
    static JsRecording of(ScriptHost host, HostRecorder recorder) {
        return new JsRecording(host, HOST, recorder, r -> HostRecordingFile.contents((HostRecording) r), "host instructions", "log entry");
    }

    Tape<?> tape() { return tape; }

    JsRecording stop() {
        recording();
        return this;
    }

    /** The recording (stopped first); one given up says why. */
    Object recording() {
        try {
            return tape.stop();
        } catch (IllegalStateException e) {
            throw new JsError("Error", "r.stop(): " + e.getMessage());
        }
    }

    private Object save(Value[] a) {
        String name = Args.string(Args.at(a, 0), "save(file): file");
        byte[] bytes = SnapshotFile.write(contents.apply(recording()));
        return host.files().write(name, bytes).toString();
    }

    /** What m.replay() and hv.replay() return: {identical, insns, hash, expectedHash}. */
    static Object outcome(ScriptHost host, Replay.Outcome o) {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("identical", o.identical());
        m.put("insns", o.insns());
        m.put("hash", o.hash());
        m.put("expectedHash", o.expectedHash());
        return host.object(m);
    }

    @Override
    ApiType<?> type() { return type; }

    @Override
    public String toString() {
        String what = type == HOST ? "host recording" : type == CLUSTER ? "cluster recording" : "recording";
        int n = tape.events();
        String entries = entry.endsWith("y") && n != 1 ? entry.substring(0, entry.length() - 1) + "ies" : entry + (n == 1 ? "" : "s");
        return what + (tape.recording() ? "" : " (stopped)") + ": " + tape.length() + " " + noun + ", " + n + " " + entries;
    }
}
