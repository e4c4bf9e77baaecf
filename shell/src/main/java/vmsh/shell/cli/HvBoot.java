package vmsh.shell.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import vmsh.hv.HvConfig;
import vmsh.hv.Hypervisor;
import vmsh.hv.NestedPaging;
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
        // an hw guest sees the H extension, as under KVM with nested=1: a hypervisor boots as one
        Vm vm = hv.create("guest", memory, t, -1, 0, memory, t == Technique.HW ? NestedPaging.MULTI_DIMENSIONAL : null);
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
