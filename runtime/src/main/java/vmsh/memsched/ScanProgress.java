package vmsh.memsched;

/** How far the sharing scanner got through one VM: completed passes and the position in this one. */
public record ScanProgress(String vm, int pages, long passes, int position) {
    /** Fraction of the current pass done. */
    public double fraction() { return (double) position / pages; }
}
