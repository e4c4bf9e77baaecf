package vmsh.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import vmsh.elf.ElfReader;

/**
 * Runs the public riscv-tests p-environment programs found in the directory named by the
 * environment variable VMSH_RISCV_TESTS (ELF files named like rv32ui-p-add; the project
 * does not ship them). Each must end through tohost with exit code 0.
 */
class RiscvTestsTest {
    private static final String ENV = "VMSH_RISCV_TESTS";

    @TestFactory
    Stream<DynamicTest> riscvTestsPass() throws IOException {
        String dir = System.getenv(ENV);
        Assumptions.assumeTrue(dir != null && Files.isDirectory(Path.of(dir)),
                ENV + " does not name a directory of riscv-tests ELFs");
        List<Path> elfs;
        try (Stream<Path> files = Files.list(Path.of(dir))) {
            elfs = files.filter(p -> p.getFileName().toString().matches("rv32u[ima]-p-.*|rv32mi-p-.*|rv32si-p-.*"))
                    .filter(p -> !p.toString().endsWith(".dump")).sorted().toList();
        }
        return elfs.stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> {
            Machine m = new Machine(MachineConfig.defaults());
            m.load(ElfReader.read(Files.readAllBytes(p)));
            RunResult r = m.run(10_000_000);
            assertEquals(StopReason.HALT, r.reason(), r.message());
            assertEquals(0, r.exitCode(), "failing test number " + r.exitCode());
        }));
    }
}
