package vmsh.shell.js;

import java.util.LinkedHashMap;
import java.util.Map;
import org.graalvm.polyglot.Value;
import vmsh.isa.Csr;
import vmsh.machine.Machine;
import vmsh.machine.RunResult;
import vmsh.shell.Sizes;

/** A bare machine as scripts see it: load, run, step, registers, memory, console, CSRs. */
final class JsMachine extends JsObject {
    private final Machine machine;

    JsMachine(Session session, Machine machine) {
        super(session);
        this.machine = machine;
        JsRegisters regs = new JsRegisters(session, machine);
        JsMemory mem = new JsMemory(session, machine);
        JsConsole console = new JsConsole(session, machine.console());
        method("load", "load(image): copy an image into memory and set pc to its entry", this::load);
        method("run", "run({insns}): run until the guest halts or the budget ends; returns {reason, insns, cycles, exitCode, message}", this::run);
        method("step", "step(): execute one instruction; returns what run() returns", a -> result(session.run(machine, 1)));
        property("regs", "the integer registers: regs.a0, regs.x5, regs.sp = ...", () -> regs);
        property("pc", "the program counter (read and write)", () -> Args.unsigned(machine.pc()),
                v -> machine.setPc(Args.u32(v, "pc")));
        property("mem", "physical memory: read8/16/32(addr), write8/16/32(addr, v), bytes(addr, n)", () -> mem);
        property("console", "the UART console: .text, .feed(text), .clear()", () -> console);
        method("csr", "csr(name or number): a CSR's value, e.g. csr('mstatus')", a -> Args.unsigned(machine.csr(csrNumber(Args.at(a, 0)))));
    }

    private Object load(Value[] a) {
        Value v = Args.at(a, 0);
        if (v == null || !v.isProxyObject() || !(v.asProxyObject() instanceof JsImage image))
            throw JsError.type("load(image) needs an image from asm(...), got " + ValueFormat.inspect(v));
        machine.load(image.image());
        return this;
    }

    private Object run(Value[] a) {
        Value opts = Args.options(Args.at(a, 0), "run()", "insns");
        Value insns = Args.option(opts, "insns");
        long budget = insns == null ? Long.MAX_VALUE : Args.positive(insns, "insns");
        return result(session.run(machine, budget));
    }

    private Value result(RunResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("reason", r.reason().label);
        m.put("insns", r.insns());
        m.put("cycles", r.cycles());
        m.put("exitCode", r.exitCode());
        m.put("message", r.message());
        return session.object(m);
    }

    private static int csrNumber(Value v) {
        if (v != null && v.isString()) {
            int n = Csr.number(v.asString());
            if (n < 0) throw JsError.range("no CSR named '" + v.asString() + "'");
            return n;
        }
        long n = Args.integer(v, "csr(name or number): argument");
        if (n < 0 || n > 0xfff) throw JsError.range("CSR number " + n + " is out of range (0 to 0xfff)");
        return (int) n;
    }

    @Override
    String kind() { return "machine"; }

    @Override
    public String toString() {
        String pc;
        try {
            pc = Globals.hex(machine.pc());
        } catch (RuntimeException e) {
            pc = "unknown";
        }
        return "machine: " + Sizes.format(machine.config().memoryBytes()) + " RAM, pc " + pc;
    }
}
