package vmsh.dc;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * One of the cluster's objects as it was, to be set back in place: the same object, so the
 * closures waiting on the event queue that hold it stay valid, with its fields as they
 * were. Every instance field is state but a {@code transient} one (a run going on, a stop
 * asked for, the history itself). A final field that is not a container never changes; a
 * container (a list, a queue, a map, a bit set, an array) is copied, and set back into
 * the same container when the field is final. What a container holds is either a value
 * (records, strings, numbers) or one of the cluster's objects, which has its own memento.
 */
final class Memento {
    private static final ClassValue<Field[]> FIELDS = new ClassValue<>() {
        @Override protected Field[] computeValue(Class<?> type) {
            List<Field> state = new ArrayList<>();
            for (Field f : type.getDeclaredFields()) {
                int m = f.getModifiers();
                if (Modifier.isStatic(m) || Modifier.isTransient(m)) continue;
                if (Modifier.isFinal(m) && !container(f.getType())) continue;
                f.setAccessible(true);
                state.add(f);
            }
            return state.toArray(Field[]::new);
        }
    };

    private final Object owner;
    private final Object[] values;

    private Memento(Object owner, Object[] values) {
        this.owner = owner;
        this.values = values;
    }

    Object owner() { return owner; }

    /** {@code o}'s state now. */
    static Memento of(Object o) {
        Field[] fields = FIELDS.get(o.getClass());
        Object[] values = new Object[fields.length];
        try {
            for (int i = 0; i < fields.length; i++) values[i] = copy(fields[i].get(o), fields[i]);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
        return new Memento(o, values);
    }

    /** Sets the owner's fields back, each reference passed through {@code current} (a VM made again since stands for the one saved). */
    void restore(UnaryOperator<Object> current) {
        Field[] fields = FIELDS.get(owner.getClass());
        try {
            for (int i = 0; i < fields.length; i++) {
                Field f = fields[i];
                if (Modifier.isFinal(f.getModifiers())) fill(f.get(owner), values[i], current);
                else f.set(owner, translated(copy(values[i], f), current));
            }
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean container(Class<?> type) {
        return type.isArray() || Collection.class.isAssignableFrom(type) || Map.class.isAssignableFrom(type) || type == BitSet.class;
    }

    /** A copy of a container as it is now; any other value as it is. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object copy(Object v, Field f) {
        if (v == null) return null;
        if (v instanceof int[] a) return a.clone();
        if (v instanceof long[] a) return a.clone();
        if (v instanceof boolean[] a) return a.clone();
        if (v instanceof byte[] a) return a.clone();
        if (v instanceof BitSet b) return b.clone();
        if (v instanceof PriorityQueue q) return new PriorityQueue(q);
        if (v instanceof ArrayDeque q) return new ArrayDeque(q);
        if (v instanceof ArrayList l) return new ArrayList(l);
        if (v instanceof LinkedHashMap m) return new LinkedHashMap(m);
        if (v instanceof TreeMap m) return new TreeMap(m);
        if (v instanceof HashMap m) return new HashMap(m);
        if (v instanceof HashSet s) return new HashSet(s);
        if (v.getClass().isArray() || container(v.getClass()) && !v.getClass().getName().startsWith("java.util.ImmutableCollections"))
            throw new IllegalStateException("field " + f + " holds a " + v.getClass().getName() + ", which a memento cannot copy");
        return v;   // a value, an immutable collection, or one of the cluster's objects
    }

    /** A container's elements (keys and values) passed through {@code current}; another value itself. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object translated(Object v, UnaryOperator<Object> current) {
        if (v instanceof Map m) {
            Map out = m instanceof TreeMap t ? new TreeMap(t.comparator()) : m instanceof LinkedHashMap ? new LinkedHashMap() : new HashMap();
            m.forEach((k, x) -> out.put(current.apply(k), current.apply(x)));
            return out;
        }
        if (v instanceof ArrayList l) {
            l.replaceAll(current::apply);
            return l;
        }
        if (v instanceof ArrayDeque || v instanceof PriorityQueue || v instanceof HashSet || v instanceof BitSet || v == null || v.getClass().isArray())
            return v;   // numbers and records only
        return current.apply(v);
    }

    /** Puts {@code saved}'s contents into the final container {@code into}. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void fill(Object into, Object saved, UnaryOperator<Object> current) {
        switch (into) {
            case int[] a -> System.arraycopy((int[]) saved, 0, a, 0, a.length);
            case long[] a -> System.arraycopy((long[]) saved, 0, a, 0, a.length);
            case boolean[] a -> System.arraycopy((boolean[]) saved, 0, a, 0, a.length);
            case byte[] a -> System.arraycopy((byte[]) saved, 0, a, 0, a.length);
            case BitSet b -> {
                b.clear();
                b.or((BitSet) saved);
            }
            case Map m -> {
                m.clear();
                m.putAll((Map) translated(copy(saved, null), current));
            }
            case Collection c -> {
                c.clear();
                c.addAll((Collection) translated(copy(saved, null), current));
            }
            default -> throw new IllegalStateException("a memento cannot fill a " + into.getClass().getName());
        }
    }
}
