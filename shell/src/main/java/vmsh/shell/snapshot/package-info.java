/**
 * Snapshot files: a saved machine or hypervisor host on disk, in a documented, versioned,
 * checksummed and compressed format ({@link vmsh.shell.snapshot.SnapshotFile}). The
 * runtime makes the snapshots (state as a value, {@code vmsh.state}); this package only
 * writes and reads them, so the runtime needs no JSON or file code.
 */
package vmsh.shell.snapshot;
