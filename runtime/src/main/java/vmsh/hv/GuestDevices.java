package vmsh.hv;

import java.util.ArrayList;
import java.util.List;
import vmsh.isa.Decoder;
import vmsh.isa.Format;
import vmsh.isa.Kind;
import vmsh.isa.Opcode;
import vmsh.mem.Device;

/**
 * A VM's emulated devices at their guest-physical addresses (the QEMU {@code virt} layout:
 * test finisher 0x0010_0000, UART 0x1000_0000). Nothing maps them into the guest's
 * translation: every access faults to the VMM (a G-stage fault, or a shadow miss on a
 * device GPA), which decodes the guest's load or store and performs it here.
 */
public final class GuestDevices {
    /** A device window. */
    public record Window(long base, Device device) {
        boolean covers(long gpa) { return gpa >= base && gpa - base < device.size(); }
    }

    private final List<Window> windows = new ArrayList<>();

    void map(long base, Device device) { windows.add(new Window(base, device)); }

    /** The devices in the order they were mapped. */
    List<Device> devices() { return windows.stream().map(Window::device).toList(); }
    /** The device windows, in the order they were plugged in. */
    public List<Window> windows() { return java.util.Collections.unmodifiableList(windows); }

    /** The window covering guest-physical {@code gpa}, or null. */
    public Window at(long gpa) {
        for (Window w : windows) if (w.covers(gpa)) return w;
        return null;
    }

    /**
     * Performs the load or store {@code word} (the guest's instruction) at device address
     * {@code gpa} on the registers {@code x}: a load writes rd (sign- or zero-extended), a
     * store sends rs2's low bytes. Returns false when {@code word} is not a plain load or
     * store, or the access is not naturally aligned (the VMM then reflects an access fault).
     */
    public boolean emulate(int word, long gpa, int[] x) {
        Window w = at(gpa);
        Opcode op = Decoder.opcode(word);
        if (w == null || op == null) return false;
        Kind kind = op.kind;
        boolean load = kind.category() == Kind.Category.LOAD, store = kind.category() == Kind.Category.STORE;
        if (!load && !store || (gpa & (kind.width() - 1)) != 0) return false;
        int offset = (int) (gpa - w.base);
        if (store) {
            w.device.store(offset, kind.width(), x[Format.rs2(word)]);
        } else {
            int v = kind.extend(w.device.load(offset, kind.width()));
            int rd = Format.rd(word);
            if (rd != 0) x[rd] = v;
        }
        return true;
    }
}
