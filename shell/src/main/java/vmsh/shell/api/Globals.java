package vmsh.shell.api;

import java.util.List;
import java.util.StringJoiner;
import org.graalvm.polyglot.Value;
import vmsh.asm.Assembler;

/**
 * The global names of a vmsh script: THE list ({@link #ALL}). help(), tab completion and
 * the API reference (docs/api.md) read it.
 *
 * <p>Adding a global (say the hypervisor's {@code hv}):
 * <ol>
 * <li>write its class in this package, one class per JavaScript object, extending
 *     {@link ApiObject} with a static {@link ApiType} table of its members (see
 *     {@link JsMachine} for the pattern);
 * <li>add one line to {@link #ALL}, e.g.
 *     {@code Global.value("hv", "the hypervisor: hv.create({...}), hv.run(...)", JsHypervisor::new)};
 * <li>add its type to {@link Api#TYPES} so that help() and docs/api.md list its members;
 * <li>run {@code ./vmsh docs --update} and commit the new docs/api.md
 *     (ApiDocsTest fails until the file matches).
 * </ol>
 */
final class Globals {
    private Globals() {}

    static final List<Global> ALL = List.of(
        Global.function("print(...values)", "print values to stdout, separated by spaces", Globals::print),
        Global.function("help(object?)", "list the globals, or an object's members, with a line of help each", Help::help),
        Global.function("readFile(path)", "text of a file under the script's folder or the working directory",
                (s, a) -> s.files().read(Args.string(Args.at(a, 0), "readFile(path): path"))),
        Global.function("sample(path)", "text of a bundled sample guest, samples/PATH of this vmsh, wherever the script runs: asm(sample('hello.s'))",
                (s, a) -> s.files().sample(Args.string(Args.at(a, 0), "sample(path): path"))),
        Global.function("writeFile(path, text)", "write text to a file under the output folder (--out)", Globals::writeFile),
        Global.function("asm(text), asm`...`", "assemble RISC-V (GNU as syntax) into an image",
                (s, a) -> new JsImage(s, Assembler.assemble(source(a), "asm", s.files().resolver(), s::checkpoint))),
        Global.function("elf(path)", "an ELF32 RISC-V executable (read as readFile reads) as an image with its symbols, for m.load or vm.load",
                (s, a) -> JsImage.fromElf(s, Args.string(Args.at(a, 0), "elf(path): path"))),
        Global.function("machine({memory, tlb, isa, jit})", "a bare RV32 machine, e.g. machine({memory: '64M', tlb: {entries: 16, ways: 4}, isa: 'rv32imah'}); jit: true (the default) translates hot guest code to JVM bytecode once the process has run 2x10^8 guest instructions, jit: N at once where an instruction is jumped to N times, jit: false never (the same results either way)",
                (s, a) -> JsMachine.create(s, Args.at(a, 0)), List.of(
                Global.member("open(file)", "a machine restored from a snapshot file (s.save(file)); it becomes the current one",
                        (s, a) -> JsMachine.open(s, Args.string(Args.at(a, 0), "machine.open(file): file"))))),
        Global.value("hv", "the hypervisor: hv.create({name, memory, technique}), hv.run({cycles}), hv.stats()", JsHypervisor::new),
        Global.function("cluster({hosts, host, network, seed})", "a data center: hosts (each a hypervisor, as hv) on a simulated network, "
                + "e.g. cluster({hosts: 2, host: {memory: '256M'}, network: {bandwidth: '1Gbit', latency: '100us'}})",
                (s, a) -> JsCluster.create(s, Args.at(a, 0))),
        Global.function("use(m)", "make m (a machine or a VM) the target of the monitor commands (info registers, x/4wx, step, ...)",
                Globals::use),
        Global.function("hex(n)", "n as 0x-prefixed 32-bit hex", (s, a) -> hex(Args.u32(Args.at(a, 0), "hex(n): n"))),
        Global.function("table(rows)", "rows (objects or arrays) as an aligned text table; address columns in hex", Table::global),
        Global.function("heatmap(pages)", "one cell per page, by state ({state} objects or strings), with a legend", Heatmap::global),
        Global.function("plot({title, x, series, ...})", "a line chart; .save('name.png' or 'name.svg') writes it under --out", JsPlot::create),
        Global.function("isa(extension?)", "the instruction table: isa() every instruction, isa('zbb') one extension's, isa(m) a machine's; help('add') one instruction", JsIsa::create),
        Global.function("seed()", "the seed of everything random (--seed N; default 1)", (s, a) -> s.seed()),
        Global.function("limit({insns, seconds}, fn)", "call fn() with at most insns guest instructions and seconds of wall time for its guest runs and asm(); "
                + "running out throws a LimitError (catch it: one submission of many); returns what fn returns", Globals::limit),
        Global.function("exit(code)", "end the script now with exit status code (0 to 255; default 0), whatever catches; what it printed stays",
                Globals::exit),
        Global.value("args", "the script's command-line arguments", s -> s.array(List.copyOf(s.args()))),
        Global.value("params", "this run's parameters: vmsh sweep --param tau=0,0.5 (or one run: vmsh run --param tau=0.5); {} otherwise: params.tau ?? 0.75",
                Params::global),
        Global.function("result({...})", "report this run's results, e.g. result({misses, cycles}); a sweep records them (calls merge)",
                ScriptResult::global),
        Global.function("campaign(dir)", "a sweep's results folder (vmsh sweep --out DIR), or campaign([dirs]) merged: c.runs(), "
                + "c.summary({y, x, group}), c.status()", JsCampaign::create)
    );

