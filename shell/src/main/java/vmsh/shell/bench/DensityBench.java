package vmsh.shell.bench;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import vmsh.hv.ControlPlane;
import vmsh.hv.HvConfig;
import vmsh.hv.Hypervisor;
import vmsh.hv.SpawnMethod;
import vmsh.hv.Technique;
import vmsh.hv.Vm;
import vmsh.hv.VmState;
import vmsh.image.Image;

/**
 * {@code vmsh bench density}: LightVM's figures (Manco et al., SOSP 2017). An echo server
 * (samples/tiny/echo.s) is booted once and left idle; 10,000 clones of it are spawned, each
 * is sent a byte, and the host runs until every one has echoed it: the host time (wall
 * clock) to create them and to bring each to its first output, and the host memory an idle
 * clone holds (heap after a full collection, and host frames) before it served and once it
 * is idle again (its VMM tables given back: see Virtualization.idled).
 * Then the same for 10,000 clones of a 4 MiB template on a default host (256 MiB of RAM, the
 * default swap space), as the README's density example writes it: the template loaded with its default
 * parameters and run 10^5 instructions. Then 10,000 VMs by copy and 1,000 by boot, for
 * comparison. Targets: 10,000 VMs to their first output in at most 10 s, at most 16 KiB per
 * idle clone, before and after it served.
 */
final class DensityBench {
    static final String ECHO = "samples/tiny/echo.s";
    private static final int VMS = 10_000, BOOTS = 1_000;
    private static final long HOST_MEMORY = 2L << 30, VM_MEMORY = 64L << 10, EXAMPLE_VM_MEMORY = 4L << 20;
    private static final long TARGET_NANOS = 10_000_000_000L, TARGET_BYTES = 16 << 10;

    private DensityBench() {}

    static int run(Long iterations, long runs, PrintStream out) {
        Image echo = BenchGuests.load(ECHO, null, out);
        if (!echo.hasSymbol("kernel_entry")) {
            out.println("vmsh: " + ECHO + " not found: no density figures");
            return 1;
        }
        out.println(String.format("%,d clones of an idle echo server (%s, %d KiB VMs, technique hw, noxs); wall time, heap after a full collection:",
                VMS, ECHO, VM_MEMORY >> 10));
        clones(new Hypervisor(HvConfig.DEFAULTS.memory(HOST_MEMORY)), template(echo, Technique.HW), out);
        clones(new Hypervisor(HvConfig.DEFAULTS.memory(HOST_MEMORY)), template(echo, Technique.TRAP), out);
        out.println(String.format("%,d clones of a %d MiB echo server on a default host (%d MiB, swap %s), as the README's density example makes them (booted for 10^5 insns, waiting for input):",
                VMS, EXAMPLE_VM_MEMORY >> 20, HvConfig.DEFAULT_MEMORY >> 20, vmsh.memsched.Knob.SWAP.defaultText()));
        clones(new Hypervisor(HvConfig.DEFAULTS), example(echo), out);
        others(echo, SpawnMethod.COPY, VMS, out);
        others(echo, SpawnMethod.BOOT, BOOTS, out);
        return 0;   // a missed target is a figure to read, not a failure of the benchmark
    }

    /**
     * Host memory: the simulated host's frames in use (4 KiB each), and the Java heap the
     * hypervisor's own structures take (the heap after a full collection less the frames'
     * arrays, which the heap holds too).
     */
    private record Footprint(double frames, double structures) {
        Footprint(Hypervisor hv) {
            this(hv.host().frames().usedFrames(), Timing.heapBytes() - 4096.0 * hv.host().frames().ram().frameCount());
        }

        Footprint minus(Footprint before, int vms) { return new Footprint((frames - before.frames) / vms, (structures - before.structures) / vms); }

        double bytes() { return 4096 * frames + structures; }

        @Override public String toString() {
            return String.format("%,.0f bytes (%.1f host frames, %,.0f bytes of structures)", bytes(), frames, structures);
        }
    }

