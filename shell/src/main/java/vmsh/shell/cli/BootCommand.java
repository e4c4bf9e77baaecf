package vmsh.shell.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Iterator;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import vmsh.board.RunResult;
import vmsh.history.HostRecorder;
import vmsh.history.Recorder;
import vmsh.hv.HvSnapshot;
import vmsh.hv.Technique;
import vmsh.hv.Vm;
import vmsh.hv.VmMachine;
import vmsh.image.Image;
import vmsh.isa.Isa;
import vmsh.machine.Machine;
import vmsh.machine.MachineConfig;
import vmsh.shell.ExitCode;
import vmsh.shell.Guests;
import vmsh.shell.Io;
import vmsh.shell.VmshException;
import vmsh.shell.limits.MachineRunner;
import vmsh.shell.limits.RunLimits;
import vmsh.shell.snapshot.HypervisorFile;
import vmsh.shell.snapshot.MachineFile;
import vmsh.shell.snapshot.SnapshotContents;
import vmsh.shell.snapshot.SnapshotFile;
import vmsh.shell.snapshot.SnapshotFileException;
import vmsh.shell.snapshot.VmFile;

/** {@code vmsh boot GUEST}: runs a guest with its UART on stdout; exits with the guest's code. */
@Command(name = "boot",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Boot a guest and stream its console (UART) to stdout.",
            "GUEST is assembly source (assembled on the fly) or an ELF32 RISC-V executable.",
            "Exits with the guest's own exit code (test finisher or HTIF tohost) when it halts.",
            "--from FILE boots a machine (or a host of one VM, or one VM) saved with s.save(FILE) instead of a GUEST; --record FILE",
            "records the run's input (what is typed or piped; with --technique the host's runs and input) and --replay FILE plays it again."
        })
final class BootCommand implements Callable<Integer> {
    @ParentCommand
    private VmshCommand parent;

    @Parameters(paramLabel = "GUEST", arity = "0..1", description = "a .s file or an ELF executable")
    private Path guest;

    @Option(names = "--from", paramLabel = "FILE", description = "boot the machine, the hypervisor host of one VM, or one VM (vm.snapshot().save(FILE)), saved in a snapshot file (s.save(FILE)) from where it was")
    private Path from;

    @Option(names = "--record", paramLabel = "FILE", description = "record the run's outside input (console input) with its instruction counts into FILE")
    private Path record;

    @Option(names = "--replay", paramLabel = "FILE", description = "play a recording (--record; r.save of m.record(), hv.record() or dc.record()) again: the same consoles, checked against its state hash")
    private Path replay;

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

    @Option(names = "--trace", description = "print each executed instruction to stderr (the bare machine's; not with a VM)")
    private boolean trace;

    @Option(names = "--jit", negatable = true, description = JitOption.DESCRIPTION)
    private Boolean jit;

    @Option(names = "--technique", paramLabel = "T", completionCandidates = Techniques.class,
            description = "boot the guest in a VM of the hypervisor instead, virtualized by T: ${COMPLETION-CANDIDATES} (with hw the guest sees the H extension, so a hypervisor runs nested)")
    private String technique;

    @Option(names = "--full", description = "with --technique: the VM is a whole machine (the VMM virtualizes M-mode, the CLINT and the PLIC): "
            + "the guest starts at its entry in M-mode, as on the bare machine, instead of at kernel_entry with the VMM as its SBI")
    private boolean full;
    @Option(names = "--gdb", paramLabel = "PORT",
            description = "wait for gdb on localhost:PORT (0: any free port, named on stderr) and let it drive the machine (with --technique or a VM's file: the VM's guest, at guest-virtual addresses, its host keeping history for gdb's reverse-stepi while gdb is there): gdb-multiarch -ex 'target remote :PORT'; the console stays on stdout")
    private Integer gdbPort;

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
    public Integer call() { return JitOption.around(jit, this::boot); }

