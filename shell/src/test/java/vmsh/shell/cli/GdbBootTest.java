package vmsh.shell.cli;

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
import vmsh.shell.Io;
import vmsh.shell.VmshRun;
import vmsh.shell.gdb.GdbMultiarch;

/** vmsh boot --gdb: the teaching kernel under gdb-multiarch, with its symbols from the ELF. */
class GdbBootTest {
    @TempDir
    Path tmp;

    private record Boot(int status, String out, String err, String gdb) {}

    /** Boots {@code guest} with --gdb 0 and runs gdb-multiarch on it with {@code commands}. */
    private Boot boot(Path guest, Path symbols, String... commands) throws Exception {
        return boot(new String[] {"boot", guest.toString(), "--gdb", "0"}, symbols, commands);
    }

    /** Runs vmsh with {@code args} (a --gdb 0 boot) and gdb-multiarch on it with {@code commands}. */
    private Boot boot(String[] args, Path symbols, String... commands) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        GdbMultiarch.PortWatch err = new GdbMultiarch.PortWatch();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        CompletableFuture<Integer> status = CompletableFuture.supplyAsync(() -> Cli.run(
                args, new Io(new ByteArrayInputStream(new byte[0]), o, err.stream(), false)));
        String gdb = GdbMultiarch.run(symbols, err.port(), commands);
        int s = status.get(120, TimeUnit.SECONDS);
        return new Boot(s, out.toString(StandardCharsets.UTF_8), err.text(), gdb);
    }

    @Test void gdbBreaksInTheKernelGoesBackAndTheKernelFinishesAfterDetach() throws Exception {
        assumeTrue(GdbMultiarch.find() != null, GdbMultiarch.MISSING);
        Path elf = tmp.resolve("kernel.elf");
        VmshRun asm = VmshRun.of("asm", VmshRun.repo("samples/kernel/kernel.s").toString(), "-o", elf.toString());
        assertEquals(0, asm.status(), asm.toString());
        Boot b = boot(elf, elf, "break *task_create", "continue", "print $pc == task_create", "stepi", "reverse-stepi",
                "print $pc == task_create", "print $priv", "monitor info history", "detach");
        assertTrue(b.gdb().contains("Breakpoint 1 at 0x"), b.gdb());
        assertTrue(b.gdb().contains("Breakpoint 1, 0x") && b.gdb().contains(" in task_create ()"), b.gdb());
        assertTrue(b.gdb().contains("$1 = 1"), b.gdb());
        assertTrue(b.gdb().contains("$2 = 1"), "reverse-stepi came back to task_create\n" + b.gdb());
        assertTrue(b.gdb().matches("(?s).*\\$3 = (prv:)?1\\b.*"), "the kernel runs in S-mode\n" + b.gdb());
        assertTrue(b.gdb().contains("history: at instruction"), b.gdb());
        assertTrue(b.err().contains("vmsh: waiting for gdb on localhost:"), b.err());
        assertTrue(b.err().contains("vmsh: gdb detached"), b.err());
        assertTrue(b.out().contains("kernel: all tasks done"), "the kernel finished after gdb left\n" + b.out());
        assertEquals(0, b.status(), b.err());
    }

    @Test void killEndsTheBootWith137() throws Exception {
        assumeTrue(GdbMultiarch.find() != null, GdbMultiarch.MISSING);
        Boot b = boot(VmshRun.repo("samples/kernel/kernel.s"), null, "stepi", "kill");
        assertEquals(GdbBoot.KILLED, b.status(), b.err() + b.gdb());
        assertTrue(b.err().contains("vmsh: gdb killed"), b.err());
    }

    @Test void gdbDebugsAVmsGuestAndTheKernelFinishesAfterDetach() throws Exception {
        assumeTrue(GdbMultiarch.find() != null, GdbMultiarch.MISSING);
        Path elf = tmp.resolve("kernel.elf");
        VmshRun asm = VmshRun.of("asm", VmshRun.repo("samples/kernel/kernel.s").toString(), "-o", elf.toString());
        assertEquals(0, asm.status(), asm.toString());
        Boot b = boot(new String[] {"boot", elf.toString(), "--technique", "trap", "--gdb", "0"}, elf,
                "break *task_create", "continue", "print $pc == task_create", "print $priv", "print/x $sstatus",
                "stepi", "reverse-stepi", "print $pc == task_create", "monitor info registers", "detach");
        assertTrue(b.gdb().contains("Breakpoint 1, 0x") && b.gdb().contains(" in task_create ()"), b.gdb());
        assertTrue(b.gdb().contains("$1 = 1"), b.gdb());
        assertTrue(b.gdb().matches("(?s).*\\$2 = (prv:)?1\\b.*"), "the guest kernel believes it runs in S-mode\n" + b.gdb());
        assertTrue(b.gdb().contains("S-mode (guest)"), "monitor commands act on the VM\n" + b.gdb());
        assertTrue(b.gdb().contains("$4 = 1"), "reverse-stepi came back to task_create\n" + b.gdb());
        assertTrue(b.err().contains("vmsh: gdb detached"), b.err());
        assertTrue(b.out().contains("kernel: all tasks done"), "the kernel finished after gdb left\n" + b.out());
        assertEquals(0, b.status(), b.err());
    }

    @Test void gdbDebugsAVmSavedInAFile() throws Exception {
        assumeTrue(GdbMultiarch.find() != null, GdbMultiarch.MISSING);
        Path elf = tmp.resolve("kernel.elf");
        VmshRun asm = VmshRun.of("asm", VmshRun.repo("samples/kernel/kernel.s").toString(), "-o", elf.toString());
        assertEquals(0, asm.status(), asm.toString());
        Path saved = savedKernelVm("hw");
        Boot b = boot(new String[] {"boot", "--from", saved.toString(), "--gdb", "0"}, elf,
                "break *task_create", "continue", "stepi", "reverse-stepi", "print $pc == task_create", "detach");
        assertTrue(b.gdb().contains(" in task_create ()"), b.gdb());
        assertTrue(b.gdb().contains("$1 = 1"), "reverse-stepi came back to task_create\n" + b.gdb());
        assertTrue(b.out().contains("kernel: all tasks done"), "the kernel finished after gdb left\n" + b.out());
        assertEquals(0, b.status(), b.err());
    }

    @Test void aVmFromAFileIsRecorded() throws Exception {
        Path saved = savedKernelVm("trap"), recording = tmp.resolve("k.hvrec");
        VmshRun r = VmshRun.of("boot", "--from", saved.toString(), "--record", recording.toString());
        assertEquals(0, r.status(), r.toString());
        VmshRun replay = VmshRun.of("boot", "--replay", recording.toString());
        assertEquals(0, replay.status(), replay.toString());
        assertEquals(r.out(), replay.out());
    }

    /** A file of one VM's snapshot (vm.snapshot().save): the kernel under {@code technique}, 1,000 instructions in. */
    private Path savedKernelVm(String technique) {
        VmshRun save = VmshRun.withInput("""
                hv.configure({memory: '64M'});
                const vm = hv.create({name: 'k', memory: '16M', technique: '%s'});
                vm.load(asm(sample('kernel/kernel.s'))); vm.run({insns: 1000});
                vm.snapshot().save('k.vmsnap');
                """.formatted(technique), "run", "--out", tmp.toString(), "-");
        assertEquals(0, save.status(), save.toString());
        return tmp.resolve("k.vmsnap");
    }

    @Test void gdbPortIsNotForRecordingsAndMustBeAPort() {
        VmshRun r = VmshRun.of("boot", VmshRun.repo("samples/kernel/kernel.s").toString(), "--technique", "hw", "--record", "x.vmrec", "--gdb", "1234");
        assertEquals(2, r.status(), r.toString());
        assertTrue(r.err().contains("--gdb does not go with --record or --replay"), r.err());
        VmshRun bad = VmshRun.of("boot", VmshRun.repo("samples/kernel/kernel.s").toString(), "--gdb", "70000");
        assertTrue(bad.err().contains("70000 is not a TCP port"), bad.toString());
    }
}
