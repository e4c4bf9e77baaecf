package vmsh.shell.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import vmsh.hv.Technique;
import vmsh.hv.VmMachine;
import vmsh.isa.Isa;
import vmsh.machine.Machine;
import vmsh.machine.MachineConfig;
import vmsh.machine.RunResult;
import vmsh.shell.ExitCode;
import vmsh.shell.Guests;
import vmsh.shell.Io;
import vmsh.shell.VmshException;
import vmsh.shell.limits.LimitExceeded;
import vmsh.shell.limits.MachineRunner;
import vmsh.shell.limits.Progress;
import vmsh.shell.limits.RunLimits;

/** {@code vmsh boot GUEST}: runs a guest with its UART on stdout; exits with the guest's code. */
@Command(name = "boot",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Boot a guest and stream its console (UART) to stdout.",
            "GUEST is assembly source (assembled on the fly) or an ELF32 RISC-V executable.",
            "Exits with the guest's own exit code (test finisher or HTIF tohost) when it halts."
        })
final class BootCommand implements Callable<Integer> {
    /** Instructions per run: the console is flushed and stdin polled between runs. */
    static final long SLICE = 1L << 22;

    @ParentCommand
    private VmshCommand parent;

    @Parameters(paramLabel = "GUEST", description = "a .s file or an ELF executable")
    private Path guest;

    @Option(names = "--max-insns", paramLabel = "N", converter = Converters.Count.class,
            description = "stop after N instructions with exit status 124 (default: no limit)")
    private long maxInsns = Long.MAX_VALUE;

    @Option(names = "--memory", paramLabel = "SIZE", converter = Converters.Size.class,
            description = "RAM size, e.g. 64M, 1G, 16K, 4096, 0x1000 (default: 128M)")
    private long memory = MachineConfig.DEFAULT_MEMORY;

    @Option(names = "--isa", paramLabel = "ISA", converter = Converters.IsaString.class,
            description = "the hart's extensions as an ISA string, e.g. rv32imah or rv32ima_zicsr_zifencei_h (default: rv32ima_zicsr_zifencei)")
    private Isa isa;

    @Option(names = "--trace", description = "print each executed instruction to stderr")
    private boolean trace;

    @Option(names = "--technique", paramLabel = "T", completionCandidates = Techniques.class,
            description = "boot the guest in a VM of the hypervisor instead, virtualized by T: ${COMPLETION-CANDIDATES}")
    private String technique;

    @Option(names = "--full", description = "with --technique: the VM is a whole machine (the VMM virtualizes M-mode, the CLINT and the PLIC): "
            + "the guest starts at its entry in M-mode, as on the bare machine, instead of at kernel_entry with the VMM as its SBI")
    private boolean full;

    /** The techniques' names, for --technique's help and completion. */
    static final class Techniques implements Iterable<String> {
        @Override public Iterator<String> iterator() {
            return Arrays.stream(Technique.values()).map(t -> t.label).iterator();
        }
    }

    @Override
    public Integer call() {
        Io io = parent.io;
        if (technique != null) {
            if (isa != null) throw new VmshException(ExitCode.USAGE, "--isa sets the bare machine's extensions; the hypervisor's host (--technique) has its own");
            return HvBoot.boot(io, guest, technique, full ? VmMachine.FULL : VmMachine.SBI, memory, maxInsns);
        }
        if (full) throw new VmshException(ExitCode.USAGE, "--full runs the guest as a whole machine under the hypervisor: give --technique T too");
        Machine machine = new Machine(MachineConfig.defaults().memory(memory).isa(isa == null ? Isa.DEFAULT : isa));
        machine.load(Guests.load(guest));
        PrintStream out = io.out();
        machine.console().setSink(out::write);
        if (trace) machine.setTrace(io.err()::println);
        try {
            return run(machine, io);
        } finally {
            out.flush();
        }
    }

    private int run(Machine machine, Io io) {
        RunLimits limits = new RunLimits(maxInsns, Progress.NONE);
        try {
            while (true) {
                RunResult r = limits.run(new MachineRunner(machine, SLICE));
                io.out().flush();
                switch (r.reason()) {
                    case HALT -> {
                        return r.exitCode();
                    }
                    case FAULT -> {
                        io.err().println("vmsh: guest fault: " + r.message());
                        return ExitCode.GUEST_FAULT;
                    }
                    case STOPPED -> {
                        io.err().println("vmsh: stopped at pc " + hex(machine.pc()));
                        return ExitCode.INTERRUPTED;
                    }
                    case IDLE -> {
                        // waiting in wfi: console input may wake it; with none to come it never will
                        if (r.message().contains("console input") && waitForInput(io.in(), machine)) continue;
                        io.err().println("vmsh: guest idle forever: " + r.message());
                        return ExitCode.GUEST_FAULT;
                    }
                    case BUDGET, BREAK -> feedInput(io.in(), machine);
                }
            }
        } catch (LimitExceeded e) {
            io.out().flush();
            io.err().println("vmsh: " + e.getMessage());
            return e.exitCode();
        }
    }

    /** Blocks until input arrives and gives it to the guest; false at end of input. */
    private static boolean waitForInput(InputStream in, Machine machine) {
        try {
            int b = in.read();
            if (b < 0) return false;
            machine.console().feed(new byte[] {(byte) b});
            feedInput(in, machine);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Typed or piped input that has arrived goes to the guest's UART. */
    private static void feedInput(InputStream in, Machine machine) {
        try {
            int n = in.available();
            if (n <= 0) return;
            byte[] bytes = in.readNBytes(n);
            machine.console().feed(bytes);
        } catch (IOException e) {
            // no usable stdin (closed, or none in CI): the guest simply receives nothing
        }
    }

    static String hex(int bits) {
        return String.format("0x%08x", bits);
    }
}
