package vmsh.memsched;

/**
 * The memory scheduler's knobs, with ESX's defaults. Times are simulated seconds.
 *
 * <pre>
 * idleTax          0.75   tax rate τ on idle memory (Waldspurger, OSDI 2002, §5.2: "defaults to 75%")
 * seed             1      every random choice (sampled pages, swap victims, scan order) derives from it
 * highFree         0.06   free-memory thresholds high/soft/hard/low as fractions of host memory
 * softFree         0.04     (§6.3: "set by default to 6%, 4%, 2%, and 1% of system memory")
 * hardFree         0.02
 * lowFree          0.01
 * scanPerVm        50     sharing scan rate, pages per second per VM (ESX Mem.ShareScanVM default)
 * scanTotal        200    sharing scan rate, pages per second in total (ESX Mem.ShareScanTotal default)
 * samplePages      100    pages sampled per VM per period (§5.3: "samples 100 pages for each 30 second period")
 * samplePeriod     30     seconds per sampling period (§5.3)
 * balancePeriod    15     seconds between reallocations (ESX Mem.BalancePeriod default)
 * fastGain         0.5    weight of a new sample in the fast moving average (ours: the paper gives no gains)
 * slowGain         0.125  weight of a new sample in the slow moving average (ours)
 * balloonMax       0.65   largest balloon as a fraction of VM memory (ESX Mem.CtlMaxPercent default 65)
 * clockHz          1e9    simulated cycles per second: the 1 GHz core of the cost model and the CLINT timebase
 * </pre>
 */
public record MemSchedConfig(double idleTax, long seed, double highFree, double softFree, double hardFree,
        double lowFree, double scanPerVm, double scanTotal, int samplePages, double samplePeriod,
        double balancePeriod, double fastGain, double slowGain, double balloonMax, long clockHz) {

    public static final MemSchedConfig DEFAULTS = new MemSchedConfig(0.75, 1, 0.06, 0.04, 0.02, 0.01, 50, 200, 100,
            30, 15, 0.5, 0.125, 0.65, 1_000_000_000L);

    public MemSchedConfig {
        if (!(idleTax >= 0 && idleTax < 1))
            throw new IllegalArgumentException("idle tax " + idleTax + " must be in [0, 1)");
        if (!(0 <= lowFree && lowFree <= hardFree && hardFree <= softFree && softFree <= highFree && highFree < 1))
            throw new IllegalArgumentException("free thresholds must satisfy 0 <= low <= hard <= soft <= high < 1, got high "
                    + highFree + " soft " + softFree + " hard " + hardFree + " low " + lowFree);
        if (!(scanPerVm >= 0) || !(scanTotal >= 0))
            throw new IllegalArgumentException("scan rates must not be negative: per VM " + scanPerVm + ", total " + scanTotal);
        if (samplePages < 0) throw new IllegalArgumentException("sample size " + samplePages + " must not be negative");
        if (!(samplePeriod > 0) || !(balancePeriod > 0))
            throw new IllegalArgumentException("periods must be positive: sample " + samplePeriod + " s, balance " + balancePeriod + " s");
        if (!(fastGain > 0 && fastGain <= 1) || !(slowGain > 0 && slowGain <= 1))
            throw new IllegalArgumentException("moving-average gains must be in (0, 1]: fast " + fastGain + ", slow " + slowGain);
        if (!(balloonMax >= 0 && balloonMax <= 1))
            throw new IllegalArgumentException("balloon limit " + balloonMax + " must be in [0, 1]");
        if (clockHz <= 0) throw new IllegalArgumentException("clock rate " + clockHz + " Hz must be positive");
    }

    public MemSchedConfig withIdleTax(double t) {
        return new MemSchedConfig(t, seed, highFree, softFree, hardFree, lowFree, scanPerVm, scanTotal, samplePages,
                samplePeriod, balancePeriod, fastGain, slowGain, balloonMax, clockHz);
    }

    public MemSchedConfig withSeed(long s) {
        return new MemSchedConfig(idleTax, s, highFree, softFree, hardFree, lowFree, scanPerVm, scanTotal, samplePages,
                samplePeriod, balancePeriod, fastGain, slowGain, balloonMax, clockHz);
    }

    public MemSchedConfig withThresholds(double high, double soft, double hard, double low) {
        return new MemSchedConfig(idleTax, seed, high, soft, hard, low, scanPerVm, scanTotal, samplePages,
                samplePeriod, balancePeriod, fastGain, slowGain, balloonMax, clockHz);
    }

    public MemSchedConfig withScanRates(double perVm, double total) {
        return new MemSchedConfig(idleTax, seed, highFree, softFree, hardFree, lowFree, perVm, total, samplePages,
                samplePeriod, balancePeriod, fastGain, slowGain, balloonMax, clockHz);
    }

    public MemSchedConfig withSampling(int pages, double periodSeconds) {
        return new MemSchedConfig(idleTax, seed, highFree, softFree, hardFree, lowFree, scanPerVm, scanTotal, pages,
                periodSeconds, balancePeriod, fastGain, slowGain, balloonMax, clockHz);
    }

    public MemSchedConfig withBalancePeriod(double seconds) {
        return new MemSchedConfig(idleTax, seed, highFree, softFree, hardFree, lowFree, scanPerVm, scanTotal, samplePages,
                samplePeriod, seconds, fastGain, slowGain, balloonMax, clockHz);
    }

    public MemSchedConfig withGains(double fast, double slow) {
        return new MemSchedConfig(idleTax, seed, highFree, softFree, hardFree, lowFree, scanPerVm, scanTotal, samplePages,
                samplePeriod, balancePeriod, fast, slow, balloonMax, clockHz);
    }

    public MemSchedConfig withBalloonMax(double fraction) {
        return new MemSchedConfig(idleTax, seed, highFree, softFree, hardFree, lowFree, scanPerVm, scanTotal, samplePages,
                samplePeriod, balancePeriod, fastGain, slowGain, fraction, clockHz);
    }

    public MemSchedConfig withClockHz(long hz) {
        return new MemSchedConfig(idleTax, seed, highFree, softFree, hardFree, lowFree, scanPerVm, scanTotal, samplePages,
                samplePeriod, balancePeriod, fastGain, slowGain, balloonMax, hz);
    }

    /** k = 1 / (1 − τ): what an idle page costs relative to an active one. */
    public double idleCost() { return 1 / (1 - idleTax); }
}
