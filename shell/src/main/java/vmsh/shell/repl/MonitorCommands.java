package vmsh.shell.repl;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.graalvm.polyglot.Value;
import vmsh.asm.Disassembler;
import vmsh.shell.api.JsError;
import vmsh.shell.api.Session;
import vmsh.shell.api.ValueFormat;

/**
 * QEMU-monitor and gdb shortcuts in the REPL, each a client of the JavaScript API of the
 * current target (the last created machine, or the one given to {@code use()}): what a
 * command prints is what the same calls print from a script.
 *
 * <pre>
 *   info registers | info tlb | info mem | info pmap | info breakpoints
 *   x/NFU ADDR     memory through the MMU (virtual);  xp/NFU ADDR  physical memory
 *                  N count, F format x d u i s c, U size b h w (as gdb: x/16wx, x/8bx, xp/4i)
 *   step [N] | si [N]        execute N instructions (default 1)
 *   continue | cont          run until the guest halts, a breakpoint or Ctrl-C
 *   break ADDR | b ADDR      a breakpoint (ADDR: a number, a symbol, $pc, $sp, ...)
 *   watch ADDR               a write watchpoint on the word at ADDR
 *   delete [N]               remove hook N, or all breakpoints and watchpoints
 *   rstep [N] | rsi [N]      go back N instructions (default 1)
 *   rcontinue | rc           go back to the previous breakpoint or watchpoint hit
 *   info history             where the target is in time, what its history keeps
 *   gdb PORT                 wait for gdb on localhost:PORT and let it debug the target
 * </pre>
 *
 * A line is a command only when it matches one of these forms exactly; anything else is
 * JavaScript. ADDR is a number, {@code $register}, or a symbol of the loaded image; after
 * {@code x/FMT} it may also be any JavaScript expression. So {@code x = 5}, {@code x + 1},
 * {@code b =3} and {@code x += 1} are JavaScript, and so is a bare {@code step}, {@code si}
 * or {@code cont} when the script has a variable of that name.
 */
public final class MonitorCommands {
    /** A plain address: a number, a $register or a symbol (an identifier). */
    private static final String ADDRESS = "(0[xX][0-9a-fA-F_]+|\\d+|\\$\\w+|[A-Za-z_.$][\\w.$]*)";
    private static final Pattern EXAMINE = Pattern.compile("(xp|x)(?:/(\\d*)([xduisc]?)([bhw]?)([xduisc]?)\\s+(.+)|\\s+" + ADDRESS + ")");
    private static final Pattern STEP = Pattern.compile("(?:step|stepi|si)(?:\\s+(\\d+))?");
    private static final Pattern BREAK = Pattern.compile("(?:break|b)\\s+" + ADDRESS);
    private static final Pattern WATCH = Pattern.compile("watch\\s+" + ADDRESS);
    /** A single word, which may also be a variable of the script's. */
    private static final Pattern WORD = Pattern.compile("[A-Za-z_$][\\w$]*");
    private static final Pattern DELETE = Pattern.compile("delete(?:\\s+(\\d+))?");
    private static final Pattern INFO = Pattern.compile("info\\s+(registers|reg|r|tlb|mem|pmap|breakpoints|break|b|history)");
    private static final Pattern RSTEP = Pattern.compile("(?:rstep|rsi|reverse-stepi)(?:\\s+(\\d+))?");
    private static final Pattern RCONTINUE = Pattern.compile("rcontinue|rc|reverse-continue");
    private static final Pattern GDB = Pattern.compile("gdb\\s+(\\d+)");
    private static final List<Pattern> ALL = List.of(EXAMINE, STEP, BREAK, WATCH, DELETE, INFO, RSTEP, RCONTINUE, GDB,
            Pattern.compile("continue|cont"));

    /** Items per line of x output, by size, as gdb prints them. */
    private static final int WORDS_PER_LINE = 4, SMALL_PER_LINE = 8;
    /** The most items one x shows. */
    private static final int MAX_COUNT = 4096;

    /** The commands, for .help and completion. */
    static final List<String> WORDS = List.of("info registers", "info tlb", "info mem", "info pmap",
            "info breakpoints", "info history", "x/", "xp/", "step", "continue", "break", "watch", "delete", "rstep", "rcontinue", "gdb");

