package vmsh.hv;

import vmsh.cpu.Clock;
import vmsh.cpu.CsrFile;
import vmsh.cpu.Hart;
import vmsh.dev.Clint;

/**
 * One virtual CPU: the hart state the VMM saves when it switches the host hart to another
 * VM and restores when this VM runs again (integer registers, pc, privilege, V, and the
 * host CSRs the technique programs: the vs* CSRs, hgatp and hstatus for {@code hw}, the
 * shadow satp for {@code trap}), plus the vCPU's clock and virtual timer.
 *
 * <p>Guest time: a vCPU's clock counts the cycles of the host clock (instructions, native
 * traps, waits) while this vCPU is on the hart, so a guest sees the time it ran, not the
 * time other VMs or the VMM's exit handling took (as a hypervisor offsets a guest's timer
 * by the time it was descheduled). {@code time} reads cycles / {@link Clint#CYCLES_PER_TICK}
 * (a 10 MHz timebase on the 1 GHz clock), as on the bare machine.
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
    /** The supervisor timer deadline in time ticks (SBI set_timer), or Long.MAX_VALUE when none. */
    private long deadline = Long.MAX_VALUE;
    private long idleCycles;

    Vcpu(Clock clock) { this.clock = clock; }

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
        loadedAt = -1;
    }

    boolean loaded() { return loadedAt >= 0; }

    /** The vCPU's clock: host cycles while it was on the hart, plus the waits it skipped. */
    public long cycles() { return loadedAt < 0 ? cyclesBase : cyclesBase + clock.cycles() - loadedAt; }

    /** The time CSR: ticks of the 10 MHz timebase. */
    public long time() { return cycles() / Clint.CYCLES_PER_TICK; }

    /** The timer deadline in ticks, or Long.MAX_VALUE. */
    public long deadline() { return deadline; }

    /** SBI set_timer: a negative (all-ones) time disarms it, as "no timer" in the SBI spec's note. */
    void setDeadline(long ticks) { deadline = ticks < 0 ? Long.MAX_VALUE : ticks; }

    /** True when the timer is armed and its deadline has come. */
    boolean timerDue() { return deadline != Long.MAX_VALUE && time() >= deadline; }

    /** Cycles of this vCPU's clock until its timer fires (0: due), Long.MAX_VALUE when none is armed. */
    long cyclesUntilTimer() {
        if (deadline == Long.MAX_VALUE) return Long.MAX_VALUE;
        long due = deadline * Clint.CYCLES_PER_TICK - cycles();
        return Math.max(0, due);
    }

    /** wfi skip-ahead: the vCPU's clock jumps to its timer deadline. */
    void idleUntilTimer() {
        long wait = cyclesUntilTimer();
        if (wait == Long.MAX_VALUE || wait == 0) return;
        cyclesBase += wait;
        idleCycles += wait;
    }

    /** Cycles skipped in wfi. */
    public long idleCycles() { return idleCycles; }
}
