package vmsh.memsched;

/**
 * Content-based sharing at a glance: guest pages backed by shared frames and by the zero
 * frame, the frames they use, the memory saved (pages and bytes), copy-on-write breaks
 * (of shared and of zero pages), live hints, and the scanner's totals.
 */
public record SharingStats(int sharedPages, int sharedFrames, int zeroPages, int savedPages, long savedBytes,
        long cowBreaks, long zeroBreaks, int hints, long scanned, long hashed, long collisions, long staleHints) {}
