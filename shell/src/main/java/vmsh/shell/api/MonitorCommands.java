package vmsh.shell.api;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.graalvm.polyglot.Value;
import vmsh.asm.Disassembler;
import vmsh.debug.Hook;
import vmsh.isa.Registers;
import vmsh.machine.RunResult;

/**
 * QEMU-monitor and gdb shortcuts in the REPL, each mapped onto the JavaScript API of the
 * current machine (the last created, or the one given to use(m)):
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
 *   info history             where the machine is in time, what its history keeps
 * </pre>
 *
 * A line is a command only when it matches one of these forms exactly; anything else is
 * JavaScript.
 */
public final class MonitorCommands {
    private static final Pattern EXAMINE = Pattern.compile("(xp|x)(?:/(\\d*)([xduisc]?)([bhw]?)([xduisc]?))?\\s+(.+)");
    private static final Pattern STEP = Pattern.compile("(?:step|stepi|si)(?:\\s+(\\d+))?");
    private static final Pattern BREAK = Pattern.compile("(?:break|b)\\s+(\\S+)");
    private static final Pattern WATCH = Pattern.compile("watch\\s+(\\S+)");
    private static final Pattern DELETE = Pattern.compile("delete(?:\\s+(\\d+))?");
    private static final Pattern INFO = Pattern.compile("info\\s+(registers|reg|r|tlb|mem|pmap|breakpoints|break|b|history)");
    private static final Pattern RSTEP = Pattern.compile("(?:rstep|rsi|reverse-stepi)(?:\\s+(\\d+))?");
    private static final Pattern RCONTINUE = Pattern.compile("rcontinue|rc|reverse-continue");
    private static final List<Pattern> ALL = List.of(EXAMINE, STEP, BREAK, WATCH, DELETE, INFO, RSTEP, RCONTINUE,
            Pattern.compile("continue|cont"));

    /** Items per line of x output, by format and size, as gdb prints them. */
    private static final int WORDS_PER_LINE = 4, SMALL_PER_LINE = 8;

    private MonitorCommands() {}

    /** The commands, for .help and completion. */
    public static final List<String> WORDS = List.of("info registers", "info tlb", "info mem", "info pmap",
            "info breakpoints", "info history", "x/", "xp/", "step", "continue", "break", "watch", "delete", "rstep", "rcontinue");

    /** True when {@code line} is a monitor command rather than JavaScript. */
    public static boolean matches(String line) {
        String s = line.strip();
        for (Pattern p : ALL) if (p.matcher(s).matches()) return true;
        return false;
    }

    /** Runs the command on the current machine and returns what to print. */
    public static String run(Session session, String line) {
        String s = line.strip();
        return session.guardText(() -> dispatch(session, s));
    }

    private static String dispatch(Session session, String s) {
        Matcher m;
        if ((m = INFO.matcher(s)).matches()) return info(session, m.group(1));
        JsMachine vm = machine(session);
        if ((m = EXAMINE.matcher(s)).matches()) return examine(vm, m, session);
        if ((m = STEP.matcher(s)).matches()) return step(vm, m.group(1) == null ? 1 : Long.parseLong(m.group(1)), session);
        if (s.equals("continue") || s.equals("cont")) return outcome(vm, session.run(vm, Long.MAX_VALUE));
        if ((m = BREAK.matcher(s)).matches()) return vm.hooks().breakpoint(address(session, vm, m.group(1)), null).toString();
        if ((m = WATCH.matcher(s)).matches()) {
            long a = Integer.toUnsignedLong(address(session, vm, m.group(1)));
            return vm.hooks().watchpoint(a, a + 4, false, true, null).toString();
        }
        if ((m = DELETE.matcher(s)).matches()) return delete(vm, m.group(1));
        if ((m = RSTEP.matcher(s)).matches()) {
            vm.reverseStep(m.group(1) == null ? 1 : Long.parseLong(m.group(1)));
            return here(vm);
        }
        if (RCONTINUE.matcher(s).matches()) return vm.reverseContinue().message() + "\n" + here(vm);
        throw new IllegalStateException("unmatched monitor command: " + s);
    }

    private static JsMachine machine(Session session) {
        JsMachine m = session.currentMachine();
        if (m == null) throw new JsError("Error", "no machine yet: create one with m = machine() (or select one with use(m))");
        return m;
    }

    private static String info(Session session, String what) {
        JsMachine m = machine(session);
        return switch (what) {
            case "registers", "reg", "r" -> m.regs().toString();
            case "tlb" -> new JsTlb(session, m.machine()).toString();
            case "mem" -> new JsPageTable(session, m.machine().pageTable()).toString();
            case "pmap" -> "info pmap: the current machine is a bare machine, which has no pmap (VMs of the hypervisor have one)";
            case "history" -> m.historyText();
            default -> m.hooks().toString();
        };
    }

