package vmsh.shell.snapshot;

import java.util.Map;

/**
 * The kinds of snapshot file, named as users know them, and what to do with a file given
 * where another kind was wanted.
 */
final class FileKinds {
    private FileKinds() {}

    /** A kind of file as users know it, and the calls and flags that take it. */
    private record Kind(String description, String use) {}

    private static final Map<String, Kind> KINDS = Map.of(
            MachineFile.KIND, new Kind("a machine's snapshot", "open it with machine.open or vmsh boot --from"),
            HypervisorFile.KIND, new Kind("a hypervisor host's snapshot", "open it with hv.open or vmsh boot --from"),
            VmFile.KIND, new Kind("one VM's snapshot", "load it with hv.load or hv.open, or vmsh boot --from"),
            RecordingFile.KIND, new Kind("a machine's recording", "replay it with m.replay or vmsh boot --replay"),
            HostRecordingFile.KIND, new Kind("a host's recording", "replay it with hv.replay or vmsh boot --replay"),
            ClusterRecordingFile.KIND, new Kind("a cluster's recording", "replay it with dc.replay or vmsh boot --replay"));

    /** The error for file {@code name} of {@code kind} read as a {@code wanted} one. */
    static SnapshotFileException wrong(String name, String kind, String wanted) {
        Kind k = KINDS.get(kind);
        return new SnapshotFileException(name, describe(kind) + ", not " + describe(wanted) + (k == null ? "" : " (" + k.use() + ")"));
    }

    private static String describe(String kind) {
        Kind k = KINDS.get(kind);
        return k != null ? k.description() : "a file of kind '" + kind + "', which this vmsh does not know";
    }
}
