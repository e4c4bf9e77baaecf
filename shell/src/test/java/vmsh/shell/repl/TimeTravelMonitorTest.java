package vmsh.shell.repl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import vmsh.shell.VmshRun;

/** The monitor's rstep, rcontinue and info history, as the REPL runs them. */
class TimeTravelMonitorTest {
    @Test
    void theMonitorGoesBackInTime() {
        VmshRun r = VmshRun.withInput("""
                m = machine({memory: '1M', history: {interval: 1000}})
                m.load(asm`
                _start: la   s0, counter
                loop:   addi a0, a0, 1
                store:  sw   a0, 0(s0)
                        j    loop
                counter: .word 0
                `)
                m.run({insns: 3000})
                rstep 3
                print(m.history.insn)
                break store
                rcontinue
                info history
                """);
        String[] out = r.out().split("\n");
        assertEquals("0x8000000c <store>:\t00a42023  sw a0, 0(s0)", out[0]);
        assertEquals("2997", out[1]);
        assertEquals("hook 1: break at 0x8000000c", out[2]);
        assertEquals("breakpoint 1 at 0x8000000c (at instruction 2994, pc 0x8000000c)", out[3]);
        assertEquals("0x8000000c <store>:\t00a42023  sw a0, 0(s0)", out[4]);
        assertTrue(out[5].startsWith("history: at instruction 2994 (present 3000), oldest reachable 0; 4 checkpoints every 1000 instructions"), out[5]);
    }

    /** A counter loop: a0 counts, each count stored at counter. */
    private static final String COUNTER = """
            vm.load(asm`
            _start: la   s0, counter
            loop:   addi a0, a0, 1
            store:  sw   a0, 0(s0)
                    j    loop
            counter: .word 0
            `)
            """;

    /** After `use(vm)`: rstep 3, a breakpoint at store, rcontinue, info history. */
    private static final String GO_BACK = """
            use(vm)
            rstep 3
            print(vm.history.insn === vm.history.present - 3)
            break store
            rcontinue
            info history
            """;

    @Test
    void theMonitorGoesBackInAVmsHistory() {
        VmshRun r = VmshRun.withInput("vm = hv.create({name: 'c', memory: '4M', technique: 'trap'})\n" + COUNTER + """
                hv.keepHistory({interval: 1000})
                vm.run({insns: 3000})
                """ + GO_BACK);
        assertWentBack(r, "history of VM 'c': at instruction ");
    }

    @Test
    void theMonitorGoesBackInAClustersVm() {
        VmshRun r = VmshRun.withInput("""
                dc = cluster({hosts: 2, host: {memory: '64M'}, seed: 1})
                vm = dc.hosts[0].create({name: 'c', memory: '4M', technique: 'trap'})
                """ + COUNTER + """
                dc.keepHistory({interval: '20us'})
                dc.run({us: 50})
                """ + GO_BACK);
        assertWentBack(r, "history of VM 'c' in the cluster: at instruction ");
    }

    private static void assertWentBack(VmshRun r, String history) {
        String[] out = r.out().split("\n");
        assertTrue(out[0].matches("0x800000[0-9a-f]{2} <(store|loop)(\\+\\d+)?>:.*"), r.toString());
        assertEquals("true", out[1], r.toString());
        assertEquals("hook 1: break at 0x8000000c", out[2]);
        assertTrue(out[3].matches("breakpoint 1 at 0x8000000c \\(VM 'c' at instruction \\d+, pc 0x8000000c\\)"), out[3]);
        assertEquals("0x8000000c <store>:\t00a42023  sw a0, 0(s0)", out[4]);
        assertTrue(out[5].startsWith(history), out[5]);
    }
}
