package vmsh.dc;

import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Which object stands now for one a cluster's history saved: a VM (or its NIC) that a host
 * let go and going back made again stands for the one before it, through any number of
 * trips, so what pointed at the old one can be pointed at the new.
 */
final class Incarnations {
    private final Map<Object, Object> next = new IdentityHashMap<>();

    /** From now on {@code made} stands for {@code saved} (and for whatever {@code saved} stood for). */
    void madeAgain(Object saved, Object made) { next.put(current(saved), made); }

    /** The object standing now for {@code o}, or {@code o} itself. */
    Object current(Object o) {
        Object n;
        while (o != null && (n = next.get(o)) != null) o = n;
        return o;
    }
}
