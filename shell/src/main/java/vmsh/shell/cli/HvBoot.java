package vmsh.shell.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import vmsh.hv.HvConfig;
import vmsh.hv.HvSnapshot;
import vmsh.hv.Hypervisor;
import vmsh.hv.Technique;
import vmsh.hv.Vm;
import vmsh.hv.VmState;
import vmsh.shell.ExitCode;
import vmsh.shell.Guests;
import vmsh.shell.Io;
import vmsh.shell.VmshException;
import vmsh.shell.limits.LimitExceeded;
import vmsh.shell.limits.Progress;
import vmsh.shell.limits.RunLimits;
import vmsh.shell.limits.VmRunner;

/**
 * {@code vmsh boot GUEST --technique T}: the guest runs in a VM of the hypervisor (the VMM
 * is its SBI firmware; a kernel boots at kernel_entry), its console on stdout, and vmsh
 * exits with the guest's exit code.
 */
final class HvBoot {
    private HvBoot() {}

    static int boot(Io io, Path guest, String technique, long memory, long maxInsns) {
        Technique t;
        try {
            t = Technique.parse(technique);
        } catch (IllegalArgumentException e) {
            throw new VmshException(ExitCode.USAGE, e.getMessage());
        }
        Hypervisor hv = new Hypervisor(HvConfig.DEFAULTS.memory(Math.min(1L << 31, memory + (16L << 20))));
        Vm vm = hv.create("guest", memory, t);
        vm.console().setSink(io.out()::write);
        vm.load(Guests.load(guest));
        return run(io, vm, maxInsns);
    }

    /**
     * {@code vmsh boot --from FILE} with a host's snapshot file (hv.snapshot().save(FILE)) of
     * one VM: the host is made again and the VM goes on from where it was.
     */
    static int resume(Io io, HvSnapshot saved, String file, long maxInsns) {
        if (saved.vms().size() != 1)
            throw new VmshException(ExitCode.USAGE, file + ": the host has " + saved.vms().size()
                    + " VMs; --from boots a host of one VM (open this one in a script: hv.open(file))");
        Vm vm;
        try {
            vm = Hypervisor.open(saved).vms().get(0);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new VmshException(ExitCode.ERROR, file + ": " + e.getMessage());
        }
        vm.console().setSink(io.out()::write);
        return run(io, vm, maxInsns);
    }

    private static int run(Io io, Vm vm, long maxInsns) {
        PrintStream out = io.out();
        RunLimits limits = new RunLimits(maxInsns, Progress.NONE);
        try {
            while (true) {
                limits.run(new VmRunner(vm, BootCommand.SLICE));
                out.flush();
                if (vm.state() == VmState.HALTED) return vm.exitCode();
                if (vm.state() != VmState.READY) {
                    io.err().println("vmsh: guest " + vm.state() + ": " + vm.message());
                    return ExitCode.GUEST_FAULT;
                }
            }
        } catch (LimitExceeded e) {
            out.flush();
            io.err().println("vmsh: " + e.getMessage());
            return e.exitCode();
        } finally {
            out.flush();
        }
    }
}
