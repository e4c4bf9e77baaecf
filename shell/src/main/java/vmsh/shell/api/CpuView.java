package vmsh.shell.api;

import vmsh.isa.Encoding;
import vmsh.hv.Vcpu;
import vmsh.hv.Vm;
import vmsh.machine.Machine;

/**
 * The registers a script reads and writes: a bare machine's hart, or a VM's vCPU as it
 * was when the VM last left the hart (VMs run in quanta; between runs, that is all of it).
 */
interface CpuView {
    int pc();

    void setPc(int pc);

    /** Register x{@code n}; x0 reads 0. */
    int reg(int n);

    /** Sets x{@code n}; writes to x0 are ignored. */
    void setReg(int n, int value);

    /** The privilege mode, as info registers shows it: "M-mode", "S-mode (guest)", ... */
    String mode();

    static CpuView of(Machine m) {
        return new CpuView() {
            @Override public int pc() { return m.pc(); }
            @Override public void setPc(int pc) { m.setPc(pc); }
            @Override public int reg(int n) { return m.reg(n); }
            @Override public void setReg(int n, int value) { m.setReg(n, value); }
            @Override public String mode() { return Encoding.privilegeName(m.privilege()) + "-mode"; }
        };
    }

    static CpuView of(Vm vm) {
        Vcpu v = vm.vcpu();
        return new CpuView() {
            @Override public int pc() { return v.pc; }
            @Override public void setPc(int pc) { v.pc = pc; }
            @Override public int reg(int n) { return n == 0 ? 0 : v.x[n]; }
            @Override public void setReg(int n, int value) { if (n != 0) v.x[n] = value; }
            @Override public String mode() { return Encoding.privilegeName(vm.guestPrivilege()) + "-mode (guest)"; }
        };
    }
}
