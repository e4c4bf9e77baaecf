package vmsh.mmu;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import vmsh.mmu.TlbConfig.Replacement;

class TlbConfigTest {
    static String error(Runnable r) {
        return assertThrows(IllegalArgumentException.class, r::run).getMessage();
    }

    @Test void defaults() {
        TlbConfig d = TlbConfig.DEFAULT;
        assertEquals(32, d.entries());
        assertEquals(4, d.ways());
        assertEquals(8, d.sets());
        assertTrue(d.split());
        assertEquals(Replacement.LRU, d.replacement());
    }

    @Test void errorsNameTheOffendingValue() {
        assertTrue(error(() -> new TlbConfig(24, 4)).contains("entries 24"));
        assertTrue(error(() -> new TlbConfig(0, 1)).contains("entries 0"));
        assertTrue(error(() -> new TlbConfig(1 << 17, 1)).contains("entries 131072"));
        assertTrue(error(() -> new TlbConfig(32, 3)).contains("ways 3"));
        assertTrue(error(() -> new TlbConfig(16, 32)).contains("ways 32 must not exceed the entries (16)"));
        assertTrue(error(() -> new TlbConfig(16, 4, true, null, 1)).contains("replacement"));
        assertTrue(error(() -> TlbConfig.replacement("fifo")).contains("'fifo'"));
    }

    @Test void shapes() {
        assertEquals(1, new TlbConfig(16, 16).sets(), "fully associative");
        assertEquals(16, new TlbConfig(16, 1).sets(), "direct-mapped");
        assertEquals(Replacement.RANDOM, TlbConfig.replacement("Random"));
    }

    @Test void accessNames() {
        assertEquals(Access.STORE, Access.parse("amo"));
        assertEquals(Access.FETCH, Access.parse("x"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Access.parse("jump")).getMessage().contains("'jump'"));
    }
}
