package vmsh.memsched;

import vmsh.state.SeededRandom;

/**
 * A random visiting order over a VM's pages, one pass at a time: pass p visits page
 * {@code (a·i + b) mod n} for i = 0..n-1 with a coprime to n, so every page is visited
 * exactly once per pass, in an order that changes every pass. ESX scans pages randomly;
 * this keeps that and also gives a progress figure.
 */
final class ScanOrder implements vmsh.state.Stateful {
    private final int n;
    private final SeededRandom random;
    private long a, b;
    private int position;
    private long passes;

    ScanOrder(int n, SeededRandom random) {
        this.n = n;
        this.random = random;
        newPass();
    }

    /** The next page to visit. */
    int next() {
        if (position == n) { newPass(); passes++; }
        return (int) ((a * position++ + b) % n);
    }

    /** The pass's multiplier and offset, the position in it, the passes and the generator. */
    @Override
    public void save(vmsh.state.StateOut out) {
        out.putLong(a).putLong(b).putInt(position).putLong(passes).section("random", random);
    }

    @Override
    public void restore(vmsh.state.StateIn in) {
        a = in.getLong();
        b = in.getLong();
        position = in.getInt();
        passes = in.getLong();
        in.section("random", random);
    }

    /** Completed passes over the whole VM. */
    long passes() { return passes; }

    /** Pages visited in the current pass. */
    int position() { return position; }

    private void newPass() {
        position = 0;
        b = random.nextInt(n);
        do a = 1 + random.nextInt(n); while (gcd(a, n) != 1);
    }

    private static long gcd(long x, long y) {
        while (y != 0) { long t = x % y; x = y; y = t; }
        return x;
    }
}
