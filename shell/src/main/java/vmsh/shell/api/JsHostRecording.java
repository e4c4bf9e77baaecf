package vmsh.shell.api;

import org.graalvm.polyglot.Value;
import vmsh.history.HostRecorder;
import vmsh.history.HostRecording;
import vmsh.shell.snapshot.HostRecordingFile;
import vmsh.shell.snapshot.SnapshotFile;

/** A recording of a host's runs and outside input (`r = hv.record()`): stop it, save it, replay it. */
final class JsHostRecording extends ApiObject {
    static final ApiType<JsHostRecording> TYPE = ApiType.<JsHostRecording>of("hostRecording", "r",
                    "A host's run as a value (`r = hv.record()` ... `r.stop()`): its start, its runs as they were asked for and the "
                    + "changes made between them (console input typed into a VM, packets, registers or memory written, images loaded), "
                    + "each at its host instruction. `hv.replay(r)` or `vmsh boot --technique T --replay FILE` plays it again to the same "
                    + "consoles and hv.stateHash().")
            .method("stop()", "end the recording (it keeps what came so far); returns it", (r, a) -> r.stop())
            .method("save(file)", "write it (stopped first) under the output folder (--out); vmsh boot --replay FILE and hv.replay(file) read it; returns the path", JsHostRecording::save)
            .property("recording", "true until stop()", r -> r.recorder.recording())
            .property("insns", "host instructions recorded", r -> r.recorder.length())
            .property("events", "log entries recorded: runs, and changes between them", r -> r.recorder.events());

    private final HostRecorder recorder;

    JsHostRecording(ScriptHost host, HostRecorder recorder) {
        super(host);
        this.recorder = recorder;
    }

    HostRecorder recorder() { return recorder; }

    JsHostRecording stop() {
        recorder.stop();
        return this;
    }

    HostRecording recording() { return recorder.stop(); }

    private Object save(Value[] a) {
        String name = Args.string(Args.at(a, 0), "save(file): file");
        byte[] bytes = SnapshotFile.write(HostRecordingFile.contents(recording()));
        return host.files().write(name, bytes).toString();
    }

    @Override
    ApiType<?> type() { return TYPE; }

    @Override
    public String toString() {
        return (recorder.recording() ? "host recording" : "host recording (stopped)") + ": " + recorder.length() + " host instructions, "
                + recorder.events() + " log entr" + (recorder.events() == 1 ? "y" : "ies");
    }
}
