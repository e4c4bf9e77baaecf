package vmsh.shell.api;

import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.proxy.ProxyArray;
import org.graalvm.polyglot.proxy.ProxyExecutable;
import org.graalvm.polyglot.proxy.ProxyObject;

/**
 * An object of the vmsh API as scripts see it: the members its {@link ApiType} declares
 * and nothing else of the Java object behind it. Every call runs under the host's
 * guard, so a failure reaches the script as a JavaScript error. Printed, it shows
 * {@link #toString}.
 */
abstract class ApiObject implements ProxyObject {
    protected final ScriptHost host;
    private final ProxyExecutable toStringFn = args -> toString();

    ApiObject(ScriptHost host) { this.host = host; }

    /** The members of this kind of object. */
    abstract ApiType<?> type();

    /** What --json prints for this object; its printed text unless a class says better. */
    Object json() { return toString(); }

    /**
     * Throws (a {@link JsError}) when this object may no longer be used: a hook context
     * after its call, a VM of a host that hv.configure replaced. Checked on every member.
     */
    void checkUsable() {}

    @SuppressWarnings("unchecked")
    private <T> ApiType.Member<T> member(String key) {
        return ((ApiType<T>) type()).member(key);
    }

    @Override
    @SuppressWarnings("unchecked")
    public final Object getMember(String key) {
        ApiType.Member<Object> m = member(key);
        if (m == null) return "toString".equals(key) ? toStringFn : null;
        if (m.isMethod()) return new ApiMethod(this, m);
        return host.guard(() -> {
            checkUsable();
            return m.get().apply(this);
        });
    }

    /** Calls method {@code m} of this object under the host's guard, its mistakes named after it. */
    final Object call(ApiType.Member<Object> m, Value[] args) {
        return host.guard(() -> {
            checkUsable();
            Object result = located(m, args);
            return result == null ? host.undefined() : result;   // a method that returns nothing
        });
    }

    private Object located(ApiType.Member<Object> m, Value[] args) {
        return CallErrors.named(type().variable() + "." + m.name() + "()", () -> {
            if (m.signature().endsWith("()")) refuseArguments(args);
            return m.call().apply(this, args);
        });
    }

    /** A method that takes nothing says so rather than ignore what it was given ({@code m.reverseContinue(5)}). */
    private static void refuseArguments(Value[] args) {
        for (Value a : args)
            if (!Args.absent(a)) throw JsError.type("takes no arguments, got " + ValueFormat.inspect(a));
    }

    @Override
    public final Object getMemberKeys() {
        java.util.List<Object> keys = new java.util.ArrayList<>();
        type().memberNames().forEach(keys::add);
        return ProxyArray.fromList(keys);
    }

    @Override
    public final boolean hasMember(String key) {
        return member(key) != null || "toString".equals(key);
    }

    @Override
    public final void putMember(String key, Value value) {
        ApiType.Member<Object> m = member(key);
        host.guard(() -> {
            if (m == null || m.set() == null)
                throw JsError.type(type().variable() + "." + key + (m == null ? " does not exist" : " is read-only"));
            checkUsable();
            return CallErrors.named(type().variable() + "." + key, () -> {
                m.set().accept(this, value);
                return null;
            });
        });
    }

    @Override
    public final boolean removeMember(String key) {
        host.guard(() -> {
            throw JsError.type("cannot delete " + type().name() + "." + key);
        });
        return false;
    }
}
