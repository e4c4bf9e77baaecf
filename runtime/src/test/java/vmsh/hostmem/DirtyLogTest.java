package vmsh.hostmem;

import static org.junit.jupiter.api.Assertions.*;
import static vmsh.hostmem.PageState.*;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pmap's dirty log (live migration): pages read-only until written, each first write logged once per take. */
class DirtyLogTest {
    private final HostMemory host = HostMemory.ofSize(64 * 4096);
    private final Pmap p = host.createPmap("a", 32);
    private final List<PageChange> seen = new ArrayList<>();

    DirtyLogTest() { p.addListener(seen::add); }

    private long count(PageEvent e) { return seen.stream().filter(c -> c.event() == e).count(); }

    @Test void loggingWriteProtectsPrivatePagesAndLogsEachFirstWrite() {
        p.touch(1, true);
        p.touch(2, true);
        p.touch(3, false);                    // the zero frame: read-only already
        assertTrue(p.writable(1));
        p.logWrites();
        assertEquals(2, count(PageEvent.WRITE_PROTECT), "private pages lose write access");
        assertTrue(seen.get(seen.size() - 1).invalidates());
        assertFalse(p.writable(1));
        assertTrue(p.writeLogged(1));
        p.touch(1, true);
        assertEquals(1, count(PageEvent.DIRTY));
        assertTrue(p.writable(1));
        assertFalse(p.writeLogged(1));
        p.touch(1, true);                     // written already: not logged again
        assertEquals(1, count(PageEvent.DIRTY));
        p.touch(3, true);                     // a first write to a zero page is logged too
        BitSet w = p.takeWritten();
        assertEquals("{1, 3}", w.toString());
        assertFalse(p.writable(1), "taking the log protects the written pages again");
        assertEquals(PRIVATE, p.state(3));
        assertEquals("{}", p.takeWritten().toString());
    }

    @Test void theBalloonsChangesCountAsWritesAndStoppingEndsTheLog() {
        p.touch(4, true);
        p.logWrites();
        p.balloon(4);
        assertEquals("{4}", p.takeWritten().toString());
        p.stopLoggingWrites();
        assertFalse(p.loggingWrites());
        p.touch(5, true);
        assertTrue(p.writable(5));
        assertThrows(IllegalStateException.class, p::takeWritten);
    }
}
