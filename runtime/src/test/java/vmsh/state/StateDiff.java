package vmsh.state;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** For test messages: which top-level sections of two saved states differ, and at which byte. */
public final class StateDiff {
    private StateDiff() {}

    public static String of(byte[] a, byte[] b) {
        List<String> diffs = new ArrayList<>();
        int pa = 0, pb = 0;
        while (pa < a.length && pb < b.length) {
            int na = (a[pa] & 0xff) << 8 | a[pa + 1] & 0xff, nb = (b[pb] & 0xff) << 8 | b[pb + 1] & 0xff;
            String name = new String(a, pa + 2, na, StandardCharsets.UTF_8);
            int la = readInt(a, pa + 2 + na), lb = readInt(b, pb + 2 + nb);
            int sa = pa + 6 + na, sb = pb + 6 + nb;
            byte[] ba = Arrays.copyOfRange(a, sa, sa + la), bb = Arrays.copyOfRange(b, sb, sb + lb);
            if (!Arrays.equals(ba, bb)) diffs.add(name + " (first difference at byte " + Arrays.mismatch(ba, bb) + " of " + la + ")");
            pa = sa + la;
            pb = sb + lb;
        }
        return diffs.isEmpty() ? "no section differs" : String.join(", ", diffs);
    }

    private static int readInt(byte[] b, int p) {
        return (b[p] & 0xff) << 24 | (b[p + 1] & 0xff) << 16 | (b[p + 2] & 0xff) << 8 | b[p + 3] & 0xff;
    }
}