    private MonitorCommands() {}

    /**
     * Gives {@code session} these commands for gdb's {@code monitor}: a line that is not one
     * of them gets a message saying so.
     */
    public static void install(Session session) {
        session.setMonitorCommands(line -> matches(session, line) ? run(session, line)
                : "not a vmsh monitor command: '" + line.strip() + "' (info registers, info tlb, info mem, info breakpoints, info history, x/NFU ADDR, xp/NFU ADDR; monitor help for the stub's own)");
    }

    /** True when {@code line} is a monitor command rather than JavaScript. */
    static boolean matches(Session session, String line) {
        String s = line.strip();
        if (WORD.matcher(s).matches() && session.globals().hasMember(s)) return false;   // the script's variable
        for (Pattern p : ALL) if (p.matcher(s).matches()) return true;
        return false;
    }

    /** Runs the command on the current target and returns what to print; failures come as ScriptError. */
    static String run(Session session, String line) {
        String s = line.strip();
        return session.call(() -> dispatch(session, s));
    }

    private static String dispatch(Session session, String s) {
        Target t = new Target(session, target(session));
        Matcher m;
        if ((m = INFO.matcher(s)).matches()) return info(t, m.group(1));
        if ((m = EXAMINE.matcher(s)).matches()) return examine(t, m);
        if ((m = STEP.matcher(s)).matches()) return step(t, m.group(1) == null ? 1 : Long.parseLong(m.group(1)));
        if (s.equals("continue") || s.equals("cont")) return outcome(t.call("run"));
        if ((m = BREAK.matcher(s)).matches()) return text(t.hook("break", t.address(m.group(1))));
        if ((m = WATCH.matcher(s)).matches()) return text(t.hook("watch", t.address(m.group(1))));
        if ((m = DELETE.matcher(s)).matches()) return delete(t, m.group(1));
        if ((m = RSTEP.matcher(s)).matches()) {
            t.call("reverseStep", m.group(1) == null ? 1 : Long.parseLong(m.group(1)));
            return here(t);
        }
        if ((m = GDB.matcher(s)).matches()) return gdb(t, Long.parseLong(m.group(1)));
        if (RCONTINUE.matcher(s).matches()) return t.call("reverseContinue").getMember("message").asString() + "\n" + here(t);
        throw new IllegalStateException("unmatched monitor command: " + s);
    }

    private static Value target(Session session) {
        Value t = session.current();
        if (t == null) throw new JsError("Error", "no machine yet: create one with m = machine() (or select one with use(m))");
        return t;
    }

    private static String info(Target t, String what) {
        return switch (what) {
            case "registers", "reg", "r" -> text(t.get("regs"));
            case "tlb" -> text(t.call("tlb"));
            case "mem" -> text(t.call("pagetable"));
            case "history" -> t.has("history") && !t.get("history").isNull() ? text(t.get("history"))
                    : "info history: the current target keeps no history (a VM's host keeps one after hv.keepHistory(), a cluster's VM after dc.keepHistory())";
            case "pmap" -> t.has("pmap") ? text(t.session.globals().getMember("table").execute(t.call("pmap")))
                    : "info pmap: the current machine is a bare machine, which has no pmap (VMs of the hypervisor have one)";
            default -> hooks(t);
        };
    }

    private static String hooks(Target t) {
        List<String> lines = new ArrayList<>();
        Value list = t.call("hooks");
        for (long i = 0; i < list.getArraySize(); i++) lines.add(text(list.getArrayElement(i)));
        return lines.isEmpty() ? "no hooks" : String.join("\n", lines);
    }

