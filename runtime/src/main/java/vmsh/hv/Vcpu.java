package vmsh.hv;

import vmsh.cpu.Clock;
import vmsh.cpu.CsrFile;
import vmsh.cpu.Hart;
import vmsh.dev.Clint;

/**
 * One virtual CPU: the hart state the VMM saves when it switches the host hart to another
 * VM and restores when this VM runs again (integer registers, pc, privilege, V, the LR/SC
 * reservation, and the host CSRs the technique programs: the vs* CSRs, hgatp and hstatus
 * for {@code hw}, the shadow satp for {@code trap}), plus the vCPU's clocks and virtual timer.
 *
 * <p>The guest's clock is its own: it counts the cycles of the guest's instructions and of
 * the traps it takes itself, plus the waits it sleeps through, and nothing else. An exit is
 * the VMM's time (priced by the cost model, not seen by the guest), and so is an
 * instruction the VMM makes the guest execute again (after a fault on a page the guest
 * had not touched on this host, say). So what the guest sees of time and of its instruction
 * count depends on its own execution alone: not on the other VMs of the host, not on
 * which host it runs on, and not on the hypervisor's page faults. Migration and
 * replication rely on it: the same guest instructions give the same guest state.
 *
 * <p>Guest time counts ticks of the guest's clock ({@link Clint#CYCLES_PER_TICK} cycles
 * each, a 10 MHz timebase on the 1 GHz clock). On the hart it is the host's time CSR plus
 * htimedelta, so VS-mode and VU-mode read it natively (KVM does the same): the host's time
 * CSR ticks in step with the loaded vCPU's clock ({@link #timeBias}), and htimedelta holds
 * the difference. A trap-and-emulate VMM, without that hardware, emulates the guest
 * kernel's reads of time with {@link #time()}.
 */
public final class Vcpu {
    public final int[] x = new int[33];
    public int pc;
    public int priv;
    public boolean virt;
    int reservation;
    boolean reserved;

    // the host CSRs of this vCPU (see save/restore)
    int mstatus, mstatush, satp, medeleg, mideleg, mie, mcounteren, scounteren, mipSoftware;
    int stvec, sscratch, sepc, scause, stval;
    int hstatus, hedeleg, hideleg, hcounteren, htval, htinst, hgatp, hvip;
    int vsstatus, vstvec, vsscratch, vsepc, vscause, vstval, vsatp;

    private final Clock clock;
    /** The guest's cycles up to the last switch-in (or all of them, when off the hart). */
    private long cyclesBase;
    /** The guest's instructions up to the last switch-in (or all of them, when off the hart). */
    private long insnsBase;
    /** Host clock cycles and instructions at switch-in; loadedAt is -1 when not on the hart. */
    private long loadedAt = -1, executedAt;
    /** Host cycles and instructions since switch-in that were the VMM's (see {@link #hide}). */
    private long hiddenCycles, hiddenInsns;
    /** Host instructions that were a translator's own, not attempts of the guest's (see {@link #hideOverhead}). */
    private long overhead;
    /** The hart's CSRs while this vCPU is on it (htimedelta lives there), else null. */
    private CsrFile onHart;
    /** Added to htimedelta on the hart while a nested VM's guest runs (see {@link #guestTimeDelta}). */
    private long guestTimeDelta;
    /** The supervisor timer deadline in time ticks (SBI set_timer), or Long.MAX_VALUE when none. */
    private long deadline = Long.MAX_VALUE;
    private long idleCycles;

    /** Its number in the VM (the hartid the guest sees in a0 at boot) and the NUMA node of the hart slot it runs on. */
    public final int id, node;
    /** Stopped for good: SBI HSM hart_stop, or a wfi with no timer armed in a VM of several vCPUs. */
    boolean stopped;
    /** wfi with the timer armed: the vCPU sleeps off the hart until host time {@link #wakeAt} (-1: not yet set). */
    boolean asleep;
    long wakeAt = -1;
    /** Host time when the vCPU began to wait in wfi (asleep, or its VM idle), -1 until the hypervisor sets it. */
    long waitingSince = -1;

    /** The wait in wfi is over: the vCPU is neither asleep nor waiting. */
    void endWait() {
        asleep = false;
        wakeAt = -1;
        waitingSince = -1;
    }