    /** x/NFU: count, format, unit (the unit may also come after the format: x/4xw). */
    private static String examine(JsMachine vm, Matcher m, Session session) {
        boolean physical = m.group(1).equals("xp");
        int count = m.group(2) == null || m.group(2).isEmpty() ? 1 : Integer.parseInt(m.group(2));
        String format = first(m.group(3), m.group(5), "x");
        String unitText = m.group(4) == null ? "" : m.group(4);
        int unit = switch (unitText) {
            case "b" -> 1;
            case "h" -> 2;
            default -> format.equals("c") || format.equals("s") ? 1 : 4;
        };
        int address = address(session, vm, m.group(6));
        JsMemory mem = physical ? vm.mem() : vm.vmem();
        if (count > 4096) throw JsError.range("x: count " + count + " is more than 4096");
        return switch (format) {
            case "i" -> instructions(vm, mem, address, count);
            case "s" -> strings(vm, mem, address, count);
            default -> units(vm, mem, address, count, unit, format);
        };
    }

    private static String first(String a, String b, String fallback) {
        if (a != null && !a.isEmpty()) return a;
        if (b != null && !b.isEmpty()) return b;
        return fallback;
    }

    private static String units(JsMachine vm, JsMemory mem, int address, int count, int unit, String format) {
        StringBuilder b = new StringBuilder();
        int perLine = unit == 4 ? WORDS_PER_LINE : SMALL_PER_LINE;
        for (int i = 0; i < count; i++) {
            int a = address + i * unit;
            if (i % perLine == 0) {
                if (i > 0) b.append('\n');
                b.append(label(vm, a)).append(':');
            }
            int v = mem.load(a, unit);
            b.append('\t').append(value(v, unit, format));
        }
        return b.toString();
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

    private static String instructions(JsMachine vm, JsMemory mem, int address, int count) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < count; i++) {
            int a = address + 4 * i;
            if (i > 0) b.append('\n');
            b.append(a == vm.machine().pc() ? "=> " : "   ").append(label(vm, a)).append(":\t");
            int word = mem.load(a, 4);
            b.append(String.format("%08x  %s", word, Disassembler.instruction(word, a)));
        }
        return b.toString();
    }

    private static String strings(JsMachine vm, JsMemory mem, int address, int count) {
        StringBuilder b = new StringBuilder();
        int a = address;
        for (int i = 0; i < count; i++) {
            if (i > 0) b.append('\n');
            StringBuilder text = new StringBuilder();
            int start = a;
            for (int c; (c = mem.load(a++, 1) & 0xff) != 0 && text.length() < 4096; ) text.append(printable(c));
            b.append(label(vm, start)).append(":\t\"").append(text).append('"');
        }
        return b.toString();
    }

    /** 0x80000010 <loop+4>, as gdb labels addresses. */
    private static String label(JsMachine vm, int a) {
        String at = String.format("0x%08x", a);
        JsImage img = (JsImage) vm.imageObject();
        if (img == null) return at;
        String best = null;
        long bestAddress = -1;
        for (var e : img.image().symbols().entrySet()) {
            long s = Integer.toUnsignedLong(e.getValue());
            if (s <= Integer.toUnsignedLong(a) && s > bestAddress && Integer.toUnsignedLong(a) - s < 0x10000) {
                best = e.getKey();
                bestAddress = s;
            }
        }
        if (best == null) return at;
        long off = Integer.toUnsignedLong(a) - bestAddress;
        return at + " <" + best + (off == 0 ? "" : "+" + off) + ">";
    }

    /** The instruction at the pc, as step shows where it stopped. */
    private static String here(JsMachine vm) { return instructions(vm, vm.vmem(), vm.machine().pc(), 1).substring(3); }

    private static String step(JsMachine vm, long n, Session session) {
        RunResult r = session.run(vm, n);
        String where = here(vm);
        return r.reason() == vmsh.machine.StopReason.BUDGET ? where : r.reason().label + ": " + r.message() + "\n" + where;
    }

    private static String outcome(JsMachine vm, RunResult r) {
        vm.result(r);   // a guest fault becomes the GuestFault error
        return r.reason().label + ": " + r.message() + " (" + r.insns() + " instructions)";
    }

    private static String delete(JsMachine vm, String id) {
        int removed = 0;
        for (Hook h : vm.hooks().list()) {
            boolean chosen = id == null ? h.kind() == vmsh.debug.HookKind.BREAK || h.kind() == vmsh.debug.HookKind.WATCH
                    : h.id() == Integer.parseInt(id);
            if (chosen && h.remove()) removed++;
        }
        if (id != null && removed == 0) throw JsError.range("delete: no hook " + id + " (info breakpoints lists them)");
        return removed + (removed == 1 ? " hook removed" : " hooks removed");
    }

    /** ADDR: a number (0x.., decimal), $pc/$sp/$a0, a symbol of the loaded image, or a JavaScript expression. */
    private static int address(Session session, JsMachine vm, String text) {
        String t = text.strip();
        if (t.startsWith("$")) {
            String reg = t.substring(1).toLowerCase(Locale.ROOT);
            if (reg.equals("pc")) return vm.machine().pc();
            int n = Registers.number(reg);
            if (n < 0) throw JsError.range("no register $" + reg);
            return vm.machine().reg(n);
        }
        JsImage img = (JsImage) vm.imageObject();
        if (img != null && img.image().hasSymbol(t)) return img.image().symbol(t);
        Value v = session.evalQuiet(t);
        return Args.u32(v, "address '" + t + "'");
    }
}
