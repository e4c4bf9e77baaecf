package vmsh.shell.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import vmsh.hv.HvConfig;
import vmsh.hv.Hypervisor;
import vmsh.hv.Technique;
import vmsh.hv.Vm;
import vmsh.hv.VmMachine;
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
 * {@code vmsh boot GUEST --technique T [--full]}: the guest runs in a VM of the hypervisor
 * (the VMM is its SBI firmware and a kernel boots at kernel_entry; with {@code --full} a
 * whole machine, started at the image's entry in virtual M-mode), its console on stdout,
 * and vmsh exits with the guest's exit code.
 */
final class HvBoot {
    private HvBoot() {}

    static int boot(Io io, Path guest, String technique, VmMachine machine, long memory, long maxInsns) {
        Hypervisor hv = new Hypervisor(HvConfig.DEFAULTS.memory(Math.min(1L << 31, memory + (16L << 20))));
        Vm vm;
        try {
            vm = hv.create("guest", memory, Technique.parse(technique), machine, -1, 0, memory);
        } catch (IllegalArgumentException e) {
            throw new VmshException(ExitCode.USAGE, e.getMessage());
        }
        PrintStream out = io.out();
        vm.console().setSink(out::write);
        vm.load(Guests.load(guest));
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
