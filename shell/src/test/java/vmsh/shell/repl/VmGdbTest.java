package vmsh.shell.repl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import vmsh.shell.Io;
import vmsh.shell.VmshRun;
import vmsh.shell.cli.Cli;
import vmsh.shell.gdb.GdbMultiarch;

/** gdb on a VM chosen with use(vm): guest-virtual addresses, the guest's CSRs, the VM's monitor commands. */
class VmGdbTest {
    @TempDir
    Path tmp;

    private static String session(String technique) {
        return """
            hv.configure({memory: '32M'})
            vm = hv.create({name: 'k', memory: '8M', technique: '%s'})
            vm.load(asm(sample('kernel/kernel.s')))
            use(vm)
            gdb 0
            print(vm.hooks().length, vm.state, vm.vmem.read32(vm.image.symbol('stat_syscalls')))
            print(vm.run({insns: 20000}).state)
            """.formatted(technique);
    }

    @ParameterizedTest
    @ValueSource(strings = {"hw", "trap", "bt", "pv"})
    void gdbDebugsTheGuestAtItsVirtualAddresses(String technique) throws Exception {
        assumeTrue(GdbMultiarch.find() != null, GdbMultiarch.MISSING);
        String kernel = technique.equals("pv") ? "kernel/kernel-pv.s" : "kernel/kernel.s";
        Path elf = tmp.resolve("kernel.elf");
        VmshRun asm = VmshRun.of("asm", VmshRun.repo("samples/" + kernel).toString(), "-o", elf.toString());
        assertEquals(0, asm.status(), asm.toString());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        GdbMultiarch.PortWatch err = new GdbMultiarch.PortWatch();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        String repl = session(technique).replace("kernel/kernel.s", kernel);
        CompletableFuture<Integer> status = CompletableFuture.supplyAsync(() -> Cli.run(new String[0],
                new Io(new ByteArrayInputStream(repl.getBytes(StandardCharsets.UTF_8)), o, err.stream(), false)));
        String gdb = GdbMultiarch.run(elf, err.port(), "stepi", "stepi", "print (int) $pc - (int) &kernel_entry",
                "break *schedule", "continue", "print $pc == schedule", "print $priv", "print $stvec == (int) &trap_vector",
                "print $satp != 0", "print $mstatus", "stepi", "print $pc != schedule", "delete",
                "watch *(int *)&stat_syscalls", "continue", "set {int}&stat_syscalls = 41", "print *(int *)&stat_syscalls",
                "set $stval = 0x1234", "print/x $stval", "set $old = $satp", "set $satp = 0", "print $satp",
                "set $satp = $old", "print $satp == $old", "set $priv = 0", "print $priv", "set $priv = 1",
                "monitor info registers", "monitor memory physical", "x/1wx 0x80000000", "monitor memory virtual",
                "reverse-stepi", "detach");
        assertEquals(0, status.get(120, TimeUnit.SECONDS), err.text() + gdb);
        assertTrue(gdb.contains("$1 = 8"), "stepi steps the guest's own instructions\n" + gdb);
        assertTrue(gdb.contains("Breakpoint 1, 0x") && gdb.contains(" in schedule ()"), gdb);
        assertTrue(gdb.contains("$2 = 1"), "stopped at schedule\n" + gdb);
        assertTrue(gdb.matches("(?s).*\\$3 = (prv:)?1\\b.*"), "the guest kernel believes it runs in S-mode\n" + gdb);
        assertTrue(gdb.contains("$4 = 1"), "stvec as the guest wrote it\n" + gdb);
        assertTrue(gdb.contains("$5 = 1"), "the guest's satp: paging on\n" + gdb);
        assertTrue(gdb.contains("$6 = void"), "an SBI guest has no M-mode CSRs\n" + gdb);
        assertTrue(gdb.contains("$7 = 1"), "stepi moved on\n" + gdb);
        assertTrue(gdb.contains("Hardware watchpoint 2: *(int *)&stat_syscalls"), gdb);
        assertTrue(gdb.contains("Old value = 0\nNew value = 1"), gdb);
        assertTrue(gdb.contains("$8 = 41"), "written through the guest's page table\n" + gdb);
        assertTrue(gdb.contains("$9 = 0x1234"), "the guest's stval written (pv: on its shared page)\n" + gdb);
        if (technique.equals("pv")) {
            assertTrue(gdb.contains("a debugger cannot write satp: a paravirtual guest switches address spaces by hypercall"),
                    "pv refuses satp with its reason\n" + gdb);
            assertTrue(gdb.contains("a debugger cannot set the privilege to 0: a paravirtual guest's mode"), "and $priv\n" + gdb);
        } else {
            assertTrue(gdb.contains("$10 = 0"), "the guest's satp written\n" + gdb);
            assertTrue(gdb.contains("$11 = 1"), "and written back\n" + gdb);
            assertTrue(gdb.matches("(?s).*\\$12 = (prv:)?0\\b.*"), "the guest's privilege written\n" + gdb);
        }
        assertTrue(gdb.contains("pc "), "monitor info registers shows the VM's\n" + gdb);
        assertTrue(gdb.contains("memory accesses are physical"), gdb);
        assertTrue(gdb.matches("(?s).*0x80000000( <[^>]+>)?:\\s+0x[0-9a-f]{8}.*"), "guest-physical memory\n" + gdb);
        assertTrue(gdb.contains("Target remote does not support this command") || gdb.contains("keeps no history"), gdb);
        String printed = out.toString(StandardCharsets.UTF_8);
        assertTrue(printed.matches("(?s).*gdb detached after \\d+ resumes\n.*"), printed);
        assertTrue(printed.contains("0 ready 41\n"), "gdb's points are gone, the write stayed\n" + printed);
        assertTrue(printed.contains("\nready\n"), "the VM goes on\n" + printed);
    }

