package vmsh.shell.js;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.proxy.ProxyExecutable;
import vmsh.asm.Assembler;
import vmsh.machine.Machine;
import vmsh.machine.MachineConfig;
import vmsh.shell.Sizes;

/** The global functions of a vmsh script: print, readFile, asm, machine, hex, args. */
final class Globals {
    /** RAM starts at 0x8000_0000 and ends at the top of the 32-bit space. */
    private static final long MAX_MEMORY = 1L << 31;
    private static final long MIN_MEMORY = 4096;

    /** Each global with its line of help, in the order .help lists them. */
    static final Map<String, String> HELP = new LinkedHashMap<>();

    static {
        HELP.put("print(...values)", "print values to stdout, separated by spaces");
        HELP.put("readFile(path)", "text of a file under the script's folder or the working directory");
        HELP.put("asm(text), asm`...`", "assemble RISC-V (GNU as syntax) into an image");
        HELP.put("machine({memory})", "a bare RV32 machine, e.g. machine({memory: '64M'})");
        HELP.put("hex(n)", "n as 0x-prefixed 32-bit hex");
        HELP.put("args", "the script's command-line arguments");
    }

    private Globals() {}

    static void install(Session session, Value bindings, List<String> args) {
        bindings.putMember("print", fn(session, a -> print(session, a)));
        bindings.putMember("readFile", fn(session, a -> session.files().read(Args.string(Args.at(a, 0), "readFile(path): path"))));
        bindings.putMember("asm", fn(session, a -> new JsImage(session, Assembler.assemble(source(a), "asm", session.files().resolver()))));
        bindings.putMember("machine", fn(session, a -> machine(session, Args.at(a, 0))));
        bindings.putMember("hex", fn(session, a -> hex(Args.u32(Args.at(a, 0), "hex(n): n"))));
        bindings.putMember("args", session.array(args));
    }

    private static ProxyExecutable fn(Session session, java.util.function.Function<Value[], Object> body) {
        return a -> session.guard(() -> body.apply(a));
    }

    private static Object print(Session session, Value[] values) {
        StringJoiner line = new StringJoiner(" ");
        for (Value v : values) line.add(ValueFormat.print(v));
        session.out().println(line);
        session.out().flush();
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

    private static JsMachine machine(Session session, Value options) {
        Value opts = Args.options(options, "machine()", "memory");
        MachineConfig config = MachineConfig.defaults();
        Value memory = Args.option(opts, "memory");
        if (memory != null) {
            long bytes = Args.size(memory, "memory");
            if (bytes < MIN_MEMORY || bytes > MAX_MEMORY)
                throw JsError.range("memory " + Sizes.format(bytes) + " is out of range (4K to 2G)");
            config = config.memory(bytes);
        }
        return new JsMachine(session, new Machine(config));
    }
}
