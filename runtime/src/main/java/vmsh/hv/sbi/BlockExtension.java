package vmsh.hv.sbi;

import vmsh.hostmem.Disk;
import vmsh.hostmem.GuestMemory;

/**
 * The VMM's side of SBI extension VMSH_BLOCK, vmsh's paravirtual block device, for one VM
 * with a disk (a copy-on-write overlay over a shared base image, see {@link Disk}). A call
 * moves one 4 KiB block between the disk and a page of guest memory, synchronously.
 *
 * <pre>
 *  EID 0x0A00_0002 (firmware-specific range)             a0 = error, a1 = value on return
 *  FID 0 blocks()                                   -> a1 = blocks of the disk
 *  FID 1 read(a0 = block, a1 = gpa lo, a2 = hi)     the block into the page at gpa
 *  FID 2 write(a0 = block, a1 = gpa lo, a2 = hi)    the page at gpa into the block
 * </pre>
 *
 * Errors: INVALID_PARAM for a block outside the disk, INVALID_ADDRESS for a gpa that is not
 * a page-aligned page of guest RAM, NOT_SUPPORTED for another FID (and for the whole
 * extension in a VM without a disk: probing does not find it there).
 */
public final class BlockExtension {
    public static final int EID = 0x0A00_0002;
    public static final int BLOCKS = 0, READ = 1, WRITE = 2;

    static final int SUCCESS = 0, ERR_NOT_SUPPORTED = -2, ERR_INVALID_PARAM = -3, ERR_INVALID_ADDRESS = -5;

    /** Told of every guest page a read filled (its frame's old contents are gone). */
    @FunctionalInterface
    public interface PageFilled {
        void filled(long gpa);
    }

    private final Disk disk;
    private final GuestMemory memory;
    private final PageFilled filled;

    public BlockExtension(Disk disk, GuestMemory memory, PageFilled filled) {
        this.disk = disk;
        this.memory = memory;
        this.filled = filled;
    }

    public Disk disk() { return disk; }

    /** Serves FID {@code fid}: a0 = error, and the value (a1). */
    public BalloonExtension.Result call(int fid, int block, int lo, int hi) {
        if (fid == BLOCKS) return new BalloonExtension.Result(SUCCESS, disk.blocks());
        if (fid != READ && fid != WRITE) return new BalloonExtension.Result(ERR_NOT_SUPPORTED, 0);
        if (block < 0 || block >= disk.blocks()) return new BalloonExtension.Result(ERR_INVALID_PARAM, 0);
        long gpa = (lo & 0xffff_ffffL) | (hi & 0xffff_ffffL) << 32;
        if ((gpa & 0xfff) != 0 || !memory.contains(gpa, 4096)) return new BalloonExtension.Result(ERR_INVALID_ADDRESS, 0);
        int gpn = memory.gpn(gpa);
        if (fid == READ) {
            disk.read(block, memory.pmap(), gpn);
            filled.filled(gpa);
        } else {
            disk.write(block, memory.pmap(), gpn);
        }
        return new BalloonExtension.Result(SUCCESS, 0);
    }
}
