package vmsh.shell.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import vmsh.shell.VmshRun;

/** hv.create({nested}), the levels of a nested VM's stats, and translate({level: 2}) from JavaScript. */
class NestedApiTest {
    @RegisterExtension
    final SessionFixture js = SessionFixture.inCheckout();

    @Test
    void hyperRunsTheKernelAsL2WithLevelsAndAThreeDimensionalTranslation() {
        String out = js.run("""
                hv.configure({ memory: '256M' });
                const l1 = hv.create({ name: 'l1', memory: '64M', technique: 'hw', nested: true });
                l1.load(asm(readFile('samples/hyper/hyper.s')));
                hv.run({ cycles: 2e10 });
                const lines = l1.console.text.split('\\n');
                print(l1.nested, l1.state, l1.exitCode, lines[1], lines[lines.length - 2]);
                const s = l1.stats();
                print(s.nesting.paging, s.nesting.reflected === s.byReason['reflect'],
                      s.levels.reduce((n, r) => n + r.exits, 0) === s.exits);
                print(s.levels.filter(r => r.level === 'L2').map(r => r.handledBy + ' ' + r.reason).join());
                const t = l1.translate(0x80001000, { level: 2 });
                print(t.ok, hex(t.l2gpa), hex(t.l1gpa), t.references.total, t.references.shadow, t.pa === t.shadow.pa);
                print(t.text.split('\\n')[0]);
                """);
        String[] lines = out.split("\n");
        assertEquals("true halted 0 kernel: boot on hart 0, SBI v2.0 with DBCN TIME SRST "
                + "hyper: guest powered off: 28 sbi, 21 guest-page fault, 0 virtual instruction exits", lines[0]);
        assertEquals("multi-dimensional true true", lines[1]);
        assertEquals("L1 reflect", lines[2]);
        assertEquals("true 0x80001000 0x80401000 17 5 true", lines[3]);
        assertEquals("L2 va 0x80001000 (load) in three dimensions: L2's table, L1's G-stage, L0's G-stage", lines[4]);
    }

    @Test
    void badNestingOptionsNameTheValue() {
        js.run("hv.configure({ memory: '64M' })");
        assertTrue(js.error("hv.create({ technique: 'trap', nested: true })").contains("nested: true needs technique 'hw', not 'trap'"));
        assertTrue(js.error("hv.create({ nestedPaging: 'emulated' })").contains("nestedPaging needs nested: true"));
        assertTrue(js.error("hv.create({ nested: true, nestedPaging: 'flat' })").contains("nestedPaging 'flat' must be 'multi-dimensional' or 'emulated'"));
        assertTrue(js.error("hv.create({ name: 'x' }).translate(0x80000000, { level: 2 })").contains("level 2 needs a nested VM"));
        assertTrue(js.error("hv.create({ name: 'y', nested: true }).translate(0x80000000, { level: 3 })").contains("level 3 must be 1"));
        assertEquals("x,y\n", js.run("print(hv.vms.map(v => v.name).join())"), "the VMs made before the errors are kept");
        assertEquals("emulated\n", js.run("print(hv.create({ name: 'z', nested: true, nestedPaging: 'emulated' }).stats().nesting.paging)"));
    }
}
