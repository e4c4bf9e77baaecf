package vmsh.hv;

import vmsh.hostmem.DiskImage;

/**
 * How a VM is built besides its memory and technique.
 *
 * @param superpages how its guest memory is backed (4 KiB pages, or superpage reservations)
 * @param vcpus      its virtual CPUs, 1 to {@value #MAX_VCPUS} (more than one: technique {@code hw})
 * @param placement  where its pages get host frames on a NUMA host
 * @param nested     null, or (technique {@code hw}, one vCPU, 4 KiB pages) how L0 pages the guest of
 *                   the guest hypervisor this VM runs: the guest sees the H extension
 * @param disk       the base image of its disk (a private copy-on-write overlay over it), or null: no disk
 * @param machine    an SBI platform (the VMM is the guest's firmware) or a whole machine
 */
public record VmOptions(SuperpagePolicy superpages, int vcpus, Placement placement, NestedPaging nested, DiskImage disk,
                        VmMachine machine) {
    public static final int MAX_VCPUS = 8;
    public static final VmOptions DEFAULTS = new VmOptions(SuperpagePolicy.OFF, 1, Placement.FIRST_TOUCH, null, null, VmMachine.SBI);

    public VmOptions {
        if (superpages == null) throw new IllegalArgumentException("superpages must be 'off' or 'reserve'");
        if (vcpus < 1 || vcpus > MAX_VCPUS) throw new IllegalArgumentException("vcpus " + vcpus + " must be in 1.." + MAX_VCPUS);
        if (placement == null) throw new IllegalArgumentException("placement must be given");
        if (machine == null) throw new IllegalArgumentException("machine must be 'sbi' or 'full'");
    }

    public VmOptions superpages(SuperpagePolicy p) { return new VmOptions(p, vcpus, placement, nested, disk, machine); }

    public VmOptions vcpus(int n) { return new VmOptions(superpages, n, placement, nested, disk, machine); }

    public VmOptions placement(Placement p) { return new VmOptions(superpages, vcpus, p, nested, disk, machine); }

    public VmOptions nested(NestedPaging paging) { return new VmOptions(superpages, vcpus, placement, paging, disk, machine); }

    public VmOptions disk(DiskImage image) { return new VmOptions(superpages, vcpus, placement, nested, image, machine); }

    public VmOptions machine(VmMachine m) { return new VmOptions(superpages, vcpus, placement, nested, disk, m); }
}
