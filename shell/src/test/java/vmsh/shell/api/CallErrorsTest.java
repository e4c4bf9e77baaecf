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

    @Test void aMessageThatNamesTheBareMethodGetsItsObject() {
        js.run("m = machine({memory: '1M'})");
        assertEquals("test.js:1:1: TypeError: m.restore(s) needs a snapshot from m.snapshot(), got 5", js.error("m.restore(5)"));
        assertEquals("test.js:1:1: TypeError: s.save(file): file must be a string, got 5", js.error("m.snapshot().save(5)"));
        assertEquals("test.js:1:1: TypeError: m.gdb({port}): port must be a number, got 'x'", js.error("m.gdb({port: 'x'})"));
        assertEquals("test.js:1:1: Error: machine.open(): no file 'nofile'", js.error("machine.open('nofile')").replaceAll(" \\(looked in .*", ""));
    }

    @Test void aJitThresholdBeyondAnIntIsRefusedNotWrappedAround() {
        assertEquals("test.js:1:1: RangeError: machine(): jit must be at most 2147483647 (jumps before an instruction is translated), got 1000000000000",
                js.error("machine({memory: '1M', jit: 1e12})"));
    }

    @Test void aNumberTooLargeIsNotCalledFractional() {
        assertEquals("test.js:1:1: RangeError: m.run(): insns must be at most 2^63-1, got 1e+30",
                js.error("machine({memory: '1M'}).run({insns: 1e30})"));
        assertEquals("test.js:1:1: RangeError: m.run(): insns must be a whole number, got 1.5",
                js.error("machine({memory: '1M'}).run({insns: 1.5})"));
    }

    @Test void aMethodThatTakesNothingRefusesWhatItIsGiven() {
        js.run("m = machine({memory: '1M'}); vm = hv.create({name: 'a', memory: '4M'})");
        assertEquals("test.js:1:1: TypeError: m.reverseContinue(): takes no arguments, got 5", js.error("m.reverseContinue(5)"));
        assertEquals("test.js:1:1: TypeError: m.clone(): takes no arguments, got { x: 1 }", js.error("m.clone({x: 1})"));
        assertEquals("test.js:1:1: TypeError: vm.snapshot(): takes no arguments, got 'x'", js.error("vm.snapshot('x')"));
        assertEquals("test.js:1:1: TypeError: hv.record(): takes no arguments, got 5", js.error("hv.record(5)"));
    }

    @Test void aReadOnlyPropertyIsNamedAsScriptsCallIt() {
        assertEquals("test.js:1:30: TypeError: m.history.interval is read-only",
                js.error("m = machine({memory: '1M'}); m.history.interval = 5"));
    }

    @Test void aPropertysMistakeNamesTheProperty() {
        assertEquals("test.js:2:1: RangeError: m.privilege: 'H' is not a privilege (use 'U', 'S' or 'M')",
                js.error("const m = machine({memory: '1M'});\nm.privilege = 'H'"));
    }

    @Test void aPropertysMistakeSaysItsNameOnce() {
        assertEquals("test.js:1:1: TypeError: m.pc: must be a number, got 'x'", js.error("machine({memory: '1M'}).pc = 'x'"));
    }

    @Test void aPropertysMistakeSaysItsDottedNameOnce() {
        assertEquals("test.js:1:30: RangeError: m.history.cap: must be at least 1, got -5",
                js.error("m = machine({memory: '1M'}); m.history.cap = -5"));
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
