package vmsh.hv;

import vmsh.cpu.Clock;
import vmsh.cpu.CsrFile;
import vmsh.cpu.Hart;
import vmsh.dev.Clint;

/**
 * One virtual CPU: the hart state the VMM saves when it switches the host hart to another
 * VM and restores when this VM runs again (integer registers, pc, privilege, V, and the
 * host CSRs the technique programs: the vs* CSRs, hgatp and hstatus for {@code hw}, the
 * shadow satp for {@code trap}), plus the vCPU's clocks and virtual timer.
 *
 * <p>Guest time: the host's time CSR counts ticks of the host clock ({@link
 * Clint#CYCLES_PER_TICK} cycles each, a 10 MHz timebase on the 1 GHz clock). A guest sees
 * only the time it ran, not the time other VMs took, nor the time it skipped waiting for
 * its timer: its time is the host's plus an offset, which grows while the vCPU is off the
 * hart and when it idles. On the hart the offset is in htimedelta, so VS-mode and VU-mode
 * read their own time natively (KVM does the same); a trap-and-emulate VMM, without that
 * hardware, emulates the guest kernel's reads of time with {@link #time()}.
 *
 * <p>The vCPU's cycle clock (the cycle CSR) likewise counts the host cycles while it is on
 * the hart, plus the waits it skipped.
 */
public final class Vcpu {
    public final int[] x = new int[33];
    public int pc;
    public int priv;
    public boolean virt;

    // the host CSRs of this vCPU (see save/restore)
    int mstatus, mstatush, satp, medeleg, mideleg, mie, mcounteren, scounteren, mipSoftware;
    int stvec, sscratch, sepc, scause, stval;
    int hstatus, hedeleg, hideleg, hcounteren, htval, htinst, hgatp, hvip;
    int vsstatus, vstvec, vsscratch, vsepc, vscause, vstval, vsatp;

    private final Clock clock;
    private long cyclesBase;     // guest cycles up to the last switch-in (or all of them, when off the hart)
    private long loadedAt = -1;  // host clock cycles at switch-in, -1 when not on the hart
    /** The hart's CSRs while this vCPU is on it (htimedelta lives there), else null. */
    private CsrFile onHart;
    /** Off the hart: the guest's time (ticks). On the hart: guest time - host time, also in htimedelta. */
    private long timeOffTheHart, timeDelta;
    /** The supervisor timer deadline in time ticks (SBI set_timer), or Long.MAX_VALUE when none. */
    private long deadline = Long.MAX_VALUE;
    private long idleCycles;

    /** Its number in the VM (the hartid the guest sees in a0 at boot) and the NUMA node of the hart slot it runs on. */
    public final int id, node;
    /** Stopped for good: SBI HSM hart_stop, or a wfi with no timer armed in a VM of several vCPUs. */
    boolean stopped;

    Vcpu(Clock clock, int id, int node) {
        this.clock = clock;
        this.id = id;
        this.node = node;
    }

    /** Puts this vCPU on the hart. */
    void restore(Hart h) {
        System.arraycopy(x, 0, h.x, 0, 32);
        h.x[0] = 0;
        h.pc = pc;
        h.priv = priv;
        h.virt = virt;
        h.reserved = false;
        CsrFile c = h.csr;
        c.mstatus = mstatus; c.mstatush = mstatush; c.satp = satp; c.medeleg = medeleg; c.mideleg = mideleg;
        c.mie = mie; c.mcounteren = mcounteren; c.scounteren = scounteren; c.mipSoftware = mipSoftware;
        c.stvec = stvec; c.sscratch = sscratch; c.sepc = sepc; c.scause = scause; c.stval = stval;
        c.hstatus = hstatus; c.hedeleg = hedeleg; c.hideleg = hideleg; c.hcounteren = hcounteren;
        c.htval = htval; c.htinst = htinst; c.hgatp = hgatp; c.hvip = hvip;
        c.vsstatus = vsstatus; c.vstvec = vstvec; c.vsscratch = vsscratch; c.vsepc = vsepc;
        c.vscause = vscause; c.vstval = vstval; c.vsatp = vsatp;
        loadedAt = clock.cycles();
        onHart = c;
        setTimeDelta(timeOffTheHart - hostTime());
    }