    /** How a template is made on a host. */
    private interface Template {
        Vm make(Hypervisor hv);
    }

    /** The template: the echo server booted and idle in wfi, waiting for input. */
    private static Template template(Image echo, Technique t) {
        return hv -> {
            Vm base = hv.create("base", VM_MEMORY, t);
            base.load(echo, Map.of("idle_ticks", 0));
            base.run(1_000_000);
            if (base.state() != VmState.IDLE) throw new IllegalStateException("the echo server did not go idle: " + base.message());
            return base;
        };
    }

    /**
     * The README's density template: base = hv.create({name: 'base', memory: '4M'});
     * base.load(echo); base.run({insns: 1e5}): booted and waiting for input.
     */
    private static Template example(Image echo) {
        return hv -> {
            Vm base = hv.create("base", EXAMPLE_VM_MEMORY, Technique.HW);
            base.load(echo);
            base.run(100_000);
            if (base.state() != VmState.IDLE) throw new IllegalStateException("the echo server did not go idle: " + base.message());
            return base;
        };
    }

    /** 10,000 clones, each to its first output. */
    private static void clones(Hypervisor hv, Template template, PrintStream out) {
        Vm base = template.make(hv);
        Technique t = base.technique();
        Footprint before = new Footprint(hv);
        long start = System.nanoTime(), cpu = Timing.cpuNanos();
        List<Vm> vms = hv.spawn(base, VMS, SpawnMethod.CLONE, ControlPlane.NOXS, null, Long.MAX_VALUE);
        long created = System.nanoTime() - start, createdCpu = Timing.cpuNanos() - cpu;
        Footprint idle = new Footprint(hv).minus(before, VMS);
        long exits = 0;
        for (Vm v : vms) {
            v.console().feed("x");
            exits -= v.exits();
        }
        long start2 = System.nanoTime(), cpu2 = Timing.cpuNanos();
        hv.run(Long.MAX_VALUE, false);
        long served = System.nanoTime() - start2, servedCpu = Timing.cpuNanos() - cpu2;
        int echoed = 0;
        for (Vm v : vms) {
            if (v.console().text().endsWith("ready\nx")) echoed++;
            exits += v.exits();
        }
        Footprint busy = new Footprint(hv).minus(before, VMS);
        long total = created + served, totalCpu = createdCpu + servedCpu;
        out.println(String.format("  %-4s created in %.2f s (%.0f us/VM), %,d of %,d echoed their byte %.2f s later: %.2f s in all, %.2f s of CPU time (target 10 s: %s)",
                t.label, created / 1e9, created / 1e3 / VMS, echoed, VMS, served / 1e9, total / 1e9, totalCpu / 1e9,
                total <= TARGET_NANOS ? "met" : totalCpu <= TARGET_NANOS ? "met in CPU time, the machine is busy" : "missed"));
        out.println(String.format("       per idle clone: %s (target 16 KiB: %s)", idle, met(idle)));
        out.println(String.format("       idle again after serving its byte (%.1f exits each, the VMM's tables refilled and given back): %s (target 16 KiB: %s)",
                (double) exits / VMS, busy, met(busy)));
    }

    private static String met(Footprint f) { return f.bytes() <= TARGET_BYTES ? "met" : "missed"; }

    /** {@code n} VMs by another method, for comparison. */
    private static void others(Image echo, SpawnMethod m, int n, PrintStream out) {
        Hypervisor hv = new Hypervisor(HvConfig.DEFAULTS.memory(HOST_MEMORY));
        Vm base = template(echo, Technique.HW).make(hv);
        Footprint before = new Footprint(hv);
        long start = System.nanoTime();
        hv.spawn(base, n, m, ControlPlane.NOXS, null, Long.MAX_VALUE);
        long created = System.nanoTime() - start;
        out.println(String.format("  by %-5s %,d VMs created in %.2f s (%.0f us/VM), each %s", m.label, n, created / 1e9,
                created / 1e3 / n, new Footprint(hv).minus(before, n)));
    }
}
