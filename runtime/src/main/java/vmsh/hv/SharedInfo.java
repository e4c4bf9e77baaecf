package vmsh.hv;

import vmsh.hostmem.FrameUse;
import vmsh.hostmem.HostMemory;
import vmsh.hostmem.MachineMemory;

/**
 * The page a {@code pv} guest shares with the VMM (Xen's shared-info page), mapped
 * read-write at {@link PvAbi#SHARED} in every address space: the guest kernel's virtual
 * CPU state it reads and writes without an exit (its sstatus, the interrupt enable and
 * pending bits, the trap cause, value and pc the VMM delivers, sscratch, its satp, the
 * offset of its time), the count of multicall entries it queued, and the console ring.
 * Field offsets: {@link PvAbi}.
 */
final class SharedInfo {
    private final MachineMemory frames;
    private int mpn;

    SharedInfo(HostMemory host) {
        this.frames = host.frames();
        this.mpn = host.allocate(FrameUse.SYSTEM);
        frames.zero(mpn);
    }

    int mpn() { return mpn; }

    int get(int offset) { return frames.load(mpn, offset, 4); }

    void set(int offset, int value) { frames.store(mpn, offset, 4, value); }

    /** The bytes the guest put in the console ring since the last call (the VMM consumes them). */
    byte[] drainConsole() {
        int prod = get(PvAbi.CONSOLE_PROD), cons = get(PvAbi.CONSOLE_CONS);
        int n = Math.max(0, Math.min(prod - cons, PvAbi.CONSOLE_SIZE));
        byte[] out = new byte[n];
        for (int i = 0; i < n; i++) out[i] = (byte) frames.load(mpn, PvAbi.CONSOLE_RING + (cons + i & PvAbi.CONSOLE_SIZE - 1), 1);
        set(PvAbi.CONSOLE_CONS, prod);
        return out;
    }

    void release() { frames.free(mpn); }

    /** Its frame (the contents are host memory's). */
    void save(vmsh.state.StateOut out) { out.putInt(mpn); }

    void restore(vmsh.state.StateIn in) { mpn = in.getInt(); }
}
