package vmsh.shell.campaign;

import vmsh.shell.ExitCode;
import vmsh.shell.VmshException;

/**
 * A deterministic slice of a campaign, {@code --shard I/N}: the runs whose grid index is I
 * modulo N. Dealing runs out in turn keeps slices even when later runs are longer; N
 * processes with I = 0..N-1 cover every run exactly once.
 */
record Shard(int index, int count) {
    static final Shard ALL = new Shard(0, 1);

    static Shard parse(String text) {
        String[] parts = text.strip().split("/", -1);
        try {
            if (parts.length == 2) {
                int i = Integer.parseInt(parts[0].strip()), n = Integer.parseInt(parts[1].strip());
                if (n >= 1 && i >= 0 && i < n) return new Shard(i, n);
                throw new VmshException(ExitCode.USAGE, "--shard " + text + ": need 0 <= I < N (Slurm arrays: --array=0-" + "<N-1>)");
            }
        } catch (NumberFormatException e) {
            // falls through to the message below
        }
        throw new VmshException(ExitCode.USAGE, "--shard " + text + ": write I/N, e.g. 3/8 (slice 3 of 8, counted from 0)");
    }

    boolean has(int runIndex) { return runIndex % count == index; }

    /** The records file of this slice: records.jsonl, or records-3of8.jsonl. */
    String recordsFile() { return count == 1 ? "records.jsonl" : "records-" + index + "of" + count + ".jsonl"; }

    @Override
    public String toString() { return index + "/" + count; }
}
