package vmsh.shell.api;

import vmsh.hv.VmSnapshot;
import vmsh.shell.Sizes;
import vmsh.shell.snapshot.SnapshotFile;
import vmsh.shell.snapshot.VmFile;

/** One VM's state apart from its host, as a value (`s = vm.snapshot()`): restore it, load it into a host, save it. */
final class JsVmSnapshot extends ApiObject {
    static final ApiType<JsVmSnapshot> TYPE = ApiType.<JsVmSnapshot>of("vmSnapshot", "s",
                    "One VM's state apart from its host (`s = vm.snapshot()`): its vCPUs, the technique's view of the guest "
                    + "(virtual CSRs), devices, console, balloon, disk overlay, the contents of its pages and its counters, "
                    + "and the VMM's warm state in guest terms (what its G-stage or shadow tables map, the VM's host TLB entries "
                    + "in LRU order: a restore rebuilds them without counting, so the guest's clock comes back exact). "
                    + "Not in it, because they are the host's: which frames back the pages and what they share, the swap device, "
                    + "the VMM's tables as frames, the memory scheduler, NUMA placement, host time. "
                    + "`vm.restore(s)` goes back to it, `hv.load(s)` makes a new VM of it, `s.save('a.vmsnap')` writes it.")
            .property("name", "the name of the VM it was taken of", s -> s.snapshot.spec().name())
            .property("technique", "the VM's technique", s -> s.snapshot.spec().technique().label)
            .property("hash", "a SHA-256 of the VM's whole state: equal states, equal hashes, on any host (vm.stateHash())", s -> s.snapshot.hash())
            .property("guestHash", "a SHA-256 of what the guest is, its counters left out: two runs the guest cannot tell apart agree on it",
                    s -> s.snapshot.guestHash())
            .property("pages", "guest pages (4 KiB) with contents it holds, shared copy-on-write with the host", s -> s.snapshot.pages().count())
            .property("bytes", "bytes it refers to: its saved parts plus the pages (shared ones included)", s -> s.snapshot.bytes())
            .method("save(file)", "write it to a snapshot file (kind 'vm') under the output folder (--out); hv.load(file) or hv.open(file) "
                    + "makes a VM of it again; returns the path", JsVmSnapshot::save);

    private final VmSnapshot snapshot;

    JsVmSnapshot(ScriptHost host, VmSnapshot snapshot) {
        super(host);
        this.snapshot = snapshot;
    }

    VmSnapshot snapshot() { return snapshot; }

    private Object save(org.graalvm.polyglot.Value[] a) {
        String name = Args.string(Args.at(a, 0), "save(file): file");
        return host.files().write(name, SnapshotFile.write(VmFile.contents(snapshot))).toString();
    }

    @Override
    ApiType<?> type() { return TYPE; }

    @Override
    public String toString() {
        return "snapshot of VM " + snapshot.spec().name() + " (" + snapshot.spec().technique().label + ", "
                + Sizes.format(snapshot.spec().memoryBytes()) + "): " + snapshot.pages().count() + " pages (" + kib(snapshot.pages().bytes())
                + " KiB) shared copy-on-write, " + kib(snapshot.guest().length + snapshot.counters().length + snapshot.warm().length) + " KiB of saved parts, hash "
                + snapshot.hash().substring(0, 16);
    }

    private static long kib(long bytes) { return (bytes + 1023) / 1024; }
}
