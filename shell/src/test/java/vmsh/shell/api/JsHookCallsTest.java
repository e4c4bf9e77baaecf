package vmsh.shell.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A JavaScript hook on every instruction alone (the hooks' short path, its context bound
 * once) is called exactly as beside another instruction hook (the general path): the same
 * pcs, instructions, registers and stops, run after run, and its one context answers every
 * member during a call, for every kind of hook.
 */
class JsHookCallsTest {
    /** A loop with a load, a store and an ecall that traps to a handler which returns. */
    private static final String GUEST = """
            m = machine({memory: '1M'});
            m.load(asm`_start: la t0, handler
                       csrw mtvec, t0
                       la a1, cell
                loop:  lw a2, 0(a1)
                       addi a2, a2, 3
                       sw a2, 0(a1)
                       ecall
                       j loop
                handler: csrr t1, mepc
                       addi t1, t1, 4
                       csrw mepc, t1
                       mret
                cell:  .word 0`);
            """;

    private static final String CALLS = """
            const log = [];
            let calls = 0;
            m.on('insn', ctx => {
                log.push(hex(ctx.pc) + ' ' + ctx.insn + ' a2=' + ctx.regs.a2);
                if (++calls % 23 === 0) ctx.stop('stop ' + calls);
            });
            for (const n of [5, 17, 40, 1, 60, 33, 100]) {
                const r = m.run({insns: n});
                log.push(r.reason + ' ' + r.insns + ' ' + (r.message || '') + ' at ' + hex(m.pc));
            }
            print(log.join('\\n'));
            """;

    /** Another instruction hook, which never fires, so the hook under test takes the general path. */
    private static final String BESIDE = "m.on('insn', {from: 0, to: 4}, ctx => print('never'));\n";

    @RegisterExtension
    final SessionFixture js = SessionFixture.inTempDir();

    /** What {@code script} prints with its hook alone, checked equal to what it prints beside another hook. */
    private String aloneAsBeside(String script) {
        String alone = js.run(GUEST + script);
        try (SessionFixture other = new SessionFixture(js.dir())) {
            assertEquals(other.run(GUEST + BESIDE + script), alone);
        }
        return alone;
    }

    @Test void aHookOnEveryInstructionAloneIsCalledAsBesideAnother() {
        String alone = aloneAsBeside(CALLS);
        assertTrue(alone.contains("break 0 stop 23 at 0x"), alone);
        assertTrue(alone.contains("addi a2, a2, 3 a2=6"), alone);
    }

    /**
     * Alone, the hook steps the run on from JavaScript; beside another, the engine calls it
     * every time. Either way a hook that writes registers, moves the pc, throws, or removes
     * itself mid-run leaves the machine in the same state, with the same counts.
     */
    @Test void aHookThatChangesThingsMidRunDoesTheSameAloneAndBesideAnother() {
        String script = """
                const log = [];
                let calls = 0, h;
                const fn = ctx => {
                    calls++;
                    if (calls % 7 === 0) ctx.regs.a2 = calls;
                    if (calls === 50) m.pc = ctx.pc + 4;
                    if (calls === 90) throw new Error('thrown at ' + calls);
                    if (calls === 130) h.remove();
                };
                h = m.on('insn', fn);
                for (const n of [40, 40, 40, 40]) {
                    try {
                        const r = m.run({insns: n});
                        log.push(r.reason + ' ' + r.insns);
                    } catch (e) {
                        log.push('error ' + e.message);
                    }
                    log.push('pc ' + hex(m.pc) + ' insns ' + m.stats().insns + ' a2 ' + m.regs.a2 + ' calls ' + calls);
                }
                print(log.join('\\n'));
                """;
        String alone = aloneAsBeside(script);
        assertTrue(alone.contains("error thrown at 90"), alone);
        assertTrue(alone.contains("calls 130"), alone);
    }

    @Test void theOneContextAnswersEveryKindOfHook() {
        assertEquals("""
                insn 0x80000014 lw a2, 0(a1)
                read 0x80000038 4 0
                write 0x80000038 4 3
                trap 11 0x80000028
                same context: true
                """, js.run(GUEST + """
                const seen = new Set(), contexts = [];
                const once = (key, line, ctx) => { if (!seen.has(key)) { seen.add(key); print(line); } contexts.push(ctx); };
                m.on('insn', {from: 'loop'}, ctx => once('insn', 'insn ' + hex(ctx.pc) + ' ' + ctx.insn, ctx));
                m.on('read', ctx => once('read', 'read ' + hex(ctx.address) + ' ' + ctx.width + ' ' + ctx.value, ctx));
                m.on('write', ctx => once('write', 'write ' + hex(ctx.address) + ' ' + ctx.width + ' ' + ctx.value, ctx));
                m.on('trap', ctx => once('trap', 'trap ' + ctx.cause + ' ' + hex(ctx.handler), ctx));
                m.run({insns: 12});
                print('same context:', contexts.every(c => c === contexts[0]));
                """));
    }
}
