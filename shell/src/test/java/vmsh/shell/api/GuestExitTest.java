package vmsh.shell.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** exitCode is null until the guest exits; after its exit a guest never runs on until it is loaded again. */
class GuestExitTest {
    @RegisterExtension
    final SessionFixture js = SessionFixture.inTempDir();

    /** Exits with code 3 through the finisher, then (were it resumed) counts in s1 and exits with 0. */
    private static final String GUEST = """
            const img = asm`
            _start: li   t0, 0x100000
                    li   t1, (3 << 16) | 0x3333
            store:  sw   t1, 0(t0)
            after:  addi s1, s1, 1
                    li   t1, 0x5555
                    sw   t1, 0(t0)
            `;
            const m = machine();
            m.load(img);
            """;

    @Test
    void exitCodeIsNullUntilTheGuestExits() {
        assertEquals("budget null null\nbreak null null\nhalt 3 3\n", js.run(GUEST + """
                let r = m.run({insns: 1});
                print(r.reason, r.exitCode, m.exitCode);
                m.break('store');
                r = m.run();
                print(r.reason, r.exitCode, m.exitCode);
                r = m.run();
                print(r.reason, r.exitCode, m.exitCode);
                """));
    }

    @Test
    void aRunAfterTheExitRunsNothingAndSaysSo() {
        assertEquals("""
                halt 3
                halt 0 3 the guest has exited with code 3; load an image to run again
                0 0 true
                null 3
                """, js.run(GUEST + """
                let r = m.run();
                print(r.reason, r.exitCode);
                const pc = m.pc;
                r = m.run();
                print(r.reason, r.insns, r.exitCode, r.message);
                print(m.regs.s1, m.step().insns, m.pc === pc);
                m.load(img);
                print(m.exitCode, m.run().exitCode);
                """));
    }

    @Test
    void vmExitCodesAreNullUntilTheGuestHalts() {
        assertEquals("null ready null\n7 halted 7\n", js.run("""
                hv.configure({memory: '64M'});
                const vm = hv.create({name: 'g', memory: '16M'});
                vm.load(asm`
                _start: li   t0, 0x100000
                        li   t1, (7 << 16) | 0x3333
                loop:   addi t2, t2, 1
                        li   t3, 1000
                        blt  t2, t3, loop
                        sw   t1, 0(t0)
                `);
                let r = vm.run({insns: 10});
                print(vm.exitCode, r.state, r.exitCode);
                r = vm.run({insns: 100000});
                print(vm.exitCode, r.state, r.exitCode);
                """));
    }
}
