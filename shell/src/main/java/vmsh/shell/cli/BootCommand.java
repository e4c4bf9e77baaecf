package vmsh.shell.cli;

import java.nio.file.Path;
import java.time.Duration;
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
import vmsh.shell.limits.MachineRunner;
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
    @ParentCommand
    private VmshCommand parent;

    @Parameters(paramLabel = "GUEST", description = "a .s file or an ELF executable")
    private Path guest;

    @Option(names = "--max-insns", paramLabel = "N", converter = Converters.InstructionCount.class,
            description = "stop after N instructions with exit status 124 (default: no limit)")
    private long maxInsns = Long.MAX_VALUE;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = Converters.TimeLimit.class,
            description = "stop after DURATION of wall time with exit status 124: 10 (seconds), 0.5, 500ms, 2m (default: none)")
    private Duration timeout;

    @Option(names = "--memory", paramLabel = "SIZE", converter = Converters.RamSize.class,
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

    @Option(names = "--exit-code-from", paramLabel = "guest|vmsh", converter = Converters.ExitCodeSource.class,
            description = {"the exit status when the guest exits: guest (default), its own code (255 for codes above 254);",
                           "vmsh, 0 for code 0 and 4 for any other (named on stderr), so that a status is never the guest's"})
    private ExitCodeFrom exitCodeFrom = ExitCodeFrom.GUEST;

    /** The techniques' names, for --technique's help and completion. */
    static final class Techniques implements Iterable<String> {
        @Override public Iterator<String> iterator() {
            return Arrays.stream(Technique.values()).map(t -> t.label).iterator();
        }
    }

    @Override
    public Integer call() {
        Io io = parent.io;
        BootRun.ConsoleEnd console = new BootRun.ConsoleEnd();
        BootRun.Guest booted;
        if (technique != null) {
            if (isa != null) throw new VmshException(ExitCode.USAGE, "--isa sets the bare machine's extensions; the hypervisor's host (--technique) has its own");
            booted = HvBoot.guest(HvBoot.technique(technique), full ? VmMachine.FULL : VmMachine.SBI, Guests.load(guest), memory, console.watch(io.out()));
        } else {
            if (full) throw new VmshException(ExitCode.USAGE, "--full runs the guest as a whole machine under the hypervisor: give --technique T too");
            Machine machine = new Machine(MachineConfig.defaults().memory(memory).isa(isa == null ? Isa.DEFAULT : isa));
            machine.load(Guests.load(guest));
            machine.console().setSink(console.watch(io.out()));
            if (trace) machine.setTrace(io.err()::println);
            booted = new Bare(machine);
        }
        return new BootRun(io, maxInsns, timeout, exitCodeFrom, console).run(booted);
    }

    /** A guest on the bare machine. */
    private record Bare(Machine machine) implements BootRun.Guest {
        @Override
        public RunResult run(RunLimits limits, long slice) { return limits.run(new MachineRunner(machine, slice)); }

        @Override
        public String where() { return String.format("at guest pc 0x%08x", machine.pc()); }

        @Override
        public void feed(byte[] input) { machine.console().feed(input); }

        /** Waiting in wfi for the UART: typed input may wake it; with none to come it never will. */
        @Override
        public boolean waitsForInput(RunResult idle) { return idle.message().contains("console input"); }
    }
}
