package vmsh.dc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import vmsh.asm.Assembler;
import vmsh.image.Image;

/** The guests the cluster tests boot: samples/dc/server.s and a few of its variations. */
final class DcGuests {
    private DcGuests() {}

    private static Image server;

    static Path samples() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path s = dir.resolve("samples");
            if (Files.isRegularFile(s.resolve("dc/server.s"))) return s;
        }
        throw new IllegalStateException("no samples/dc/server.s above " + Path.of("").toAbsolutePath());
    }

    private static Image disco;

    /** samples/hv/disco.s: harts that start one another with SBI HSM and sum their pages (assembled once). */
    static synchronized Image disco() {
        if (disco == null) disco = assemble("hv/disco.s");
        return disco;
    }

    private static Image assemble(String sample) {
        Path p = samples().resolve(sample);
        try {
            return Assembler.assemble(Files.readString(p), p.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The server, assembled once. */
    static synchronized Image server() {
        if (server == null) {
            Path p = samples().resolve("dc/server.s");
            try {
                server = Assembler.assemble(Files.readString(p), p.toString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return server;
    }
}
