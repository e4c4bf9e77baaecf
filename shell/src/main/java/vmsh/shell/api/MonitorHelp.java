package vmsh.shell.api;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The REPL's monitor commands with a line of help each: the REPL's help lists them, and
 * {@code help('rstep')} (or any word of a command) prints its line.
 */
public final class MonitorHelp {
    private static final Map<String, String> COMMANDS = new LinkedHashMap<>();
    static {
        COMMANDS.put("info registers", "the target's registers (a VM's: its vCPU's)");
        COMMANDS.put("info tlb", "the TLB's valid entries (a VM's: the host TLB's for it)");
        COMMANDS.put("info mem", "the current page table's mappings, merged into ranges");
        COMMANDS.put("info pmap", "a VM's pages and their states, as a table");
        COMMANDS.put("info breakpoints", "the hooks, breakpoints and watchpoints in place");
        COMMANDS.put("info history", "where the target is in time and what its history keeps (m.history, vm.history)");
        COMMANDS.put("x/NFU ADDR", "memory through the MMU (virtual): N count, F format x d u i s c, U size b h w (x/16wx, x/4i $pc)");
        COMMANDS.put("xp/NFU ADDR", "physical memory (a VM's: guest-physical), as x");
        COMMANDS.put("step [N] | si [N]", "execute N instructions (default 1)");
        COMMANDS.put("continue | cont", "run until the guest halts, a breakpoint or watchpoint stops it, or Ctrl-C");
        COMMANDS.put("break ADDR | b ADDR", "a breakpoint (ADDR: a number, a symbol, $pc, $sp, ...)");
        COMMANDS.put("watch ADDR", "a write watchpoint on the word at ADDR");
        COMMANDS.put("delete [N]", "remove hook N, or all breakpoints and watchpoints");
        COMMANDS.put("rstep [N] | rsi [N]", "go back N instructions (default 1) in the target's history (m.reverseStep(n))");
        COMMANDS.put("rcontinue | rc", "go back to the previous breakpoint or watchpoint hit, or the oldest point (m.reverseContinue())");
        COMMANDS.put("gdb PORT", "wait for gdb-multiarch on localhost:PORT and let it debug the target (m.gdb({port}))");
    }

    private static final Pattern FIRST_WORD = Pattern.compile("([a-z][a-z-]*)(?:\\s.*)?", Pattern.DOTALL);

    private MonitorHelp() {}

    /** Every command, one aligned line each. */
    public static String all() { return Help.columns(COMMANDS); }

    /**
     * For a line that failed as JavaScript and starts with a command's word ({@code rstep x}):
     * that command's forms, else null.
     */
    public static String hint(String line) {
        Matcher m = FIRST_WORD.matcher(line.strip());
        Map<String, String> forms = m.matches() ? named(m.group(1)) : Map.of();
        return forms.isEmpty() ? null : "the monitor command" + (forms.size() > 1 ? "s" : "") + " of that name:\n" + Help.columns(forms).stripTrailing();
    }

    /** The lines of the commands {@code word} names ('rstep', 'info history', 'x'), or null. */
    static String of(String word) {
        Map<String, String> found = named(word);
        return found.isEmpty() ? null : "REPL monitor command" + (found.size() > 1 ? "s" : "") + ":\n" + Help.columns(found).stripTrailing();
    }

    private static Map<String, String> named(String word) {
        String w = word.strip().toLowerCase(Locale.ROOT);
        Map<String, String> found = new LinkedHashMap<>();
        for (Map.Entry<String, String> c : COMMANDS.entrySet()) {
            String form = c.getKey();
            boolean named = form.equals(w) || form.startsWith(w + " ") || form.startsWith(w + "/");
            for (String alternative : form.split(" \\| ")) named |= alternative.split(" ")[0].equals(w);
            if (named) found.put(form, c.getValue());
        }
        return found;
    }
}
