package vmsh.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import vmsh.hv.HvConfig;
import vmsh.hv.HvSnapshot;
import vmsh.hv.Hypervisor;
import vmsh.hv.Technique;
import vmsh.hv.Vm;
import vmsh.hv.VmSnapshot;
import vmsh.image.Image;

/**
 * Every sample kernel in a VM, snapshotted at a seeded random point of its run: as a host
 * ({@code hv.snapshot()}) and as a VM alone ({@code vm.snapshot()}), restored in place and
 * made anew on another host, it ends exactly as it did: the same console, state and exit
 * code. Under hw and trap, and pv for the paravirtual builds (whose VM snapshot first runs
 * the kernel on to a task, or to its end).
 */
@Tag("slow")
class SamplesVmSnapshotTest {
    static Stream<Arguments> kernels() {
        List<Arguments> list = new ArrayList<>();
        for (Path p : SamplesDirectory.samplesWithExpectations()) {
            SampleExpectation e = SampleExpectation.of(p);
            String name = SamplesDirectory.name(p);
            if (!e.runsBare()) {
                list.add(Arguments.of(name, e.technique()));
                continue;
            }
            if (e.isa().has(vmsh.isa.Extension.H) || !GuestRun.assemble(p).hasSymbol("kernel_entry")) continue;
            list.add(Arguments.of(name, "hw"));
            list.add(Arguments.of(name, "trap"));
        }
        return list.stream();
    }

    @ParameterizedTest(name = "{0} under {1}")
    @MethodSource("kernels")
    void endsAsItDidFromASnapshot(String name, String technique) {
        Image image = GuestRun.assemble(SamplesDirectory.root().resolve(name));
        Technique t = Technique.parse(technique);
        Hypervisor hv = host(t, image);
        Vm vm = hv.vms().get(0);
        long total = vm.run(SamplesUnderTheHypervisorTest.BUDGET).insns();
        long at = new SplittableRandom(name.hashCode()).nextLong(Math.max(1, total));
        String where = name + " under " + technique + " from instruction " + at;

        hv = host(t, image);
        vm = hv.vms().get(0);
        vm.run(at);
        HvSnapshot whole = hv.snapshot();
        VmSnapshot alone = vm.snapshot();
        String end = ending(vm);
        hv.restore(whole);
        assertEquals(end, ending(hv.vms().get(0)), where + ": the host restored");
        assertEquals(end, ending(Hypervisor.open(whole).vms().get(0)), where + ": a host made from it");
        vm.restore(alone);
        assertEquals(end, ending(vm), where + ": the VM restored");
        assertEquals(end, ending(new Hypervisor(HvConfig.DEFAULTS.memory(64L << 20)).load(alone, "copy")), where + ": a VM made from it");
    }

    private static Hypervisor host(Technique t, Image image) {
        Hypervisor hv = new Hypervisor(HvConfig.DEFAULTS.memory(128L << 20));
        hv.create("guest", 32L << 20, t).load(image);
        return hv;
    }

    private static String ending(Vm vm) {
        vm.run(SamplesUnderTheHypervisorTest.BUDGET);
        return vm.console().text() + " / " + vm.state() + " " + vm.exitCode();
    }
}
