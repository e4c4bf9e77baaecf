package vmsh.shell.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** vm.on('insn' | 'read' | 'write' | 'trap' | 'interrupt'), vm.break and vm.watch: a machine's hooks on a VM's guest. */
class VmHooksApiTest {
    @RegisterExtension
    final SessionFixture js = SessionFixture.inCheckout();

    static final String VM = """
            hv.configure({memory: '32M'});
            const vm = hv.create({name: 'k', memory: '8M', technique: '%s'});
            vm.load(asm(readFile('samples/kernel/kernel.s')));
            """;

    @Test void breakpointsStopWhereTheGuestIs() {
        for (String t : new String[] {"hw", "trap", "hw-shadow", "bt"}) {
            String out = js.run("{\n" + VM.formatted(t) + """
                    const b = vm.break('schedule');
                    const r = vm.run();
                    print(r.reason, r.state, vm.pc === vm.image.symbol('schedule'), r.message === 'breakpoint 1 at ' + hex(vm.pc));
                    b.remove();
                    const w = vm.watch('stat_syscalls', {access: 'w'}, ctx => print('store by', hex(ctx.pc), ctx.oldValue, '->', ctx.value));
                    print(vm.run().reason);
                    w.remove();
                    print(vm.run({insns: 1000}).reason === undefined, vm.hooks().length);
                    }
                    """);
            assertTrue(out.matches("break ready true true\nstore by 0x[0-9a-f]{8} 0 -> 1\nbreak\ntrue 0\n"), t + ": " + out);
        }
    }

    @Test void trapHooksSeeSystemCallsWithLiveRegisters() {
        String out = js.run(VM.formatted("hw") + """
                const calls = [];
                vm.on('trap', ctx => { if (ctx.cause === 8) calls.push(ctx.regs.a7); });
                let ticks = 0;
                vm.on('interrupt', ctx => ticks++);
                vm.run({insns: 3000000});
                print(calls.length > 5, calls.every(n => typeof n === 'number'), ticks > 0);
                """);
        assertEquals("true true true\n", out);
    }

    @Test void insnHooksCanStopTheRun() {
        String out = js.run(VM.formatted("trap") + """
                let n = 0;
                vm.on('insn', ctx => { if (++n === 1000) ctx.stop('a thousand'); });
                const r = vm.run();
                print(r.reason, r.message, r.insns);
                """);
        assertEquals("break a thousand 1000\n", out);
    }

    @Test void underBtHooksSeeTheGuestsOwnPcsAndAHookMayAddOneMidRun() {
        String out = js.run(VM.formatted("bt") + """
                const pcs = new Set();
                vm.on('trap', ctx => {
                    if (ctx.cause === 8 && vm.hooks().length === 1) vm.on('insn', {from: 'schedule'}, c => pcs.add(hex(c.pc)));
                });
                const r = vm.run({insns: 2000000});
                print([...pcs].join(), hex(vm.image.symbol('schedule')), vm.translations.units > 0);
                """);
        assertTrue(out.matches("(0x[0-9a-f]{8}) \\1 true\n"), out);
    }
}
