package vmsh.shell.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** hv.keepHistory, hv.history, vm.history, vm.reverseStep/reverseContinue/seek, hv.record and hv.replay from JavaScript. */
class VmTimeTravelApiTest {
    @TempDir
    Path dir;

    private SessionFixture js;

    /** The counter of the machine's test, in a VM of technique %s. */
    static String guest(String technique) {
        return """
            const vm = hv.create({name: 'c', memory: '4M', technique: '%s'});
            vm.load(asm`
            _start: la   s0, counter
            loop:   addi a0, a0, 1
                    li   t0, 1000
                    rem  t1, a0, t0
                    bnez t1, loop
            store:  sw   a0, 0(s0)
                    j    loop
            .data
            counter: .word 0
            `);
            hv.keepHistory({interval: 20000});
            """.formatted(technique);
    }

    @BeforeEach
    void open() { js = new SessionFixture(dir, dir.resolve("out")); }

    @AfterEach
    void close() { js.close(); }

    @ParameterizedTest
    @ValueSource(strings = {"hw", "hw-shadow", "trap", "trap-vtlb", "bt", "pv"})
    void reverseStepAndSeekLandOnTheStateARunStoppedThereHad(String technique) {
        assertEquals("true true -5 true\n", js.run(guest(technique) + """
                vm.run({insns: 30000});
                const g = vm.history.insn, h = hv.stateHash();
                vm.run({insns: 50000});
                vm.seek({insn: g});
                const back = hv.stateHash() === h;
                vm.seek({insn: vm.history.present});
                vm.reverseStep(1000);
                const r = vm.reverseStep(5);
                print(back, vm.history.insn < vm.history.present, r.insns, vm.history.oldest === 0);
                """));
    }

    @Test void reverseContinueFindsTheStoreThatWroteAWatchedWord() {
        assertEquals("break true true 0\n", js.run(guest("trap") + """
                vm.run({insns: 61000});
                vm.watch('counter');
                const r = vm.reverseContinue();
                print(r.reason, hex(vm.pc) === hex(vm.image.symbol('store')), vm.mem.read32(vm.image.symbol('counter')) === vm.regs.a0 - 1000,
                    vm.regs.a0 % 1000);
                """));
    }

    @Test void aHostRecordingReplaysAndSavesToAFile() {
        String out = js.run(guest("hw") + """
                vm.run({insns: 10000});
                const r = hv.record();
                vm.console.feed('typed');
                vm.run({insns: 30000});
                hv.run({cycles: 100000});
                r.stop();
                const end = hv.stateHash();
                r.save('c.rec');
                const a = hv.replay(r), b = hv.replay('c.rec');
                print(r.events, a.identical, b.identical, a.hash === end, hv.stateHash() === end);
                """);
        assertEquals("3 true true true true\n", out);   // the input typed, two runs
    }

    @Test void theHistoriesPrintWhereTheyAre() {
        String out = js.run(guest("trap") + "vm.run({insns: 50000}); vm.reverseStep(100); print(vm.history); print(hv.history)");
        assertTrue(out.startsWith("history of VM 'c': at instruction "), out);
        assertTrue(out.contains("\nhistory of host: at instruction "), out);
    }

    @Test void aHostWithoutHistoryAndPointsOutOfReachSayWhy() {
        assertEquals("test.js:1:86: Error: vm.reverseStep(): the host keeps no history; start it with hv.keepHistory()",
                js.error("const w = hv.create({name: 'w', memory: '4M', technique: 'trap'}); w.load(asm`j .`); w.reverseStep(1)"));
        String error = js.error("hv.configure({});\n" + guest("trap") + "vm.run({insns: 100});\nvm.seek({insn: 100000})");
        assertTrue(error.contains("RangeError: vm.seek(): instruction 100000 of VM 'c' is after the present"), error);
    }

