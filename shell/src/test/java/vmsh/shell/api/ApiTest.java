package vmsh.shell.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The JavaScript API: errors that name values, and (with the runtime built) machines. */
class ApiTest {

    @RegisterExtension
    final SessionFixture js = SessionFixture.inTempDir();

    @Test
    void badMemorySizeNamesTheValue() {
        assertEquals("test.js:1:1: RangeError: machine(): invalid size 'lots' (use e.g. 64M, 1G, 4096)",
                js.error("machine({memory: 'lots'})"));
        assertEquals("test.js:1:1: RangeError: machine(): memory 3G must be a multiple of 4K from 4K to 2G", js.error("machine({memory: '3G'})"));
    }

    @Test
    void unknownOptionsAreNamed() {
        assertEquals("test.js:1:1: TypeError: machine(): unknown option 'memroy' (known: memory, tlb, isa, jit, history)",
                js.error("machine({memroy: '64M'})"));
    }

    @Test
    void isaChoosesTheExtensions() {
        assertEquals("rv32ima_zicsr_zifencei 0x40141101\nrv32imah_zicsr_zifencei 0x40141181\n",
                js.run("""
                        for (const isa of [undefined, 'RV32IMA_H']) {
                          const m = machine({memory: '1M', isa});
                          print(m.config.isa, hex(m.csr('misa')));
                        }
                        """));
        assertEquals("test.js:1:1: RangeError: machine(): isa 'rv32gc': 'g' stands for imafd_zicsr_zifencei, and F and D (floating point) are not implemented",
                js.error("machine({isa: 'rv32gc'})"));
        assertEquals("test.js:1:1: TypeError: machine(): isa must be a string, got 32", js.error("machine({isa: 32})"));
    }

    @Test
    void jitChangesNothingButTheSpeed() {
        assertEquals("false true true\n", js.run("""
                const guest = asm`
                        .globl _start
                _start: li t0, 3000
                        la t1, buf
                loop:   addi a0, a0, 7
                        mul a1, a0, t0
                        sw a1, 0(t1)
                        addi t0, t0, -1
                        bnez t0, loop
                        j _start
                        .data
                buf:    .word 0`;
                const runs = [false, true, 1].map(jit => {
                  const m = machine({memory: '1M', jit, history: false});
                  m.load(guest);
                  m.run({insns: 12345});
                  return [m.config.jit, m.stateHash()];
                });
                print(runs[0][0], runs[1][0], runs[0][1] === runs[1][1] && runs[1][1] === runs[2][1]);
                """));
        assertEquals("test.js:1:1: RangeError: machine(): jit must be at least 1, got 0", js.error("machine({jit: 0})"));
    }

    @Test
    void translateCanTakeTheViewOfAnotherMode() {
        String out = js.run("""
                const m = machine({memory: '1M'});
                print(m.translate(0x80000000, {access: 'fetch', priv: 'U'}).toString().split('\\n')[0]);
                """);
        assertTrue(out.contains("U-mode"), out);
        assertEquals("test.js:1:1: RangeError: m.translate(): priv: 'H' is not a privilege (use 'U', 'S' or 'M')",
                js.error("machine().translate(0, {priv: 'H'})"));
    }

    @Test
    void aWholeMachineGuestRunsItsOwnMachineMode() {
        assertEquals("full sbi halted 11\n", js.run("""
                const v = hv.create({name: 'm', memory: '4M', technique: 'trap', machine: 'full'});
                v.load(asm`_start: la t0, handler
                                   csrw mtvec, t0
                                   ecall
                           1:      j 1b
                           handler: csrr t0, mcause      # 11: an ecall from M-mode, to the exit code
                                   slli t0, t0, 16
                                   li t1, 0x3333
                                   or t0, t0, t1
                                   li t1, 0x100000
                                   sw t0, 0(t1)`);
                hv.run({insns: 1e5});
                print(v.machine, hv.create({name: 's', memory: '4M'}).machine, v.state, v.exitCode);
                """));
        assertEquals("test.js:1:1: RangeError: hv.create(): machine 'half' must be 'sbi' or 'full'",
                js.error("hv.create({name: 'x', machine: 'half'})"));
        assertTrue(js.error("hv.create({name: 'p', technique: 'pv', machine: 'full'})")
                .startsWith("test.js:1:1: RangeError: hv.create(): VM 'p': pv cannot run a whole machine"));
        assertEquals("test.js:1:1: RangeError: hv.create(): VM 'f': a whole machine has one hart (not 2 vCPUs)",
                js.error("hv.create({name: 'f', technique: 'hw', machine: 'full', vcpus: 2})"));
    }

    @Test
    void hostMemoryCountsDoublePaging() {
        assertEquals("0\n", js.run("hv.configure({memory: '16M'}); print(hv.memory.doublePaging)"));
    }

    @Test
    void apiErrorsAreRealJavaScriptErrors() {
        assertEquals("true RangeError machine(): invalid size 'x' (use e.g. 64M, 1G, 4096)\n",
                js.run("try { machine({memory: 'x'}) } catch (e) { print(e instanceof RangeError, e.name, e.message) }"));
    }

