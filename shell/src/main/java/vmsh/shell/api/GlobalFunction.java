package vmsh.shell.api;

import java.util.function.BiFunction;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.proxy.ProxyExecutable;

/** A global function of the API (print, asm, machine, ...), run under the host's guard. */
final class GlobalFunction implements ProxyExecutable {
    private final ScriptHost host;
    private final String name;
    private final BiFunction<ScriptHost, Value[], Object> body;

    GlobalFunction(ScriptHost host, String name, BiFunction<ScriptHost, Value[], Object> body) {
        this.host = host;
        this.name = name;
        this.body = body;
    }

    String name() { return name; }

    @Override
    public Object execute(Value... arguments) {
        return host.guard(() -> body.apply(host, arguments));
    }

    @Override
    public String toString() { return "[Function: " + name + "]"; }
}
