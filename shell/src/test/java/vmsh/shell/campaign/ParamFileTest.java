package vmsh.shell.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vmsh.shell.VmshException;

class ParamFileTest {
    @TempDir
    Path dir;

    @Test
    void jsonRowsKeepTheirTypes() throws Exception {
        Path f = Files.writeString(dir.resolve("rows.json"), "[{\"technique\": \"hw\", \"memory\": 16, \"tax\": 0.5},\n {\"technique\": \"1\", \"memory\": 32.0}]");
        assertEquals(List.of(Map.of("technique", "hw", "memory", 16L, "tax", 0.5), Map.of("technique", "1", "memory", 32L)), ParamFile.read(f));
    }

    @Test
    void csvCellsReadAsCommandLineValues() throws Exception {
        Path f = Files.writeString(dir.resolve("rows.csv"), "technique, memory,label\nhw,16,\"a, b\"\ntrap,0.5,true\n");
        assertEquals(List.of(Map.of("technique", "hw", "memory", 16L, "label", "a, b"), Map.of("technique", "trap", "memory", 0.5, "label", true)),
                ParamFile.read(f));
    }

    @Test
    void mistakesNameTheFileAndWhere() throws Exception {
        assertError("rows.json:1:", Files.writeString(dir.resolve("rows.json"), "[{\"a\": 1,]"));
        assertError("must be a JSON array of objects", Files.writeString(dir.resolve("obj.json"), "{\"a\": 1}"));
        assertError("data row 2 has 1 cells for 2 names", Files.writeString(dir.resolve("bad.csv"), "a,b\n1,2\n3\n"));
        assertError("name it .json or .csv", Files.writeString(dir.resolve("rows.txt"), "a\n1\n"));
        assertError("'my param' is not a parameter name", Files.writeString(dir.resolve("name.csv"), "my param\n1\n"));
        assertError("cannot read it", dir.resolve("missing.csv"));
    }

    private static void assertError(String expected, Path file) {
        VmshException e = assertThrows(VmshException.class, () -> ParamFile.read(file));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
