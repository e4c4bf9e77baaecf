package vmsh.shell.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.graalvm.polyglot.Value;
import vmsh.hv.Vm;
import vmsh.image.Image;
import vmsh.machine.Machine;
import vmsh.shell.Io;
import vmsh.shell.api.ScriptError;
import vmsh.shell.api.Session;
import vmsh.shell.repl.MonitorCommands;

/**
 * {@code vmsh boot GUEST --gdb PORT} (and {@code --technique T --gdb PORT}): the bare
 * machine, or the VM, as a script's, so that gdb's {@code monitor} has the REPL's commands
 * and its runs the same limits (--max-insns), served to one gdb connection. When gdb
 * detaches or goes away, the guest goes on as {@code vmsh boot} runs it; when it ended
 * itself, vmsh exits with its code; after gdb's kill, with 137. A VM's host keeps its
 * history while gdb is there, as a bare machine always does, for gdb's reverse execution.
 */
final class GdbBoot {
    /** The exit status after gdb's kill: as a process killed by SIGKILL. */
    static final int KILLED = 128 + 9;

    private GdbBoot() {}

    /** The bare machine under gdb: the exit status, or null when the guest is to go on without gdb. */
    static Integer serve(Io io, Machine machine, Image image, int port, long maxInsns, java.time.Duration timeout) {
        return serve(io, session -> session.adopt(machine, image), port, maxInsns, timeout);
    }

    /**
     * A VM's guest under gdb (guest-virtual addresses): the exit status, or null when the guest
     * is to go on. The host keeps its history while gdb is there, so that gdb's reverse-stepi
     * and reverse-continue work as on a bare machine; the run after gdb goes on without.
     */
    static Integer serve(Io io, Vm vm, int port, long maxInsns, java.time.Duration timeout) {
        return serve(io, session -> {
            Value target = session.adopt(vm);
            session.eval("hv.keepHistory()", "vmsh boot --gdb", 1);
            return target;
        }, port, maxInsns, timeout, session -> session.eval("hv.keepHistory(false)", "vmsh boot --gdb", 1));
    }

    private static Integer serve(Io io, Function<Session, Value> adopt, int port, long maxInsns, java.time.Duration timeout) {
        return serve(io, adopt, port, maxInsns, timeout, session -> {});
    }

    private static Integer serve(Io io, Function<Session, Value> adopt, int port, long maxInsns, java.time.Duration timeout,
                                 java.util.function.Consumer<Session> after) {
        Session.Options options = Session.Options.of(io.out(), io.err(), Path.of("").toAbsolutePath(), List.of())
                .maxInsns(maxInsns).terminal(false, false);
        try (Session session = new Session(options)) {
            MonitorCommands.install(session);
            if (timeout != null) session.limitTime(timeout);
            Value target = adopt.apply(session);
            Value r = session.call(() -> target.invokeMember("gdb", port));
            io.out().flush();   // the guest's console, as it wrote it under gdb
            String ending = r.getMember("ending").asString();
            io.err().println("vmsh: gdb " + ending + String.format(" at pc 0x%08x", r.getMember("pc").asLong()));
            if (r.getMember("exited").asBoolean()) return r.getMember("exitCode").asInt();
            if (ending.equals("killed")) return KILLED;
            after.accept(session);
            return null;
        } catch (ScriptError e) {
            io.out().flush();
            io.err().println("vmsh: " + e.getMessage());
            return e.exitCode();
        }
    }
}
