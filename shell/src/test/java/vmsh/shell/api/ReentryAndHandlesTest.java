package vmsh.shell.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A hook may not re-enter the machine or host it is called from (a clear error, the outer
 * run goes on), and handles outlive what they stood for only as refusals: a hook context
 * after its call, a VM after hv.configure.
 */
class ReentryAndHandlesTest {
    private static final String COUNTER = """
            m = machine({memory: '1M'});
            m.load(asm`_start: addi a0, a0, 1
                       j _start`);
            """;
    private static final String VM = """
            const a = hv.create({name: 'a', memory: '4M', technique: 'trap'});
            a.load(asm`_start: csrr t1, sstatus
                       addi t0, t0, 1
                       j _start`);
            """;

    @RegisterExtension
    final SessionFixture js = SessionFixture.inTempDir();

    @Test void aHookCannotRunItsOwnMachine() {
        assertEquals("Error: m.step(): the machine is running (this is one of its hooks); a hook cannot run or reload its own machine "
                + "(ctx.stop(why) ends the run)\nbudget 3 2\n", js.run(COUNTER + """
                let said = false;
                m.on('insn', {from: '_start'}, ctx => {
                    if (said) return;
                    said = true;
                    try { m.step(1); } catch (e) { print(e); }
                });
                const r = m.run({insns: 3});
                print(r.reason, r.insns, m.regs.a0);
                """));
    }

    @Test void aHookCannotRunTheHostItIsCalledFrom() {
        assertEquals("Error: hv.run(): the host is running (this is a hook of its run); a hook cannot run or reconfigure the host it is called from\n"
                + "Error: vm.step(): the host is running (this is a hook of its run); a hook cannot run or reconfigure the host it is called from\n"
                + "ready 1000\n", js.run(VM + """
                let tried = false;
                a.on('exit', e => {
                    if (tried) return;
                    tried = true;
                    try { hv.run({insns: 10}); } catch (e) { print(e); }
                    try { a.step(1); } catch (e) { print(e); }
                });
                const r = hv.run({insns: 1000});
                print(r[0].state, r[0].insns);
                """));
    }

    @Test void aHookMayRunAnotherMachineAndEveryInstructionCounts() {
        assertEquals("3 2 5\n", js.run(COUNTER + """
                const other = machine({memory: '1M'});
                other.load(asm`_start: addi a1, a1, 1
                               j _start`);
                use(m);
                m.on('insn', {from: '_start'}, ctx => { other.step(1); });
                const r = m.run({insns: 3});
                print(`${r.insns} ${other.stats().insns} ${r.insns + other.stats().insns}`);
                """));
    }

    @Test void aHookContextKeptAfterItsCallIsRefused() {
        assertEquals("TypeError: this hook context belonged to a hook call that has returned; keep the values you need (ctx.pc, ctx.regs.a0, ...) "
                + "rather than ctx itself\nbudget 100\nhook context (its call has returned)\n", js.run(COUNTER + """
                let saved;
                const h = m.on('insn', {from: '_start'}, ctx => { saved = ctx; });
                m.run({insns: 2});
                h.remove();
                try { saved.stop('late'); } catch (e) { print(e); }
                const r = m.run({insns: 100});
                print(r.reason, r.insns);
                print(String(saved));
                """));
    }

    @Test void vmsDroppedByConfigureRefuseToRun() {
        assertEquals("TypeError: VM 'a' was dropped by hv.configure(): create it again with hv.create()\n"
                + "TypeError: use(): VM 'a' was dropped by hv.configure(): create it again with hv.create()\n0\n", js.run(VM + """
                hv.configure({memory: '64M'});
                try { a.run({insns: 10}); } catch (e) { print(e); }
                try { use(a); } catch (e) { print(e); }
                print(hv.vms.length);
                """));
    }
}
