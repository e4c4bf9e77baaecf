package vmsh.shell.api;

import vmsh.machine.MachineSnapshot;
import vmsh.shell.Sizes;
import vmsh.shell.snapshot.MachineFile;
import vmsh.shell.snapshot.SnapshotFile;

/** A machine's state at one instruction, as a value (`s = m.snapshot()`): restore it, copy it, save it. */
final class JsSnapshot extends ApiObject {
    static final ApiType<JsSnapshot> TYPE = ApiType.<JsSnapshot>of("snapshot", "s",
                    "A machine's whole state at one instruction (`s = m.snapshot()`): `m.restore(s)` goes back to it, "
                    + "`s.save('k.vmsnap')` writes it to a file. Memory is shared copy-on-write, so a snapshot costs little.")
            .property("insns", "instructions the machine had executed when it was taken", s -> s.snapshot.insns())
            .property("hash", "a SHA-256 of the whole state (registers, CSRs, devices, TLB, memory): equal states, equal hashes",
                    s -> s.snapshot.hash())
            .property("frames", "RAM frames (4 KiB) it holds, shared copy-on-write with the machine", s -> s.snapshot.ram().count())
            .property("bytes", "host bytes it refers to: its saved registers and devices plus its frames (shared ones included)",
                    s -> s.snapshot.bytes())
            .method("save(file)", "write it to a snapshot file under the output folder (--out); machine.open(file) reads it back; returns the path",
                    JsSnapshot::save);

    private final MachineSnapshot snapshot;
    /** The image the machine had loaded (for its symbols), or null. */
    private final JsImage image;

    JsSnapshot(ScriptHost host, MachineSnapshot snapshot, JsImage image) {
        super(host);
        this.snapshot = snapshot;
        this.image = image;
    }

    MachineSnapshot snapshot() { return snapshot; }

    JsImage image() { return image; }

    private Object save(org.graalvm.polyglot.Value[] a) {
        String name = Args.string(Args.at(a, 0), "save(file): file");
        byte[] bytes = SnapshotFile.write(MachineFile.contents(snapshot, image == null ? null : image.image()));
        return host.files().write(name, bytes).toString();
    }

    @Override
    ApiType<?> type() { return TYPE; }

    @Override
    public String toString() {
        return "snapshot at instruction " + snapshot.insns() + " of a " + Sizes.format(snapshot.config().memoryBytes())
                + " machine: " + snapshot.ram().count() + " frames (" + kib(snapshot.ram().bytes()) + " KiB) shared copy-on-write, "
                + kib(snapshot.state().length) + " KiB of registers and devices, hash " + snapshot.hash().substring(0, 16);
    }

    private static long kib(long bytes) { return (bytes + 1023) / 1024; }
}
