package vmsh.shell.api;

import java.util.ArrayList;
import java.util.List;
import org.graalvm.polyglot.Value;
import vmsh.machine.Machine;
import vmsh.mem.MemoryMap;
import vmsh.mmu.Access;
import vmsh.mmu.Translation;
import vmsh.shell.Sizes;

/**
 * A machine's memory, devices included: reads and writes of 1, 2 and 4 bytes. Physical
 * ({@code m.mem}) or virtual ({@code m.vmem}: translated through the current page tables
 * as a debugger does, setting no A/D bits and touching no TLB).
 */
final class JsMemory extends ApiObject {
    /** Large enough for a page table dump, small enough to print. */
    private static final int MAX_BYTES = 1 << 20;

    static final ApiType<JsMemory> TYPE = ApiType.<JsMemory>of("mem", "m.mem",
                    "Physical memory (`m.mem`) or virtual memory as the hart sees it now (`m.vmem`).")
            .method("read8(addr)", "the byte at addr (also read16, read32)", (m, a) -> m.read(a, 1))
            .method("read16(addr)", "the 16-bit value at addr", (m, a) -> m.read(a, 2))
            .method("read32(addr)", "the 32-bit value at addr", (m, a) -> m.read(a, 4))
            .method("write8(addr, value)", "store a byte at addr (also write16, write32)", (m, a) -> m.write(a, 1))
            .method("write16(addr, value)", "store 16 bits at addr", (m, a) -> m.write(a, 2))
            .method("write32(addr, value)", "store 32 bits at addr", (m, a) -> m.write(a, 4))
            .method("bytes(addr, n)", "n bytes from addr, as an array", JsMemory::bytes)
            .method("string(addr, max)", "the NUL-terminated string at addr (at most max bytes, default 256)", JsMemory::string);

    private final Machine machine;
    private final boolean virtual;

    JsMemory(ScriptHost host, Machine machine, boolean virtual) {
        super(host);
        this.machine = machine;
        this.virtual = virtual;
    }

    /** The physical address of {@code address} for {@code access}; the identity for m.mem. */
    int physical(int address, int access) {
        if (!virtual) return address;
        Translation t = machine.translate(address, access);
        if (!t.ok()) throw JsError.range(String.format("virtual address 0x%08x does not translate: %s", address, t.reason()));
        return (int) t.pa();
    }

    int load(int address, int width) {
        return machine.read(physical(address, Access.LOAD), width);
    }

    private Object read(Value[] a, int width) {
        return Args.unsigned(load(Args.u32(Args.at(a, 0), "address"), width));
    }

    private Object write(Value[] a, int width) {
        int address = Args.u32(Args.at(a, 0), "address");
        machine.write(physical(address, Access.STORE), width, Args.u32(Args.at(a, 1), "value"));
        return null;
    }

    private Object bytes(Value[] a) {
        int address = Args.u32(Args.at(a, 0), "address");
        long n = Args.positive(Args.at(a, 1), "bytes(addr, n): n");
        if (n > MAX_BYTES) throw JsError.range("bytes(addr, n): n " + n + " is more than " + MAX_BYTES);
        List<Object> out = new ArrayList<>((int) n);
        for (int i = 0; i < n; i++) out.add(load(address + i, 1) & 0xff);
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
    public String toString() {
        return (virtual ? "virtual memory (through the current satp), " : "physical memory: ")
                + Sizes.format(machine.config().memoryBytes()) + " RAM at " + Globals.hex(MemoryMap.RAM);
    }
}
