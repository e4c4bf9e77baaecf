package vmsh.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import vmsh.hv.Hypervisor;
import vmsh.hv.HvConfig;
import vmsh.hv.Technique;
import vmsh.hv.Vm;
import vmsh.hv.VmMachine;
import vmsh.hv.VmOptions;
import vmsh.hv.VmState;
import vmsh.image.Image;

/**
 * Every sample kernel (a guest with a {@code kernel_entry} and an expectation header) prints
 * what its header says, and ends with its exit code, in a VM of every technique: the VMM
 * starts it at kernel_entry and is its SBI. A paravirtual build ({@code expect-technique:
 * pv}) runs under its technique only; the others under every technique but pv (a guest that
 * needs the H extension, a hypervisor itself, does not run in these VMs).
 *
 * <p>As whole machines ({@code machine 'full'}) every sample that runs on the bare machine,
 * the kernel booted at {@code _start} with its own SBI shim included, prints and exits as
 * on the bare machine under every technique that virtualizes M-mode.
 */
class SamplesUnderTheHypervisorTest {
    /** Guest instructions a kernel may take (a paravirtual build runs more of them). */
    static final long BUDGET = 40_000_000;

    static Stream<Arguments> kernelsAndTechniques() {
        List<Arguments> list = new ArrayList<>();
        for (Path p : SamplesDirectory.samplesWithExpectations()) {
            SampleExpectation e = SampleExpectation.of(p);
            String name = SamplesDirectory.name(p);
            if (!e.runsBare()) {
                list.add(Arguments.of(name, e.technique()));
                continue;
            }
            if (e.isa().has(vmsh.isa.Extension.H)) continue;   // a hypervisor itself: VMs offer no H extension
            if (!GuestRun.assemble(p).hasSymbol("kernel_entry")) continue;
            for (Technique t : Technique.values()) if (t != Technique.PV) list.add(Arguments.of(name, t.label));
        }
        return list.stream();
    }

    static Stream<Arguments> machinesAndTechniques() {
        List<Arguments> list = new ArrayList<>();
        for (Path p : SamplesDirectory.samplesWithExpectations()) {
            SampleExpectation e = SampleExpectation.of(p);
            if (!e.runsBare() || e.isa().has(vmsh.isa.Extension.H)) continue;
            for (Technique t : Technique.values()) if (t.wholeMachine) list.add(Arguments.of(SamplesDirectory.name(p), t.label));
        }
        return list.stream();
    }

    @ParameterizedTest(name = "{0} under {1}")
    @MethodSource("kernelsAndTechniques")
    void printsAndExitsAsItsHeaderSays(String name, String technique) {
        runs(name, technique, VmMachine.SBI, BUDGET);
    }

    @ParameterizedTest(name = "{0} as a whole machine under {1}")
    @MethodSource("machinesAndTechniques")
    void aWholeMachinePrintsAndExitsAsOnTheBareMachine(String name, String technique) {
        runs(name, technique, VmMachine.FULL, 4 * BUDGET);
    }

    private static void runs(String name, String technique, VmMachine machine, long budget) {
        Path sample = SamplesDirectory.root().resolve(name);
        SampleExpectation expected = SampleExpectation.of(sample);
        Image image = GuestRun.assemble(sample);
        Hypervisor hv = new Hypervisor(HvConfig.DEFAULTS.memory(128L << 20));
        Vm vm = hv.create("guest", 32L << 20, Technique.parse(technique), -1, 0, 32L << 20, VmOptions.DEFAULTS.machine(machine));
        vm.load(image);
        hv.run(budget, false);
        assertEquals(expected.output(), vm.console().text(), name + " under " + technique + ": console output");
        assertEquals(VmState.HALTED, vm.state(), name + " under " + technique + ": " + vm.message());
        assertEquals(expected.exitCode(), vm.exitCode(), name + " under " + technique + ": exit code");
    }
}
