package vmsh.hv;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import vmsh.asm.Assembler;
import vmsh.image.Image;

/** The guests hypervisor tests boot: the reference kernel and the samples in samples/hv. */
final class Guests {
    private Guests() {}

    static Path samples() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path s = dir.resolve("samples");
            if (Files.isRegularFile(s.resolve("kernel/kernel.s"))) return s;
        }
        throw new IllegalStateException("no samples/kernel/kernel.s above " + Path.of("").toAbsolutePath());
    }

    static Image sample(String relative) {
        Path p = samples().resolve(relative);
        try {
            return Assembler.assemble(Files.readString(p), p.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Image kernel() { return sample("kernel/kernel.s"); }

    /** The kernel's expected console text, from its expect-output header. */
    static String kernelExpected() {
        try {
            StringBuilder b = new StringBuilder();
            for (String line : Files.readAllLines(samples().resolve("kernel/kernel.s"))) {
                if (line.startsWith("# | ")) b.append(line.substring(4)).append('\n');
                else if (line.equals("# |")) b.append('\n');
            }
            return b.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
