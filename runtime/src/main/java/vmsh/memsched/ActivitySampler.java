package vmsh.memsched;

import java.util.Arrays;
import java.util.BitSet;
import vmsh.state.SeededRandom;
import vmsh.hostmem.PageState;
import vmsh.hostmem.Pmap;

/**
 * Estimates the fraction f of a VM's memory in active use by statistical sampling
 * (Waldspurger, OSDI 2002, §5.3). At the start of each period n pages are picked at random
 * and watched: the pmap tells the hypervisor to drop their translations, so the guest's
 * next access to each traps and is counted. At the end, t/n estimates f.
 *
 * <p>Samples are smoothed as the paper describes: a slow moving average (stable), a fast one
 * (agile), and the fast one updated with the touches seen so far in the current period;
 * the estimate is the largest of the three, so it reacts quickly when a VM becomes active
 * and slowly when it goes idle. Before the first period ends the VM counts as fully active.
 *
 * <p>The pages a period found untouched are idle pages the sampler knows of: a victim chooser
 * may take them ({@link #nextIdlePage()}) while the guest still leaves them alone.
 */
public final class ActivitySampler implements vmsh.state.Stateful {
    private final Pmap pmap;
    private final SeededRandom random;
    private final int n;
    private final double fastGain, slowGain;
    private int[] sampled = new int[0];
    private int[] idle = new int[0];
    private int nextIdle;
    private double slow, fast, lastSample = Double.NaN;
    private boolean measured;
    private long periods;

    ActivitySampler(Pmap pmap, SeededRandom random, int samplePages, double fastGain, double slowGain) {
        this.pmap = pmap;
        this.random = random;
        this.n = Math.min(samplePages, pmap.pages());
        this.fastGain = fastGain;
        this.slowGain = slowGain;
    }

    /** Picks n distinct random pages and watches them. */
    public void startPeriod() {
        sampled = new int[n];
        BitSet chosen = new BitSet();
        for (int i = 0; i < n; i++) {
            int g;
            do g = random.nextInt(pmap.pages()); while (chosen.get(g));
            chosen.set(g);
            sampled[i] = g;
            pmap.watch(g);
        }
    }

    /** Counts the sampled pages touched since the period started. */
    public int touched() {
        int t = 0;
        for (int g : sampled) if (!pmap.watched(g)) t++;
        return t;
    }

    /** Ends the period: folds t/n into the moving averages. */
    public void endPeriod() {
        if (sampled.length == 0) return;
        double f = (double) touched() / sampled.length;
        idle = Arrays.stream(sampled).filter(pmap::watched).toArray();
        nextIdle = 0;
        lastSample = f;
        if (!measured) {
            slow = fast = f;
            measured = true;
        } else {
            slow += slowGain * (f - slow);
            fast += fastGain * (f - fast);
        }
        periods++;
    }

    /** The estimate of f: the largest of the slow, fast and current-period-aware fast averages. */
    public double activeFraction() {
        if (!measured) return 1.0;
        double current = sampled.length == 0 ? fast : fast + fastGain * ((double) touched() / sampled.length - fast);
        return Math.max(slow, Math.max(fast, current));
    }

    /**
     * A page the last completed period found untouched, still private and untouched since,
     * so idle for at least a period; -1 when none is left. Each page is given out once.
     */
    public int nextIdlePage() {
        while (nextIdle < idle.length) {
            int g = idle[nextIdle++];
            if (pmap.watched(g) && pmap.state(g) == PageState.PRIVATE) return g;
        }
        return -1;
    }

    /** Drops the idle pages the last period found: they are not to be trusted. */
    void forgetIdlePages() {
        idle = new int[0];
        nextIdle = 0;
    }

    /** The pages of this period and the last one's idle pages, the averages and the generator. */
    @Override
    public void save(vmsh.state.StateOut out) {
        out.putInts(sampled).putInts(idle).putInt(nextIdle).putLong(Double.doubleToRawLongBits(slow))
           .putLong(Double.doubleToRawLongBits(fast)).putLong(Double.doubleToRawLongBits(lastSample))
           .putBoolean(measured).putLong(periods).section("random", random);
    }

    @Override
    public void restore(vmsh.state.StateIn in) {
        sampled = in.getInts();
        idle = in.getInts();
        nextIdle = in.getInt();
        slow = Double.longBitsToDouble(in.getLong());
        fast = Double.longBitsToDouble(in.getLong());
        lastSample = Double.longBitsToDouble(in.getLong());
        measured = in.getBoolean();
        periods = in.getLong();
        in.section("random", random);
    }

    public double slowAverage() { return measured ? slow : Double.NaN; }

    /** The last period's t/n, NaN before the first one ended. */
    public double lastSample() { return lastSample; }

    /** Completed periods. */
    public long periods() { return periods; }
}
