package vmsh.shell.api;

import vmsh.hv.HvSnapshot;
import vmsh.shell.Sizes;
import vmsh.shell.snapshot.HypervisorFile;
import vmsh.shell.snapshot.SnapshotFile;

/** A hypervisor host's state between runs, as a value (`s = hv.snapshot()`): restore it, save it. */
final class JsHvSnapshot extends ApiObject {
    static final ApiType<JsHvSnapshot> TYPE = ApiType.<JsHvSnapshot>of("hvSnapshot", "s",
                    "A hypervisor host's whole state (`s = hv.snapshot()`): every VM (vCPU, virtual CSRs, devices, console, "
                    + "shadow or G-stage tables), host memory (pmaps with page states, shared frames, the swap device), the memory "
                    + "scheduler with its samplers and generators. `hv.restore(s)` goes back to it, `s.save('h.vmsnap')` writes it; "
                    + "host RAM and swap pages are shared copy-on-write.")
            .property("vms", "the VMs' names, in creation order", s -> s.host.array(s.snapshot.vms().stream().map(v -> (Object) v.name()).toList()))
            .property("hash", "a SHA-256 of the whole host state: equal states, equal hashes (hv.stateHash())", s -> s.snapshot.hash())
            .property("frames", "host RAM frames (4 KiB) it holds, shared copy-on-write with the host", s -> s.snapshot.ram().count())
            .property("swapped", "swap-device pages it holds", s -> s.snapshot.swap().count())
            .property("bytes", "host bytes it refers to: its saved parts plus frames and swap pages (shared ones included)", s -> s.snapshot.bytes())
            .method("save(file)", "write it to a snapshot file under the output folder (--out); hv.open(file) reads it back; returns the path",
                    JsHvSnapshot::save);

    private final HvSnapshot snapshot;

    JsHvSnapshot(ScriptHost host, HvSnapshot snapshot) {
        super(host);
        this.snapshot = snapshot;
    }

    HvSnapshot snapshot() { return snapshot; }

    private Object save(org.graalvm.polyglot.Value[] a) {
        String name = Args.string(Args.at(a, 0), "save(file): file");
        return host.files().write(name, SnapshotFile.write(HypervisorFile.contents(snapshot))).toString();
    }

    @Override
    ApiType<?> type() { return TYPE; }

    @Override
    public String toString() {
        return "host snapshot of " + Sizes.format(snapshot.config().memoryBytes()) + " with " + snapshot.vms().size() + " VM(s): "
                + snapshot.ram().count() + " frames (" + kib(snapshot.ram().bytes()) + " KiB) and " + snapshot.swap().count()
                + " swap pages shared copy-on-write, " + kib(snapshot.state().length()) + " KiB of saved parts, hash "
                + snapshot.hash().substring(0, 16);
    }

    private static long kib(long bytes) { return (bytes + 1023) / 1024; }
}
