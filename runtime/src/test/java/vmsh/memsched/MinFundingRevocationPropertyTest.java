package vmsh.memsched;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import vmsh.memsched.MinFundingRevocation.Client;

/** The queue-driven revocation gives the stepwise scan's targets exactly, page for page. */
class MinFundingRevocationPropertyTest {
    private static final double[] TAXES = {0, 0.25, 0.5, 0.75, 0.9, 0.99};
    private static final double[] FRACTIONS = {0, 0.1, 0.25, 0.37, 0.5, 1};

    @Test void randomClientSetsGiveTheStepwiseTargets() {
        Random r = new Random(13);
        for (int round = 0; round < 3000; round++) {
            int n = 1 + r.nextInt(round % 10 == 0 ? 60 : 12);
            boolean ties = r.nextBoolean();
            List<Client> clients = new ArrayList<>();
            long maxes = 0;
            for (int i = 0; i < n; i++) {
                int max = ties ? 64 << r.nextInt(5) : 1 + r.nextInt(2000);
                int min = r.nextInt(4) == 0 ? r.nextInt(max + 1) : 0;
                double shares = ties ? 10 * (1 + r.nextInt(3)) : r.nextInt(8) == 0 ? 0 : r.nextInt(5000);
                double f = ties ? FRACTIONS[r.nextInt(FRACTIONS.length)] : r.nextDouble();
                clients.add(new Client("vm" + i, shares, min, max, f));
                maxes += max;
            }
            long available = r.nextInt(10) == 0 ? maxes + r.nextInt(100) : (long) (r.nextDouble() * maxes);
            double tax = r.nextInt(4) == 0 ? r.nextDouble() * 0.99 : TAXES[r.nextInt(TAXES.length)];
            check(clients, available, tax);
        }
    }

    /** Clones: equal VMs whose ρ ties at every page count, where rounding decides who gives one more page. */
    @Test void equalClonesGiveTheStepwiseTargets() {
        Random r = new Random(7);
        for (int round = 0; round < 200; round++) {
            int n = 2 + r.nextInt(40), pages = 16 + r.nextInt(1024);
            double f = FRACTIONS[r.nextInt(FRACTIONS.length)], tax = TAXES[r.nextInt(TAXES.length)];
            List<Client> clients = new ArrayList<>();
            clients.add(new Client("template", 40, 0, pages, r.nextDouble()));
            for (int i = 0; i < n; i++) clients.add(new Client("clone" + i, 40, i % 7 == 0 ? pages / 8 : 0, pages, f));
            check(clients, (long) (r.nextDouble() * n * pages), tax);
        }
    }

    /** Many unlike VMs and many pages too many: the revocation starts near its end (a lone price), and ends the same. */
    @Test void manyUnlikeVmsGiveTheStepwiseTargets() {
        Random r = new Random(11);
        for (int round = 0; round < 25; round++) {
            int n = 20 + r.nextInt(120);
            List<Client> clients = new ArrayList<>();
            long maxes = 0;
            for (int i = 0; i < n; i++) {
                int max = 64 + r.nextInt(3000), min = r.nextInt(5) == 0 ? r.nextInt(max / 2) : 0;
                double shares = r.nextInt(10) == 0 ? 40 : 1 + r.nextInt(4000);   // some alike, some with near-tied prices
                clients.add(new Client("vm" + i, shares, min, max, r.nextInt(6) == 0 ? 0.5 : r.nextDouble()));
                maxes += max;
            }
            check(clients, (long) (maxes * r.nextDouble() * r.nextDouble()), TAXES[r.nextInt(TAXES.length)]);
        }
    }

    @Test void edgeCases() {
        check(List.of(), 0, 0.75);
        check(List.of(new Client("a", 0, 0, 10, 0), new Client("b", 0, 0, 10, 0)), 5, 0.75);
        check(List.of(new Client("a", 0, 3, 10, 1), new Client("b", 7, 0, 10, 0)), 0, 0);
        check(List.of(new Client("a", 1, 10, 10, 1), new Client("b", 1, 10, 10, 1)), 3, 0.5);
        check(List.of(new Client("a", 5, 0, 1, 1)), 0, 0.75);
    }

    private static void check(List<Client> clients, long available, double tax) {
        int[] expected = StepwiseRevocation.targets(clients, available, tax);
        int[] got = MinFundingRevocation.targets(clients, available, tax);
        assertArrayEquals(expected, got, () -> "available " + available + ", tax " + tax + ", " + clients
                + "\nexpected " + Arrays.toString(expected) + "\ngot      " + Arrays.toString(got));
    }
}
