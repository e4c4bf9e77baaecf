package vmsh.shell.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every mistake names the call it came from, once; errors about the guest keep their own words. */
class CallErrorsTest {

    @RegisterExtension
    final SessionFixture js = SessionFixture.inTempDir();

    @Test void aMethodsMistakeNamesTheMethod() {
        assertEquals("test.js:1:1: Error: hv.create(): technique 'warp' must be trap, trap-vtlb, bt, pv, hw-shadow or hw",
                js.error("hv.create({name: 'a', technique: 'warp'})"));
    }

    @Test void aGlobalsMistakeNamesTheGlobal() {
        assertEquals("test.js:1:1: RangeError: machine(): invalid size 'abc' (use e.g. 64M, 1G, 4096)",
                js.error("machine({memory: 'abc'})"));
    }

    @Test void aMessageThatNamesItsCallIsLeftAsItIs() {
        assertEquals("test.js:1:1: TypeError: hv.spawn(template, n): template must be a VM, got 1", js.error("hv.spawn(1, 2)"));
    }

    @Test void aPropertysMistakeNamesTheProperty() {
        assertEquals("test.js:2:1: RangeError: m.privilege: 'H' is not a privilege (use 'U', 'S' or 'M')",
                js.error("const m = machine({memory: '1M'});\nm.privilege = 'H'"));
    }

    @Test void aPropertysMistakeSaysItsNameOnce() {
        assertEquals("test.js:1:1: TypeError: m.pc: must be a number, got 'x'", js.error("machine({memory: '1M'}).pc = 'x'"));
    }

    @Test void aPropertyMessageThatNamesItselfIsLeftAsItIs() {
        String e = js.error("hv.idleTax = 'lots'");
        assertEquals(false, e.contains("hv.idleTax: hv.idleTax"), e);
    }

    @Test void theStateSurvivesTheMistake() {
        js.run("m = machine(); m.regs.a0 = 7");
        js.error("m.run({insns: -1})");
        assertEquals("7\n", js.run("print(m.regs.a0)"));
    }

    @Test void aGuestFaultIsNotAMistakeOfTheCall() {
        String e = js.error("m = machine(); m.load(asm('lw a0, 0(zero)')); m.run({insns: 10})");
        assertEquals(false, e.contains("m.run(): "), e);
    }
}
