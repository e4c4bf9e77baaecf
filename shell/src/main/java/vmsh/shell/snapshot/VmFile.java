package vmsh.shell.snapshot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import vmsh.hostmem.DiskImage;
import vmsh.hv.HvSnapshot;
import vmsh.hv.VmSnapshot;

/**
 * One VM's own snapshot as file contents, and back. The header carries the VM as it was
 * created (name, memory, technique, shares, min, max, options) with its image's entry and
 * symbols, the base image of its disk (name, blocks, seed) when it has one, and the hash;
 * the payload three blocks of saved parts (the guest's side, the counters, the VMM's warm
 * state in guest terms) and one frame set: the contents of the guest's pages by guest page number.
 */
public final class VmFile {
    public static final String KIND = "vm";

    private VmFile() {}

    public static SnapshotContents contents(VmSnapshot s) {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("vm", HypervisorFile.spec(s.spec()));
        DiskImage disk = s.spec().options().disk();
        if (disk != null) header.put("disk", HypervisorFile.disk(disk));
        header.put("hash", s.hash());
        return new SnapshotContents(KIND, header, List.of(s.guest(), s.counters(), s.warm()), List.of(s.pages()));
    }

    /** The VM snapshot in {@code c}; {@code name} names the file in errors. */
    public static VmSnapshot snapshot(SnapshotContents c, String name) {
        if (!KIND.equals(c.kind()))
            throw FileKinds.wrong(name, c.kind(), KIND);
        if (c.states().size() != 3 || c.frames().size() != 1)
            throw new SnapshotFileException(name, "damaged: a VM has its guest's side, its counters, the VMM's warm state and its pages, the file "
                    + c.states().size() + " blocks and " + c.frames().size() + " frame sets");
        HvSnapshot.VmSpec spec;
        try {
            List<DiskImage> disks = new ArrayList<>();
            if (c.header().get("disk") != null) disks.add(HypervisorFile.disk(HypervisorFile.map(c.header().get("disk"))));
            spec = HypervisorFile.spec(HypervisorFile.map(c.header().get("vm")), disks, name);
        } catch (SnapshotFileException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new SnapshotFileException(name, "the header's VM is damaged" + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
        if (c.frames().get(0).slots() != spec.memoryBytes() >>> 12)
            throw new SnapshotFileException(name, "damaged: " + c.frames().get(0).slots() + " pages in a VM of " + (spec.memoryBytes() >>> 12));
        VmSnapshot s = new VmSnapshot(spec, c.states().get(0), c.states().get(1), c.frames().get(0), c.states().get(2));
        if (!s.hash().equals(c.header().get("hash"))) throw new SnapshotFileException(name, "corrupted: the state does not match its hash");
        return s;
    }
}
