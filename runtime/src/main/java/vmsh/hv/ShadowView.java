package vmsh.hv;

import java.util.List;
import vmsh.mmu.Mapping;

/**
 * One of the VMM's translation structures as a user sees it: a shadow page table (for a
 * guest address space and mode) or the G-stage table, with its mappings merged into ranges.
 *
 * @param name     "G-stage (vmid 1)" or "shadow satp 0x80080012, guest kernel view"
 * @param root     host-physical address of the root table
 * @param entries  valid leaf entries
 * @param mappings the mappings, merged as QEMU's {@code info mem}
 */
public record ShadowView(String name, long root, int entries, List<Mapping> mappings) {
    @Override public String toString() {
        StringBuilder b = new StringBuilder(String.format("%s: root 0x%09x, %d entries%n", name, root, entries));
        for (Mapping m : mappings) b.append("  ").append(m).append('\n');
        return b.toString();
    }
}
