package vmsh.hv;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import vmsh.hostmem.PageState;
import vmsh.hostmem.PmapEntry;

/**
 * Making many VMs from one booted template ({@link Hypervisor#spawn}), LightVM's experiment
 * (Manco et al., SOSP 2017): by clone, boot or copy ({@link SpawnMethod}), each announced
 * through a control plane ({@link ControlPlane}), and what each way costs.
 *
 * <p>A creation takes host time: the hart is the host's only CPU, so the hypervisor's work
 * (its structures for the VM, pages shared or copied), the control plane's and, for a boot,
 * the guest's own run to the template's point all advance host time, and the VMs that run
 * meanwhile wait. The figures are kept per method and control plane ({@link #stats}); they
 * are the host's bookkeeping, not state a snapshot keeps.
 */
public final class Instantiation {
    /** The hypervisor's structures for a new VM: vCPU, devices, page map, its entry in the scheduler. */
    static final long VM_STRUCTURES_CYCLES = 20_000;
    /** One guest page shared with the template by reference (a page-map entry and a frame reference). */
    static final long PAGE_REFERENCE_CYCLES = 100;
    /** One 4 KiB page copied (an eager copy; a boot's image loaded page by page). */
    static final long PAGE_COPY_CYCLES = 2_000;
    /** The most VMs one spawn makes. */
    public static final int MAX_VMS = 1_000_000;

    private final Hypervisor hv;
    private final long[][] vms, cycles, planeCycles, bytes, last;
    /** Host time the creations of this spawn took that is not charged yet. */
    private long owed;

    Instantiation(Hypervisor hv) {
        this.hv = hv;
        int m = SpawnMethod.values().length, p = ControlPlane.values().length;
        vms = new long[m][p];
        cycles = new long[m][p];
        planeCycles = new long[m][p];
        bytes = new long[m][p];
        last = new long[m][p];
    }

    /**
     * {@code n} new VMs from {@code template} by {@code method}, announced through {@code
     * plane}, named {@code names} (null: the template's name, '-', a number, the first free
     * ones). Stops early, with the VMs made so far, when the hypervisor is asked to stop or
     * boots have run {@code insnLimit} instructions (the last boot may stop short of its point).
     */
    List<Vm> spawn(Vm template, int n, SpawnMethod method, ControlPlane plane, List<String> names, long insnLimit) {
        check(template, n, method, names);
        List<Vm> made = new ArrayList<>(n);
        // the memory scheduler shares memory out once for a clone's or a copy's batch (a boot runs in between)
        boolean batch = method != SpawnMethod.BOOT;
        if (batch) hv.memory().holdRebalance(true);
        try {
            int next = 1;
            long executed0 = hv.executed();
            for (int i = 0; i < n && !hv.spawnStopRequested(); i++) {
                long left = insnLimit - (hv.executed() - executed0);
                if (left <= 0) break;
                String name;
                if (names != null) name = names.get(i);
                else {
                    while (hv.hasVm(template.name() + "-" + next)) next++;
                    name = template.name() + "-" + next++;
                }
                made.add(one(template, name, method, plane, left));
            }
        } finally {
            if (batch) hv.memory().holdRebalance(false);
            hv.memory().tick(owed);   // clones and copies run nothing meanwhile: their host time is charged at once
            owed = 0;
        }
        return made;
    }

    private void check(Vm template, int n, SpawnMethod method, List<String> names) {
        if (template.hypervisor() != hv || !hv.hasVm(template))
            throw new IllegalArgumentException("VM '" + template.name() + "' is not on this host");
        if (n < 1 || n > MAX_VMS) throw new IllegalArgumentException("spawn count " + n + " must be in 1.." + MAX_VMS);
        if (template.image() == null)
            throw new IllegalArgumentException("VM '" + template.name() + "' has no image loaded: spawn needs a booted template");
        if (names != null) {
            if (names.size() != n)
                throw new IllegalArgumentException(names.size() + " names for " + n + " VMs: give one name per VM");
            Set<String> seen = new HashSet<>();
            for (String s : names) {
                if (s == null || s.isBlank()) throw new IllegalArgumentException("a VM needs a name, got '" + s + "'");
                if (!seen.add(s)) throw new IllegalArgumentException("the name '" + s + "' is given twice");
                if (hv.hasVm(s)) throw new IllegalArgumentException("a VM named '" + s + "' exists");
            }
        }
        if (method != SpawnMethod.BOOT) hv.checkCloneable(template);
    }

    /** One VM, charged to host time. */
    private Vm one(Vm template, String name, SpawnMethod method, ControlPlane plane, long insnLimit) {
        long plane0 = plane.creationCycles(hv.vms().size());
        int frames0 = hv.host().frames().usedFrames();
        long time0 = hv.now();
        long work = VM_STRUCTURES_CYCLES;
        Vm vm;
        switch (method) {
            case CLONE -> {
                vm = hv.cloneOf(template, name);
                work += PAGE_REFERENCE_CYCLES * mapped(vm);
            }
            case COPY -> {
                vm = hv.cloneOf(template, name);
                int copied = 0;
                for (PmapEntry e : vm.memory().pmap().entries())
                    if (e.state() == PageState.SHARED) {
                        vm.memory().pmap().touch(e.gpn(), true);
                        copied++;
                    }
                work += PAGE_COPY_CYCLES * copied + PAGE_REFERENCE_CYCLES * (mapped(vm) - copied);
            }
            case BOOT -> {
                vm = hv.createLike(template, name);
                vm.load(template.image(), template.params());
                work += PAGE_COPY_CYCLES * vm.memory().pmap().resident();
                hv.runTo(vm, template.guestInstructions(), insnLimit);
            }
            default -> throw new IllegalStateException(method.label);
        }
        long spent = hv.now() - time0 + work + plane0;
        if (method == SpawnMethod.BOOT) hv.memory().tick(work + plane0);   // its run comes next: host time is due now
        else owed += work + plane0;
        long held = 4096L * (hv.host().frames().usedFrames() - frames0) + vm.memory().pmap().entryBytes() + vm.stateBytes();
        int m = method.ordinal(), p = plane.ordinal();
        vms[m][p]++;
        cycles[m][p] += spent;
        planeCycles[m][p] += plane0;
        bytes[m][p] += held;
        last[m][p] = spent;
        return vm;
    }

    /** Guest pages mapped to a frame: private, shared or the zero frame. */
    private static int mapped(Vm vm) {
        var p = vm.memory().pmap();
        return p.count(PageState.PRIVATE) + p.count(PageState.SHARED) + p.count(PageState.ZERO);
    }

    /** The figures so far, one row per method and control plane that made a VM, in the enums' order. */
    public List<InstantiationStats> stats() {
        List<InstantiationStats> rows = new ArrayList<>();
        for (SpawnMethod method : SpawnMethod.values())
            for (ControlPlane plane : ControlPlane.values()) {
                int m = method.ordinal(), p = plane.ordinal();
                if (vms[m][p] > 0) rows.add(new InstantiationStats(method, plane, vms[m][p], cycles[m][p], planeCycles[m][p], bytes[m][p], last[m][p]));
            }
        return rows;
    }
}