    /** True while the vCPU is stopped: not yet started with SBI HSM hart_start, or stopped for good. */
    public boolean stopped() { return stopped; }

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
        h.reservation = reservation;
        h.reserved = reserved;
        CsrFile c = h.csr;
        c.mstatus = mstatus; c.mstatush = mstatush; c.satp = satp; c.medeleg = medeleg; c.mideleg = mideleg;
        c.mie = mie; c.mcounteren = mcounteren; c.scounteren = scounteren; c.mipSoftware = mipSoftware;
        c.stvec = stvec; c.sscratch = sscratch; c.sepc = sepc; c.scause = scause; c.stval = stval;
        c.hstatus = hstatus; c.hedeleg = hedeleg; c.hideleg = hideleg; c.hcounteren = hcounteren;
        c.htval = htval; c.htinst = htinst; c.hgatp = hgatp; c.hvip = hvip;
        c.vsstatus = vsstatus; c.vstvec = vstvec; c.vsscratch = vsscratch; c.vsepc = vsepc;
        c.vscause = vscause; c.vstval = vstval; c.vsatp = vsatp;
        loadedAt = clock.cycles();
        executedAt = clock.executed();
        hiddenCycles = 0;
        hiddenInsns = 0;
        onHart = c;
        setTimeDelta();
    }

    /** Takes this vCPU off the hart. */
    void save(Hart h) {
        sync(h);
        cyclesBase = cycles();
        insnsBase = instructions();
        loadedAt = -1;
        onHart = null;
    }

    /** Copies the hart's registers and CSRs into this vCPU, which stays on it (a debugger looks at it mid-run). */
    void sync(Hart h) {
        System.arraycopy(h.x, 0, x, 0, 32);
        pc = h.pc;
        priv = h.priv;
        virt = h.virt;
        reservation = h.reservation;
        reserved = h.reserved;
        CsrFile c = h.csr;
        mstatus = c.mstatus; mstatush = c.mstatush; satp = c.satp; medeleg = c.medeleg; mideleg = c.mideleg;
        mie = c.mie; mcounteren = c.mcounteren; scounteren = c.scounteren; mipSoftware = c.mipSoftware;
        stvec = c.stvec; sscratch = c.sscratch; sepc = c.sepc; scause = c.scause; stval = c.stval;
        hstatus = c.hstatus; hedeleg = c.hedeleg; hideleg = c.hideleg; hcounteren = c.hcounteren;
        htval = c.htval; htinst = c.htinst; hgatp = c.hgatp; hvip = c.hvip;
        vsstatus = c.vsstatus; vstvec = c.vstvec; vsscratch = c.vsscratch; vsepc = c.vsepc;
        vscause = c.vscause; vstval = c.vstval; vsatp = c.vsatp;
    }

    boolean loaded() { return loadedAt >= 0; }

    /**
     * Live migration: this vCPU (off the hart, of a VM just created on another host) takes
     * over everything of {@code o} (off the hart too): registers, CSRs, clocks, timer. The
     * technique then puts its own host-specific roots back ({@link Virtualization#adopt}).
     */
    void copyFrom(Vcpu o) {
        if (loaded() || o.loaded()) throw new IllegalStateException("a vCPU on the hart cannot be copied");
        System.arraycopy(o.x, 0, x, 0, x.length);
        pc = o.pc; priv = o.priv; virt = o.virt; reservation = o.reservation; reserved = o.reserved;
        mstatus = o.mstatus; mstatush = o.mstatush; satp = o.satp; medeleg = o.medeleg; mideleg = o.mideleg;
        mie = o.mie; mcounteren = o.mcounteren; scounteren = o.scounteren; mipSoftware = o.mipSoftware;
        stvec = o.stvec; sscratch = o.sscratch; sepc = o.sepc; scause = o.scause; stval = o.stval;
        hstatus = o.hstatus; hedeleg = o.hedeleg; hideleg = o.hideleg; hcounteren = o.hcounteren;
        htval = o.htval; htinst = o.htinst; hgatp = o.hgatp; hvip = o.hvip;
        vsstatus = o.vsstatus; vstvec = o.vstvec; vsscratch = o.vsscratch; vsepc = o.vsepc;
        vscause = o.vscause; vstval = o.vstval; vsatp = o.vsatp;
        cyclesBase = o.cyclesBase; insnsBase = o.insnsBase; idleCycles = o.idleCycles; deadline = o.deadline;
    }

    /**
     * An exit just ended on the hart: its trap's cycles were the VMM's, and so was the
     * instruction when the guest will execute it again ({@code retried}).
     */
    void hide(boolean retried) {
        hiddenCycles += vmsh.cpu.Clock.TRAP_CYCLES + (retried ? vmsh.cpu.Clock.CYCLES_PER_INSN : 0);
        if (retried) hiddenInsns++;
        if (onHart != null) setTimeDelta();
    }

    /**
     * {@code n} host instructions the hart executed were a binary translator's own (its
     * exits, lookups, counting), not the guest's: neither its instructions nor its time. A
     * negative {@code n} gives some back (an attempt the VMM made for the guest, such as a
     * fetch that faulted, counts as the guest's).
     */
    void hideOverhead(long n) {
        hiddenInsns += n;
        hiddenCycles += n * vmsh.cpu.Clock.CYCLES_PER_INSN;
        overhead += n;
        if (onHart != null) setTimeDelta();
    }

    /** The instruction just retried ({@link #hide}) was the translator's own, not an attempt of the guest's. */
    void retriedOverhead() { overhead++; }

    /** Host instructions so far that were a translator's own (only differences count). */
    long overhead() { return overhead; }

    /** The guest's instructions are exactly {@code n} now, the rest of what the hart executed being the translator's own. */
    void countExactly(long n) { hideOverhead(instructions() - n); }

    /** The vCPU's clock: the guest's own cycles (see the class comment), the waits it skipped included. */
    public long cycles() {
        return loadedAt < 0 ? cyclesBase : cyclesBase + clock.cycles() - loadedAt - hiddenCycles;
    }

    /**
     * The guest's instructions: those it executed, each once (an instruction that traps into
     * its own kernel counts; one the VMM makes it execute again counts once).
     */
    public long instructions() {
        return loadedAt < 0 ? insnsBase : insnsBase + clock.executed() - executedAt - hiddenInsns;
    }

    /** The guest's time CSR: ticks of the 10 MHz timebase on its own clock. */
    public long time() { return Math.floorDiv(cycles(), Clint.CYCLES_PER_TICK); }

    /**
     * What the host's time CSR leaves out of the host clock while this vCPU is on the hart
     * (0..{@link Clint#CYCLES_PER_TICK}-1), so that it ticks when the guest's clock does:
     * host time = (host cycles - bias) / CYCLES_PER_TICK.
     */
    long timeBias() { return Math.floorMod(clockOffset(), Clint.CYCLES_PER_TICK); }

    /** Host clock cycles minus the guest's, while on the hart. */
    private long clockOffset() { return loadedAt - cyclesBase + hiddenCycles; }

    /** htimedelta = guest time - host time, with the host's time CSR biased as {@link #timeBias} says. */
    private void setTimeDelta() {
        long delta = -Math.floorDiv(clockOffset() - timeBias(), Clint.CYCLES_PER_TICK) + guestTimeDelta;
        onHart.htimedelta = (int) delta;
        onHart.htimedeltah = (int) (delta >>> 32);
    }

    /**
     * A nested VM's guest (L2) is on the hart: its time is its hypervisor's (this vCPU's) plus
     * the htimedelta that hypervisor gave it, so the hart's htimedelta carries both (0: the
     * vCPU's own guest runs).
     */
    void guestTimeDelta(long delta) {
        guestTimeDelta = delta;
        if (onHart != null) setTimeDelta();
    }

    /** The htimedelta a nested VM's hypervisor gave the guest on the hart now (0: none). */
    long guestTimeDelta() { return guestTimeDelta; }

    /** The timer deadline in ticks, or Long.MAX_VALUE. */
    public long deadline() { return deadline; }

    /** SBI set_timer: a negative (all-ones) time disarms it, as "no timer" in the SBI spec's note. */
    void setDeadline(long ticks) { deadline = ticks < 0 ? Long.MAX_VALUE : ticks; }

    /** True when the timer is armed and its deadline has come. */
    boolean timerDue() { return deadline != Long.MAX_VALUE && time() >= deadline; }

    /**
     * Guest cycles until this vCPU's timer fires (0: due), Long.MAX_VALUE when none is armed;
     * on the hart these are host cycles too, an instruction costing one of each.
     */
    long cyclesUntilTimer() {
        if (deadline == Long.MAX_VALUE) return Long.MAX_VALUE;
        if (deadline >= Long.MAX_VALUE / Clint.CYCLES_PER_TICK) return Long.MAX_VALUE;
        return Math.max(0, deadline * Clint.CYCLES_PER_TICK - cycles());
    }

    /** wfi skip-ahead or a sleeping vCPU's wake-up at its timer: its clock jumps to the deadline. */
    void idleUntilTimer() {
        long wait = cyclesUntilTimer();
        if (wait == Long.MAX_VALUE || wait == 0) return;
        idle(wait);
    }

    /** The vCPU waited {@code cycles} for an interrupt: its clock moves on by that much. */
    void idle(long cycles) {
        if (cycles <= 0) return;
        cyclesBase += cycles;
        idleCycles += cycles;
        if (onHart != null) setTimeDelta();
    }

    /** Cycles skipped in wfi. */
    public long idleCycles() { return idleCycles; }

    /** Registers, pc, privilege, V, the saved CSRs, the clocks and the timer (off the hart only). */
    void save(vmsh.state.StateOut out) { save(out, 0); }

    /** Host roots a VMM points its vCPUs at (a G-stage, a shadow table): {@link #save(vmsh.state.StateOut, int)} may leave them out. */
    static final int HOST_HGATP = 1, HOST_SATP = 2, HOST_VSATP = 4;

    /**
     * Saves the vCPU with the CSRs {@code hostRoots} names written as 0: they point at the
     * VMM's tables on this host, which a VM's own snapshot does not hold (the VMM points
     * them at its tables again when it restores the VM).
     */
    void save(vmsh.state.StateOut out, int hostRoots) {
        if (loaded()) throw new IllegalStateException("a vCPU on the hart cannot be saved");
        out.putInts(java.util.Arrays.copyOf(x, 32)).putInt(pc).putInt(priv).putBoolean(virt).putInt(reservation).putBoolean(reserved);
        out.putInts(new int[] {mstatus, mstatush, (hostRoots & HOST_SATP) != 0 ? 0 : satp, medeleg, mideleg, mie, mcounteren, scounteren,
            mipSoftware, stvec, sscratch, sepc, scause, stval, hstatus, hedeleg, hideleg, hcounteren, htval, htinst,
            (hostRoots & HOST_HGATP) != 0 ? 0 : hgatp, hvip, vsstatus, vstvec, vsscratch, vsepc, vscause, vstval,
            (hostRoots & HOST_VSATP) != 0 ? 0 : vsatp});
        out.putLong(cyclesBase).putLong(insnsBase).putLong(deadline).putLong(idleCycles).putBoolean(stopped);
    }

    void restore(vmsh.state.StateIn in) {
        int[] regs = in.getInts();
        if (regs == null || regs.length != 32) throw new vmsh.state.StateException("state section 'vcpu': bad registers");
        System.arraycopy(regs, 0, x, 0, 32);
        x[0] = 0;
        pc = in.getInt();
        priv = in.getInt();
        virt = in.getBoolean();
        reservation = in.getInt();
        reserved = in.getBoolean();
        int[] c = in.getInts();
        if (c == null || c.length != 29) throw new vmsh.state.StateException("state section 'vcpu': bad CSRs");
        int i = 0;
        mstatus = c[i++]; mstatush = c[i++]; satp = c[i++]; medeleg = c[i++]; mideleg = c[i++]; mie = c[i++];
        mcounteren = c[i++]; scounteren = c[i++]; mipSoftware = c[i++]; stvec = c[i++]; sscratch = c[i++]; sepc = c[i++];
        scause = c[i++]; stval = c[i++]; hstatus = c[i++]; hedeleg = c[i++]; hideleg = c[i++]; hcounteren = c[i++];
        htval = c[i++]; htinst = c[i++]; hgatp = c[i++]; hvip = c[i++]; vsstatus = c[i++]; vstvec = c[i++];
        vsscratch = c[i++]; vsepc = c[i++]; vscause = c[i++]; vstval = c[i++]; vsatp = c[i];
        cyclesBase = in.getLong();
        insnsBase = in.getLong();
        deadline = in.getLong();
        idleCycles = in.getLong();
        stopped = in.getBoolean();
        loadedAt = -1;
        onHart = null;
    }
}
