package vmsh.memsched;

import java.util.ArrayList;
import java.util.List;

/**
 * Which VMs reclamation takes from first, and which of a VM's pages hypervisor swapping
 * takes. Choosers are listed, by name, in {@link Reclaimers}.
 */
interface VictimChooser extends vmsh.state.Stateful {
    /** The VMs in the order memory is taken from them. */
    List<VmMemory> order(List<VmMemory> vms);

    /** A PRIVATE page of the VM to swap out, or -1 when it has none. */
    int page(VmMemory vm);

    /** VMs by how far they are above target, largest first (ties in creation order). */
    static List<VmMemory> byExcess(List<VmMemory> vms) {
        List<VmMemory> order = new ArrayList<>(vms);
        order.sort((a, b) -> Integer.compare(b.excess(), a.excess()));
        return order;
    }
}
