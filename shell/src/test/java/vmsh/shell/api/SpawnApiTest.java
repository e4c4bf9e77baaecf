package vmsh.shell.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** hv.spawn and hv.instantiation from JavaScript: LightVM's instantiation. */
class SpawnApiTest {

    @RegisterExtension
    final SessionFixture js = SessionFixture.inTempDir();

    private static final String BASE = """
            hv.configure({ memory: '64M' });
            const base = hv.create({ name: 'base', memory: '64K' });
            base.load(asm(sample('tiny/echo.s')), { params: { idle_ticks: 0 } });
            base.run({ insns: 1e5 });
            """;

    @Test
    void spawnedVmsServeAsTheTemplateDoes() {
        String out = js.run(BASE + """
                const vms = hv.spawn(base, 3).concat(hv.spawn(base, 1, { method: 'boot', controlPlane: 'store', names: ['b'] }),
                                                   hv.spawn(base, 1, { method: 'copy' }));
                print(vms.map(v => v.name).join(' '));
                vms.forEach(v => v.console.feed('hi'));
                hv.run({ cycles: 1e8 });
                print(vms.every(v => v.console.text === 'echo: ready\\nhi'));
                print(hv.instantiation.map(r => `${r.method} ${r.controlPlane} ${r.vms} ${r.controlPlaneCyclesPerVm}`).join('; '));
                """);
        assertEquals("base-1 base-2 base-3 b base-4\ntrue\n"
                + "clone noxs 3 5000; boot store 1 211400; copy noxs 1 5000\n", out);
    }

    @Test
    void instantiationRowsHaveTheirFigures() {
        String out = js.run(BASE + """
                hv.spawn(base, 2);
                const r = hv.instantiation[0];
                print(Object.keys(r).join(' '));
                print(r.cyclesPerVm === r.lastCycles, r.msPerVm === Math.round(r.cyclesPerVm / 1e3) / 1e3, r.bytesPerVm > 0);
                """);
        assertEquals("method controlPlane vms cyclesPerVm msPerVm controlPlaneCyclesPerVm bytesPerVm lastCycles\ntrue true true\n", out);
    }

    /** The error a line throws, without its location. */
    private String error(String code) { return js.error(code).replaceFirst("^test\\.js:\\d+:\\d+: ", ""); }

    @Test
    void badInputNamesTheValue() {
        js.run(BASE);
        assertEquals("TypeError: hv.spawn(template, n): template must be a VM, got 42", error("hv.spawn(42, 2)"));
        assertEquals("RangeError: hv.spawn(): n must be at least 1, got 0", error("hv.spawn(base, 0)"));
        assertEquals("TypeError: hv.spawn(template, n): n must be a number of VMs, got '3'", error("hv.spawn(base, '3')"));
        assertEquals("RangeError: hv.spawn(): method 'fork' is not one of 'clone', 'boot', 'copy'", error("hv.spawn(base, 2, { method: 'fork' })"));
        assertEquals("RangeError: hv.spawn(): control plane 'xs' is not one of 'store', 'noxs'", error("hv.spawn(base, 2, { controlPlane: 'xs' })"));
        assertEquals("RangeError: hv.spawn(): 1 names for 2 VMs: give one name per VM", error("hv.spawn(base, 2, { names: ['a'] })"));
        assertEquals("RangeError: hv.spawn(): a VM named 'base' exists", error("hv.spawn(base, 1, { names: ['base'] })"));
        assertTrue(error("hv.spawn(base, 1, { colour: 1 })").contains("colour"));
        assertEquals("RangeError: hv.spawn(): VM 'e' has no image loaded: spawn needs a booted template",
                error("hv.spawn(hv.create({ name: 'e', memory: '64K' }), 1)"));
        assertEquals("2\n", js.run("print(hv.vms.length)"), "nothing was made");
    }
}
