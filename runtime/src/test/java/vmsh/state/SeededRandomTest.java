package vmsh.state;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** SeededRandom gives SplittableRandom's numbers for the same seed, and comes back from a saved state. */
class SeededRandomTest {
    @Test void theSameNumbersAsSplittableRandom() {
        for (long seed : new long[] {0, 1, 7, -3, 0x1234_5678_9abc_def0L}) {
            SplittableRandom theirs = new SplittableRandom(seed);
            SeededRandom ours = new SeededRandom(seed);
            for (int i = 0; i < 200; i++) {
                assertEquals(theirs.nextLong(), ours.nextLong());
                assertEquals(theirs.nextInt(), ours.nextInt());
                assertEquals(theirs.nextInt(1000), ours.nextInt(1000));
                assertEquals(theirs.nextInt(1 << 12), ours.nextInt(1 << 12));
                assertEquals(theirs.nextInt(3, 77), ours.nextInt(3, 77));
                assertEquals(theirs.nextDouble(), ours.nextDouble());
                assertEquals(theirs.nextLong(5, 1L << 40), ours.nextLong(5, 1L << 40));
                assertEquals(theirs.nextBoolean(), ours.nextBoolean());
            }
            SplittableRandom theirChild = theirs.split();
            SeededRandom ourChild = ours.split();
            for (int i = 0; i < 100; i++) {
                assertEquals(theirChild.nextLong(), ourChild.nextLong());
                assertEquals(theirChild.nextInt(12345), ourChild.nextInt(12345));
            }
            assertEquals(theirs.nextLong(), ours.nextLong());
        }
    }

    @Test void aSavedGeneratorGoesOnAlike() {
        SeededRandom a = new SeededRandom(42);
        a.split();
        a.nextInt(10);
        StateOut out = new StateOut();
        a.save(out);
        SeededRandom b = new SeededRandom(0);
        b.restore(new StateIn(out.toBytes()));
        for (int i = 0; i < 50; i++) assertEquals(a.nextLong(), b.nextLong());
        assertEquals(a.split().nextLong(), b.split().nextLong());
    }
}
