package vmsh.shell.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** m.history, m.reverseStep, m.reverseContinue, m.seek, m.record and m.replay from JavaScript. */
class TimeTravelApiTest {
    @TempDir
    Path dir;

    private SessionFixture js;

    /** Counts in a0, storing it to `counter` (8 instructions a round), a dot every 1000. */
    static final String GUEST = """
            const m = machine({memory: '16M', history: {interval: 10000}});
            m.load(asm`
            _start: la   s0, counter
                    li   s1, 0x10000000
            loop:   addi a0, a0, 1
            store:  sw   a0, 0(s0)
                    li   t0, 1000
                    rem  t1, a0, t0
                    bnez t1, loop
                    li   t2, '.'
                    sb   t2, 0(s1)
                    j    loop
            .data
            counter: .word 0
            `);
            """;

    @BeforeEach
    void open() { js = new SessionFixture(dir, dir.resolve("out")); }

    @AfterEach
    void close() { js.close(); }

    @Test void reverseStepAndSeekGoBackExactly() {
        assertEquals("true true -5 123\n", js.run(GUEST + """
                m.run({insns: 100});
                const h100 = m.stateHash();
                m.run({insns: 23});
                const h123 = m.stateHash();
                m.run({insns: 50000});
                m.seek({insn: 100});
                const at100 = m.stateHash() === h100;
                m.step(23);
                const r = m.reverseStep(5);
                m.step(5);
                print(at100, m.stateHash() === h123, r.insns, m.history.insn);
                """));
    }

    @Test void reverseContinueFindsTheStoreThatWroteAWatchedWord() {
        String out = js.run(GUEST + """
                m.run({insns: 30000});
                m.watch('counter');
                const r = m.reverseContinue();
                print(r.reason, hex(m.pc) === hex(m.symbol('store')), m.regs.a0 - m.mem.read32(m.symbol('counter')) === 1);
                """);
        assertEquals("break true true\n", out);
    }

    @Test void theHistoryPrintsWhereItIs() {
        String out = js.run(GUEST + "m.run({insns: 25000}); m.reverseStep(5000); print(m.history)");
        assertEquals("history: at instruction 20000 (present 25000), oldest reachable 0; 3 checkpoints every 10000 "
                + "instructions, ", out.substring(0, out.indexOf("instructions, ") + 14));
    }

    @Test void goingBeforeTheOldestPointSaysWhereHistoryBegins() {
        assertEquals("test.js:17:1: RangeError: m.reverseStep(): cannot step back 20 instructions from instruction 10: the oldest point in "
                + "history is instruction 0 (a larger history cap keeps more)", js.error(GUEST + "m.run({insns: 10});\nm.reverseStep(20)"));
    }

    @Test void aMachineWithoutHistorySaysSo() {
        assertEquals("test.js:1:1: Error: m.reverseStep(n): this machine keeps no history (machine({history: false}))",
                js.error("machine({history: false}).reverseStep(1)"));
    }

    @Test void aRecordingReplaysToTheSameState() {
        assertEquals("true 20000 2\n", js.run(GUEST + """
                const r = m.record();
                m.run({insns: 10000});
                m.regs.s1 = 0x10000000;
                m.console.feed('in');
                m.run({insns: 10000});
                r.stop();
                r.save('c.vmrec');
                const o = machine({memory: '16M'});
                const out = o.replay('c.vmrec');
                print(out.identical && o.stateHash() === m.stateHash(), out.insns, r.events);
                """));
    }

}
