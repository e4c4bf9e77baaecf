package vmsh.shell.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.graalvm.polyglot.Value;

/**
 * One kind of object scripts meet (machine, image, tlb, ...): its members with a line of
 * help each. Each API class declares its type once, as a static table; help(), tab
 * completion and the README's API reference ({@link Api#markdown}) all read it, so the
 * documentation cannot drift from what the object really has.
 *
 * @param <T> the API class whose instances have these members
 */
public final class ApiType<T> {
    /** One member: how scripts write it, what it is for, and its behaviour. */
    record Member<T>(String name, String signature, String help, Function<T, Object> get, BiConsumer<T, Value> set,
                     BiFunction<T, Value[], Object> call, String returns) {
        boolean isMethod() { return call != null; }
    }

    private final String name;
    private final String variable;
    private final String summary;
    private final Map<String, Member<T>> members = new LinkedHashMap<>();
    private String last;

    private ApiType(String name, String variable, String summary) {
        this.name = name;
        this.variable = variable;
        this.summary = summary;
    }

    /**
     * A type called {@code name} in messages, written {@code variable} in the docs
     * ({@code m} for a machine: {@code m.run(...)}), described by {@code summary}.
     */
    static <T> ApiType<T> of(String name, String variable, String summary) {
        return new ApiType<>(name, variable, summary);
    }

    /** A read-only property. */
    ApiType<T> property(String name, String help, Function<T, Object> get) {
        return property(name, help, get, null);
    }

    /** A property scripts may also assign. */
    ApiType<T> property(String name, String help, Function<T, Object> get, BiConsumer<T, Value> set) {
        members.put(name, new Member<>(name, name, help, get, set, null, null));
        last = name;
        return this;
    }

    /** A method; {@code signature} is how scripts call it, e.g. {@code run({insns})}. */
    ApiType<T> method(String signature, String help, BiFunction<T, Value[], Object> call) {
        int paren = signature.indexOf('(');
        String member = paren < 0 ? signature : signature.substring(0, paren);
        members.put(member, new Member<>(member, signature, help, null, null, call, null));
        last = member;
        return this;
    }

    /** The method declared last returns an object of the type called {@code typeName} (for completion after a call). */
    ApiType<T> returning(String typeName) {
        Member<T> m = members.get(last);
        members.put(last, new Member<>(m.name(), m.signature(), m.help(), m.get(), m.set(), m.call(), typeName));
        return this;
    }

    public String name() { return name; }

    public String variable() { return variable; }

    public String summary() { return summary; }

    Member<T> member(String key) { return members.get(key); }

    Iterable<String> memberNames() { return members.keySet(); }

    /** Each member as scripts write it ({@code m.run({insns})}) with its help line, in declaration order. */
    public Map<String, String> help() {
        Map<String, String> h = new LinkedHashMap<>();
        for (Member<T> m : members.values()) h.put(variable + "." + m.signature(), m.help());
        return Collections.unmodifiableMap(h);
    }
}
