package vmsh.shell.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import vmsh.history.Recording;
import vmsh.history.Replay;
import vmsh.image.Image;
import vmsh.machine.Machine;
import vmsh.machine.StopReason;
import vmsh.shell.ExitCode;
import vmsh.shell.Io;
import vmsh.shell.VmshException;
import vmsh.shell.snapshot.RecordingFile;
import vmsh.shell.snapshot.SnapshotFile;
import vmsh.shell.snapshot.SnapshotFileException;

/** {@code vmsh boot --record FILE} and {@code --replay FILE}: a recording's file, written and played. */
final class Replaying {
    private Replaying() {}

    /**
     * Plays the recording in {@code file} on a new machine, its console on stdout. Exits
     * with the guest's exit code when the recorded run ended in a halt, else 0; a replay that
     * does not arrive at the recorded state says so on stderr and exits 1.
     */
    static int replay(Io io, Path file, boolean trace) {
        RecordingFile.Loaded loaded;
        try {
            loaded = RecordingFile.recording(SnapshotFile.read(read(file), file.toString()), file.toString());
        } catch (SnapshotFileException e) {
            throw new VmshException(ExitCode.ERROR, e.getMessage());
        }
        Recording r = loaded.recording();
        Machine m = new Machine(r.start().config());
        m.console().setSink(io.out()::write);
        if (trace) m.setTrace(io.err()::println);
        Replay.Outcome o;
        try {
            o = Replay.run(m, r);
        } catch (Replay.DivergedException e) {
            io.out().flush();
            io.err().println("vmsh: " + file + ": the replay diverged: " + e.getMessage());
            return ExitCode.ERROR;
        } finally {
            io.out().flush();
        }
        if (!o.identical()) {
            io.err().println("vmsh: " + file + ": the replay ended in another state than recorded (hash " + o.hash().substring(0, 16)
                    + ", recorded " + o.expectedHash().substring(0, 16) + ")");
            return ExitCode.ERROR;
        }
        return o.last() != null && o.last().reason() == StopReason.HALT ? o.last().exitCode() : ExitCode.OK;
    }

    /** Writes {@code r} to {@code file} (the image's symbols with it). */
    static void save(Path file, Recording r, Image image) {
        try {
            Files.write(file, SnapshotFile.write(RecordingFile.contents(r, image)));
        } catch (IOException e) {
            throw new VmshException(ExitCode.ERROR, "cannot write the recording " + file + ": " + e.getMessage());
        }
    }

    /** The bytes of a file the user named; a missing one is one line on stderr. */
    static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new VmshException(ExitCode.ERROR, "cannot read " + file + ": " + (e instanceof java.nio.file.NoSuchFileException ? "no such file" : e.getMessage()));
        }
    }
}
