package vmsh.shell.repl;

import vmsh.shell.api.Session;

/** When an entry goes on to the next line: its JavaScript is unfinished (an open brace, call, or template). */
final class Continuation {
    private Continuation() {}

    /** True when {@code code} is a prefix of valid JavaScript that more lines could complete. */
    static boolean needsMore(Session session, String code) {
        return switch (session.syntax(code)) {
            case COMPLETE -> false;
            case UNFINISHED -> true;
            case WRONG -> hasOpenTemplate(code);
        };
    }

    /** An odd number of unescaped backquotes: a template literal still open. */
    private static boolean hasOpenTemplate(String code) {
        int quotes = 0;
        for (int i = 0; i < code.length(); i++) {
            if (code.charAt(i) == '\\') i++;
            else if (code.charAt(i) == '`') quotes++;
        }
        return quotes % 2 == 1;
    }
}
