package vmsh.shell.api;

import java.util.function.BiFunction;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.proxy.ProxyExecutable;

/** A global function of the API (print, asm, machine, ...), run under the session's guard. */
final class GlobalFunction implements ProxyExecutable {
    private final Session session;
    private final String name;
    private final BiFunction<Session, Value[], Object> body;

    GlobalFunction(Session session, String name, BiFunction<Session, Value[], Object> body) {
        this.session = session;
        this.name = name;
        this.body = body;
    }

    String name() { return name; }

    @Override
    public Object execute(Value... arguments) {
        return session.guard(() -> body.apply(session, arguments));
    }

    @Override
    public String toString() { return "[Function: " + name + "]"; }
}
