package vmsh.shell.api;

import java.util.ArrayList;
import java.util.List;
import org.graalvm.polyglot.Value;

/**
 * Memory as scripts read and write it, 1, 2 and 4 bytes at a time: a machine's physical
 * ({@code m.mem}, devices included) or virtual memory ({@code m.vmem}), a VM's
 * guest-physical or guest-virtual memory (see {@link MemoryView}).
 */
final class JsMemory extends ApiObject {
    /** Large enough for a page table dump, small enough to print. */
    private static final int MAX_BYTES = 1 << 20;

    static final ApiType<JsMemory> TYPE = ApiType.<JsMemory>of("mem", "m.mem",
                    "A machine's physical memory (`m.mem`) or virtual memory as the hart sees it now (`m.vmem`); "
                    + "a VM's guest-physical (`vm.mem`) or guest-virtual memory (`vm.vmem`).")
            .method("read8(addr)", "the byte at addr (also read16, read32)", (m, a) -> m.read(a, 1))
            .method("read16(addr)", "the 16-bit value at addr", (m, a) -> m.read(a, 2))
            .method("read32(addr)", "the 32-bit value at addr", (m, a) -> m.read(a, 4))
            .method("write8(addr, value)", "store a byte at addr (also write16, write32)", (m, a) -> m.write(a, 1))
            .method("write16(addr, value)", "store 16 bits at addr", (m, a) -> m.write(a, 2))
            .method("write32(addr, value)", "store 32 bits at addr", (m, a) -> m.write(a, 4))
            .method("bytes(addr, n)", "n bytes from addr, as an array", JsMemory::bytes)
            .method("string(addr, max)", "the NUL-terminated string at addr (at most max bytes, default 256)", JsMemory::string);

    private final MemoryView memory;

    JsMemory(ScriptHost host, MemoryView memory) {
        super(host);
        this.memory = memory;
    }

    int load(int address, int width) {
        return memory.load(address, width);
    }

    private Object read(Value[] a, int width) {
        return Args.unsigned(load(Args.u32(Args.at(a, 0), "address"), width));
    }

    private Object write(Value[] a, int width) {
        int address = Args.u32(Args.at(a, 0), "address");
        memory.store(address, width, Args.u32(Args.at(a, 1), "value"));
        return null;
    }

    private Object bytes(Value[] a) {
        int address = Args.u32(Args.at(a, 0), "address");
        long n = Args.positive(Args.at(a, 1), "bytes(addr, n): n");
        if (n > MAX_BYTES) throw JsError.range("bytes(addr, n): n " + n + " is more than " + MAX_BYTES);
        List<Object> out = new ArrayList<>((int) n);
        for (int i = 0; i < n; i++) {
            if (i % 4096 == 0) host.checkpoint();
            out.add(load(address + i, 1) & 0xff);
        }
        return host.array(out);
    }

    private Object string(Value[] a) {
        int address = Args.u32(Args.at(a, 0), "address");
        long max = Args.positiveOr(Args.at(a, 1), 256, "string(addr, max): max");
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < Math.min(max, MAX_BYTES); i++) {
            int c = load(address + i, 1) & 0xff;
            if (c == 0) break;
            b.append((char) c);
        }
        return b.toString();
    }

    @Override
    ApiType<?> type() { return TYPE; }

    @Override
    public String toString() { return memory.describe(); }
}