    /** The global called {@code name}, or null. */
    static Global named(String name) {
        for (Global g : ALL) if (g.name().equals(name)) return g;
        for (Global g : ALL)
            for (Global m : g.members()) if (m.name().equals(name) || (g.name() + "." + m.name()).equals(name)) return m;
        return null;
    }

    static void install(ScriptHost host, Value bindings) {
        for (Global g : ALL) bindings.putMember(g.name(), g.value().apply(host));
    }

    private static Object print(ScriptHost host, Value[] values) {
        StringJoiner line = new StringJoiner(" ");
        for (Value v : values) line.add(ValueFormat.print(v));
        host.println(line.toString());
        return null;
    }

    private static Object use(ScriptHost host, Value[] a) {
        Value v = Args.at(a, 0);
        Object target = v == null || !v.isProxyObject() ? null : v.asProxyObject();
        if (!(target instanceof JsMachine) && !(target instanceof JsVm))
            throw JsError.type("use(m) needs a machine or a VM, got " + ValueFormat.inspect(v));
        ApiObject chosen = (ApiObject) target;
        chosen.checkUsable();
        host.select(chosen);
        return chosen;
    }

    private static Object limit(ScriptHost host, Value[] a) {
        Value o = Args.options(Args.at(a, 0), "limit({insns, seconds}, fn)", "insns", "seconds");
        Value fn = Args.function(Args.at(a, 1), "limit({insns, seconds}, fn): fn");
        Value insns = Args.option(o, "insns"), seconds = Args.option(o, "seconds");
        long max = insns == null ? Long.MAX_VALUE : Args.positive(insns, "limit(): insns");
        java.time.Duration timeout = null;
        if (seconds != null) {
            if (!seconds.isNumber() || !(seconds.asDouble() > 0) || seconds.asDouble() > 1e9)
                throw JsError.range("limit(): seconds must be a number above 0 and at most 1e9, got " + ValueFormat.inspect(seconds));
            timeout = java.time.Duration.ofNanos((long) (seconds.asDouble() * 1e9));
        }
        return host.limited(max, timeout, () -> fn.execute());
    }

    private static Object exit(ScriptHost host, Value[] a) {
        Value v = Args.at(a, 0);
        long code = Args.absent(v) ? 0 : Args.integer(v, "exit(code): code");
        if (code < 0 || code > 255) throw JsError.range("exit(code): code " + code + " is not an exit status (0 to 255)");
        throw host.exit((int) code);
    }

    private static Object writeFile(ScriptHost host, Value[] a) {
        String path = Args.string(Args.at(a, 0), "writeFile(path, text): path");
        String text = Args.string(Args.at(a, 1), "writeFile(path, text): text");
        host.files().write(path, text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return null;
    }

    static String hex(int bits) {
        return String.format("0x%08x", bits);
    }

    /** asm('text') or the tagged template asm`text ${value}`, whose raw strings keep backslashes. */
    private static String source(Value[] a) {
        Value first = Args.at(a, 0);
        if (first != null && first.hasArrayElements() && first.hasMember("raw")) {
            Value raw = first.getMember("raw");
            StringBuilder text = new StringBuilder(raw.getArrayElement(0).asString());
            for (int i = 1; i < raw.getArraySize(); i++) {
                text.append(ValueFormat.print(Args.at(a, i))).append(raw.getArrayElement(i).asString());
            }
            return text.toString();
        }
        return Args.string(first, "asm(text): text");
    }
}
