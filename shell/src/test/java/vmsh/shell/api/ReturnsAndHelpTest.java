package vmsh.shell.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What calls return (undefined for nothing, handles for hooks), the live cost model, and help on every object. */
class ReturnsAndHelpTest {
    @RegisterExtension
    final SessionFixture js = SessionFixture.inTempDir();

    @Test void callsThatReturnNothingReturnUndefined() {
        assertEquals("x\nundefined undefined undefined\n", js.run("""
                const p = print('x');
                const v = hv.create({name: 'a'});
                const m = machine({memory: '1M'});
                print(p, v.console.clear(), m.mem.write8(0x80000000, 1));
                """));
    }

    @Test void vmOnGivesAHandleThatRemovesTheHook() {
        assertEquals("exit hook of VM 'a' true 3\ntrue true 3\n", js.run("""
                const a = hv.create({name: 'a', memory: '4M', technique: 'trap'});
                a.load(asm`_start: csrr t1, sstatus
                           j _start`);
                let n = 0;
                const h = a.on('exit', e => { n++ });
                print(h, a.hooks().length === 1, (a.run({insns: 5}), n));
                print(h.remove(), h.removed, (a.run({insns: 5}), n));
                """));
    }

    @Test void theCostModelIsLiveAndRefusesWhatItLacks() {
        assertEquals("1000 5 5 2000\n", js.run("""
                const before = hv.costs.exitRoundTrip;
                hv.costs.exitRoundTrip = 5;
                hv.costs['pt-write'] = 2000;
                print(before, hv.costs.exitRoundTrip, hv.costs.toString().match(/exitRoundTrip: (\\d+)/)[1], hv.costs['pt-write']);
                """));
        assertEquals("test.js:1:1: TypeError: hv.costs.bogus does not exist", js.error("hv.costs.bogus = 1"));
        assertEquals("test.js:1:1: RangeError: hv.costs: cost 'trap' = -1 cycles must not be negative", js.error("hv.costs.trap = -1"));
    }

    @Test void helpWorksOnRegistersAndListsTheTypes() {
        assertTrue(js.run("help(machine({memory: '1M'}).regs)").startsWith("regs: The integer registers"));
        String globals = js.run("help()");
        assertTrue(globals.contains("help('TYPE') a type's members, TYPE one of 'machine', 'regs', 'mem'"), globals);
        for (ApiType<?> t : Api.TYPES) assertTrue(globals.contains("'" + t.name() + "'"), t.name());
        assertTrue(js.run("help('costs')").startsWith("costs: The cost model in cycles"));
    }

    @Test void helpOnAMethodPrintsItsLine() {
        js.run("m = machine({memory: '1M'}); vm = hv.create({name: 'a', memory: '4M'})");
        assertTrue(js.run("help(m.snapshot)").startsWith("m.snapshot()  the whole state now"), js.run("help(m.snapshot)"));
        assertTrue(js.run("help(vm.reverseStep)").startsWith("vm.reverseStep(n)  "), js.run("help(vm.reverseStep)"));
        assertTrue(js.run("help(hv.keepHistory)").startsWith("hv.keepHistory({interval, cap})  "), js.run("help(hv.keepHistory)"));
        assertTrue(js.run("help(m.snapshot().save)").startsWith("s.save(file)  "), js.run("help(m.snapshot().save)"));
        assertTrue(js.run("help(machine.open)").startsWith("machine.open(file)  "), js.run("help(machine.open)"));
    }

    @Test void helpOnAMonitorCommandPrintsItsLine() {
        assertTrue(js.run("help('rstep')").contains("rstep [N]"), js.run("help('rstep')"));
        assertTrue(js.run("help('info history')").contains("info history"), js.run("help('info history')"));
    }

    @Test void aVmPrintsWhereItIsNow() {
        js.run("hv.configure({memory: '64M'}); vm = hv.create({name: 'a', memory: '16M', technique: 'trap'})");
        assertEquals("VM a (trap, 16 MiB): created, no image loaded\n", js.run("print(vm)"));
        js.run("vm.load(asm(sample('kernel/kernel.s'))); vm.run({insns: 10000})");
        String pc = js.run("print(hex(vm.pc))").strip();
        assertEquals("VM a (trap, 16 MiB): ready at pc " + pc + "\n", js.run("print(vm)"));
        assertEquals("VM c (trap, 16 MiB): ready at pc " + pc + "\n", js.run("print(vm.clone({name: 'c'}))"));
    }
}
