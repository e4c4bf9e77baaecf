package vmsh.shell.cli;

import java.util.function.IntConsumer;
import vmsh.board.RunResult;
import vmsh.board.StopReason;
import vmsh.hv.HvConfig;
import vmsh.hv.HvSnapshot;
import vmsh.hv.Hypervisor;
import vmsh.hv.NestedPaging;
import vmsh.hv.Technique;
import vmsh.hv.Vm;
import vmsh.hv.VmMachine;
import vmsh.hv.VmOptions;
import vmsh.hv.VmRunResult;
import vmsh.image.Image;
import vmsh.shell.ExitCode;
import vmsh.shell.VmshException;
import vmsh.shell.limits.RunLimits;
import vmsh.shell.limits.VmRunner;

/**
 * {@code vmsh boot GUEST --technique T [--full]}: the guest runs in a VM of the hypervisor
 * (the VMM is its SBI firmware and a kernel boots at kernel_entry; with {@code --full} a
 * whole machine, started at the image's entry in virtual M-mode), its console on stdout,
 * driven by the same loop as the bare machine ({@link BootRun}).
 */
final class HvBoot {
    /** Host memory beyond the guest's: the VMM's own tables. */
    private static final long VMM_MEMORY = 16L << 20;

    private HvBoot() {}

    /** The technique named, or a usage error. */
    static Technique technique(String name) {
        try {
            return Technique.parse(name);
        } catch (IllegalArgumentException e) {
            throw new VmshException(ExitCode.USAGE, e.getMessage());
        }
    }

    /**
     * {@code image} loaded in a VM ({@code machine}) of {@code memory} bytes on a host of its
     * own, its console to {@code console}; under hw the guest sees the H extension.
     */
    static Vm vm(Technique technique, VmMachine machine, Image image, long memory, IntConsumer console) {
        Hypervisor hv = new Hypervisor(HvConfig.DEFAULTS.memory(Math.min(1L << 31, memory + VMM_MEMORY)));
        // an hw guest sees the H extension, as under KVM with nested=1: a hypervisor boots as one (an SBI platform's)
        VmOptions options = technique == Technique.HW && machine == VmMachine.SBI
                ? VmOptions.DEFAULTS.nested(NestedPaging.MULTI_DIMENSIONAL) : VmOptions.DEFAULTS;
        Vm vm;
        try {
            vm = hv.create("guest", memory, technique, -1, 0, memory, options.machine(machine));
        } catch (IllegalArgumentException e) {
            throw new VmshException(ExitCode.USAGE, e.getMessage());
        }
        vm.console().setSink(console);
        vm.load(image);
        return vm;
    }

    /** The VM as vmsh boot runs it. */
    static BootRun.Guest guest(Vm vm) { return new InVm(vm); }

    /**
     * {@code vmsh boot --from FILE} with a host's snapshot file ({@code hv.snapshot().save(FILE)})
     * of one VM: the host is made again and its VM goes on from where it was.
     */
    static Vm resumed(HvSnapshot saved, String file, IntConsumer console) {
        if (saved.vms().size() != 1)
            throw new VmshException(ExitCode.USAGE, file + ": the host has " + saved.vms().size()
                    + " VMs; --from boots a host of one VM (open this one in a script: hv.open(file))");
        Vm vm;
        try {
            vm = Hypervisor.open(saved).vms().get(0);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new VmshException(ExitCode.ERROR, file + ": " + e.getMessage());
        }
        vm.console().setSink(console);
        return vm;
    }

    /** A VM's own snapshot, made a VM of a fresh host with room for it (and 64 MiB for the VMM), from where it was. */
    static Vm loaded(vmsh.hv.VmSnapshot saved, String file, IntConsumer console) {
        long memory = Math.max(vmsh.hv.HvConfig.DEFAULT_MEMORY, Math.min(1L << 31, saved.spec().memoryBytes() + (64L << 20)));
        Vm vm;
        try {
            vm = new Hypervisor(vmsh.hv.HvConfig.DEFAULTS.memory(memory)).load(saved, saved.spec().name());
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new VmshException(ExitCode.ERROR, file + ": " + e.getMessage());
        }
        vm.console().setSink(console);
        return vm;
    }

    /** A guest in a VM: its run results as the bare machine's. */
    private record InVm(Vm vm) implements BootRun.Guest {
        @Override
        public RunResult run(RunLimits limits, long slice) {
            VmRunResult r = limits.run(new VmRunner(vm, slice));
            StopReason reason = switch (r.state()) {
                case HALTED -> StopReason.HALT;
                case FAULT -> StopReason.FAULT;
                case IDLE -> StopReason.IDLE;
                default -> StopReason.BUDGET;
            };
            return new RunResult(reason, r.insns(), r.cycles(), r.exitCode(), r.message());
        }

        @Override
        public String where() { return String.format("at guest pc 0x%08x", vm.pc()); }

        @Override
        public void feed(byte[] input) { vm.console().feed(input); }

        /** An idle VM waits for a timer or an interrupt nothing can raise: input does not wake it. */
        @Override
        public boolean waitsForInput(RunResult idle) { return false; }
    }
}
