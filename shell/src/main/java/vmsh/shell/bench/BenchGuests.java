package vmsh.shell.bench;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import vmsh.asm.Assembler;
import vmsh.image.Image;
import vmsh.shell.ExitCode;
import vmsh.shell.Guests;
import vmsh.shell.Home;
import vmsh.shell.VmshException;

/** The CPU benchmark guests of samples/bench, with their loop count set. */
final class BenchGuests {
    /** The C program compiled to assembly, with paging off. */
    static final String CPU = "samples/bench/crt0.s";
    /** The teaching kernel: three U-mode tasks under Sv32, preempted by the timer. */
    static final String KERNEL = "samples/kernel/kernel.s";
    /** The teaching kernel's paravirtual build (hv's pv technique). */
    static final String KERNEL_PV = "samples/kernel/kernel-pv.s";
    /** A hypervisor in assembly running the kernel as its guest (a nested VM's guest). */
    static final String HYPER = "samples/hyper/hyper.s";
    /** Several vCPUs' data passes (Disco's workload; parameter harts). */
    static final String DISCO = "samples/hv/disco.s";
    /** The same program as a U-mode task under Sv32. */
    static final String PAGED = "samples/bench/paged.s";
    /** The data word a benchmark guest reads its iteration count from. */
    static final String ITERATIONS_SYMBOL = "bench_iterations";

    /** Used only when samples/bench holds no benchmark: 200 million simple instructions. */
    private static final String PLACEHOLDER = """
                    .text
                    .globl _start
            _start: li   t0, 50000000
                    li   a0, 0
            1:      add  a0, a0, t0
                    xor  a1, a0, t0
                    addi t0, t0, -1
                    bnez t0, 1b
                    li   t1, 0x100000
                    li   t2, 0x5555
                    sw   t2, 0(t1)
            2:      j    2b
            """;

    private BenchGuests() {}

    /** The guest at {@code relative} in the checkout (a built-in loop when it is missing), running {@code iterations} when not null. */
    static Image load(String relative, Long iterations, PrintStream out) {
        Path file = Home.home().resolve(relative);
        if (!Files.isRegularFile(file)) {
            out.println("vmsh: " + file + " not found; using a built-in counting loop instead");
            return Assembler.assemble(PLACEHOLDER, "placeholder-bench.s");
        }
        Image image = Guests.load(file);
        return iterations == null ? image : withIterations(image, iterations);
    }

    /** The guest with its loop count set, when it has one to set. */
    static Image withIterations(Image image, long iterations) {
        if (iterations > 0xffff_ffffL) throw new VmshException(ExitCode.USAGE, "--iterations " + iterations + " does not fit in 32 bits");
        if (!image.hasSymbol(ITERATIONS_SYMBOL)) return image;
        return Images.withWord(image, image.symbol(ITERATIONS_SYMBOL), (int) iterations);
    }
}
