package vmsh.shell.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.graalvm.polyglot.Value;
import vmsh.isa.Extension;
import vmsh.isa.Isa;
import vmsh.isa.Opcode;

/** The instruction table as scripts see it (isa()): every instruction, or one extension's, or a machine's. */
final class JsIsa extends ApiObject {
    static final ApiType<JsIsa> TYPE = ApiType.<JsIsa>of("isa", "t",
                    "The instruction table (`t = isa()`, `isa('zbb')`, `isa(m)`): printed, one line per instruction by extension; help('add') shows one.")
            .property("instructions", "[{mnemonic, syntax, extension, kind, sensitive, description, example, match, mask}] in table order", JsIsa::rows)
            .property("extensions", "the extensions listed, e.g. ['RV32I', 'M', 'Zicsr']", i -> i.host.array(new ArrayList<>(i.extensionNames())))
            .property("length", "how many instructions", i -> i.ops.size());

    private final List<Opcode> ops;

    private JsIsa(ScriptHost host, List<Opcode> ops) {
        super(host);
        this.ops = ops;
    }

    /** isa(), isa('zbb') (an extension's name or ISA-string token), isa(m) (the instructions machine m implements). */
    static JsIsa create(ScriptHost host, Value[] a) {
        Value v = Args.at(a, 0);
        if (Args.absent(v)) return new JsIsa(host, Opcode.all());
        if (v.isProxyObject() && v.asProxyObject() instanceof JsMachine m) return of(host, m.machine().config().isa());
        if (!v.isString()) throw JsError.type("isa(extension or machine): expected a name such as 'zbb' or a machine, got " + ValueFormat.inspect(v));
        Extension e = extension(v.asString());
        return new JsIsa(host, Opcode.all().stream().filter(op -> op.extension == e).toList());
    }

    private static JsIsa of(ScriptHost host, Isa isa) {
        return new JsIsa(host, Opcode.all().stream().filter(isa::implementsInstruction).toList());
    }

    private static Extension extension(String name) {
        for (Extension e : Extension.values())
            if (e.displayName().equalsIgnoreCase(name) || name.equalsIgnoreCase(e.token)) return e;
        List<String> known = new ArrayList<>();
        for (Extension e : Extension.values()) known.add(e.displayName());
        throw JsError.range("isa('" + name + "'): no extension of that name (known: " + String.join(", ", known) + ")");
    }

    private List<String> extensionNames() {
        List<String> names = new ArrayList<>();
        for (Opcode op : ops) if (!names.contains(op.extension.displayName())) names.add(op.extension.displayName());
        return names;
    }

    private Object rows() {
        List<Object> rows = new ArrayList<>();
        for (Opcode op : ops) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("mnemonic", op.mnemonic);
            r.put("syntax", syntax(op));
            r.put("extension", op.extension.displayName());
            r.put("kind", op.kind.toString());
            r.put("sensitive", op.sensitive);
            r.put("description", op.description);
            r.put("example", op.example);
            r.put("match", Args.unsigned(op.match));
            r.put("mask", Args.unsigned(op.mask));
            rows.add(host.object(r));
        }
        return host.array(rows);
    }

    private static String syntax(Opcode op) {
        return op.operands.syntax.isEmpty() ? op.mnemonic : op.mnemonic + " " + op.operands.syntax;
    }

    @Override
    ApiType<?> type() { return TYPE; }

    @Override
    public String toString() {
        if (ops.isEmpty()) return "no instructions";
        int width = 0;
        for (Opcode op : ops) width = Math.max(width, syntax(op).length());
        StringBuilder b = new StringBuilder();
        Extension group = null;
        boolean anySensitive = false;
        for (Opcode op : ops) {
            if (op.extension != group) {
                group = op.extension;
                b.append(group.displayName()).append(": ").append(group.description).append('\n');
            }
            anySensitive |= op.sensitive;
            b.append(op.sensitive ? "* " : "  ").append(String.format("%-" + width + "s", syntax(op)))
             .append("  ").append(op.description).append('\n');
        }
        b.append(ops.size()).append(ops.size() == 1 ? " instruction" : " instructions");
        if (anySensitive) b.append("; * sensitive (a deprivileged guest kernel traps on it)");
        return b.append(". help('").append(ops.get(0).mnemonic).append("') shows one.").toString();
    }
}