    /** x/NFU: count, format, unit (the unit may also come after the format: x/4xw). */
    private static String examine(Target t, Matcher m) {
        boolean physical = m.group(1).equals("xp");
        int count = m.group(2) == null || m.group(2).isEmpty() ? 1 : Integer.parseInt(m.group(2));
        if (count > MAX_COUNT) throw JsError.range("x: count " + count + " is more than " + MAX_COUNT);
        String format = first(m.group(3), m.group(5), "x");
        int unit = switch (m.group(4) == null ? "" : m.group(4)) {
            case "b" -> 1;
            case "h" -> 2;
            default -> format.equals("c") || format.equals("s") ? 1 : 4;
        };
        int address = t.address(m.group(6) != null ? m.group(6) : m.group(7));
        Value mem = t.get(physical ? "mem" : "vmem");
        return switch (format) {
            case "i" -> instructions(t, mem, address, count);
            case "s" -> strings(t, mem, address, count);
            default -> units(t, mem, address, count, unit, format);
        };
    }

    private static String first(String a, String b, String fallback) {
        if (a != null && !a.isEmpty()) return a;
        if (b != null && !b.isEmpty()) return b;
        return fallback;
    }

    private static String units(Target t, Value mem, int address, int count, int unit, String format) {
        StringBuilder b = new StringBuilder();
        int perLine = unit == 4 ? WORDS_PER_LINE : SMALL_PER_LINE;
        for (int i = 0; i < count; i++) {
            int a = address + i * unit;
            if (i % perLine == 0) {
                if (i > 0) b.append('\n');
                b.append(t.label(a)).append(':');
            }
            b.append('\t').append(value(load(mem, a, unit), unit, format));
        }
        return b.toString();
    }

    private static int load(Value mem, int address, int unit) {
        return (int) mem.invokeMember("read" + 8 * unit, Integer.toUnsignedLong(address)).asLong();
    }

    private static String value(int v, int unit, String format) {
        long unsigned = Integer.toUnsignedLong(v) & (unit == 4 ? 0xffff_ffffL : (1L << (8 * unit)) - 1);
        return switch (format) {
            case "d" -> String.valueOf(unit == 4 ? v : unit == 2 ? (short) v : (byte) v);
            case "u" -> String.valueOf(unsigned);
            case "c" -> String.format("%d '%s'", unsigned, printable((int) unsigned));
            default -> String.format("0x%0" + (2 * unit) + "x", unsigned);
        };
    }

    private static String printable(int c) {
        return switch (c) {
            case '\n' -> "\\n";
            case '\t' -> "\\t";
            case 0 -> "\\0";
            default -> c >= 0x20 && c < 0x7f ? String.valueOf((char) c) : String.format("\\%03o", c);
        };
    }

    private static String instructions(Target t, Value mem, int address, int count) {
        StringBuilder b = new StringBuilder();
        int pc = t.pc();
        for (int i = 0; i < count; i++) {
            int a = address + 4 * i;
            if (i > 0) b.append('\n');
            b.append(a == pc ? "=> " : "   ").append(t.label(a)).append(":\t");
            int word = load(mem, a, 4);
            b.append(String.format("%08x  %s", word, Disassembler.instruction(word, a)));
        }
        return b.toString();
    }

    private static String strings(Target t, Value mem, int address, int count) {
        StringBuilder b = new StringBuilder();
        int a = address;
        for (int i = 0; i < count; i++) {
            if (i > 0) b.append('\n');
            StringBuilder text = new StringBuilder();
            int start = a;
            for (int c; (c = load(mem, a++, 1)) != 0 && text.length() < MAX_COUNT; ) text.append(printable(c));
            b.append(t.label(start)).append(":\t\"").append(text).append('"');
        }
        return b.toString();
    }

    /** The instruction at the pc, as step shows where it stopped. */
    private static String here(Target t) { return instructions(t, t.get("vmem"), t.pc(), 1).substring(3); }

    /** step N: where the target is now, after why it stopped early if it did. */
    private static String step(Target t, long n) {
        Value r = t.call("step", n);
        String where = here(t);
        String why = ending(r);
        boolean ranThrough = r.getMember("insns").asLong() == n && (why.equals("budget") || why.equals("ready"));
        return ranThrough ? where : why + ": " + r.getMember("message").asString() + "\n" + where;
    }

    private static String outcome(Value r) {
        return ending(r) + ": " + r.getMember("message").asString() + " (" + r.getMember("insns") + " instructions)";
    }

    /** Why a run ended: a machine's reason ('break', 'halt', ...) or a VM's state ('ready', 'halted', ...). */
    private static String ending(Value r) {
        return (r.hasMember("reason") ? r.getMember("reason") : r.getMember("state")).asString();
    }

