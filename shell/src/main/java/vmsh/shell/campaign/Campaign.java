package vmsh.shell.campaign;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import vmsh.shell.ExitCode;
import vmsh.shell.VmshException;

/**
 * One experiment script over a grid of parameters: what {@code vmsh sweep SCRIPT --param ...}
 * describes. Every point gets a key from everything that decides its outcome and is known
 * before it runs: the script's text, its arguments, the parameters, the seed, the
 * instruction budget and vmsh's version. (The files the script reads are known only after a
 * run; {@link RunRecord#key} adds them.) The wall-clock timeout is not part of the key.
 *
 * @param name     the script as the user named it (error lines show this)
 * @param script   the script's file
 * @param text     the script's text, read once
 * @param args     the script's arguments (the global {@code args} of every run)
 * @param seed     the seed of runs without a {@code seed} parameter (--seed)
 * @param maxInsns each run's instruction budget, Long.MAX_VALUE for none
 * @param grid     the parameter settings
 * @param version  vmsh's version
 */
record Campaign(String name, Path script, String text, List<String> args, long seed, long maxInsns, Grid grid, String version) {
    /** Hex digits of a key: 80 bits, no collision in any campaign a person runs. */
    static final int KEY_LENGTH = 20;
    /** The parameter that seeds a run. */
    static final String SEED = "seed";

    static Campaign load(String name, List<String> args, long seed, long maxInsns, Grid grid, String version) {
        Path script = Path.of(name).toAbsolutePath().normalize();
        String text;
        try {
            text = Files.readString(script, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new VmshException(ExitCode.ERROR, "no such file: " + name);
        } catch (IOException e) {
            throw new VmshException(ExitCode.ERROR, "cannot read " + name + ": " + e.getMessage());
        }
        for (Map<String, Object> p : grid.points()) {
            Object s = p.get(SEED);
            if (s != null && !(s instanceof Long))
                throw new VmshException(ExitCode.USAGE, "parameter seed must be a whole number, got " + Values.text(s));
        }
        return new Campaign(name, script, text, List.copyOf(args), seed, maxInsns, grid, version);
    }

    String scriptHash() { return Hashes.of(text); }

    /** Every planned run, in grid order. */
    List<Point> points() {
        String scriptHash = scriptHash();
        List<Point> points = new ArrayList<>(grid.size());
        for (int i = 0; i < grid.size(); i++) {
            Map<String, Object> params = grid.points().get(i);
            long runSeed = params.get(SEED) instanceof Long s ? s : seed;
            points.add(new Point(i, params, runSeed, pointKey(scriptHash, params, runSeed)));
        }
        return points;
    }

    private String pointKey(String scriptHash, Map<String, Object> params, long runSeed) {
        Map<String, Object> k = new LinkedHashMap<>();
        k.put("vmsh", version);
        k.put("script", scriptHash);
        k.put("args", args);
        k.put("seed", runSeed);
        k.put("maxInsns", maxInsns == Long.MAX_VALUE ? null : maxInsns);
        k.put("params", new TreeMap<>(params));
        return Hashes.of(Records.json(k)).substring(0, KEY_LENGTH);
    }

    /** The script's folder: what its readFile reads relative to, as under vmsh run. */
    Path folder() { return script.getParent(); }
}
