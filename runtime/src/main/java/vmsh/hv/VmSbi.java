package vmsh.hv;

import vmsh.hostmem.GuestMemory;
import vmsh.hv.sbi.BalloonExtension;
import vmsh.hv.sbi.SbiEnvironment;
import vmsh.hv.sbi.SbiIds;

/** What a VM's SBI calls reach: its console, guest memory, vCPU timer and power. */
final class VmSbi implements SbiEnvironment {
    private final Vm vm;

    VmSbi(Vm vm) { this.vm = vm; }

    @Override public void consoleWrite(int b) { vm.console().transmit(b); }

    @Override public int consoleRead() { return vm.console().receive(); }

    @Override public boolean isGuestRam(long gpa, long length) { return vm.guest().contains(gpa, length); }

    @Override public byte[] readGuest(long gpa, int length) { return vm.guest().read(gpa, length); }

    @Override public void writeGuest(long gpa, byte[] bytes) {
        GuestMemory g = vm.guest();
        g.write(gpa, bytes);
        vm.virtualization().guestWritten(gpa, bytes.length);
        // the engine may hold decoded code of those frames
        for (long p = gpa & ~0xfffL; p < gpa + bytes.length; p += 0x1000) {
            int mpn = g.pmap().mpn(g.gpn(p));
            if (mpn >= 0) vm.hypervisor().engine().forgetFrame(mpn);
        }
    }

    @Override public void setTimer(long time) {
        vm.vcpu().setDeadline(time);
        vm.virtualization().timerCleared();
    }

    @Override public int harts() { return vm.vcpus().size(); }

    @Override public boolean hartStart(int id, int pc, int opaque) { return vm.startVcpu(id, pc, opaque); }

    @Override public void hartStop() { vm.stopVcpu("SBI hart_stop"); }

    @Override public boolean hartStopped(int id) { return vm.vcpus().get(id).stopped; }

    @Override public BalloonExtension balloon() { return vm.balloon(); }

    @Override public vmsh.hv.sbi.BlockExtension block() { return vm.block(); }

    @Override public boolean paravirtual() { return vm.technique() == Technique.PV; }

    @Override public void systemReset(int type, int reason) {
        String how = type == SbiIds.SRST_TYPE_SHUTDOWN ? "SBI shutdown" : "SBI reboot (vmsh powers off instead)";
        vm.halt(reason, how + (reason == SbiIds.SRST_REASON_SYSTEM_FAILURE ? ", system failure" : ""));
    }
}
