package vmsh.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * ARCHITECTURE.md is true of the code: every package of both modules has a row in its
 * imports table and a package-info.java, imports only what its row names, no packages
 * import each other in a circle, and every file the page names exists.
 */
class ArchitectureMapTest {
    private static final Path ROOT = VmshRun.repo("");
    private static final List<Path> SOURCES = List.of(ROOT.resolve("runtime/src/main/java"), ROOT.resolve("shell/src/main/java"));
    /** A type named by its package: an import, or a qualified name in code. */
    private static final Pattern QUALIFIED = Pattern.compile("\\b(vmsh(?:\\.[a-z][a-z0-9]*)*)\\.[A-Z]");
    private static final Pattern COMMENT = Pattern.compile("/\\*.*?\\*/|//[^\\n]*", Pattern.DOTALL);
    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\\\n]|\\\\.)*\"");
    private static final Pattern ROW = Pattern.compile("^\\| (`[^|]+`) \\| ([^|]+) \\|$", Pattern.MULTILINE);
    private static final Pattern NAMED_FILE = Pattern.compile("`((?:runtime|shell|scripts|samples|docs|bin)/[^`\\s]+|[A-Z]+\\.md)`");

    private final String map = read(ROOT.resolve("ARCHITECTURE.md"));
    private final Map<String, Set<String>> imports = imports();

    @Test
    void everyPackageImportsOnlyWhatItsRowNames() {
        Map<String, Set<String>> allowed = allowedImports();
        List<String> wrong = new ArrayList<>();
        for (var e : imports.entrySet()) {
            Set<String> may = allowed.get(e.getKey());
            if (may == null) {
                wrong.add(e.getKey() + " has no row in ARCHITECTURE.md's imports table");
                continue;
            }
            for (String p : e.getValue()) if (!may.contains(p)) wrong.add(e.getKey() + " imports " + p + ", which its row does not name");
        }
        assertEquals(List.of(), wrong, "update the code or ARCHITECTURE.md (the table and the layer drawing)");
    }

    @Test
    void everyPackageHasAPackageInfo() {
        List<String> missing = new ArrayList<>();
        for (String p : imports.keySet()) {
            boolean found = false;
            for (Path src : SOURCES) found |= Files.exists(src.resolve(p.replace('.', '/')).resolve("package-info.java"));
            if (!found) missing.add(p);
        }
        assertEquals(List.of(), missing, "packages without a package-info.java");
    }

    @Test
    void noPackagesImportEachOtherInACircle() {
        for (String p : imports.keySet()) {
            List<String> back = pathBack(p, p, new TreeSet<>());
            assertTrue(back == null, () -> "a circle of imports: " + p + " -> " + String.join(" -> ", back));
        }
    }

    @Test
    void everyFileThePageNamesExists() {
        List<String> missing = new ArrayList<>();
        Matcher m = NAMED_FILE.matcher(map);
        while (m.find()) {
            String name = m.group(1);
            if (!name.contains("NAME") && !Files.exists(ROOT.resolve(name))) missing.add(name);
        }
        assertEquals(List.of(), missing, "files ARCHITECTURE.md names that do not exist");
    }

    /** A path of imports from {@code at} back to {@code start}, or null when there is none. */
    private List<String> pathBack(String start, String at, Set<String> seen) {
        for (String next : imports.getOrDefault(at, Set.of())) {
            if (next.equals(start)) return new ArrayList<>(List.of(next));
            if (!seen.add(next)) continue;
            List<String> rest = pathBack(start, next, seen);
            if (rest != null) {
                rest.add(0, next);
                return rest;
            }
        }
        return null;
    }

    /** Package -> the other vmsh packages its main sources use. */
    private static Map<String, Set<String>> imports() {
        Map<String, Set<String>> graph = new TreeMap<>();
        for (Path src : SOURCES) {
            try (Stream<Path> files = Files.walk(src)) {
                for (Path f : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    String pkg = src.relativize(f.getParent()).toString().replace('/', '.');
                    Set<String> uses = graph.computeIfAbsent(pkg, k -> new TreeSet<>());
                    String code = STRING.matcher(COMMENT.matcher(read(f)).replaceAll(" ")).replaceAll("\"\"");
                    Matcher m = QUALIFIED.matcher(code);
                    while (m.find()) if (!m.group(1).equals(pkg)) uses.add(m.group(1));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return graph;
    }

    /** Package -> the packages its row in the imports table names. */
    private Map<String, Set<String>> allowedImports() {
        Set<String> runtime = new TreeSet<>(), shell = new TreeSet<>();
        for (String p : imports.keySet()) (p.startsWith("vmsh.shell") ? shell : runtime).add(p);
        Map<String, Set<String>> allowed = new TreeMap<>();
        Matcher row = ROW.matcher(map);
        while (row.find()) {
            Set<String> may = new TreeSet<>();
            String text = row.group(2);
            if (text.contains("the runtime")) may.addAll(runtime);
            if (text.contains("every shell package")) may.addAll(shell);
            for (String word : text.split("[^a-z.]+")) {
                String p = packageNamed(word);
                if (imports.containsKey(p)) may.add(p);
            }
            for (String name : row.group(1).split("[`, ]+")) if (!name.isEmpty()) allowed.put(packageNamed(name), may);
        }
        return allowed;
    }

    /** The package a name of the page stands for: {@code cpu}, {@code hv.sbi}, {@code vmsh.shell}, {@code shell.api} or {@code api}. */
    private String packageNamed(String name) {
        if (name.startsWith("vmsh.")) return name;
        if (name.startsWith("shell.")) return "vmsh." + name;
        return imports.containsKey("vmsh." + name) ? "vmsh." + name : "vmsh.shell." + name;
    }

    private static String read(Path f) {
        try {
            return Files.readString(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
