package vmsh.shell.api;

import vmsh.shell.ExitCode;
import vmsh.shell.campaign.ScriptLauncher;

/**
 * The runs of a sweep as sessions: each a fresh {@link Session} (its own GraalJS context on
 * the process's shared engine), set up as {@code vmsh run} sets one up.
 */
public final class SessionLauncher implements ScriptLauncher {

    @Override
    public Run prepare(Setup s) {
        Session.Options options = Session.Options.of(s.out(), s.err(), s.folder(), s.args()).outDir(s.outDir()).seed(s.seed())
                .maxInsns(s.maxInsns()).terminal(false, false).params(s.params());
        return new SessionRun(new Session(options), s);
    }

    private record SessionRun(Session session, Setup setup) implements Run {
        @Override
        public Outcome run() {
            int exit = ExitCode.OK;
            String error = null;
            try {
                if (setup.timeout() != null) session.limitTime(setup.timeout());
                session.eval(setup.text(), setup.name(), 1);
            } catch (ScriptError x) {
                if (x.interrupted()) return null;
                exit = x.exitCode();
                error = x.getMessage().isEmpty() ? null : x.getMessage();   // exit(n) ends a script without an error line
            }
            return new Outcome(exit, error, session.result(), session.instructions(), session.filesRead());
        }

        @Override
        public void interrupt() { session.interrupt(); }

        @Override
        public void close() { session.close(); }
    }
}
