package vmsh.shell.repl;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.graalvm.polyglot.Value;
import vmsh.shell.api.Api;
import vmsh.shell.api.Session;

/**
 * What Tab offers for the text before the cursor: file names inside {@code readFile('...}
 * and after {@code .load }; members after a dotted path ({@code m.}, {@code m.regs.}) or
 * after a call of an API method ({@code m.tlb().}: the members of what it returns); global
 * names otherwise; dot-commands and monitor commands at the start of a line, and what may
 * follow {@code info}. Each candidate replaces the word that ends at the cursor ({@link
 * #start}).
 */
final class Completion {
    /** What the candidates are: how the list shows them, and whether a space follows. */
    enum Kind {
        /** JavaScript names: shown by their last part, no space after (a dot or a paren comes next). */
        NAMES,
        /** File names: shown by their last part; a space after a file, none after a folder. */
        FILES,
        /** Command words: shown whole, a space after. */
        WORDS
    }

    /** An unfinished string argument of a function that takes a file name. */
    private static final Pattern FILE_ARGUMENT = Pattern.compile("(?:readFile|\\.load)\\s*\\(?\\s*(['\"]?)([^'\"]*)$");
    private static final Pattern DOT_LOAD = Pattern.compile("^\\s*\\.load\\s+(\\S*)$");
    private static final Pattern INFO = Pattern.compile("^\\s*info\\s+(\\w*)$");
    /** A dotted path whose parts may be calls without arguments ({@code m.tlb().}), then the name being typed. */
    private static final Pattern MEMBER = Pattern.compile("((?:[A-Za-z_$][\\w$]*(?:\\(\\))?\\.)*)([A-Za-z_$][\\w$]*)?$");
    private static final List<String> INFO_WORDS = List.of("registers", "tlb", "mem", "pmap", "breakpoints");

    /** Where the word being completed starts in the line. */
    final int start;
    /** The candidates, each the full replacement of the word. */
    final List<String> candidates;
    final Kind kind;

    private Completion(int start, List<String> candidates, Kind kind) {
        this.start = start;
        this.candidates = candidates;
        this.kind = kind;
    }

    static Completion of(Session session, String beforeCursor, Path workingDir) {
        Matcher load = DOT_LOAD.matcher(beforeCursor);
        if (load.matches()) return files(beforeCursor.length() - load.group(1).length(), load.group(1), workingDir);
        Matcher file = FILE_ARGUMENT.matcher(beforeCursor);
        if (file.find() && beforeCursor.contains("readFile")) {
            String partial = file.group(2);
            return files(beforeCursor.length() - partial.length(), partial, workingDir);
        }
        if (beforeCursor.strip().startsWith(".") && !beforeCursor.contains(" ")) {
            List<String> words = new ArrayList<>();
            for (DotCommand c : DotCommand.values()) if (c.word.startsWith(beforeCursor.strip())) words.add(c.word);
            return new Completion(beforeCursor.indexOf('.'), words, Kind.WORDS);
        }
        Matcher info = INFO.matcher(beforeCursor);
        if (info.matches()) {
            List<String> words = INFO_WORDS.stream().filter(w -> w.startsWith(info.group(1))).toList();
            return new Completion(beforeCursor.length() - info.group(1).length(), words, Kind.WORDS);
        }
        return names(session, beforeCursor);
    }

    /** Global names, members after a path, monitor words at the start of a line. */
    private static Completion names(Session session, String beforeCursor) {
        Matcher m = MEMBER.matcher(beforeCursor);
        if (!m.find()) return new Completion(beforeCursor.length(), List.of(), Kind.NAMES);
        String path = m.group(1), partial = m.group(2) == null ? "" : m.group(2);
        TreeSet<String> names = new TreeSet<>();
        for (String n : memberNames(session, path)) if (n.startsWith(partial)) names.add(path + n);
        Kind kind = Kind.NAMES;
        if (path.isEmpty() && m.start() == 0 && !partial.isEmpty()) {
            for (String w : MonitorCommands.WORDS) {
                if (w.startsWith(partial)) {
                    names.add(w);
                    kind = Kind.WORDS;
                }
            }
        }
        return new Completion(m.start(), new ArrayList<>(names), kind);
    }

    /**
     * Member names of what the path {@code a.b.c.} names ("" for the globals); a part
     * {@code f()} stands for what the API method f returns, known from the API's own
     * tables without calling it. Empty when nothing is known.
     */
    private static List<String> memberNames(Session session, String path) {
        Value v = session.globals();
        try {
            String[] parts = path.isEmpty() ? new String[0] : path.substring(0, path.length() - 1).split("\\.");
            for (int i = 0; i < parts.length; i++) {
                if (v == null || !v.hasMembers()) return List.of();
                if (parts[i].endsWith("()")) {
                    String method = parts[i].substring(0, parts[i].length() - 2);
                    return i == parts.length - 1 ? Api.membersOfResult(v, method) : List.of();
                }
                v = v.getMember(parts[i]);
            }
            if (v == null || !v.hasMembers()) return List.of();
            return List.copyOf(v.getMemberKeys());
        } catch (RuntimeException e) {
            return List.of();   // a getter failed: nothing to offer
        }
    }

    /** File names (folders with a trailing /) that start with {@code partial}, relative to the working directory. */
    private static Completion files(int start, String partial, Path workingDir) {
        int slash = partial.lastIndexOf('/');
        String folder = slash < 0 ? "" : partial.substring(0, slash + 1);
        String prefix = partial.substring(slash + 1);
        Path dir = workingDir.resolve(folder.isEmpty() ? "." : folder);
        TreeSet<String> names = new TreeSet<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                String name = p.getFileName().toString();
                if (name.startsWith(prefix) && (!name.startsWith(".") || prefix.startsWith(".")))
                    names.add(folder + name + (Files.isDirectory(p) ? "/" : ""));
            }
        } catch (IOException e) {
            // no such folder: nothing to offer
        }
        return new Completion(start, new ArrayList<>(names), Kind.FILES);
    }

    /** How the list shows {@code candidate}: a name's last part, a file's name without its folder. */
    String display(String candidate) {
        return switch (kind) {
            case WORDS -> candidate;
            case NAMES -> candidate.substring(candidate.lastIndexOf('.') + 1);
            case FILES -> {
                String t = candidate.endsWith("/") ? candidate.substring(0, candidate.length() - 1) : candidate;
                yield candidate.substring(t.lastIndexOf('/') + 1);
            }
        };
    }

    /** True when accepting {@code candidate} should add a space after it. */
    boolean spaceAfter(String candidate) {
        return switch (kind) {
            case WORDS -> true;
            case NAMES -> false;
            case FILES -> !candidate.endsWith("/");
        };
    }
}
