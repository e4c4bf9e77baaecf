package vmsh.shell.repl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vmsh.shell.api.Session;

class CompletionTest {
    @TempDir
    Path dir;

    private final PrintStream sink = new PrintStream(new ByteArrayOutputStream());
    private final Session session = new Session(sink, sink, Path.of(""), List.of());

    @AfterEach
    void close() { session.close(); }

    private Completion complete(String line) { return Completion.of(session, line, dir); }

    @Test
    void globalsComplete() {
        Completion c = complete("mach");
        assertEquals(List.of("machine"), c.candidates);
        assertEquals(0, c.start);
        assertTrue(complete("print(he").candidates.containsAll(List.of("heatmap", "help", "hex")));
        assertEquals(6, complete("print(he").start);
    }

    @Test
    void membersOfApiObjectsCompleteAfterADot() {
        session.eval("m = machine({memory: '1M'})", "t", 1);
        List<String> all = complete("m.").candidates;
        assertTrue(all.containsAll(List.of("m.run", "m.regs", "m.translate", "m.tlb", "m.on", "m.break", "m.watch")), all.toString());
        assertEquals(List.of("m.stateHash", "m.stats"), complete("m.sta").candidates);
    }

    @Test
    void nestedObjectsComplete() {
        session.eval("m = machine({memory: '1M'})", "t", 1);
        assertTrue(complete("m.regs.").candidates.containsAll(List.of("m.regs.a0", "m.regs.sp", "m.regs.t6")));
        assertEquals(List.of("x = m.console.text"), complete("x = m.console.te").candidates.stream().map(s -> "x = " + s).toList());
        assertEquals(4, complete("x = m.console.te").start);
    }

    @Test
    void fileNamesCompleteInsideReadFileAndAfterLoad() throws IOException {
        Files.writeString(dir.resolve("kernel.s"), "");
        Files.createDirectories(dir.resolve("samples"));
        Files.writeString(dir.resolve("samples/hello.s"), "");
        assertEquals(List.of("kernel.s"), complete("asm(readFile('ker").candidates);
        assertEquals(List.of("samples/"), complete("readFile(\"sam").candidates);
        assertEquals(List.of("samples/hello.s"), complete("readFile('samples/h").candidates);
        assertEquals(List.of("kernel.s"), complete(".load k").candidates);
        assertEquals(6, complete(".load k").start);
    }

    @Test
    void dotCommandsComplete() {
        assertEquals(List.of(".load"), complete(".lo").candidates);
    }

    @Test
    void afterACallTheMembersOfWhatItReturns() {
        session.eval("m = machine({memory: '1M'})", "t", 1);
        assertTrue(complete("m.tlb().").candidates.containsAll(List.of("m.tlb().entries", "m.tlb().config", "m.tlb().stats")),
                complete("m.tlb().").candidates.toString());
        assertEquals(List.of("hv.vm().console"), complete("hv.vm().cons").candidates);
    }

    @Test
    void infoOffersWhatItCanShow() {
        Completion c = complete("info ");
        assertEquals(List.of("registers", "tlb", "mem", "pmap", "breakpoints"), c.candidates);
        assertEquals(List.of("tlb"), complete("info t").candidates);
        assertEquals(5, complete("info t").start);
    }

    @Test
    void fileNamesShowWholeAndMembersWithoutASpace() throws IOException {
        Files.writeString(dir.resolve("kernel.test.s"), "");
        Completion file = complete("readFile('kern");
        assertEquals("kernel.test.s", file.display("kernel.test.s"));
        assertTrue(file.spaceAfter("kernel.test.s"));
        session.eval("m = machine({memory: '1M'})", "t", 1);
        Completion member = complete("m.ru");
        assertEquals("run", member.display("m.run"));
        assertTrue(!member.spaceAfter("m.run"));
    }
}
