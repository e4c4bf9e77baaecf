package vmsh.shell.js;

import java.util.ArrayList;
import java.util.List;
import vmsh.machine.Machine;
import vmsh.mem.MemoryMap;
import vmsh.shell.Sizes;

/** Physical memory of a machine, devices included: reads and writes of 1, 2 and 4 bytes. */
final class JsMemory extends JsObject {
    /** Large enough for a page table dump, small enough to print. */
    private static final int MAX_BYTES = 1 << 20;

    private final Machine machine;

    JsMemory(Session session, Machine machine) {
        super(session);
        this.machine = machine;
        for (int width : new int[] {1, 2, 4}) {
            int bits = width * 8;
            method("read" + bits, "read" + bits + "(addr): the " + bits + "-bit value at a physical address", a ->
                    Args.unsigned(machine.read(Args.u32(Args.at(a, 0), "address"), width)));
            method("write" + bits, "write" + bits + "(addr, value): store " + bits + " bits at a physical address", a -> {
                machine.write(Args.u32(Args.at(a, 0), "address"), width, Args.u32(Args.at(a, 1), "value"));
                return null;
            });
        }
        method("bytes", "bytes(addr, n): n bytes from a physical address, as an array", this::bytes);
    }

    private Object bytes(org.graalvm.polyglot.Value[] a) {
        int address = Args.u32(Args.at(a, 0), "address");
        long n = Args.positive(Args.at(a, 1), "bytes(addr, n): n");
        if (n > MAX_BYTES) throw JsError.range("bytes(addr, n): n " + n + " is more than " + MAX_BYTES);
        List<Object> out = new ArrayList<>((int) n);
        for (int i = 0; i < n; i++) out.add(machine.read(address + i, 1) & 0xff);
        return session.array(out);
    }

    @Override
    String kind() { return "mem"; }

    @Override
    public String toString() {
        return "memory: " + Sizes.format(machine.config().memoryBytes()) + " RAM at " + Globals.hex(MemoryMap.RAM);
    }
}
