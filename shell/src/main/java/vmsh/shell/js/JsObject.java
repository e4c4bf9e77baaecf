package vmsh.shell.js;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.proxy.ProxyArray;
import org.graalvm.polyglot.proxy.ProxyExecutable;
import org.graalvm.polyglot.proxy.ProxyObject;

/**
 * An object of the vmsh API as scripts see it: named properties and methods, each with a
 * line of help, and nothing else of the Java object behind it. Every call runs under the
 * session's guard, so a failure reaches the script as a JavaScript error.
 */
abstract class JsObject implements ProxyObject {
    /** One member: a getter, an optional setter, and what it is for. */
    record Member(String help, Supplier<Object> get, Consumer<Value> set) {}

    protected final Session session;
    private final Map<String, Member> members = new LinkedHashMap<>();
    private final ProxyExecutable toStringFn = args -> toString();

    JsObject(Session session) { this.session = session; }

    protected final void property(String name, String help, Supplier<Object> get) {
        property(name, help, get, null);
    }

    protected final void property(String name, String help, Supplier<Object> get, Consumer<Value> set) {
        members.put(name, new Member(help, get, set));
    }

    protected final void method(String name, String help, Function<Value[], Object> body) {
        ProxyExecutable fn = args -> session.guard(() -> body.apply(args));
        members.put(name, new Member(help, () -> fn, null));
    }

    /** Member names with their help lines, in declaration order (for help()). */
    final Map<String, String> help() {
        Map<String, String> h = new LinkedHashMap<>();
        members.forEach((name, m) -> h.put(name, m.help()));
        return Collections.unmodifiableMap(h);
    }

    /** What this object is called in error messages ("machine", "image"). */
    abstract String kind();

    @Override
    public final Object getMember(String key) {
        Member m = members.get(key);
        if (m != null) return session.guard(m.get());
        return "toString".equals(key) ? toStringFn : null;
    }

    @Override
    public final Object getMemberKeys() {
        return ProxyArray.fromArray(members.keySet().toArray());
    }

    @Override
    public final boolean hasMember(String key) {
        return members.containsKey(key) || "toString".equals(key);
    }

    @Override
    public final void putMember(String key, Value value) {
        Member m = members.get(key);
        if (m == null || m.set() == null) {
            session.guard(() -> {
                throw JsError.type(kind() + "." + key + (m == null ? " does not exist" : " is read-only"));
            });
            return;
        }
        session.guard(() -> {
            m.set().accept(value);
            return null;
        });
    }

    @Override
    public final boolean removeMember(String key) {
        session.guard(() -> {
            throw JsError.type("cannot delete " + kind() + "." + key);
        });
        return false;
    }
}
