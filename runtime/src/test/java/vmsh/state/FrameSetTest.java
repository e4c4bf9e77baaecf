package vmsh.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class FrameSetTest {
    private static int[] frame(int v) {
        int[] f = new int[FrameSet.WORDS];
        f[0] = v;
        return f;
    }

    @Test void withReplacesTheFramesGivenAndSharesTheRest() {
        int[] a = frame(1), b = frame(2), c = frame(3);
        FrameSet s = new FrameSet(16, new int[] {2, 5, 9}, new int[][] {a, b, c});
        int[] b2 = frame(20);
        FrameSet t = s.with(new int[] {5}, new int[][] {b2});
        assertEquals(3, t.count());
        assertSame(a, t.frame(0));
        assertSame(b2, t.frame(1), "the frame changed");
        assertSame(c, t.frame(2));
        assertSame(b, s.frame(1), "the set before is a value: unchanged");
        assertSame(s, s.with(new int[0], new int[0][]));
    }

    @Test void withAddsNewFramesInOrder() {
        int[] a = frame(1), c = frame(3);
        FrameSet s = new FrameSet(16, new int[] {2, 9}, new int[][] {a, c});
        int[] x = frame(7), y = frame(8), z = frame(9);
        FrameSet t = s.with(new int[] {0, 5, 15}, new int[][] {x, y, z});
        assertEquals(5, t.count());
        int[] numbers = {0, 2, 5, 9, 15};
        int[][] frames = {x, a, y, c, z};
        for (int i = 0; i < 5; i++) {
            assertEquals(numbers[i], t.number(i));
            assertSame(frames[i], t.frame(i));
        }
    }

    @Test void withChecksOnlyWhatItIsGivenButChecksIt() {
        FrameSet s = new FrameSet(4, new int[] {1}, new int[][] {frame(1)});
        assertThrows(StateException.class, () -> s.with(new int[] {4}, new int[][] {frame(0)}));
        assertThrows(StateException.class, () -> s.with(new int[] {2, 2}, new int[][] {frame(0), frame(0)}));
        assertThrows(StateException.class, () -> s.with(new int[] {2}, new int[][] {new int[3]}));
    }
}
