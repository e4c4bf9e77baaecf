package vmsh.shell.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.proxy.ProxyArray;
import org.graalvm.polyglot.proxy.ProxyExecutable;
import org.graalvm.polyglot.proxy.ProxyObject;

/**
 * A global function of the API (print, asm, machine, ...), run under the host's guard;
 * it may have member functions of its own ({@code machine.open(file)}).
 */
final class GlobalFunction implements ProxyExecutable, ProxyObject {
    private final ScriptHost host;
    private final String name;
    private final BiFunction<ScriptHost, Value[], Object> body;
    private final Map<String, Object> members = new LinkedHashMap<>();

    GlobalFunction(ScriptHost host, String name, BiFunction<ScriptHost, Value[], Object> body, List<Global> members) {
        this.host = host;
        this.name = name;
        this.body = body;
        for (Global m : members) {
            Object member = m.value().apply(host);
            this.members.put(m.name(), member instanceof GlobalFunction f ? f.within(name) : member);
        }
    }

    /** This function as a member of global {@code owner}: its mistakes and help name it {@code owner.name}. */
    private GlobalFunction within(String owner) { return new GlobalFunction(host, owner + "." + name, body, List.of()); }

    String name() { return name; }

    @Override
    public Object execute(Value... arguments) {
        return host.guard(() -> {
            Object result = CallErrors.named(name + "()", () -> body.apply(host, arguments));
            return result == null ? host.undefined() : result;   // a function that returns nothing
        });
    }

    @Override
    public Object getMember(String key) { return members.get(key); }

    @Override
    public Object getMemberKeys() { return ProxyArray.fromList(List.copyOf(members.keySet())); }

    @Override
    public boolean hasMember(String key) { return members.containsKey(key); }

    @Override
    public void putMember(String key, Value value) {
        host.guard(() -> {
            throw JsError.type(name + "." + key + " cannot be assigned");
        });
    }

    @Override
    public String toString() { return "[Function: " + name + "]"; }
}
