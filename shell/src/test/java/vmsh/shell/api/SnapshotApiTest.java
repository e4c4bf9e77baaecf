package vmsh.shell.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** m.snapshot(), m.restore(s), m.clone(), s.save(file) and machine.open(file) from JavaScript. */
class SnapshotApiTest {
    @TempDir
    Path dir;

    private SessionFixture js;

    static final String GUEST = """
            const m = machine({memory: '16M'});
            m.load(asm`
            _start: li s1, 0x10000000
            loop:   addi a0, a0, 1
                    andi t0, a0, 1023
                    bnez t0, loop
                    li t1, 'x'
                    sb t1, 0(s1)
                    j loop
            `);
            """;

    @BeforeEach
    void open() { js = new SessionFixture(dir, dir.resolve("out")); }

    @AfterEach
    void close() { js.close(); }

    @Test void restoreGivesTheSameContinuation() {
        assertEquals("true true 1 5000\n", js.run(GUEST + """
                m.run({insns: 5000});
                const s = m.snapshot();
                m.run({insns: 7000});
                const later = m.console.text, hash = m.stateHash();
                m.restore(s);
                const back = m.console.text.length;
                m.run({insns: 7000});
                print(m.console.text === later, m.stateHash() === hash, back, s.insns);
                """));
    }

    @Test void aCloneIsIndependent() {
        assertEquals("true false true\n", js.run(GUEST + """
                m.run({insns: 3000});
                const c = m.clone();
                const same = c.stateHash() === m.stateHash();
                c.run({insns: 1000});
                print(same, c.regs.a0 === m.regs.a0, c.symbol('loop') === m.symbol('loop'));
                """));
    }

    @Test void aSavedSnapshotOpensAsANewMachine() throws Exception {
        String out = js.run(GUEST + """
                m.run({insns: 4000});
                const s = m.snapshot();
                const path = s.save('k.vmsnap');
                const o = machine.open('k.vmsnap');
                print(o.stateHash() === s.hash, hex(o.symbol('loop')), o.pc === m.pc);
                """);
        assertEquals("true 0x80000004 true\n", out);
        assertTrue(Files.size(dir.resolve("out/k.vmsnap")) < 8192);
    }

    @Test void aBadFileIsOneLineNamingIt() throws Exception {
        Files.writeString(dir.resolve("bad.vmsnap"), "hello");
        assertEquals("test.js:1:1: Error: bad.vmsnap: not a vmsh snapshot (it does not start with VMSHSNAP)",
                js.error("machine.open('bad.vmsnap')"));
    }

    @Test void restoreWantsASnapshot() {
        assertEquals("test.js:11:1: TypeError: m.restore(s) needs a snapshot from m.snapshot(), got 42", js.error(GUEST + "m.restore(42)"));
    }

    @Test void aSnapshotOfAnotherMachineIsRefused() {
        String e = js.error(GUEST + "machine({memory: '32M'}).restore(m.snapshot())");
        assertTrue(e.contains("RangeError: m.restore(s): the snapshot is of another kind of machine: its RAM is 16 MiB, this one's 32 MiB"), e);
    }

    @Test void helpListsThem() {
        String out = js.run("help(machine())");
        assertTrue(out.contains("m.snapshot()") && out.contains("m.restore(s)") && out.contains("m.clone()"), out);
        assertTrue(js.run("help()").contains("machine.open(file)"));
    }
}
