package vmsh.shell.api;

import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.proxy.ProxyExecutable;

/**
 * A method of an API object as scripts hold it ({@code m.snapshot}): calling it calls the
 * member on its object; {@code help(m.snapshot)} prints the member's line.
 */
final class ApiMethod implements ProxyExecutable {
    private final ApiObject owner;
    private final ApiType.Member<Object> member;

    ApiMethod(ApiObject owner, ApiType.Member<Object> member) {
        this.owner = owner;
        this.member = member;
    }

    @Override
    public Object execute(Value... args) { return owner.call(member, args); }

    /** The member's line of help, as help(object) lists it. */
    String help() { return owner.type().variable() + "." + member.signature() + "  " + member.help(); }
}
