package vmsh.hostmem;

import static org.junit.jupiter.api.Assertions.*;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PageHashTest {
    @Test void zeroConstantIsTheHashOfAZeroPage() {
        assertEquals(PageHash.ZERO, PageHash.of(new int[MachineMemory.WORDS]));
    }

    @Test void everySingleBitFlipGivesADistinctHash() {
        Set<Long> seen = new HashSet<>();
        int[] page = new int[MachineMemory.WORDS];
        seen.add(PageHash.of(page));
        for (int word = 0; word < page.length; word++)
            for (int bit = 0; bit < 32; bit += 7) {
                page[word] = 1 << bit;
                assertTrue(seen.add(PageHash.of(page)), "collision at word " + word + " bit " + bit);
                page[word] = 0;
            }
    }

    @Test void swappingTwoWordsChangesTheHash() {
        int[] a = new int[MachineMemory.WORDS], b = new int[MachineMemory.WORDS];
        a[0] = b[1] = 5;
        a[1] = b[0] = 9;
        assertNotEquals(PageHash.of(a), PageHash.of(b));
    }

    @Test void hashDependsOnlyOnContents() {
        int[] a = new int[MachineMemory.WORDS];
        for (int i = 0; i < a.length; i++) a[i] = i * 0x9E3779B9;
        assertEquals(PageHash.of(a), PageHash.of(a.clone()));
    }
}
