package vmsh.shell.repl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import vmsh.shell.Io;
import vmsh.shell.VmshRun;
import vmsh.shell.api.Session;

/** Monitor commands on a VM chosen with use(vm), with guest-virtual addresses; and what stays JavaScript. */
class MonitorOnVmsTest {
    /** Runs lines as the piped REPL does, in a session whose script folder is the checkout (for samples/). */
    private static String[] repl(String lines) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8), e = new PrintStream(err, true, StandardCharsets.UTF_8);
        try (Session s = new Session(o, e, VmshRun.repo(""), List.of())) {
            Entries entries = new Entries(s, new Io(new ByteArrayInputStream(new byte[0]), o, e, false), false);
            int n = 0;
            for (String line : lines.split("\n")) entries.handle(line, "stdin", ++n);
        }
        return new String[] {out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)};
    }

    @Test void monitorCommandsReadAVm() {
        String[] r = repl("""
                vm = hv.create({name: 'k', memory: '32M', technique: 'hw'})
                vm.load(asm(readFile('samples/kernel/kernel.s')))
                r = vm.run({insns: 300000})
                info registers
                info mem
                info tlb
                info pmap
                x/2i $pc
                xp/1wx 0x80000000
                print(vm.regs.sp === vm.regs.x2, vm.privilege, typeof vm.pc)
                """);
        assertEquals("", r[1]);
        String out = r[0];
        assertTrue(out.startsWith("pc        0x"), out);
        assertTrue(out.contains("-mode (guest)\nzero (x0)"), out);
        assertTrue(out.contains("vaddr             paddr     size     attr"), out);   // the guest's own page table
        assertTrue(out.contains("host TLB entries of VM 'k': "), out);
        assertTrue(out.contains("gpn"), out);                                         // the pmap, as a table
        assertTrue(out.matches("(?s).*\\n=> 0x[0-9a-f]{8}( <[^>]+>)?:\\t[0-9a-f]{8}  .*"), out);
        assertTrue(out.contains("0x80000000 <_start>:\t0x"), out);
        assertTrue(out.endsWith("true S number\n") || out.endsWith("true U number\n"), out);
    }

    @Test void stepAndContinueRunTheVm() {
        VmshRun r = VmshRun.withInput("""
                vm = hv.create({name: 'v', memory: '4M'})
                vm.load(asm`_start: li a0, 5
                           1:     addi a0, a0, -1
                                  bnez a0, 1b
                                  li a7, 0x53525354
                                  li a6, 0
                                  li a1, 0
                                  ecall`)
                step
                step 2
                print(String(vm.regs.a0))
                continue
                break _start
                """);
        String[] out = r.out().split("\n");
        // the first step is the fetch that faults the code page in (it counts, as a trapping instruction does)
        assertEquals("0x80000000 <_start>:\t00500513  li a0, 5", out[0], r.out());
        assertEquals("0x80000008 <_start+8>:\tfe051ee3  bnez a0, 0x80000004", out[1], r.out());
        assertEquals("4", out[2], r.out());
        assertTrue(out[3].startsWith("halted: guest exited with code 0"), r.out());
        assertTrue(r.err().contains("has no breakpoints or watchpoints (a VM takes step, continue, x and info"), r.err());
    }

    @Test void linesThatAreJavaScriptStayJavaScript() {
        VmshRun r = VmshRun.withInput("""
                m = machine({memory: '1M'})
                x = 5
                x + 1
                b =3
                x += 1
                print(x, b)
                let step = 7
                step
                print(step)
                """);
        assertEquals("", r.err());
        assertEquals("6 3\n7\n", r.out());
    }

    @Test void theFormsStillWork() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true);
        try (Session s = new Session(out, out, Path.of(""), List.of())) {
            for (String line : List.of("x/4wx 0x80000000", "x $sp", "x _start", "xp/2i buf + 4", "b loop", "break 0x80000010",
                    "watch $a0", "step", "si 3", "continue", "info registers"))
                assertTrue(MonitorCommands.matches(s, line), line);
            for (String line : List.of("x = 5", "x + 1", "b =3", "x += 1", "x", "b", "watch(1)", "info"))
                assertTrue(!MonitorCommands.matches(s, line), line);
        }
    }
}
