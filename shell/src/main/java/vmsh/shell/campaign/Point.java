package vmsh.shell.campaign;

import java.util.Map;

/**
 * One run a campaign plans: its place in the grid, its parameters, the seed it runs with
 * (its {@code seed} parameter, else the sweep's --seed) and its point key, the hash of
 * everything known before it runs (see {@link Campaign#pointKey}).
 */
record Point(int index, Map<String, Object> params, long seed, String key) {
    /** "tau=0.5 seed=3", as progress lines and --status show a run. */
    String label() {
        if (params.isEmpty()) return "run " + index;
        StringBuilder b = new StringBuilder();
        params.forEach((k, v) -> b.append(b.isEmpty() ? "" : " ").append(k).append('=').append(Values.text(v)));
        return b.toString();
    }
}
