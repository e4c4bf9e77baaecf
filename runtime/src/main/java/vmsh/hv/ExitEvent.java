package vmsh.hv;

/**
 * One VM exit as the VMM saw it, for hooks ({@link Vm#onExit}).
 *
 * @param vm     the VM's name
 * @param reason why the guest exited
 * @param pc     the guest pc of the instruction that exited (or was interrupted)
 * @param detail what the VMM did, for people ("csrr sstatus", "SBI DBCN", "gva 0x40000000 -> gpa 0x80123000")
 */
public record ExitEvent(String vm, ExitReason reason, int pc, String detail) {
    @Override public String toString() {
        return String.format("%s: %s at 0x%08x: %s", vm, reason.label(), pc, detail);
    }
}
