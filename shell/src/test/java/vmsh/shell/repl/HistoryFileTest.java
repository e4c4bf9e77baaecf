package vmsh.shell.repl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The REPL keeps its history in ~/.vmsh_history when it may, in memory when not (no warnings). */
class HistoryFileTest {
    @TempDir
    Path home;

    @Test
    void aWritableHomeKeepsTheHistory() {
        assertEquals(home.resolve(".vmsh_history"), TerminalRepl.historyFile(home.toString()));
        assertNull(TerminalRepl.historyFile(null));
    }

    @Test
    void aMissingHomeKeepsItInMemory() {
        assertNull(TerminalRepl.historyFile(home.resolve("nonexistent").toString()), "user nobody's home is /nonexistent");
    }

    @Test
    void anUnwritableHomeKeepsItInMemory() throws IOException {
        assumeFalse("root".equals(System.getProperty("user.name")), "root may write anywhere (LauncherTest checks as user nobody)");
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            assertNull(TerminalRepl.historyFile(home.toString()));
        } finally {
            Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx------"));
        }
    }
}
