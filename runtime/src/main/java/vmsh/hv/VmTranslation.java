package vmsh.hv;

import vmsh.mmu.Translation;

/**
 * How a guest virtual address translates in a VM: for {@code hw} the hardware's two-stage
 * walk (VS-stage over G-stage, every PTE address through the G-stage); for {@code trap}
 * the guest's own walk (in guest-physical memory, done by the VMM in software) and the
 * shadow entry the host hart really uses (GVA to HPA in one Sv32 walk).
 *
 * @param technique the VM's technique
 * @param guest     the guest's walk (hw: the full two-stage walk)
 * @param shadow    the shadow walk (trap), or null (hw)
 * @param cycles    what a TLB miss on this address costs in walk references, priced by the cost model
 */
public record VmTranslation(Technique technique, Translation guest, Translation shadow, long cycles) {
    /** Memory references of the walk a TLB miss makes on the host (shadow for trap, two-stage for hw). */
    public int references() { return shadow != null ? shadow.references() : guest.references(); }

    @Override public String toString() {
        StringBuilder b = new StringBuilder();
        if (shadow == null) {
            b.append("two-stage walk (hardware, on a TLB miss):\n").append(guest);
        } else {
            b.append("guest walk (the VMM, in software, on a hidden fault):\n").append(guest);
            b.append("shadow walk (hardware, on a TLB miss):\n").append(shadow);
        }
        b.append(String.format("TLB miss cost: %d memory references, %d cycles%n", references(), cycles));
        return b.toString();
    }
}
