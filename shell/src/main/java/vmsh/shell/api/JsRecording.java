package vmsh.shell.api;

import org.graalvm.polyglot.Value;
import vmsh.history.Recorder;
import vmsh.history.Recording;
import vmsh.shell.snapshot.RecordingFile;
import vmsh.shell.snapshot.SnapshotFile;

/** A recording of a machine's outside input (`r = m.record()`): stop it, save it, replay it. */
final class JsRecording extends ApiObject {
    static final ApiType<JsRecording> TYPE = ApiType.<JsRecording>of("recording", "r",
                    "A machine's run as a value (`r = m.record()` ... `r.stop()`): its start and the outside input it got "
                    + "(console input, changes between runs, hooks' writes), each at its instruction. `m.replay(r)` or "
                    + "`vmsh boot --replay FILE` plays it again to the same state.")
            .method("stop()", "end the recording (it keeps what came so far); returns it", (r, a) -> r.stop())
            .method("save(file)", "write it (stopped first) under the output folder (--out); vmsh boot --replay FILE and m.replay(file) read it; returns the path", JsRecording::save)
            .property("recording", "true until stop()", r -> r.recorder.recording())
            .property("insns", "instructions recorded", r -> r.recorder.length())
            .property("events", "outside input events recorded", r -> r.recorder.events());

    private final Recorder recorder;
    private final JsImage image;

    JsRecording(ScriptHost host, Recorder recorder, JsImage image) {
        super(host);
        this.recorder = recorder;
        this.image = image;
    }

    Recorder recorder() { return recorder; }

    JsRecording stop() {
        recorder.stop();
        return this;
    }

    Recording recording() { return recorder.stop(); }

    private Object save(Value[] a) {
        String name = Args.string(Args.at(a, 0), "save(file): file");
        byte[] bytes = SnapshotFile.write(RecordingFile.contents(recording(), image == null ? null : image.image()));
        return host.files().write(name, bytes).toString();
    }

    /** What m.replay() and hv.replay() return: {identical, insns, hash, expectedHash}. */
    static Object outcome(ScriptHost host, boolean identical, long insns, String hash, String expectedHash) {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("identical", identical);
        m.put("insns", insns);
        m.put("hash", hash);
        m.put("expectedHash", expectedHash);
        return host.object(m);
    }

    @Override
    ApiType<?> type() { return TYPE; }

    @Override
    public String toString() {
        return (recorder.recording() ? "recording" : "recording (stopped)") + ": " + recorder.length() + " instructions, "
                + recorder.events() + " input event" + (recorder.events() == 1 ? "" : "s");
    }
}
