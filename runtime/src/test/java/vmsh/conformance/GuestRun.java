package vmsh.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import vmsh.asm.Assembler;
import vmsh.image.Image;
import vmsh.isa.Isa;
import vmsh.machine.Machine;
import vmsh.machine.MachineConfig;
import vmsh.machine.RunResult;

/** A guest run on vmsh's machine: how it stopped and what it printed. */
record GuestRun(RunResult result, String console) {
    /** Enough RAM for every sample and riscv-tests program (their code sits at 0x8000_0000). */
    static final long MEMORY = 64L << 20;

    /** Assembles {@code source} (its .includes relative to it) with vmsh's assembler. */
    static Image assemble(Path source) {
        try {
            return Assembler.assemble(Files.readString(source, StandardCharsets.UTF_8), source.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Loads {@code image}, lets {@code prepare} adjust the machine, and runs at most {@code budget} instructions. */
    static GuestRun run(Image image, long budget, Consumer<Machine> prepare) {
        return run(image, budget, Isa.DEFAULT, prepare);
    }

    /** The same on a hart with the extensions of {@code isa}. */
    static GuestRun run(Image image, long budget, Isa isa, Consumer<Machine> prepare) {
        Machine machine = new Machine(MachineConfig.defaults().memory(MEMORY).isa(isa));
        machine.load(image);
        prepare.accept(machine);
        RunResult result = machine.run(budget);
        return new GuestRun(result, machine.console().text());
    }

    static GuestRun run(Image image, long budget) {
        return run(image, budget, m -> {});
    }

    static GuestRun run(Image image, long budget, Isa isa) {
        return run(image, budget, isa, m -> {});
    }

    /** One line for assertion messages. */
    String describe() {
        return result.reason() + " after " + result.insns() + " instructions, exit code " + result.exitCode()
                + (result.message() == null || result.message().isEmpty() ? "" : ": " + result.message());
    }
}