    @Test
    void errorsPointAtTheCallerNotAtOurInternals() {
        assertEquals("test.js:3:5: TypeError: asm(text): text must be a string, got 42",
                js.error("\n\n    asm(42)"));
    }

    @Test
    void readOnlyPropertiesSaySo() {
        assertEquals("test.js:1:1: TypeError: m.regs is read-only", js.error("machine().regs = 1"));
        assertEquals("test.js:1:22: TypeError: no register named 'a9' (use x0..x31 or ABI names such as a0, sp)",
                js.error("const m = machine(); m.regs.a9 = 1"));
    }

    @Test
    void machinesPrintUsefully() {
        assertTrue(js.run("print(machine({memory: '64M'}))").startsWith("machine: 64M RAM"));
    }

    @Test
    void registersReadWriteAndPrintAsATable() {
        String out = js.run("""
                const m = machine();
                m.regs.a0 = 5; m.regs.x5 = -1; m.regs.sp = 0x80001000;
                print(m.regs.a0, m.regs.t0, hex(m.regs.x2), m.regs.zero);
                m.regs.zero = 7; print(m.regs.x0);
                print(m.regs)
                """);
        String[] lines = out.split("\n");
        assertEquals("5 4294967295 0x80001000 0", lines[0]);
        assertEquals("0", lines[1]);
        assertTrue(lines[2].startsWith("pc        0x") && lines[2].endsWith("M-mode"), out);
        assertEquals("zero (x0) 0x00000000   ra (x1)   0x00000000   sp (x2)   0x80001000   gp (x3)   0x00000000", lines[3]);
        assertEquals("s0 (x8)   0x00000000   s1 (x9)   0x00000000   a0 (x10)  0x00000005   a1 (x11)  0x00000000", lines[5]);
        assertEquals(2 + 1 + 8, lines.length, out);
    }

    @Test
    void memoryReadsAndWritesUnsignedValues() {
        assertEquals("4294967295\n65535 255 65535 0 [255, 255, 0, 0]\n", js.run("""
                const m = machine();
                m.mem.write32(0x80000000, 0xffffffff);
                print(m.mem.read32(0x80000000));
                m.mem.write16(0x80000002, 0);
                print(m.mem.read32(0x80000000), m.mem.read8(0x80000000), m.mem.read16(0x80000000),
                      m.mem.read16(0x80000002), m.mem.bytes(0x80000000, 4))
                """));
    }

    @Test
    void addressesMustFitIn32Bits() {
        assertEquals("test.js:1:1: RangeError: m.mem.read32(): address 4294967296 does not fit in 32 bits",
                js.error("machine().mem.read32(2**32)"));
        assertEquals("test.js:1:1: RangeError: m.mem.read32(): address must be a whole number, got 1.5",
                js.error("machine().mem.read32(1.5)"));
    }

    @Test
    void assembleLoadRunAndInspect() {
        String out = js.run("""
                const img = asm`
                        .globl _start
                _start: li   a0, ${6 * 7}
                        la   a1, msg
                        li   t0, 0x100000
                        li   t1, 0x5555
                        sw   t1, 0(t0)
                msg:    .asciz "hi\\n"
                `;
                print(hex(img.entry), hex(img.symbol('_start')), Object.keys(img.symbols).includes('msg'));
                const m = machine({memory: '1M'});
                m.load(img);
                print(hex(m.pc));
                const r = m.run({insns: 1000});
                print(r.reason, r.exitCode, m.regs.a0, m.regs.a1 === img.symbol('msg'));
                print(String.fromCharCode(...m.mem.bytes(img.symbol('msg'), 3)) === 'hi\\n');
                print(m.csr('mhartid'), m.csr(0xf14));
                """);
        assertEquals("0x80000000 0x80000000 true\n0x80000000\nhalt 0 42 true\ntrue\n0 0\n", out);
    }

    @Test
    void runResultIsAPlainObject() {
        String out = js.run("""
                const m = machine();
                m.load(asm('_start: j _start'));
                const r = m.run({insns: 100});
                print(JSON.stringify(r));
                print(r.reason, m.step().insns);
                """);
        assertTrue(out.startsWith("{\"reason\":\"budget\",\"insns\":100,"), out);
        assertTrue(out.endsWith("budget 1\n"), out);
    }

    @Test
    void assemblyErrorsReachTheScript() {
        String e = js.error("asm('_start: frob a0')");
        assertTrue(e.startsWith("test.js:1:1: AsmError: asm:1:"), e);
    }

    @Test
    void consoleCollectsWhatTheGuestWrites() {
        String out = js.run("""
                const m = machine();
                m.load(asm`
                _start: li t0, 0x10000000
                        li t1, 'A'
                        sb t1, 0(t0)
                        li t1, 10
                        sb t1, 0(t0)
                        li t0, 0x100000
                        li t1, 0x5555
                        sw t1, 0(t0)
                `);
                m.run();
                print(JSON.stringify(m.console.text));
                """);
        assertEquals("\"A\\n\"\n", out);
    }
}
