package vmsh.shell.api;

import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.graalvm.polyglot.Value;

/**
 * One global name of a vmsh script: a function or a value, with how scripts write it and
 * a line of help. {@link Globals#ALL} lists them all.
 *
 * @param name      the global's name
 * @param signature how scripts use it, e.g. {@code machine({memory, tlb})}
 * @param help      one line for help() and the README
 * @param value     builds what the name is bound to, once per session
 * @param members   functions reached through a global function ({@code machine.open(file)})
 */
record Global(String name, String signature, String help, Function<ScriptHost, Object> value, List<Global> members) {

    /** A global function; {@code body} gets the host and the call's arguments. */
    static Global function(String signature, String help, BiFunction<ScriptHost, Value[], Object> body) {
        return function(signature, help, body, List.of());
    }

    /** A global function with member functions of its own ({@code machine.open}). */
    static Global function(String signature, String help, BiFunction<ScriptHost, Value[], Object> body, List<Global> members) {
        String name = nameOf(signature);
        return new Global(name, signature, help, host -> new GlobalFunction(host, name, body, members), members);
    }

    /** A member function of a global function, e.g. {@code open(file)} of {@code machine}. */
    static Global member(String signature, String help, BiFunction<ScriptHost, Value[], Object> body) {
        String name = nameOf(signature);
        return new Global(name, signature, help, host -> new GlobalFunction(host, name, body, List.of()), List.of());
    }

    /** A global value (an API object such as {@code hv}, or data such as {@code args}). */
    static Global value(String name, String help, Function<ScriptHost, Object> value) {
        return new Global(name, name, help, value, List.of());
    }

    private static String nameOf(String signature) {
        int paren = signature.indexOf('(');
        return paren < 0 ? signature : signature.substring(0, paren);
    }
}
