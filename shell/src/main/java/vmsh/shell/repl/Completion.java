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
import vmsh.shell.api.Session;

/**
 * What Tab offers for the text before the cursor: file names inside {@code readFile('...}
 * and after {@code .load }; members after a dotted path ({@code m.}, {@code m.regs.}); global
 * names otherwise; dot-commands and monitor commands at the start of a line. Each
 * candidate replaces the word that ends at the cursor ({@link #start}).
 */
final class Completion {
    /** An unfinished string argument of a function that takes a file name. */
    private static final Pattern FILE_ARGUMENT = Pattern.compile("(?:readFile|\\.load)\\s*\\(?\\s*(['\"]?)([^'\"]*)$");
    private static final Pattern DOT_LOAD = Pattern.compile("^\\s*\\.load\\s+(\\S*)$");
    private static final Pattern MEMBER = Pattern.compile("((?:[A-Za-z_$][\\w$]*\\.)*)([A-Za-z_$][\\w$]*)?$");

    /** Where the word being completed starts in the line. */
    final int start;
    /** The candidates, each the full replacement of the word. */
    final List<String> candidates;

    private Completion(int start, List<String> candidates) {
        this.start = start;
        this.candidates = candidates;
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
            return new Completion(beforeCursor.indexOf('.'), words);
        }
        Matcher m = MEMBER.matcher(beforeCursor);
        if (!m.find()) return new Completion(beforeCursor.length(), List.of());
        String path = m.group(1), partial = m.group(2) == null ? "" : m.group(2);
        String owner = path.isEmpty() ? "" : path.substring(0, path.length() - 1);
        TreeSet<String> names = new TreeSet<>();
        for (String n : memberNames(session, owner)) if (n.startsWith(partial)) names.add(path + n);
        if (path.isEmpty() && m.start() == 0)
            for (String w : MonitorCommands.WORDS) if (w.startsWith(partial) && !partial.isEmpty()) names.add(w);
        return new Completion(m.start(), new ArrayList<>(names));
    }

    /** Member names of the object the dotted path {@code a.b.c} names; empty when none. */
    private static List<String> memberNames(Session session, String path) {
        Value v = session.globals();
        try {
            if (!path.isEmpty()) {
                for (String part : path.split("\\.")) {
                    if (v == null || !v.hasMembers()) return List.of();
                    v = v.getMember(part);
                }
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
        return new Completion(start, new ArrayList<>(names));
    }
}
