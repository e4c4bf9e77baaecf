package vmsh.shell.campaign;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import vmsh.shell.ExitCode;
import vmsh.shell.VmshException;

/**
 * Rows of parameters from {@code --param-file}: a JSON array of objects
 * ({@code [{"technique": "hw", "memory": 16}, ...]}) or a CSV file whose first line names the
 * parameters. CSV cells read as command-line values do (numbers, true/false, text); JSON
 * keeps its own types.
 */
final class ParamFile {
    private ParamFile() {}

    static List<Map<String, Object>> read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new VmshException(ExitCode.ERROR, "--param-file " + file + ": cannot read it (" + e.getMessage() + ")");
        }
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        List<Map<String, Object>> rows;
        if (name.endsWith(".json")) rows = json(text, file);
        else if (name.endsWith(".csv")) rows = csv(text, file);
        else throw new VmshException(ExitCode.USAGE, "--param-file " + file + ": name it .json or .csv");
        if (rows.isEmpty()) throw new VmshException(ExitCode.USAGE, "--param-file " + file + ": no rows");
        for (Map<String, Object> row : rows)
            for (String key : row.keySet()) ParamAxis.checkName(key, "--param-file " + file);
        return rows;
    }

    private static List<Map<String, Object>> json(String text, Path file) {
        Object parsed;
        try {
            parsed = Records.MAPPER.readValue(text, Object.class);
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            throw new VmshException(ExitCode.USAGE, "--param-file " + file + (at == null ? "" : ":" + at.getLineNr() + ":" + at.getColumnNr())
                    + ": not JSON (" + e.getOriginalMessage() + ")");
        }
        if (!(parsed instanceof List<?> list)) throw new VmshException(ExitCode.USAGE, "--param-file " + file + ": must be a JSON array of objects");
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            if (!(Values.normalize(list.get(i)) instanceof Map<?, ?> m))
                throw new VmshException(ExitCode.USAGE, "--param-file " + file + ": element " + i + " is not an object");
            Map<String, Object> row = new LinkedHashMap<>();
            m.forEach((k, v) -> row.put((String) k, v));
            rows.add(row);
        }
        return rows;
    }

    private static List<Map<String, Object>> csv(String text, Path file) {
        List<List<String>> lines;
        try {
            lines = Csv.parse(text, file.toString());
        } catch (IllegalArgumentException e) {
            throw new VmshException(ExitCode.USAGE, "--param-file " + e.getMessage());
        }
        if (lines.isEmpty()) return List.of();
        List<String> header = lines.get(0).stream().map(String::strip).toList();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            List<String> cells = lines.get(i);
            if (cells.size() != header.size())
                throw new VmshException(ExitCode.USAGE, "--param-file " + file + ": data row " + i + " has " + cells.size()
                        + " cells for " + header.size() + " names");
            Map<String, Object> row = new LinkedHashMap<>();
            for (int j = 0; j < header.size(); j++) row.put(header.get(j), Values.parse(cells.get(j)));
            rows.add(row);
        }
        return rows;
    }
}
