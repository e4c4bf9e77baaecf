package vmsh.hv;

import java.util.Locale;

/**
 * What a VM offers its guest: an SBI platform (the VMM is the guest's firmware, as under
 * KVM) or a whole machine (the VMM also virtualizes M-mode, as Popek and Goldberg's
 * "efficient, isolated duplicate of the real machine" asks).
 */
public enum VmMachine {
    /**
     * The VMM is the guest's SBI firmware: a kernel boots at its {@code kernel_entry} symbol
     * (else at the image's entry) in (V)S-mode, and its ecalls are SBI calls. A guest that
     * needs M-mode cannot run.
     */
    SBI("sbi", "an SBI platform (the VMM is the firmware): the kernel starts at kernel_entry in S-mode"),
    /**
     * The bare machine, duplicated: the guest starts at its image's entry in virtual M-mode
     * and finds the QEMU {@code virt} board (CLINT, PLIC, UART, test finisher, HTIF tohost);
     * the VMM virtualizes M-mode's CSRs, mret, M-mode traps and interrupts, and emulates the
     * CLINT and PLIC (see {@link VirtualBoard}, {@link TrapAndEmulate}, {@link VirtualHart}).
     */
    FULL("full", "a whole machine: the guest starts at its entry in virtual M-mode, with its own firmware, CLINT and PLIC");

    public final String label;
    /** A line of help. */
    public final String summary;

    VmMachine(String label, String summary) {
        this.label = label;
        this.summary = summary;
    }

    /** "sbi" or "full" (any case). */
    public static VmMachine parse(String s) {
        String t = s.toLowerCase(Locale.ROOT).trim();
        for (VmMachine m : values()) if (m.label.equals(t)) return m;
        throw new IllegalArgumentException("machine '" + s + "' must be 'sbi' or 'full'");
    }

    @Override public String toString() { return label; }
}