    @Test void aVmOfTwoVcpusGoesBackInBothVcpusInstructions() {
        String out = js.run("""
                hv.configure({memory: '128M'});
                const vm = hv.create({name: 'd', memory: '32M', technique: 'hw', vcpus: 2});
                vm.load(asm(sample('hv/disco.s')), {params: {harts: 2, rounds: 200}});
                hv.keepHistory({interval: 20000});
                vm.run({insns: 70000});
                const g = vm.history.insn, h = hv.stateHash();
                vm.run({insns: 50000});
                vm.reverseStep(3);
                vm.seek({insn: g});
                print(hv.stateHash() === h, vm.stats().insns > g);
                """);
        assertEquals("true true\n", out);   // the host counts its SBI calls too
    }

    @Test void goingBackPastACloneTakesItAwayAndForwardMakesItAgain() {
        String out = js.run(guest("hw") + """
                vm.run({insns: 50000});
                const c = vm.clone({name: 'c2'});
                hv.run({insns: 60000});
                const end = vm.history.insn, cEnd = c.history.insn, h = hv.stateHash();
                vm.seek({insn: 10});
                print(hv.vms.length);
                try { c.run({insns: 1}); } catch (e) { print(e.message); }
                vm.seek({insn: end});
                print(hv.vms.length, c.history.insn === cEnd, hv.stateHash() === h, hv.vms[1] === c);
                try { c.seek({insn: c.history.oldest - 1}); } catch (e) { print(e.message); }
                vm.seek({insn: 20000}); vm.run({insns: 100});
                print(hv.vms.length, vm.history.present);
                try { print(c.name); } catch (e) { print(e.message); }
                """);
        assertEquals("""
                1
                VM 'c2' is not on the host at this point of its history: it was made later (seek forward past where it was made)
                2 true true true
                vm.seek(): instruction 49998 of VM 'c2' is before the oldest point in history, its instruction 49999 (VM 'c2' was made there)
                1 20100
                VM 'c2' is not on the host at this point of its history: it was made later (seek forward past where it was made)
                """, out);
    }

    @Test void goingBackPastASpawnTakesItsVmsAwayAndForwardMakesThemAgain() {
        String out = js.run("""
                hv.configure({memory: '256M'});
                const base = hv.create({name: 'base', memory: '64K', technique: 'hw'});
                base.load(asm(sample('tiny/echo.s')));
                base.run({insns: 1e5});
                hv.keepHistory({interval: 20000});
                const before = base.history.insn;
                base.console.feed('a\\n'); hv.run({cycles: 1e6});
                const vms = hv.spawn(base, 2).concat(hv.spawn(base, 1, {method: 'boot'}));
                vms[2].console.feed('ping\\n'); hv.run({cycles: 1e7});
                const h = hv.stateHash(), text = vms[2].console.text;
                base.seek({insn: before});
                print(hv.vms.length);
                base.seek({insn: base.history.present});
                print(hv.vms.length, hv.stateHash() === h, JSON.stringify(vms[2].console.text === text ? text : 'differs'));
                """);
        assertEquals("1\n4 true \"echo: ready\\nping\\n\"\n", out);
    }

    @Test void aClusterHostNeitherKeepsHistoryNorRecordsAndSaysWhy() {
        js.run("var h = cluster({hosts: 2, seed: 1}).hosts[0].hv;");
        for (String call : new String[] {"h.keepHistory()", "h.record()", "h.replay('x.hvrec')"}) {
            String error = js.error(call);
            String name = "hv." + call.substring(2, call.indexOf('(')) + "()";
            assertTrue(error.contains("Error: " + name + ": this is a cluster's host: its past cannot run again alone (its VMs' packets "
                    + "would go out again; the network, the clients and the other hosts do not go back with it)"), error);
        }
    }

    @Test void aMissingRecordingFileIsNamedByTheCall() {
        String error = js.error("hv.replay('nope.hvrec')");
        assertTrue(error.contains("Error: hv.replay(): no file 'nope.hvrec'"), error);
    }
}
