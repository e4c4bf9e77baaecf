package vmsh.hv;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import vmsh.dev.Plic;
import vmsh.mem.MemoryMap;

/**
 * A VM's interrupt controller: a virtual PLIC at the guest-physical address where QEMU's
 * {@code virt} machine has its PLIC (0x0C00_0000, the same layout: context 1 is the
 * guest's S-mode), emulated like every device of the VM, and the lines of the VM's devices
 * connected to it (the UART is source {@value Plic#UART_SOURCE}; a NIC plugged in by the
 * cluster, source {@value #NIC_SOURCE}).
 *
 * <p>Its S-mode output is the guest's supervisor external interrupt. Each technique
 * delivers it its own way before the guest runs on ({@link Virtualization#beforeRun}):
 * hardware assistance raises hvip.VSEIP, which the hart delivers to the guest in VS-mode;
 * trap-and-emulate raises SEIP in the virtual sip and injects the interrupt itself. A VM
 * asleep in wfi wakes when the output goes high ({@link #pending}).
 */
public final class VirtualInterrupts {
    /** The PLIC source of the first paravirtual device (QEMU virt: virtio-mmio slot 0 is source 1). */
    public static final int NIC_SOURCE = 1;
    /** The PLIC context of the guest's S-mode. */
    static final int S_CONTEXT = 1;

    private final Plic plic = new Plic();
    private final List<BooleanSupplier> lines = new ArrayList<>();

    VirtualInterrupts(GuestDevices devices) {
        devices.map(Integer.toUnsignedLong(MemoryMap.PLIC), plic);
    }

    /** Connects a device's interrupt line to PLIC source {@code source}. */
    public void connect(int source, BooleanSupplier line) {
        plic.connect(source, line);
        lines.add(line);
    }

    /** The guest's supervisor external interrupt is pending: a line is high and the PLIC passes it to S-mode. */
    public boolean pending() {
        for (BooleanSupplier l : lines) if (l.getAsBoolean()) return plic.interruptPending(S_CONTEXT);
        return false;
    }

    /** The virtual PLIC (its registers are the guest's; its state is the VM's). */
    public Plic plic() { return plic; }
}
