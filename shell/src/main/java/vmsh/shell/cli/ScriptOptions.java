package vmsh.shell.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import vmsh.shell.ExitCode;
import vmsh.shell.Home;
import vmsh.shell.VmshException;
import vmsh.shell.api.Session;
import vmsh.shell.campaign.Campaigns;

/**
 * The options of a JavaScript session, the same for {@code vmsh run} and the REPL: where
 * files go (--out), the seed of everything random (--seed), more folders to read
 * (--allow-read), and the script's {@code params} (--param, one point of a sweep).
 */
final class ScriptOptions {
    @Option(names = "--out", paramLabel = "DIR",
            description = "where plot(...).save and writeFile write, made if missing (default: the working directory; inside the vmsh checkout, its out/ folder)")
    private Path out;

    @Option(names = "--seed", paramLabel = "N", description = "seed everything random: Math.random, random TLB replacement (default 1)")
    private long seed = Session.Options.DEFAULT_SEED;

    @Option(names = "--allow-read", paramLabel = "DIR",
            description = "let the script read files under DIR too (repeatable), e.g. a folder of submissions")
    private List<Path> allowRead = new ArrayList<>();

    @Option(names = "--param", paramLabel = "NAME=VALUE",
            description = "set params.NAME as one run of a sweep gets it (repeatable): a number, true, false or text; "
                    + "a parameter named seed seeds the run")
    private List<String> params = new ArrayList<>();

    @Mixin
    private JsCompileOption jsCompile = new JsCompileOption();

    /** True when any of these options was given. */
    boolean given() { return out != null || seed != Session.Options.DEFAULT_SEED || !allowRead.isEmpty() || !params.isEmpty(); }

    /** {@code options} with these settings; a bad folder or parameter is a usage error naming it. */
    Session.Options apply(Session.Options options) {
        for (Path dir : allowRead)
            if (!Files.isDirectory(dir)) throw new VmshException(ExitCode.USAGE, "--allow-read " + dir + " is not a folder");
        jsCompile.check(options.err());
        Map<String, Object> given = Campaigns.params(params);
        return options.outDir(outFolder()).seed(Campaigns.seed(given, seed)).allowRead(allowRead).params(given);
    }

    /** Says on {@code err} when the script file {@code name} asks for compiled JavaScript and it cannot be had. */
    void checkCompileHeader(String name, String source, PrintStream err) { jsCompile.checkHeader(name, source, err); }

    /** --out, made now if missing (a new results folder is made for you); else the default, made when first written. */
    private Path outFolder() {
        if (out == null) return Home.defaultOutput();
        if (Files.exists(out) && !Files.isDirectory(out)) throw new VmshException(ExitCode.USAGE, "--out " + out + " is not a folder");
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new VmshException(ExitCode.USAGE, "--out " + out + ": cannot create the folder (" + e.getMessage() + ")");
        }
        return out;
    }
}
