package vmsh.hv;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import vmsh.hostmem.DiskImage;
import vmsh.hostmem.GuestMemory;
import vmsh.hostmem.DiskStats;
import vmsh.hostmem.PageState;
import vmsh.image.Image;

/**
 * Disco's copy-on-write disks: VMs over one base image read the same blocks into one shared
 * frame each, write into overlays of their own, and never see each other's writes.
 */
class CopyOnWriteDiskTest {
    private static final Image GUEST = Guests.sample("hv/disk.s");
    private static final int BUFFER_GPN = 0x100;

    private static List<Vm> vms(int n, int blocks, int writer, Technique technique) {
        Hypervisor hv = new Hypervisor(HvConfig.DEFAULTS.memory(128L << 20));
        DiskImage base = hv.createDisk("base", 512, 1);
        List<Vm> vms = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Vm vm = hv.create("v" + i, 4L << 20, technique, -1, 0, 4L << 20, VmOptions.DEFAULTS.disk(base));
            vm.load(GUEST);
            vm.guest().storeWord(Integer.toUnsignedLong(GUEST.symbol("blocks")), blocks);
            vm.guest().storeWord(Integer.toUnsignedLong(GUEST.symbol("write_block")), i == writer ? 5 : -1);
            vms.add(vm);
        }
        hv.run(10_000_000_000L, true);
        for (Vm vm : vms) assertEquals(VmState.HALTED, vm.state(), vm.message() + " " + vm.console().text());
        return vms;
    }

    /** What the guest prints: the sum of the words of blocks 0 .. n-1 (plus the word it wrote back). */
    private static String expected(DiskImage image, int blocks, boolean wrote) {
        int sum = 0;
        for (int b = 0; b < blocks; b++) for (int w : image.read(b)) sum += w;
        if (wrote) sum += image.read(5)[0] + 1;
        return String.format("disk: %d blocks read, checksum 0x%08x\n", blocks, sum);
    }

    @Test void vmsReadingTheSameBlocksShareTheirFrames() {
        for (Technique t : new Technique[] {Technique.HW, Technique.TRAP}) {
            List<Vm> vms = vms(3, 64, -1, t);
            DiskImage base = vms.get(0).hypervisor().disk("base");
            for (Vm vm : vms) assertEquals(expected(base, 64, false), vm.console().text(), t.label);
            for (int b = 0; b < 64; b++) {
                int frame = vms.get(0).memory().pmap().mpn(BUFFER_GPN + b);
                for (Vm vm : vms) {
                    assertEquals(PageState.SHARED, vm.memory().pmap().state(BUFFER_GPN + b));
                    assertEquals(frame, vm.memory().pmap().mpn(BUFFER_GPN + b), "block " + b + " is one frame for all");
                }
            }
            assertEquals(new DiskStats("base", 512, 64, 0, 0, 0), vms.get(0).diskStats(), "the first reader fills the frames");
            assertEquals(new DiskStats("base", 512, 64, 64, 0, 0), vms.get(2).diskStats());
        }
    }

    @Test void aWriteGoesToTheWritersOverlayAlone() {
        List<Vm> vms = vms(3, 64, 1, Technique.HW);
        DiskImage base = vms.get(0).hypervisor().disk("base");
        assertEquals(expected(base, 64, false), vms.get(0).console().text());
        assertEquals(expected(base, 64, true), vms.get(1).console().text(), "the writer reads its own write back");
        assertEquals(expected(base, 64, false), vms.get(2).console().text(), "a later reader sees the base block");
        assertEquals(1, vms.get(1).diskStats().overlay());
        assertEquals(PageState.PRIVATE, vms.get(1).memory().pmap().state(BUFFER_GPN + 5), "the written page broke its sharing");
        assertEquals(PageState.SHARED, vms.get(2).memory().pmap().state(BUFFER_GPN + 5));
        assertEquals(base.read(5)[0], vms.get(2).peek(0x8010_5000L, 4));
    }

    @Test void aVmWithoutADiskIsToldSo() {
        Hypervisor hv = new Hypervisor(HvConfig.DEFAULTS.memory(64L << 20));
        Vm vm = hv.create("x", 4L << 20, Technique.HW);
        vm.load(GUEST);
        vm.run(1_000_000);
        assertEquals("disk: none (SBI VMSH_BLOCK not supported)\n", vm.console().text());
        assertNull(vm.diskStats());
        var e = assertThrows(IllegalArgumentException.class, () -> hv.disk("nope"));
        assertTrue(e.getMessage().contains("no disk image named 'nope'"));
        assertThrows(IllegalArgumentException.class, () -> hv.createDisk("big", DiskImage.MAX_BLOCKS + 1, 1));
    }

    /** A snapshot holds the overlay: a block written after it is the base image's again after a restore. */
    @Test void aSnapshotHoldsTheOverlay() {
        Hypervisor hv = new Hypervisor(HvConfig.DEFAULTS.memory(64L << 20));
        Vm vm = hv.create("d", 4L << 20, Technique.HW, -1, 0, 4L << 20, VmOptions.DEFAULTS.disk(hv.createDisk("base", 8, 1)));
        HvSnapshot s = hv.snapshot();
        vm.guest().write(GuestMemory.BASE, new byte[] {1, 2, 3, 4});
        vm.block().disk().write(2, vm.memory().pmap(), 0);
        assertEquals(1, vm.diskStats().overlay());
        hv.restore(s);
        assertEquals(0, vm.diskStats().overlay());
        assertEquals(1, Hypervisor.open(s).vm("d").options().disk().blocks() / 8);
    }
}
