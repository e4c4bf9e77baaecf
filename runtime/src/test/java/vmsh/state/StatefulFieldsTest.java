package vmsh.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Collection;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import vmsh.cpu.Clock;
import vmsh.cpu.CsrFile;
import vmsh.cpu.Hart;
import vmsh.dev.Clint;
import vmsh.dev.Console;
import vmsh.dev.Htif;
import vmsh.dev.Plic;
import vmsh.dev.TestFinisher;
import vmsh.dev.Uart16550;
import vmsh.mmu.Tlb;
import vmsh.mmu.TlbConfig;

/**
 * Every field of a saved part comes back: each part's fields get random values, are saved,
 * and restored into a new part, which must then hold the same values. A field added to a
 * part but not to its save and restore fails here, by name. Fields listed as not state
 * are wiring (set when the machine is built) or scratch that a run starts afresh.
 */
class StatefulFieldsTest {
    private final SplittableRandom random = new SplittableRandom(9);

    @Test void csrFile() {
        check(() -> new CsrFile(new Clock(), () -> 0, () -> 0, vmsh.isa.Isa.ALL), Set.of("clock", "time", "devicePending", "hypervisor", "isa"));
    }

    @Test void hart() {
        check(() -> {
            Hart h = new Hart(new CsrFile(new Clock(), () -> 0, () -> 0, vmsh.isa.Isa.ALL));
            return h;
        }, Set.of("csr"), h -> {
            ((Hart) h).priv = 1;
            ((Hart) h).x[0] = 0;
            ((Hart) h).x[Hart.X0_SINK] = 0;
        });
    }

    @Test void clock() { check(Clock::new, Set.of("inFlight")); }

    @Test void clint() { check(() -> new Clint(() -> 0), Set.of("cycles")); }

    @Test void plic() { check(Plic::new, Set.of("lines")); }

    @Test void uart() {
        check(() -> new Uart16550(new Console()), Set.of("console"), u -> {
            try {
                Field f = Uart16550.class.getDeclaredField("looped");
                f.setAccessible(true);
                @SuppressWarnings("unchecked") var q = (java.util.ArrayDeque<Integer>) f.get(u);
                q.add(0x41);
                q.add(0x42);
            } catch (ReflectiveOperationException e) {
                throw new AssertionError(e);
            }
        });
    }

    @Test void htif() { check(() -> new Htif(code -> {}), Set.of("onExit")); }

    @Test void finisher() { check(() -> new TestFinisher(code -> {}), Set.of("onExit", "onReset")); }

    @Test void console() {
        check(Console::new, Set.of("sink"), c -> {
            ((Console) c).transmit('h');
            ((Console) c).transmit(0xe9);
            ((Console) c).feed("typed");
        });
    }

    @Test void tlb() {
        // the stamps come back as ranks, in the same order (see Tlb.save)
        check(() -> new Tlb("D", new TlbConfig(8, 2), 3), Set.of("name", "sets", "ways", "setMask", "replacement", "stamp", "clock"));
    }

    // ---------------------------------------------------------------- the check

    private void check(Supplier<Stateful> make, Set<String> notState) { check(make, notState, p -> {}); }

    private void check(Supplier<Stateful> make, Set<String> notState, java.util.function.Consumer<Object> fix) {
        Stateful a = make.get();
        String fresh = describe(a, notState);
        randomize(a, notState);
        fix.accept(a);
        String before = describe(a, notState);
        if (!fresh.equals("{}")) assertNotEquals(fresh, before, "randomizing changed nothing");
        StateOut out = new StateOut();
        a.save(out);
        Stateful b = make.get();
        StateIn in = new StateIn(out.toBytes());
        b.restore(in);
        assertEquals(true, in.atEnd(), "restore read everything save wrote");
        assertEquals(before, describe(b, notState));
    }

    private void randomize(Object o, Set<String> skip) {
        for (Field f : fields(o, skip)) {
            try {
                Class<?> t = f.getType();
                if (t.isArray()) {
                    Object arr = f.get(o);
                    if (arr == null) continue;
                    for (int i = 0; i < Array.getLength(arr); i++) {
                        Object v = Array.get(arr, i);
                        if (v instanceof int[] inner) for (int k = 0; k < inner.length; k++) inner[k] = random.nextInt();
                        else Array.set(arr, i, value(t.getComponentType()));
                    }
                } else if (!Modifier.isFinal(f.getModifiers()) && (t.isPrimitive() || t == String.class)) {
                    f.set(o, value(t));
                }
            } catch (ReflectiveOperationException e) {
                throw new AssertionError(e);
            }
        }
    }

    private Object value(Class<?> t) {
        if (t == int.class) return random.nextInt();
        if (t == long.class) return random.nextLong();
        if (t == boolean.class) return true;
        if (t == byte.class) return (byte) random.nextInt();
        if (t == String.class) return "s" + random.nextInt();
        return null;
    }

    /** Each field's value as text, by name. */
    private static String describe(Object o, Set<String> skip) {
        TreeMap<String, String> m = new TreeMap<>();
        for (Field f : fields(o, skip)) {
            try {
                Object v = f.get(o);
                String text;
                if (v == null) text = "null";
                else if (v.getClass().isArray()) text = Arrays.deepToString(new Object[] {v});
                else if (v instanceof Collection<?> || v instanceof CharSequence || v.getClass().isPrimitive()
                        || v instanceof Number || v instanceof Boolean || v instanceof Enum<?>) text = v.toString();
                else throw new AssertionError(o.getClass().getSimpleName() + "." + f.getName()
                        + " holds a " + v.getClass().getSimpleName() + ": save it and describe it here, or list it as not state");
                m.put(f.getName(), text);
            } catch (ReflectiveOperationException e) {
                throw new AssertionError(e);
            }
        }
        return m.toString();
    }

    private static java.util.List<Field> fields(Object o, Set<String> skip) {
        java.util.List<Field> list = new java.util.ArrayList<>();
        for (Field f : o.getClass().getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers()) || skip.contains(f.getName()) || f.isSynthetic()) continue;
            f.setAccessible(true);
            list.add(f);
        }
        return list;
    }
}
