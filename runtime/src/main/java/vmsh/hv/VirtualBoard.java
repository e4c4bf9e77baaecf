package vmsh.hv;

import static vmsh.isa.Encoding.*;

import vmsh.dev.Clint;
import vmsh.dev.Plic;
import vmsh.image.Image;
import vmsh.mem.Device;
import vmsh.mem.MemoryMap;
import vmsh.state.StateIn;
import vmsh.state.StateOut;

/**
 * The board of a whole-machine guest ({@link VmMachine#FULL}) besides its UART and test
 * finisher: the CLINT and the PLIC at their QEMU {@code virt} addresses, emulated on every
 * access (MMIO exits, as the UART's), and Spike's HTIF {@code tohost} word.
 * <ul>
 * <li>The CLINT counts the guest's own time (its vCPU's, see {@link Vcpu}): mtime reads the
 *     time the guest ran, and mtimecmp is the vCPU's timer deadline, so a guest waiting in
 *     wfi for its timer sleeps off the hart exactly as an SBI guest's set_timer does.
 * <li>The PLIC is the VM's ({@link VirtualInterrupts}), the UART on source {@value Plic#UART_SOURCE}; context 0 drives the guest's
 *     mip.MEIP, context 1 its SEIP line.
 * <li>tohost: an image with a {@code tohost} symbol ends the run by writing it (riscv-tests);
 *     the VMM looks at the word before each run of the guest (the tests spin after writing it).
 * </ul>
 * {@link #pending} is the guest hart's device lines (MSIP, MTIP, MEIP, SEIP).
 */
final class VirtualBoard {
    private final Vm vm;
    private final Clint clint;
    private final Plic plic;
    private long tohost = -1;

    VirtualBoard(Vm vm) {
        this.vm = vm;
        this.clint = new Clint(() -> vm.vcpu().time() * Clint.CYCLES_PER_TICK);
        this.plic = vm.interrupts().plic();
        vm.devices().map(Integer.toUnsignedLong(MemoryMap.CLINT), new TimerWindow());
    }

    /** The interrupt lines the devices drive into the guest's hart: MSIP, MTIP (CLINT), MEIP, SEIP (PLIC contexts 0, 1). */
    int pending() {
        return (clint.softwarePending() ? MIP_MSIP : 0) | (vm.vcpu().timerDue() ? MIP_MTIP : 0)
                | (plic.interruptPending(0) ? MIP_MEIP : 0) | (plic.interruptPending(1) ? MIP_SEIP : 0);
    }

    /** The image is loaded: watch its tohost word, if it has one. */
    void loaded(Image image) {
        tohost = image.hasSymbol("tohost") ? Integer.toUnsignedLong(image.symbol("tohost")) : -1;
    }

    /** Before the guest runs: a tohost exit (an odd payload, high word 0) halts it with payload >> 1. */
    void poll() {
        if (tohost < 0 || !vm.guest().contains(tohost, 8)) return;
        int low = vm.peek(tohost, 4), high = vm.peek(tohost + 4, 4);
        if (high == 0 && (low & 1) != 0) vm.halt(low >>> 1, "HTIF tohost");
    }

    /** The CLINT's window: after each store the vCPU's deadline follows mtimecmp (and mtime, if it moved). */
    private final class TimerWindow implements Device {
        @Override public String name() { return "clint"; }

        @Override public int size() { return MemoryMap.CLINT_SIZE; }

        @Override public int load(int offset, int width) { return clint.load(offset, width); }

        @Override public void store(int offset, int width, int value) {
            clint.store(offset, width, value);
            long cmp = Integer.toUnsignedLong(clint.load(Clint.MTIMECMP, 4)) | (long) clint.load(Clint.MTIMECMP + 4, 4) << 32;
            long ahead = cmp - clint.mtime();   // ticks until mtime reaches mtimecmp
            Vcpu c = vm.vcpu();
            if (Long.compareUnsigned(clint.mtime(), cmp) >= 0) c.setDeadline(c.time());
            else c.setDeadline(ahead < 0 || ahead > Long.MAX_VALUE / 4 ? -1 : c.time() + ahead);
        }

        @Override public void save(StateOut out) { clint.save(out); }

        @Override public void restore(StateIn in) { clint.restore(in); }
    }
}
