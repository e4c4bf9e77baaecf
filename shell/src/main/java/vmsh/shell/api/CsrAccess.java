package vmsh.shell.api;

import java.util.Locale;
import org.graalvm.polyglot.Value;
import vmsh.board.Target;
import vmsh.isa.Csr;
import vmsh.isa.Encoding;

/**
 * A machine's or a VM's CSRs and privilege as a script reads and writes them: reads as the
 * target's software would read them, writes as a debugger makes them (gdb's path, {@link
 * Target#setCsr}: the CSR's WARL rules, recorded in history; on a VM wherever its technique
 * keeps the guest's CSRs, or refused with the reason).
 */
final class CsrAccess {
    private CsrAccess() {}

    /** csr(name or number[, value]): the CSR's value, after writing {@code value} when given (WARL: what it holds then). */
    static Object csr(Target target, Value[] a) {
        Value which = Args.at(a, 0);
        int n = number(which);
        if (!target.hasCsr(n)) throw JsError.range("no CSR " + describe(which, n) + " here");
        Value value = Args.at(a, 1);
        if (value != null && !value.isNull()) target.setCsr(n, Args.u32(value, "value"));
        return Args.unsigned(target.csr(n));
    }

    /** Sets the privilege its software runs at, from 'U', 'S' or 'M'. */
    static void setPrivilege(Target target, Value name) {
        target.setPrivilege(privilege(Args.string(name, "privilege"), "privilege"));
    }

    /** 'U', 'S' or 'M' (any case) as a privilege number; {@code what} names the argument in errors. */
    static int privilege(String name, String what) {
        return switch (name.toUpperCase(Locale.ROOT)) {
            case "U" -> Encoding.PRV_U;
            case "S" -> Encoding.PRV_S;
            case "M" -> Encoding.PRV_M;
            default -> throw JsError.range(what + ": '" + name + "' is not a privilege (use 'U', 'S' or 'M')");
        };
    }

    private static int number(Value v) {
        if (v != null && v.isString()) {
            int n = Csr.number(v.asString());
            if (n < 0) throw JsError.range("no CSR named '" + v.asString() + "'");
            return n;
        }
        long k = Args.integer(v, "csr(name or number): argument");
        if (k < 0 || k > 0xfff) throw JsError.range("CSR number " + k + " is out of range (0 to 0xfff)");
        return (int) k;
    }

    private static String describe(Value which, int n) {
        return which != null && which.isString() ? "'" + which.asString() + "'" : String.format("0x%03x", n);
    }
}
