package vmsh.memsched;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;
import vmsh.memsched.MinFundingRevocation.Client;

class MinFundingRevocationTest {
    /** The paper's Figure 7 set-up, in MiB: two 256 MiB VMs, equal shares, 360 MiB to share; VM1 idle, VM2 active. */
    private static int[] figure7(double tax) {
        return MinFundingRevocation.targets(List.of(new Client("idle", 1000, 0, 256, 0.1),
                new Client("active", 1000, 0, 256, 1.0)), 360, tax);
    }

    @Test void withoutTaxEqualSharesSplitEvenly() {
        assertArrayEquals(new int[] {180, 180}, figure7(0));
    }

    @Test void withTheDefaultTaxMemoryMovesToTheActiveVm() {
        // k = 4: an idle page costs 4 times an active one. ρ equal when P_active = 3.7 P_idle,
        // but the active VM stops at its max of 256, so the idle VM keeps the rest.
        assertArrayEquals(new int[] {104, 256}, figure7(0.75));
    }

    @Test void theIdleVmShrinksAsTheTaxRises() {
        int previous = Integer.MAX_VALUE;
        for (double tax : new double[] {0, 0.25, 0.5, 0.75, 0.9}) {
            int[] t = figure7(tax);
            assertEquals(360, t[0] + t[1]);
            assertTrue(t[0] <= previous, "tax " + tax + ": " + t[0]);
            previous = t[0];
        }
        assertTrue(previous < 180);
    }

    @Test void sharesDivideMemoryProportionallyWithoutTax() {
        int[] t = MinFundingRevocation.targets(List.of(new Client("a", 2000, 0, 1000, 1), new Client("b", 1000, 0, 1000, 1),
                new Client("c", 1000, 0, 1000, 0.2)), 800, 0);
        assertArrayEquals(new int[] {400, 200, 200}, t);
    }

    @Test void minAndMaxAreRespected() {
        int[] t = MinFundingRevocation.targets(List.of(new Client("idle", 1000, 150, 256, 0),
                new Client("active", 1000, 0, 200, 1)), 360, 0.75);
        assertTrue(t[0] >= 150);
        assertTrue(t[1] <= 200);
        assertEquals(360, t[0] + t[1]);
        assertArrayEquals(new int[] {160, 200}, t);
    }

    @Test void zeroSharesGetTheirMin() {
        int[] t = MinFundingRevocation.targets(List.of(new Client("none", 0, 10, 100, 1), new Client("b", 1, 0, 100, 1)), 120, 0);
        assertArrayEquals(new int[] {20, 100}, t);
        t = MinFundingRevocation.targets(List.of(new Client("none", 0, 10, 100, 1), new Client("b", 1, 0, 100, 1)), 50, 0);
        assertArrayEquals(new int[] {10, 40}, t);
    }

    @Test void everyoneGetsTheirMaxWhenItFits() {
        int[] t = MinFundingRevocation.targets(List.of(new Client("a", 1, 0, 100, 0), new Client("b", 1, 0, 50, 1)), 500, 0.75);
        assertArrayEquals(new int[] {100, 50}, t);
    }

    @Test void rhoIsSharesPerTaxedPage() {
        assertEquals(1000.0 / 100, MinFundingRevocation.rho(1000, 100, 1, 0.75), 1e-12);
        assertEquals(1000.0 / (100 * 4), MinFundingRevocation.rho(1000, 100, 0, 0.75), 1e-12);
        assertEquals(1000.0 / (100 * (0.5 + 0.5 * 4)), MinFundingRevocation.rho(1000, 100, 0.5, 0.75), 1e-12);
        assertEquals(Double.POSITIVE_INFINITY, MinFundingRevocation.rho(1000, 0, 1, 0.75));
    }

    @Test void badClientsAreNamed() {
        var e = assertThrows(IllegalArgumentException.class, () -> new Client("x", 1, 20, 10, 1));
        assertTrue(e.getMessage().contains("'x'"), e.getMessage());
    }
}
