package vmsh.shell.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import vmsh.shell.VmshRun;

/** The API reference (docs/api.md) is generated from the API's own tables, and help() reads the same. */
class ApiDocsTest {
    @Test
    void theReferenceMatchesTheApi() throws IOException {
        Path file = VmshRun.repo(Api.FILE);
        assertEquals(Api.document(), Files.readString(file), Api.FILE + " is out of date: run ./vmsh docs --update");
    }

    @Test
    void theReadmesGeneratedSectionsMatch() throws IOException {
        String readme = Files.readString(VmshRun.repo("README.md"));
        assertEquals(Api.updateReadme(readme), readme, "README.md's generated sections are out of date: run ./vmsh docs --update");
    }

    @Test
    void theReadmeLinksToTheReference() throws IOException {
        String readme = Files.readString(VmshRun.repo("README.md"));
        assertTrue(readme.contains("](" + Api.FILE + ")"), "README.md should link to " + Api.FILE);
        assertTrue(!readme.contains("| `m.translate(va, {access, priv})` |"), "the reference lives in " + Api.FILE + " only");
    }

    @Test
    void everyGlobalAndTypeIsInTheReference() {
        String md = Api.document();
        for (Global g : Globals.ALL) assertTrue(md.contains("`" + g.signature().replace("|", "\\|") + "`"), g.name());
        for (ApiType<?> t : Api.TYPES) assertTrue(md.contains("## " + t.name() + "\n"), t.name());
        assertTrue(md.contains("| `m.translate(va, {access, priv})` |"));
    }

    @Test
    void helpListsTheSameLines() {
        VmshRun r = VmshRun.withInput("help()\nhelp(machine({memory: '1M'}))\nhelp('tlb')\nhelp(print)\n");
        assertTrue(r.out().startsWith("Globals:\n  print(...values)"), r.out());
        assertTrue(r.out().contains("machine: A bare RV32IMA machine"), r.out());
        assertTrue(r.out().contains("  m.translate(va, {access, priv})"), r.out());
        assertTrue(r.out().contains("tlb: A snapshot of the TLB"), r.out());
        assertTrue(r.out().contains("print(...values)  print values to stdout"), r.out());
        assertEquals("", r.err());
    }

    @Test
    void docsCommandPrintsTheReference() {
        VmshRun r = VmshRun.of("docs");
        assertEquals(0, r.status());
        assertEquals(Api.document(), r.out());
    }
}
