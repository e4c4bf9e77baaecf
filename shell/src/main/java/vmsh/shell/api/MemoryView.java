package vmsh.shell.api;

import vmsh.hv.Vm;
import vmsh.hv.VmTranslation;
import vmsh.machine.Machine;
import vmsh.mem.MemoryMap;
import vmsh.mmu.Access;
import vmsh.mmu.Translation;
import vmsh.shell.Sizes;

/**
 * Memory as a debugger sees it: a machine's physical or virtual memory, a VM's
 * guest-physical or guest-virtual memory. Virtual addresses translate through the page
 * tables in place now, setting no A/D bits and touching no TLB; a VM's pages that the
 * guest never touched read 0 and stay untouched.
 */
interface MemoryView {
    /** {@code width} (1, 2 or 4) bytes at {@code address}, zero-extended. */
    int load(int address, int width);

    void store(int address, int width, int value);

    /** What this memory is, in a line. */
    String describe();

    static MemoryView physical(Machine m) {
        return new MemoryView() {
            @Override public int load(int address, int width) { return m.read(address, width); }
            @Override public void store(int address, int width, int value) { m.write(address, width, value); }
            @Override public String describe() {
                return "physical memory: " + Sizes.format(m.config().memoryBytes()) + " RAM at " + Globals.hex(MemoryMap.RAM);
            }
        };
    }

    static MemoryView virtual(Machine m) {
        MemoryView physical = physical(m);
        return new MemoryView() {
            @Override public int load(int address, int width) { return physical.load(pa(address, Access.LOAD), width); }
            @Override public void store(int address, int width, int value) { physical.store(pa(address, Access.STORE), width, value); }
            @Override public String describe() {
                return "virtual memory (through the current satp), " + Sizes.format(m.config().memoryBytes()) + " RAM at " + Globals.hex(MemoryMap.RAM);
            }

            private int pa(int address, int access) {
                Translation t = m.translate(address, access);
                if (!t.ok()) throw JsError.range(String.format("virtual address 0x%08x does not translate: %s", address, t.reason()));
                return (int) t.pa();
            }
        };
    }

    static MemoryView guestPhysical(Vm vm) {
        return new MemoryView() {
            @Override public int load(int address, int width) { return vm.peek(gpa(address, width), width); }
            @Override public void store(int address, int width, int value) { vm.guest().store(gpa(address, width), width, value); }
            @Override public String describe() {
                return String.format("guest-physical memory of VM '%s': %s at %s", vm.name(), Sizes.format(vm.guest().size()),
                        Globals.hex((int) vm.guest().base()));
            }

            private long gpa(int address, int width) {
                long gpa = Integer.toUnsignedLong(address);
                if (!vm.guest().contains(gpa, width))
                    throw JsError.range(String.format("guest-physical address 0x%08x is not in VM '%s' RAM", address, vm.name()));
                if ((gpa & (width - 1)) != 0) throw JsError.range(String.format("address 0x%08x is not aligned to %d bytes", address, width));
                return gpa;
            }
        };
    }

    static MemoryView guestVirtual(Vm vm) {
        MemoryView physical = guestPhysical(vm);
        return new MemoryView() {
            @Override public int load(int address, int width) { return physical.load(gpa(address, Access.LOAD), width); }
            @Override public void store(int address, int width, int value) { physical.store(gpa(address, Access.STORE), width, value); }
            @Override public String describe() { return "guest-virtual memory of VM '" + vm.name() + "' (through the guest's page table)"; }

            private int gpa(int address, int access) {
                VmTranslation t = vm.translate(address, access);
                if (!t.guest().ok())
                    throw JsError.range(String.format("guest-virtual address 0x%08x does not translate: %s", address, t.guest().reason()));
                return (int) t.guest().gpa();
            }
        };
    }
}
