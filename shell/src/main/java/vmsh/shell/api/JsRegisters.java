package vmsh.shell.api;

import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.proxy.ProxyArray;
import org.graalvm.polyglot.proxy.ProxyExecutable;
import org.graalvm.polyglot.proxy.ProxyObject;
import vmsh.isa.Registers;

/**
 * The integer registers of a machine or a VM by name: {@code m.regs.a0}, {@code m.regs.x5},
 * {@code m.regs.sp = 0x80010000}. Values read as unsigned 32-bit numbers; printed, the
 * registers form a table with their ABI names.
 */
final class JsRegisters implements ProxyObject {
    /** For the docs only: the members are the 32 registers themselves. */
    static final ApiType<JsRegisters> TYPE = ApiType.<JsRegisters>of("regs", "m.regs",
                    "The integer registers (unsigned 32-bit numbers), by ABI name or number; printed, a table.")
            .property("a0", "a register by ABI name (zero ra sp gp tp t0-t6 s0-s11 a0-a7, fp); assignable", r -> null)
            .property("x5", "a register by number, x0 to x31 (x0 reads 0, writes are ignored)", r -> null);

    private final ScriptHost host;
    private final CpuView cpu;
    private final ProxyExecutable toStringFn = args -> toString();

    JsRegisters(ScriptHost host, CpuView cpu) {
        this.host = host;
        this.cpu = cpu;
    }

    @Override
    public Object getMember(String key) {
        int n = Registers.number(key);
        if (n >= 0) return host.guard(() -> Args.unsigned(cpu.reg(n)));
        return "toString".equals(key) ? toStringFn : null;
    }

    @Override
    public Object getMemberKeys() {
        Object[] names = new Object[32];
        for (int i = 0; i < 32; i++) names[i] = Registers.name(i);
        return ProxyArray.fromArray(names);
    }

    @Override
    public boolean hasMember(String key) {
        return Registers.number(key) >= 0 || "toString".equals(key);
    }

    @Override
    public void putMember(String key, Value value) {
        host.guard(() -> {
            int n = Registers.number(key);
            if (n < 0) throw JsError.type("no register named '" + key + "' (use x0..x31 or ABI names such as a0, sp)");
            cpu.setReg(n, Args.u32(value, key));
            return null;
        });
    }

    /** pc and x0..x31, four to a line, each with its number: {@code a0 (x10) 0x00000005}. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        try {
            b.append(String.format("pc        %s  %s%n", Globals.hex(cpu.pc()), cpu.mode()));
            for (int i = 0; i < 32; i++) {
                b.append(String.format("%-9s %s", Registers.name(i) + " (x" + i + ")", Globals.hex(cpu.reg(i))));
                b.append(i % 4 == 3 ? (i == 31 ? "" : "\n") : "   ");
            }
        } catch (RuntimeException e) {
            return "registers: unavailable (" + e.getMessage() + ")";
        }
        return b.toString();
    }
}
