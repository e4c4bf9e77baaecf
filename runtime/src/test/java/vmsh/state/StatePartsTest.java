package vmsh.state;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Saved state cut in pieces: unchanged parts shared with the save before, changed ones new, the whole the same bytes. */
class StatePartsTest {
    /** A part of one int array. */
    static class Part implements Stateful {
        int[] words;

        Part(int... words) { this.words = words; }

        @Override public void save(StateOut out) { out.putInts(words); }

        @Override public void restore(StateIn in) { words = in.getInts(); }
    }

    /** The same, counting its changes and its saves. */
    static final class Counted extends Part implements Versioned {
        long version;
        int saves;
        final SavedSection saved = new SavedSection();

        Counted(int... words) { super(words); }

        @Override public void save(StateOut out) {
            saves++;
            super.save(out);
        }

        void set(int i, int v) {
            words[i] = v;
            version++;
        }

        @Override public long version() { return version; }

        @Override public SavedSection saved() { return saved; }
    }

    private static StateParts save(StateParts previous, Stateful... parts) {
        StateOut out = new StateOut();
        for (int i = 0; i < parts.length; i++) out.section("p" + i, parts[i]);
        return out.toParts(previous);
    }

    private static byte[] whole(Stateful... parts) {
        StateOut out = new StateOut();
        for (int i = 0; i < parts.length; i++) out.section("p" + i, parts[i]);
        return out.toBytes();
    }

    @Test void anUnchangedSectionIsTheSameArrayAndAChangedOneIsNew() {
        Part a = new Part(1, 2, 3), b = new Part(new int[1000]);
        StateParts first = save(null, a, b);
        assertEquals(2, first.count());
        a.words[0] = 9;
        StateParts second = save(first, a, b);
        assertTrue(first.piece(0) != second.piece(0), "the changed part");
        assertTrue(first.piece(1) == second.piece(1), "the unchanged part is held once");
        assertEquals(second.piece(0).length, second.bytesNotIn(first));
        assertEquals(second.length(), second.bytesNotIn(null));
        assertArrayEquals(whole(a, b), second.bytes());
        assertTrue(new StateIn(second.bytes()).section("p0", new Part()).section("p1", new Part()).atEnd());
    }

    @Test void aVersionedPartUnchangedIsNotSavedAgain() {
        Counted big = new Counted(new int[4096]);
        Part small = new Part(7);
        StateParts first = save(null, small, big);
        StateParts second = save(first, small, big);
        assertEquals(1, big.saves, "saved once; the second time its section was held by reference");
        assertTrue(first.piece(1) == second.piece(1), "held by reference");
        assertEquals(0, second.bytesNotIn(first));

        big.set(5, 42);
        StateParts third = save(second, small, big);
        assertEquals(2, big.saves);
        assertTrue(second.piece(1) != third.piece(1), "saved again");
        assertArrayEquals(whole(small, new Part(big.words)), third.bytes(), "the change is in the state");
        Part back = new Part();
        new StateIn(third.bytes()).section("p0", new Part()).section("p1", back);
        assertEquals(42, back.words[5]);
    }

    @Test void aVersionedPartInsideAnotherSectionKeepsTheOuterLengthRight() {
        Counted inner = new Counted(1, 2);
        Stateful outer = new Stateful() {
            @Override public void save(StateOut out) { out.putInt(5).section("inner", inner).putInt(6); }

            @Override public void restore(StateIn in) {
                assertEquals(5, in.getInt());
                in.section("inner", new Part());
                assertEquals(6, in.getInt());
            }
        };
        StateParts first = save(null, outer), second = save(first, outer);
        assertEquals(1, inner.saves);
        assertArrayEquals(first.bytes(), second.bytes());
        assertTrue(new StateIn(second.bytes()).section("p0", outer).atEnd());
        assertArrayEquals(whole(outer), new StateOut().section("p0", outer).toBytes(), "toBytes joins the pieces");
    }

    @Test void theHashOfThePiecesIsTheHashOfTheWhole() {
        StateParts s = save(null, new Part(1), new Part(2, 3));
        assertEquals(new StateHash().add(s.bytes()).hex(), new StateHash().add(s).hex());
        assertTrue(s.sameContents(StateParts.of(s.bytes())));
        assertTrue(!s.sameContents(save(null, new Part(1), new Part(2, 4))));
    }

    @Test void arraysAreWrittenBigEndianAsTheFormatSays() {
        byte[] b = new StateOut().putInts(new int[] {0x01020304}).putLongs(new long[] {0x05060708090a0b0cL}).toBytes();
        assertArrayEquals(new byte[] {0, 0, 0, 1, 1, 2, 3, 4, 0, 0, 0, 1, 5, 6, 7, 8, 9, 10, 11, 12}, b);
        StateIn in = new StateIn(b);
        assertArrayEquals(new int[] {0x01020304}, in.getInts());
        assertArrayEquals(new long[] {0x05060708090a0b0cL}, in.getLongsAny());
    }
}
