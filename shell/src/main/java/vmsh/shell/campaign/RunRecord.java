package vmsh.shell.campaign;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a sweep keeps of one finished run: one JSON line in the folder's records file.
 *
 * @param key         the run's key: its point key and the hashes of every file it read
 * @param point       the point key: script, parameters, seed, budget and vmsh's version
 * @param index       the run's place in the campaign's grid
 * @param params      the parameters
 * @param exit        the exit status vmsh run would give (0 ok, 1 error, 3 guest fault, 124 budget or timeout)
 * @param error       the one-line error, or null
 * @param result      what the script reported with result({...})
 * @param insns       guest instructions the run executed
 * @param hostSeconds wall time of the run
 * @param reads       the files the run read, with their hashes
 * @param vmsh        vmsh's version
 * @param host        the machine it ran on
 * @param finished    when it finished (ISO-8601, UTC): the newest record of a point wins
 */
record RunRecord(String key, String point, int index, Map<String, Object> params, int exit, String error,
                 Map<String, Object> result, long insns, double hostSeconds, List<FileHash> reads, String vmsh,
                 String host, String finished) {

    boolean ok() { return exit == 0; }

    /** True while every file the run read still holds what it read. */
    boolean fresh(Path base, Hashes hashes) {
        for (FileHash f : reads) if (!f.unchanged(base, hashes)) return false;
        return true;
    }

    /** The first file that changed since the run read it, or null. */
    String changedFile(Path base, Hashes hashes) {
        for (FileHash f : reads) if (!f.unchanged(base, hashes)) return f.path();
        return null;
    }

    /** The run key: a hash of the point key and of every file the run read. */
    static String key(String point, List<FileHash> reads) {
        StringBuilder b = new StringBuilder(point);
        for (FileHash f : reads) b.append('\n').append(f.path()).append(' ').append(f.sha256());
        return Hashes.of(b.toString()).substring(0, Campaign.KEY_LENGTH);
    }

    String line() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("key", key);
        m.put("point", point);
        m.put("index", index);
        m.put("params", params);
        m.put("exit", exit);
        m.put("error", error);
        m.put("result", result);
        m.put("insns", insns);
        m.put("hostSeconds", hostSeconds);
        m.put("reads", reads.stream().map(FileHash::json).toList());
        m.put("vmsh", vmsh);
        m.put("host", host);
        m.put("finished", finished);
        return Records.json(m);
    }

    /** The record a line holds; IllegalArgumentException when it is not one. */
    @SuppressWarnings("unchecked")
    static RunRecord parse(String line) {
        Object o;
        try {
            o = Records.parse(line);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON");
        }
        if (!(o instanceof Map<?, ?> m) || !(m.get("key") instanceof String key) || !(m.get("point") instanceof String point)
                || !(m.get("params") instanceof Map<?, ?> params) || !(m.get("exit") instanceof Long exit))
            throw new IllegalArgumentException("not a run record");
        List<FileHash> reads = new ArrayList<>();
        if (m.get("reads") instanceof List<?> l) for (Object r : l) reads.add(FileHash.fromJson(r));
        return new RunRecord(key, point, m.get("index") instanceof Long i ? i.intValue() : -1, (Map<String, Object>) params,
                exit.intValue(), m.get("error") instanceof String e ? e : null,
                m.get("result") instanceof Map<?, ?> r ? (Map<String, Object>) r : Map.of(),
                m.get("insns") instanceof Long n ? n : 0, m.get("hostSeconds") instanceof Number s ? s.doubleValue() : 0,
                List.copyOf(reads), text(m.get("vmsh")), text(m.get("host")), text(m.get("finished")));
    }

    private static String text(Object o) { return o instanceof String s ? s : ""; }
}
