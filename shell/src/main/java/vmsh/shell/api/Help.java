package vmsh.shell.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.graalvm.polyglot.Value;
import vmsh.asm.Assembler;
import vmsh.isa.InstructionHelp;
import vmsh.isa.Opcode;

/** help() and help(object): the globals, or one object's members, each with its line of help. */
final class Help {
    private Help() {}

    static Object help(ScriptHost host, Value[] a) {
        host.println(text(Args.at(a, 0)));
        return null;
    }

    /**
     * The help text for {@code v}: the globals when absent; a type's members; a method's or a
     * global's line; 'knobs': the memory knobs; a REPL command's line ('rstep'); an
     * instruction's entry ('add').
     */
    static String text(Value v) {
        if (Args.absent(v)) return globals();
        if (v.isProxyObject() && v.asProxyObject() instanceof ApiObject o) return members(o.type());
        if (v.isProxyObject() && v.asProxyObject() instanceof JsRegisters) return members(JsRegisters.TYPE);
        if (v.isProxyObject() && v.asProxyObject() instanceof GlobalFunction f)   // machine.open: its owner named too
            return f.name().substring(0, f.name().lastIndexOf('.') + 1) + global(Globals.named(f.name()));
        if (v.isProxyObject() && v.asProxyObject() instanceof ApiMethod m) return m.help();
        if (v.isString()) {
            if (v.asString().equals("knobs")) return MemoryKnobs.help();
            ApiType<?> t = Api.type(v.asString());
            if (t != null) return members(t);
            Global g = Globals.named(v.asString());
            if (g != null) return global(g);
            String command = MonitorHelp.of(v.asString());
            if (command != null) return command;
            return instruction(v.asString());
        }
        throw JsError.type("help(object): no help for " + ValueFormat.inspect(v) + " (try help())");
    }

    /** help('add'): an instruction of the table; a pseudo-instruction is named as one. */
    private static String instruction(String name) {
        String mnemonic = name.strip().toLowerCase(java.util.Locale.ROOT);
        Opcode op = Opcode.byMnemonic(mnemonic);
        if (op != null) return InstructionHelp.of(op);
        if (Assembler.isPseudoInstruction(mnemonic))
            return name + " is a pseudo-instruction: the assembler writes real instructions for it (disassemble asm`"
                    + name + " ...` to see them)";
        throw JsError.range("help: nothing called '" + name + "' (try help(), or isa() for the instructions)");
    }

    static String globals() {
        Map<String, String> lines = new LinkedHashMap<>();
        for (Global g : Globals.ALL) {
            lines.put(g.signature(), g.help());
            for (Global m : g.members()) lines.put(g.name() + "." + m.signature(), m.help());
        }
        List<String> types = new ArrayList<>();
        for (ApiType<?> t : Api.TYPES) types.add("'" + t.name() + "'");
        return "Globals:\n" + columns(lines) + "help(m) lists a machine's members (help(x) any object's); help('knobs') the memory knobs;"
                + " help('add') an instruction's; help('rstep') a REPL command's;\nhelp('TYPE') a type's members, TYPE one of " + String.join(", ", types) + ".\n"
                + "JavaScript runs in GraalJS's interpreter unless vmsh starts with --js-compile (vmsh run --js-compile, vmsh --js-compile,"
                + " vmsh sweep --js-compile):\nthen hot code (a hook on every instruction, long loops) is compiled. It pays from about 5 s of CPU"
                + " in JavaScript (a hook on every instruction: from some 30 million instructions);\na script file asks for it itself"
                + " with the line '" + JsCompilation.HEADER + "' among its leading comments.";
    }

    static String members(ApiType<?> t) {
        return t.name() + ": " + t.summary() + "\n" + columns(t.help()).stripTrailing();
    }

    private static String global(Global g) { return g.signature() + "  " + g.help(); }

    /** Two aligned columns, as .help and help() print them. */
    static String columns(Map<String, String> lines) {
        int width = 0;
        for (String k : lines.keySet()) width = Math.max(width, k.length());
        width = Math.min(width, 34);
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, String> e : lines.entrySet()) {
            String k = e.getKey();
            b.append("  ").append(k);
            if (k.length() > width) b.append('\n').append(" ".repeat(width + 2));
            else b.append(" ".repeat(width - k.length()));
            b.append("  ").append(e.getValue()).append('\n');
        }
        return b.toString();
    }
}