    /** Takes this vCPU off the hart. */
    void save(Hart h) {
        System.arraycopy(h.x, 0, x, 0, 32);
        pc = h.pc;
        priv = h.priv;
        virt = h.virt;
        CsrFile c = h.csr;
        mstatus = c.mstatus; mstatush = c.mstatush; satp = c.satp; medeleg = c.medeleg; mideleg = c.mideleg;
        mie = c.mie; mcounteren = c.mcounteren; scounteren = c.scounteren; mipSoftware = c.mipSoftware;
        stvec = c.stvec; sscratch = c.sscratch; sepc = c.sepc; scause = c.scause; stval = c.stval;
        hstatus = c.hstatus; hedeleg = c.hedeleg; hideleg = c.hideleg; hcounteren = c.hcounteren;
        htval = c.htval; htinst = c.htinst; hgatp = c.hgatp; hvip = c.hvip;
        vsstatus = c.vsstatus; vstvec = c.vstvec; vsscratch = c.vsscratch; vsepc = c.vsepc;
        vscause = c.vscause; vstval = c.vstval; vsatp = c.vsatp;
        cyclesBase = cycles();
        timeOffTheHart = time();
        loadedAt = -1;
        onHart = null;
    }

    boolean loaded() { return loadedAt >= 0; }

    /** The vCPU's clock: host cycles while it was on the hart, plus the waits it skipped. */
    public long cycles() { return loadedAt < 0 ? cyclesBase : cyclesBase + clock.cycles() - loadedAt; }

    /** The guest's time CSR: ticks of the 10 MHz timebase it has seen (the host's time plus htimedelta, on the hart). */
    public long time() { return onHart == null ? timeOffTheHart : hostTime() + timeDelta; }

    /** The host's time CSR. */
    private long hostTime() { return clock.cycles() / Clint.CYCLES_PER_TICK; }

    private void setTimeDelta(long delta) {
        timeDelta = delta;
        onHart.htimedelta = (int) delta;
        onHart.htimedeltah = (int) (delta >>> 32);
    }

    /** The timer deadline in ticks, or Long.MAX_VALUE. */
    public long deadline() { return deadline; }

    /** SBI set_timer: a negative (all-ones) time disarms it, as "no timer" in the SBI spec's note. */
    void setDeadline(long ticks) { deadline = ticks < 0 ? Long.MAX_VALUE : ticks; }

    /** True when the timer is armed and its deadline has come. */
    boolean timerDue() { return deadline != Long.MAX_VALUE && time() >= deadline; }

    /**
     * Host cycles until this vCPU's timer fires (0: due), Long.MAX_VALUE when none is armed:
     * the guest's time reaches the deadline at the host tick {@code ticksLeft} from the current one.
     */
    long cyclesUntilTimer() {
        if (deadline == Long.MAX_VALUE) return Long.MAX_VALUE;
        long ticksLeft = deadline - time();
        if (ticksLeft <= 0) return 0;
        if (ticksLeft >= Long.MAX_VALUE / Clint.CYCLES_PER_TICK) return Long.MAX_VALUE;
        long phase = onHart == null ? 0 : clock.cycles() % Clint.CYCLES_PER_TICK;
        return ticksLeft * Clint.CYCLES_PER_TICK - phase;
    }

    /**
     * wfi skip-ahead (on the hart) or a sleeping vCPU's wake-up (off it): its time and cycle
     * clock jump to its timer deadline.
     */
    void idleUntilTimer() {
        long wait = cyclesUntilTimer();
        if (wait == Long.MAX_VALUE || wait == 0) return;
        cyclesBase += wait;
        idleCycles += wait;
        if (onHart == null) timeOffTheHart = deadline;
        else setTimeDelta(timeDelta + deadline - time());
    }

    /** Cycles skipped in wfi. */
    public long idleCycles() { return idleCycles; }
}
