package vmsh.cpu;

import java.lang.invoke.MethodHandle;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The classes of translated blocks, shared by every engine in the process: a block's
 * bytecode depends only on the decoded slots it was made from, where on the page it starts,
 * what follows it and the data regime it was made for, so a second machine running the same
 * code (a sweep's next run, a clone, a test after another, spawned VMs) gets the class
 * HotSpot has already compiled instead of warming a fresh one. The least recently used
 * classes go beyond {@link #CAPACITY} (then nothing refers to them and the JVM unloads them).
 */
final class BlockClasses {
    /** Classes kept at most. */
    static final int CAPACITY = 4096;

    /** What a block's bytecode is made from. */
    record Shape(int[] slots, int first, int after, boolean paged) {
        @Override public boolean equals(Object o) {
            return o instanceof Shape s && s.first == first && s.after == after && s.paged == paged && Arrays.equals(s.slots, slots);
        }

        @Override public int hashCode() { return (Arrays.hashCode(slots) * 31 + first) * 31 + after + (paged ? 1 : 0); }
    }

    private static final Map<Shape, MethodHandle> CLASSES = new LinkedHashMap<>(256, 0.75f, true) {
        @Override protected boolean removeEldestEntry(Map.Entry<Shape, MethodHandle> eldest) { return size() > CAPACITY; }
    };

    private static long made, reused;

    private BlockClasses() {}

    /** The constructor of the block class of {@code shape}, made by {@code make} when no engine made it yet. */
    static synchronized MethodHandle of(Shape shape, Function<Shape, MethodHandle> make) {
        MethodHandle m = CLASSES.get(shape);
        if (m != null) {
            reused++;
            return m;
        }
        m = make.apply(shape);
        CLASSES.put(shape, m);
        made++;
        return m;
    }

    /** Block classes made and found made, in this process. */
    static synchronized long[] counts() { return new long[] {made, reused}; }
}
