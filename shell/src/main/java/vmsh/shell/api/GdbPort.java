package vmsh.shell.api;

import java.util.LinkedHashMap;
import java.util.Map;
import org.graalvm.polyglot.Value;
import vmsh.board.Target;
import vmsh.gdb.DebugTarget;
import vmsh.shell.gdb.GdbServer;

/**
 * {@code gdb({port})} of a machine or a VM, written once: the port argument, the wait for
 * one gdb on it (under the session's limits: Ctrl-C at the prompt, a deadline) and what
 * came of the conversation.
 */
final class GdbPort {
    private GdbPort() {}

    /** gdb({port}) or gdb(port): the port, 0 to 65535 (0: any free one). */
    static int port(Value[] a, String call) {
        Value v = Args.at(a, 0);
        Value port = v != null && v.isNumber() ? v : Args.option(Args.options(v, call + "({port})", "port"), "port");
        if (port == null) throw JsError.type(call + "({port}) needs port, the TCP port gdb connects to (0: any free one)");
        long p = Args.integer(port, call + "({port}): port");
        if (p < 0 || p > 65535) throw JsError.range(call + "({port}): port " + p + " is not a TCP port (1 to 65535, or 0 for any free one)");
        return (int) p;
    }

    /**
     * Serves one gdb on {@code port} for {@code debug} (whose board target is {@code target})
     * and returns {ending, resumes, pc, insns, exited, exitCode}; {@code exitCode} is the
     * guest's once it exited, else null.
     */
    static Value serve(ScriptHost host, int port, DebugTarget debug, Target target, java.util.function.IntSupplier exitCode) {
        GdbServer.Outcome o;
        try {
            o = GdbServer.serve(port, debug, p -> host.note("vmsh: waiting for gdb on localhost:" + p
                    + " (gdb-multiarch -ex 'target remote :" + p + "')"), host::checkpoint);
        } catch (IllegalArgumentException e) {
            throw JsError.range(e.getMessage());
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ending", o.ending().label);
        m.put("resumes", o.resumes());
        m.put("pc", Args.unsigned(target.pc()));
        m.put("insns", target.instructions());
        m.put("exited", o.exited());
        m.put("exitCode", exitCode.getAsInt());
        return host.object(m);
    }
}
