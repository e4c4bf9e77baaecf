package vmsh.state;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class StateCodecTest {
    /** A part with one of everything. */
    static class Part implements Stateful {
        int i = -7;
        long l = Long.MIN_VALUE + 3;
        boolean b = true;
        int[] ints = {1, -2, 3};
        long[] longs = {5L << 40};
        byte[] bytes = {(byte) 0xff, 0};
        boolean[] flags = {true, false};
        String s = "héllo", none = null;

        @Override public void save(StateOut out) {
            out.putInt(i).putLong(l).putBoolean(b).putInts(ints).putLongs(longs).putBytes(bytes).putBooleans(flags)
               .putString(s).putString(none);
        }

        @Override public void restore(StateIn in) {
            i = in.getInt();
            l = in.getLong();
            b = in.getBoolean();
            ints = in.getInts();
            in.getLongs(longs);
            bytes = in.getBytes();
            in.getBooleans(flags);
            s = in.getString();
            none = in.getString();
        }
    }

    @Test void roundTrip() {
        Part a = new Part();
        byte[] state = new StateOut().section("part", a).toBytes();
        Part b = new Part();
        b.i = 0; b.l = 0; b.b = false; b.ints = null; b.longs = new long[1]; b.bytes = null; b.flags = new boolean[2]; b.s = null; b.none = "x";
        StateIn in = new StateIn(state).section("part", b);
        assertTrue(in.atEnd());
        assertEquals(a.i, b.i);
        assertEquals(a.l, b.l);
        assertEquals(a.b, b.b);
        assertArrayEquals(a.ints, b.ints);
        assertArrayEquals(a.longs, b.longs);
        assertArrayEquals(a.bytes, b.bytes);
        assertArrayEquals(a.flags, b.flags);
        assertEquals("héllo", b.s);
        assertNull(b.none);
    }

    @Test void aSectionOfAnotherNameIsRefused() {
        byte[] state = new StateOut().section("uart0", new Part()).toBytes();
        var e = assertThrows(StateException.class, () -> new StateIn(state).section("clint", new Part()));
        assertEquals("expected state section 'clint', found 'uart0'", e.getMessage());
    }

    @Test void aTruncatedStateIsRefused() {
        byte[] state = new StateOut().section("part", new Part()).toBytes();
        for (int cut = 0; cut < state.length; cut++) {
            byte[] shorter = Arrays.copyOf(state, cut);
            assertThrows(StateException.class, () -> new StateIn(shorter).section("part", new Part()), "cut at " + cut);
        }
    }

    @Test void aSectionReadShortIsRefused() {
        Part longer = new Part() {
            @Override public void save(StateOut out) {
                super.save(out);
                out.putInt(1);
            }
        };
        byte[] state = new StateOut().section("part", longer).toBytes();
        var e = assertThrows(StateException.class, () -> new StateIn(state).section("part", new Part()));
        assertEquals("state section 'part' has 4 bytes left over", e.getMessage());
    }

    @Test void anArrayOfAnotherLengthIsRefused() {
        Part wide = new Part();
        wide.longs = new long[3];
        byte[] state = new StateOut().section("part", wide).toBytes();
        var e = assertThrows(StateException.class, () -> new StateIn(state).section("part", new Part()));
        assertEquals("state section 'part': long array of 3 elements, expected 1", e.getMessage());
    }
}
