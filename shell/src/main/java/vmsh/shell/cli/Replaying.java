package vmsh.shell.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import vmsh.board.StopReason;
import java.util.List;
import vmsh.dc.Cluster;
import vmsh.dc.ClusterRecording;
import vmsh.dc.ClusterReplay;
import vmsh.dc.VmPort;
import vmsh.history.HostRecording;
import vmsh.history.HostReplay;
import vmsh.history.Recording;
import vmsh.hv.HvSnapshot;
import vmsh.hv.Hypervisor;
import vmsh.hv.Technique;
import vmsh.hv.Vm;
import vmsh.hv.VmState;
import vmsh.shell.snapshot.ClusterRecordingFile;
import vmsh.shell.snapshot.HostRecordingFile;
import vmsh.shell.snapshot.SnapshotContents;
import vmsh.history.Replay;
import vmsh.image.Image;
import vmsh.machine.Machine;
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
    static int replay(Io io, Path file, boolean trace, Technique technique) {
        RecordingFile.Loaded loaded;
        try {
            SnapshotContents c = SnapshotFile.read(read(file), file.toString());
            if (HostRecordingFile.KIND.equals(c.kind())) return replayHost(io, file, HostRecordingFile.recording(c, file.toString()), technique);
            if (ClusterRecordingFile.KIND.equals(c.kind())) return replayCluster(io, file, ClusterRecordingFile.recording(c, file.toString()), technique);
            if (technique != null)
                throw new VmshException(ExitCode.USAGE, file + " is a bare machine's recording: replay it without --technique");
            loaded = RecordingFile.recording(c, file.toString());
        } catch (SnapshotFileException e) {
            throw new VmshException(ExitCode.ERROR, e.getMessage());
        }
        Recording r = loaded.recording();
        Machine m = new Machine(r.start().config());
        m.console().setSink(io.out()::write);
        if (trace) m.setTrace(io.err()::println);
        Replay.Outcome o = played(io, file, () -> Replay.run(m, r), x -> x.identical() ? null : mismatch(x.hash(), x.expectedHash()));
        if (o == null) return ExitCode.ERROR;
        return o.last() != null && o.last().reason() == StopReason.HALT ? o.last().exitCode() : ExitCode.OK;
    }

    /**
     * Plays a host's recording on a host made from its start, every VM's console on stdout.
     * Exits with the guest's exit code when its only VM ended halted, else 0; a replay that
     * does not arrive at the recorded state says so on stderr and exits 1.
     */
    private static int replayHost(Io io, Path file, HostRecording r, Technique technique) {
        List<HvSnapshot.VmSpec> vms = r.start().vms();
        if (technique != null && vms.stream().anyMatch(v -> v.technique() != technique))
            throw new VmshException(ExitCode.USAGE, file + ": its VMs run under " + vms.stream().map(v -> v.technique().label).distinct().toList()
                    + ", not " + technique.label + " (the technique comes from the recording)");
        Hypervisor hv;
        try {
            hv = Hypervisor.open(r.start());
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new VmshException(ExitCode.ERROR, file + ": " + e.getMessage());
        }
        for (Vm vm : hv.vms()) vm.console().setSink(io.out()::write);
        Replay.Outcome o = played(io, file, () -> HostReplay.run(hv, r), x -> x.identical() ? null : mismatch(x.hash(), x.expectedHash()));
        if (o == null) return ExitCode.ERROR;
        Vm only = hv.vms().size() == 1 ? hv.vms().get(0) : null;
        return only != null && only.state() == VmState.HALTED ? only.exitCode() : ExitCode.OK;
    }

    /**
     * Plays a cluster's recording on a new cluster built as the recorded one was, then
     * prints each VM's console (a line naming it first when there are several). Exits 0;
     * a replay that does not arrive at the recorded state says so on stderr and exits 1.
     */
    private static int replayCluster(Io io, Path file, ClusterRecording r, Technique technique) {
        if (technique != null) throw new VmshException(ExitCode.USAGE, file + " is a cluster's recording: its VMs' techniques come from it; replay it without --technique");
        Cluster dc = new Cluster(r.config());
        Replay.Outcome o = played(io, file, () -> ClusterReplay.run(dc, r), x -> x.identical() ? null : mismatch(x.hash(), x.expectedHash()));
        if (o == null) return ExitCode.ERROR;
        List<VmPort> ports = dc.ports();
        for (VmPort p : ports) {
            if (ports.size() > 1) io.out().println("== " + p.vm().name() + " on " + p.host().name() + " ==");
            io.out().print(p.vm().console().text());
        }
        io.out().flush();
        return ExitCode.OK;
    }

    /**
     * Plays a recording, the console flushed after it; null (the line that says why on
     * stderr) when it diverged or {@code misfit} says it ended elsewhere than recorded.
     */
    private static <O> O played(Io io, Path file, java.util.function.Supplier<O> replay, java.util.function.Function<O, String> misfit) {
        O o;
        try {
            o = replay.get();
        } catch (Replay.DivergedException | IllegalArgumentException e) {
            io.out().flush();
            io.err().println("vmsh: " + file + ": the replay diverged: " + e.getMessage());
            return null;
        } finally {
            io.out().flush();
        }
        String why = misfit.apply(o);
        if (why == null) return o;
        io.err().println("vmsh: " + file + ": " + why);
        return null;
    }

    private static String mismatch(String hash, String expected) {
        return "the replay ended in another state than recorded (hash " + hash.substring(0, 16) + ", recorded " + expected.substring(0, 16) + ")";
    }

    /** Writes a host's recording {@code r} to {@code file}. */
    static void save(Path file, HostRecording r) {
        try {
            Files.write(file, SnapshotFile.write(HostRecordingFile.contents(r)));
        } catch (IOException e) {
            throw new VmshException(ExitCode.ERROR, "cannot write the recording " + file + ": " + e.getMessage());
        }
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
