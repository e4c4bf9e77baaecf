package vmsh.shell.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import vmsh.shell.VmshRun;

/**
 * The README's examples of going back in time, debugging and the techniques run as written:
 * each JavaScript block that the README follows with its output prints exactly that output
 * (an output with an elided "..." line, a shell session or a REPL session is not compared).
 * In "Many hosts" an example goes on from the ones before it, back to the last that makes
 * its own cluster, as a reader runs them.
 */
class ReadmeExamplesTest {
    /** The section whose examples continue one another. */
    private static final String MANY_HOSTS = "## Many hosts: a data center in one process";
    /** The README's sections whose examples are checked here (others have their own golden tests). */
    private static final Set<String> SECTIONS = Set.of("## Rewind time", "## Debug with gdb",
            "## The hypervisor: one guest, six techniques", MANY_HOSTS);

    @RegisterExtension
    final SessionFixture js = SessionFixture.inTempDir();

    record Example(int line, String code, String output) {
        @Override public String toString() { return "README.md line " + line; }
    }

    static List<Example> examples() throws IOException {
        List<String> lines = Files.readAllLines(VmshRun.repo("README.md"));
        List<Example> found = new ArrayList<>();
        String section = "";
        Example chain = null;   // in MANY_HOSTS: the examples so far since the last that made a cluster
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("## ")) section = lines.get(i);
            if (!SECTIONS.contains(section) || !lines.get(i).strip().equals("```js")) continue;
            int end = closing(lines, i);
            int next = end + 1;
            while (next < lines.size() && lines.get(next).isBlank()) next++;
            if (next >= lines.size() || !lines.get(next).strip().equals("```")) continue;
            String code = String.join("\n", lines.subList(i + 1, end)) + "\n";
            List<String> output = lines.subList(next + 1, closing(lines, next));
            if (compared(code, output)) {
                Example e = new Example(i + 1, code, String.join("\n", output) + "\n");
                if (section.equals(MANY_HOSTS)) e = chain = goesOn(chain, e);
                found.add(e);
            }
            i = end;
        }
        return found;
    }

    /** {@code e} after the examples of {@code chain}, unless it makes its own cluster. */
    private static Example goesOn(Example chain, Example e) {
        if (chain == null || e.code().contains("cluster(")) return e;
        return new Example(e.line(), chain.code() + e.code(), chain.output() + e.output());
    }

    private static int closing(List<String> lines, int open) {
        int i = open + 1;
        while (!lines.get(i).strip().equals("```")) i++;
        return i;
    }

    private static boolean compared(String code, List<String> output) {
        boolean session = !output.isEmpty() && (output.get(0).startsWith("$ ") || output.get(0).startsWith("vmsh> "));
        return !session && !output.contains("...") && !code.contains(".gdb(");
    }

    @Test void theSectionsHaveExamples() throws IOException {
        assertFalse(examples().size() < 6, "examples found: " + examples());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void printsWhatTheReadmeShows(Example e) {
        assertEquals(e.output(), js.run(e.code()), "the example at " + e + " prints something else");
    }
}