    /** gdb PORT: serves gdb on the target until it leaves; then how it ended and where the target is. */
    private static String gdb(Target t, long port) {
        if (!t.has("gdb")) throw new JsError("Error", "gdb: " + text(t.object) + " cannot be debugged with gdb (machines and VMs can: use(m) or use(vm) first)");
        Value r = t.call("gdb", port);
        return "gdb " + r.getMember("ending").asString() + " after " + r.getMember("resumes") + " resumes\n" + here(t);
    }

    private static String delete(Target t, String id) {
        int removed = 0;
        Value list = t.call("hooks");
        for (long i = 0; i < list.getArraySize(); i++) {
            Value h = list.getArrayElement(i);
            String kind = h.getMember("kind").asString();
            boolean chosen = id == null ? kind.equals("break") || kind.equals("watch") : h.getMember("id").asInt() == Integer.parseInt(id);
            if (chosen && h.invokeMember("remove").asBoolean()) removed++;
        }
        if (id != null && removed == 0) throw JsError.range("delete: no hook " + id + " (info breakpoints lists them)");
        return removed + (removed == 1 ? " hook removed" : " hooks removed");
    }

    /** A value as print() shows it. */
    private static String text(Value v) { return ValueFormat.print(v); }

    /** The current target as the commands use it: members by name, its pc, addresses and labels. */
    private static final class Target {
        final Session session;
        final Value object;
        private Value symbols;

        Target(Session session, Value object) {
            this.session = session;
            this.object = object;
        }

        boolean has(String member) { return object.hasMember(member); }

        Value get(String member) {
            if (!has(member)) throw JsError.type("the current target (" + text(object) + ") has no " + member);
            return object.getMember(member);
        }

        /** break or watch: hooks of the target (a machine or a VM). */
        Value hook(String method, int address) {
            if (!has(method)) throw new JsError("Error", method + ": " + text(object) + " has no breakpoints or watchpoints");
            return call(method, Integer.toUnsignedLong(address));
        }

        Value call(String method, Object... args) {
            if (!has(method)) throw JsError.type("the current target (" + text(object) + ") has no " + method + "()");
            return object.invokeMember(method, args);
        }

        int pc() { return (int) get("pc").asLong(); }

        /** ADDR: $pc, $sp, $a0 (a register), a symbol of the loaded image, or a JavaScript expression (a number). */
        int address(String text) {
            String t = text.strip();
            if (t.startsWith("$")) {
                String reg = t.substring(1).toLowerCase(Locale.ROOT);
                if (reg.equals("pc")) return pc();
                Value regs = get("regs");
                if (!regs.hasMember(reg)) throw JsError.range("no register $" + reg);
                return (int) regs.getMember(reg).asLong();
            }
            Value symbols = symbols();
            if (symbols != null && symbols.hasMember(t)) return (int) symbols.getMember(t).asLong();
            Value v = session.eval(t, "monitor", 1);
            if (!v.isNumber() || !v.fitsInLong()) throw JsError.range("address '" + t + "' is not a number: " + ValueFormat.inspect(v));
            return (int) v.asLong();
        }

        /** The {name: address} of the loaded image, or null. */
        Value symbols() {
            if (symbols == null) {
                Value image = has("image") ? object.getMember("image") : null;
                if (image == null || image.isNull()) return null;
                symbols = image.getMember("symbols");
            }
            return symbols;
        }

        /** 0x80000010 <loop+4>, as gdb labels addresses. */
        String label(int a) {
            String at = String.format("0x%08x", a);
            Value symbols = symbols();
            if (symbols == null) return at;
            long address = Integer.toUnsignedLong(a), bestAddress = -1;
            String best = null;
            for (String name : symbols.getMemberKeys()) {
                long s = symbols.getMember(name).asLong();
                if (s <= address && s > bestAddress && address - s < 0x10000) {
                    best = name;
                    bestAddress = s;
                }
            }
            if (best == null) return at;
            long off = address - bestAddress;
            return at + " <" + best + (off == 0 ? "" : "+" + off) + ">";
        }
    }
}
