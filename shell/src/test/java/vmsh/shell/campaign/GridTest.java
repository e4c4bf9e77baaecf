package vmsh.shell.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import vmsh.shell.VmshException;

class GridTest {
    @Test
    void theLastParameterVariesFastest() {
        Grid g = Grid.of(List.of(), List.of(ParamAxis.parse("a=1,2"), ParamAxis.parse("b=x,y,z")));
        assertEquals(List.of("a", "b"), g.names());
        assertEquals(6, g.size());
        assertEquals(Map.of("a", 1L, "b", "x"), g.points().get(0));
        assertEquals(Map.of("a", 1L, "b", "z"), g.points().get(2));
        assertEquals(Map.of("a", 2L, "b", "x"), g.points().get(3));
        assertEquals(List.of("a", "b"), List.copyOf(g.points().get(0).keySet()));
    }

    @Test
    void rowsOfAFileComeFirstThenTheAxes() {
        List<Map<String, Object>> rows = List.of(Map.of("technique", "hw"), Map.of("technique", "trap"));
        Grid g = Grid.of(rows, List.of(ParamAxis.parse("seed=1..2")));
        assertEquals(List.of("technique", "seed"), g.names());
        assertEquals(List.of(Map.of("technique", "hw", "seed", 1L), Map.of("technique", "hw", "seed", 2L),
                Map.of("technique", "trap", "seed", 1L), Map.of("technique", "trap", "seed", 2L)), g.points());
    }

    @Test
    void noParametersIsOneRun() {
        Grid g = Grid.of(List.of(), List.of());
        assertEquals(1, g.size());
        assertEquals(Map.of(), g.points().get(0));
    }

    @Test
    void aParameterGivenTwiceIsRefused() {
        VmshException e = assertThrows(VmshException.class, () -> Grid.of(List.of(), List.of(ParamAxis.parse("a=1"), ParamAxis.parse("a=2"))));
        assertTrue(e.getMessage().contains("parameter 'a' is given twice"), e.getMessage());
    }

    @Test
    void hugeGridsAreRefusedBeforeTheyAreBuilt() {
        VmshException e = assertThrows(VmshException.class, () -> Grid.of(List.of(),
                List.of(ParamAxis.parse("a=1..1000"), ParamAxis.parse("b=1..1000"), ParamAxis.parse("c=1..1000"))));
        assertTrue(e.getMessage().contains("the grid has 1000000000 runs"), e.getMessage());
    }
}
