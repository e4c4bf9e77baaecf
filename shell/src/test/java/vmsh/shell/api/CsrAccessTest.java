package vmsh.shell.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** m.csr / vm.csr with a value and the privilege property written: a debugger's writes from a script. */
class CsrAccessTest {
    @RegisterExtension
    final SessionFixture js = SessionFixture.inCheckout();

    @Test void aMachineTakesCsrAndPrivilegeWritesAsADebuggerMakesThem() {
        String out = js.run("""
                const m = machine({memory: '1M'});
                m.load(asm`_start: j _start`);
                print(hex(m.csr('mscratch', 0x1234)), hex(m.csr(0x340)), m.privilege);
                m.csr('mstatus', 0x1800);            // MPP = M; WARL: what it holds is read back
                m.privilege = 's';
                print(m.privilege, m.run({insns: 10}).insns);
                """);
        assertEquals("0x00001234 0x00001234 M\nS 10\n", out);
    }

    @Test void aMachinesBadCsrWritesNameTheCallAndTheValue() {
        assertEquals("test.js:2:1: RangeError: m.csr(): no CSR named 'nope'",
                js.error("const m = machine({memory: '1M'});\nm.csr('nope', 1)"));
        assertTrue(js.error("const m2 = machine({memory: '1M'});\nm2.privilege = 'H'").contains("m.privilege: 'H' is not a privilege (use 'U', 'S' or 'M')"));
    }

    @Test void aVmsCsrsAreWrittenWhereItsTechniqueKeepsThem() {
        for (String t : new String[] {"hw", "hw-shadow", "trap", "trap-vtlb", "bt"}) {
            String out = js.run("{\n" + VmHooksApiTest.VM.formatted(t) + """
                    vm.run({insns: 300000});
                    print(hex(vm.csr('sscratch', 0x5a5a)), hex(vm.csr('sscratch')), vm.csr('satp') === vm.csr(0x180));
                    const satp = vm.csr('satp');
                    vm.csr('satp', satp);
                    print(vm.run({insns: 100000}).state);
                    }
                    """);
            assertEquals("0x00005a5a 0x00005a5a true\nready\n", out, t);
        }
    }

    @Test void pvRefusesWhatItsSharedPageCannotHoldInOneLine() {
        String err = js.error("""
                hv.configure({memory: '32M'});
                const vm = hv.create({name: 'p', memory: '8M', technique: 'pv'});
                vm.load(asm(readFile('samples/kernel/kernel-pv.s')));
                vm.run({insns: 300000});
                vm.csr('satp', 0)
                """);
        assertTrue(err.startsWith("test.js:5:1: ") && err.contains("vm.csr(): ") && !err.contains("\n") && !err.contains("Exception"), err);
    }
}
