package vmsh.hostmem;

/**
 * What a VM's disk did.
 *
 * @param image       the base image's name
 * @param blocks      blocks of the disk
 * @param reads       blocks read into guest pages
 * @param sharedReads of them, reads that mapped the frame another read had filled (Disco's disk sharing)
 * @param writes      blocks written (into the overlay)
 * @param overlay     blocks of the overlay: this VM's own
 */
public record DiskStats(String image, int blocks, long reads, long sharedReads, long writes, int overlay) {}