    /** gdb's reverse execution on a cluster's VM, the cluster keeping history: reverse-stepi and reverse-continue to a watched write. */
    @Test
    void gdbGoesBackInAClustersVm() throws Exception {
        assumeTrue(GdbMultiarch.find() != null, GdbMultiarch.MISSING);
        Path elf = tmp.resolve("kernel.elf");
        VmshRun asm = VmshRun.of("asm", VmshRun.repo("samples/kernel/kernel.s").toString(), "-o", elf.toString());
        assertEquals(0, asm.status(), asm.toString());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        GdbMultiarch.PortWatch err = new GdbMultiarch.PortWatch();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        String repl = """
            dc = cluster({hosts: 2, host: {memory: '64M'}, seed: 1})
            vm = dc.hosts[0].create({name: 'k', memory: '8M', technique: 'hw'})
            vm.load(asm(sample('kernel/kernel.s')))
            dc.keepHistory({interval: '200us'})
            dc.run({ms: 2})
            n = vm.history.insn
            use(vm)
            gdb 0
            print(vm.history.insn < n, dc.history.past)
            """;
        CompletableFuture<Integer> status = CompletableFuture.supplyAsync(() -> Cli.run(new String[0],
                new Io(new ByteArrayInputStream(repl.getBytes(StandardCharsets.UTF_8)), o, err.stream(), false)));
        String gdb = GdbMultiarch.run(elf, err.port(), "print *(int *)&stat_syscalls", "reverse-stepi", "reverse-stepi",
                "watch *(int *)&stat_syscalls", "reverse-continue", "print *(int *)&stat_syscalls", "stepi", "print *(int *)&stat_syscalls", "detach");
        assertEquals(0, status.get(120, TimeUnit.SECONDS), err.text() + gdb);
        assertTrue(gdb.contains("$1 = 19"), "the kernel made its system calls and shut down\n" + gdb);
        assertTrue(gdb.contains("Old value = 19\nNew value = 18") && gdb.contains("$2 = 18"), "reverse-continue back before the last write\n" + gdb);
        assertTrue(gdb.contains("Old value = 18\nNew value = 19") && gdb.contains("$3 = 19"), "stepi makes the write again\n" + gdb);
        String printed = out.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("true true\n"), "the cluster stays back where gdb left it\n" + printed + gdb);
    }

    /** gdb's reverse execution on a VM whose host keeps history: reverse-stepi, reverse-continue, reverse watchpoints. */
    @ParameterizedTest
    @ValueSource(strings = {"hw", "trap"})
    void gdbGoesBackInAVmsHistory(String technique) throws Exception {
        assumeTrue(GdbMultiarch.find() != null, GdbMultiarch.MISSING);
        Path elf = tmp.resolve("kernel.elf");
        VmshRun asm = VmshRun.of("asm", VmshRun.repo("samples/kernel/kernel.s").toString(), "-o", elf.toString());
        assertEquals(0, asm.status(), asm.toString());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        GdbMultiarch.PortWatch err = new GdbMultiarch.PortWatch();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        String repl = """
            hv.configure({memory: '32M'})
            vm = hv.create({name: 'k', memory: '8M', technique: '%s'})
            vm.load(asm(sample('kernel/kernel.s')))
            hv.keepHistory({interval: 50000})
            use(vm)
            gdb 0
            print(vm.history.present > vm.history.oldest, vm.state)
            """.formatted(technique);
        CompletableFuture<Integer> status = CompletableFuture.supplyAsync(() -> Cli.run(new String[0],
                new Io(new ByteArrayInputStream(repl.getBytes(StandardCharsets.UTF_8)), o, err.stream(), false)));
        String gdb = GdbMultiarch.run(elf, err.port(), "break *schedule", "continue", "stepi", "stepi", "stepi",
                "reverse-stepi", "reverse-stepi", "reverse-stepi", "print $pc == schedule", "delete",
                "watch *(int *)&stat_syscalls", "continue", "continue", "print *(int *)&stat_syscalls",
                "reverse-continue", "print *(int *)&stat_syscalls", "reverse-stepi", "print *(int *)&stat_syscalls", "detach");
        assertEquals(0, status.get(120, TimeUnit.SECONDS), err.text() + gdb);
        assertTrue(gdb.contains("$1 = 1"), "three reverse steps back to the breakpoint\n" + gdb);
        assertTrue(gdb.contains("Old value = 0\nNew value = 1") && gdb.contains("Old value = 1\nNew value = 2"), gdb);
        assertTrue(gdb.contains("$2 = 2"), gdb);
        assertTrue(gdb.contains("Old value = 2\nNew value = 1"), "reverse-continue back before the second write\n" + gdb);
        assertTrue(gdb.contains("$3 = 1"), gdb);
        assertTrue(gdb.contains("$4 = 1"), "a step back before the store: the value is still 1\n" + gdb);
        String printed = out.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("true ready\n"), "the VM goes on, its history kept\n" + printed);
    }
}