    private Integer boot() {
        Io io = parent.io;
        checkSources();
        if (technique != null) {
            if (isa != null) throw new VmshException(ExitCode.USAGE, "--isa sets the bare machine's extensions; the hypervisor's host (--technique) has its own");
            if (from != null) throw new VmshException(ExitCode.USAGE, "--from works with the bare machine, not with --technique (a host's file says its technique)");
        }
        if (gdbPort != null && (record != null || replay != null))
            throw new VmshException(ExitCode.USAGE, "--gdb does not go with --record or --replay (gdb changes the machine as it likes)");
        if (replay != null) return Replaying.replay(io, replay, trace, technique == null ? null : HvBoot.technique(technique));
        BootRun.ConsoleEnd console = new BootRun.ConsoleEnd();
        Vm vm = null;
        Machine machine = null;
        Image image = null;
        if (full && technique == null)
            throw new VmshException(ExitCode.USAGE, "--full runs the guest as a whole machine under the hypervisor: give --technique T too");
        if (technique != null) {
            vm = HvBoot.vm(HvBoot.technique(technique), full ? VmMachine.FULL : VmMachine.SBI, Guests.load(guest), memory, console.watch(io.out()));
        } else if (from != null) {
            SnapshotContents saved = savedFile();
            if (HypervisorFile.KIND.equals(saved.kind())) {
                vm = HvBoot.resumed(hostIn(saved), from.toString(), console.watch(io.out()));
            } else if (VmFile.KIND.equals(saved.kind())) {
                vm = HvBoot.loaded(vmIn(saved), from.toString(), console.watch(io.out()));
            } else {
                MachineFile.Loaded m = machineIn(saved);
                machine = new Machine(m.snapshot().config());
                machine.restore(m.snapshot());
                image = m.image();
            }
        } else {
            machine = new Machine(MachineConfig.defaults().memory(memory).isa(isa == null ? Isa.DEFAULT : isa));
            image = Guests.load(guest);
            machine.load(image);
        }
        if (vm != null) return bootVm(io, vm, console);
        machine.console().setSink(console.watch(io.out()));
        if (trace) machine.setTrace(io.err()::println);
        long budget = maxInsns;
        if (gdbPort != null) {
            long before = machine.instructions();
            Integer status = GdbBoot.serve(io, machine, image, gdbPort, maxInsns, timeout);
            if (status != null) return status;
            if (budget != Long.MAX_VALUE) budget = Math.max(0, budget - Math.max(0, machine.instructions() - before));   // gdb ran some
        }
        Recorder recorder = record == null ? null : new Recorder(machine);
        try {
            return new BootRun(io, budget, timeout, exitCodeFrom, console).run(new Bare(machine));
        } finally {
            if (recorder != null) Replaying.save(record, recorder.stop(), image);
        }
    }

    /** A VM's guest (--technique, or a host's or a VM's file): under gdb first with --gdb, recorded with --record. */
    private Integer bootVm(Io io, Vm vm, BootRun.ConsoleEnd console) {
        if (trace) throw new VmshException(ExitCode.USAGE, "--trace prints the bare machine's instructions, not a VM's guest's");
        long budget = maxInsns;
        if (gdbPort != null) {
            long before = vm.guestInstructions();
            Integer status = GdbBoot.serve(io, vm, gdbPort, maxInsns, timeout);
            if (status != null) return status;
            if (budget != Long.MAX_VALUE) budget = Math.max(0, budget - Math.max(0, vm.guestInstructions() - before));   // gdb ran some
        }
        HostRecorder recorder = record == null ? null : new HostRecorder(vm.hypervisor(), 0);
        try {
            return new BootRun(io, budget, timeout, exitCodeFrom, console).run(HvBoot.guest(vm));
        } finally {
            if (recorder != null) Replaying.save(record, recorder.stop());
        }
    }

    /** One of GUEST, --from and --replay says what to boot. */
    private void checkSources() {
        int given = (guest != null ? 1 : 0) + (from != null ? 1 : 0) + (replay != null ? 1 : 0);
        if (given == 0) throw new VmshException(ExitCode.USAGE, "boot needs a GUEST, --from FILE or --replay FILE (see 'vmsh boot --help')");
        if (given > 1) throw new VmshException(ExitCode.USAGE, "give one of GUEST, --from FILE and --replay FILE");
        if (replay != null && record != null) throw new VmshException(ExitCode.USAGE, "--record and --replay do not go together");
        if ((from != null || replay != null) && (isa != null || memory != MachineConfig.DEFAULT_MEMORY))
            throw new VmshException(ExitCode.USAGE, "--memory and --isa come from the file with --from and --replay");
        if (gdbPort != null && (gdbPort < 0 || gdbPort > 65535))
            throw new VmshException(ExitCode.USAGE, "--gdb " + gdbPort + " is not a TCP port (1 to 65535, or 0 for any free one)");
        if (record != null) checkWritable(record);
    }

    /** A recording is written when the run ends: a folder it cannot go in is said before the run, not after it. */
    private static void checkWritable(Path file) {
        Path folder = file.toAbsolutePath().getParent();
        if (!Files.isDirectory(folder))
            throw new VmshException(ExitCode.USAGE, "--record " + file + ": there is no folder " + folder);
        if (!Files.isWritable(folder))
            throw new VmshException(ExitCode.USAGE, "--record " + file + ": the folder " + folder + " is not writable");
        if (Files.isDirectory(file)) throw new VmshException(ExitCode.USAGE, "--record " + file + " is a folder");
    }

    private SnapshotContents savedFile() {
        try {
            return SnapshotFile.read(Replaying.read(from), from.toString());
        } catch (SnapshotFileException e) {
            throw new VmshException(ExitCode.ERROR, e.getMessage());
        }
    }

    private MachineFile.Loaded machineIn(SnapshotContents saved) {
        try {
            return MachineFile.snapshot(saved, from.toString());
        } catch (SnapshotFileException e) {
            throw new VmshException(ExitCode.ERROR, e.getMessage());
        }
    }

    private vmsh.hv.VmSnapshot vmIn(SnapshotContents saved) {
        try {
            return VmFile.snapshot(saved, from.toString());
        } catch (SnapshotFileException e) {
            throw new VmshException(ExitCode.ERROR, e.getMessage());
        }
    }

    private HvSnapshot hostIn(SnapshotContents saved) {
        try {
            return HypervisorFile.snapshot(saved, from.toString());
        } catch (SnapshotFileException e) {
            throw new VmshException(ExitCode.ERROR, e.getMessage());
        }
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
