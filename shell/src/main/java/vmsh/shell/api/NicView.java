package vmsh.shell.api;

import java.util.LinkedHashMap;
import java.util.Map;
import vmsh.dev.Nic;
import vmsh.hv.GuestDevices;
import vmsh.hv.Vm;
import vmsh.mem.MemoryMap;

/** A VM's network card as scripts see it (vm.nic). */
record NicView(Nic nic) {
    /** The NIC plugged into {@code vm} at the paravirtual device address, or null. */
    static NicView nic(Vm vm) {
        GuestDevices.Window w = vm.devices().at(Integer.toUnsignedLong(MemoryMap.VIRTIO));
        return w != null && w.device() instanceof Nic n ? new NicView(n) : null;
    }

    Map<String, Object> row() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("address", vmsh.dc.Address.format(nic.address()));
        m.put("sent", nic.sent());
        m.put("received", nic.received());
        m.put("queued", nic.queued());
        m.put("drops", nic.drops());
        return m;
    }
}
