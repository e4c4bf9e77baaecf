package vmsh.shell.snapshot;

/**
 * The kinds of snapshot file, named as users know them, and what to do with a file given
 * where another kind was wanted.
 */
final class FileKinds {
    private FileKinds() {}

    /** The error for file {@code name} of {@code kind} read as a {@code wanted} one. */
    static SnapshotFileException wrong(String name, String kind, String wanted) {
        String use = use(kind);
        return new SnapshotFileException(name, describe(kind) + ", not " + describe(wanted) + (use.isEmpty() ? "" : " (" + use + ")"));
    }

    private static String describe(String kind) {
        return switch (kind) {
            case MachineFile.KIND -> "a machine's snapshot";
            case HypervisorFile.KIND -> "a hypervisor host's snapshot";
            case VmFile.KIND -> "one VM's snapshot";
            case RecordingFile.KIND -> "a machine's recording";
            case HostRecordingFile.KIND -> "a host's recording";
            default -> "a file of kind '" + kind + "', which this vmsh does not know";
        };
    }

    private static String use(String kind) {
        return switch (kind) {
            case MachineFile.KIND -> "open it with machine.open or vmsh boot --from";
            case HypervisorFile.KIND -> "open it with hv.open or vmsh boot --from";
            case VmFile.KIND -> "load it with hv.load or hv.open, or vmsh boot --from";
            case RecordingFile.KIND -> "replay it with m.replay or vmsh boot --replay";
            case HostRecordingFile.KIND -> "replay it with hv.replay or vmsh boot --replay";
            default -> "";
        };
    }
}
