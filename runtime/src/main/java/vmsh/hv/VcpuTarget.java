package vmsh.hv;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import vmsh.board.Monitor;
import vmsh.board.RunResult;
import vmsh.board.StopReason;
import vmsh.board.Target;
import vmsh.board.TrapEvent;
import vmsh.cpu.MarkedRun;
import vmsh.mmu.Access;

/**
 * A VM's vCPU as a debuggable target: the guest's registers and pc (live on the hart while
 * the VM runs), guest-virtual addresses through the guest's own page table, guest-physical
 * memory, runs of this VM alone. Its monitor's marks are on the host engine only while the
 * vCPU is on the hart. Its trap hooks see the traps the guest kernel receives, whether the
 * hart delivers them (delegated to VS-mode) or the VMM injects them.
 *
 * <p>Under {@code bt} the instructions the monitor marks run outside the translation cache,
 * as the guest's own code (see {@link BinaryTranslation}); the cache's own code is never
 * marked.
 */
public final class VcpuTarget implements Target {
    private final Vm vm;
    private final Hypervisor hv;
    private Monitor monitor;
    /** The monitor as the host engine sees it: under bt, blind to the translation cache. */
    private Monitor onEngine;
    private final List<Consumer<TrapEvent>> trapHooks = new ArrayList<>();

    VcpuTarget(Vm vm) {
        this.vm = vm;
        this.hv = vm.hypervisor();
    }

    public Vm vm() { return vm; }

    private boolean onHart() { return hv.loaded() == vm; }

    /** Runs this VM alone; a stop its monitor asked for is {@link StopReason#BREAK}. */
    @Override
    public RunResult run(long maxInsns) {
        VmRunResult r = hv.runOnly(vm, maxInsns);
        StopReason reason = r.stop() != null ? StopReason.BREAK : switch (r.state()) {
            case HALTED -> StopReason.HALT;
            case FAULT -> StopReason.FAULT;
            case IDLE -> StopReason.IDLE;
            default -> r.insns() < maxInsns ? StopReason.STOPPED : StopReason.BUDGET;
        };
        return new RunResult(reason, r.insns(), r.cycles(), r.exitCode(), r.stop() != null ? r.stop() : r.message());
    }

    @Override
    public void requestStop() { hv.requestStop(); }

    @Override
    public void clearStopRequest() { hv.clearStopRequest(); }

    @Override
    public long instructions() { return hv.instructions(vm); }

    /** True while the host's history runs known history again (hooks keep quiet). */
    @Override
    public boolean replaying() { return hv.replaying(); }

    @Override
    public int pc() { return vm.virtualization().guestPc(onHart() ? hv.hart().pc : vm.vcpu().pc); }

    @Override
    public void setPc(int pc) {
        if (onHart()) hv.hart().pc = pc;
        else vm.vcpu().pc = pc;
    }

    @Override
    public int reg(int n) { return n == 0 ? 0 : onHart() ? hv.hart().x[n] : vm.vcpu().x[n]; }

    @Override
    public void setReg(int n, int value) {
        if (n == 0) return;
        if (onHart()) hv.hart().x[n] = value;
        else vm.vcpu().x[n] = value;
    }

    /** The vCPU's saved state, brought up to date from the hart while it runs there. */
    private void synced() { if (onHart()) vm.vcpu().sync(hv.hart()); }

    /** The privilege the guest believes it runs at (3 M in a whole machine's M-mode). */
    @Override
    public int privilege() {
        synced();
        return vm.virtualization().guestPrivilege();
    }

    @Override
    public boolean hasCsr(int number) {
        synced();
        return vm.virtualization().guestCsr(number) != null;
    }

    /** A CSR as the guest reads it: its virtual CSRs, wherever its technique keeps them. */
    @Override
    public int csr(int number) {
        synced();
        Integer v = vm.virtualization().guestCsr(number);
        if (v == null) throw new IllegalArgumentException(String.format("VM '%s' has no CSR 0x%03x", vm.name(), number));
        return v;
    }

    /** A CSR as the guest's own csrw would write it, where its technique keeps it; refused where that cannot be exact. */
    @Override
    public void setCsr(int number, int value) {
        csr(number);
        vm.virtualization().setGuestCsr(number, value);
    }

    /** The privilege the guest believes it runs at, set where its technique keeps it; refused where that cannot be exact. */
    @Override
    public void setPrivilege(int privilege) {
        synced();
        vm.virtualization().setGuestPrivilege(privilege);
    }

    /** Guest-virtual to guest-physical, through the guest's own page table as it is now. */
    @Override
    public long physical(int va, int access) {
        synced();
        return vm.virtualization().guestAddress(va, access);
    }

    /** Guest-physical memory; a page the guest never touched reads 0. */
    @Override
    public int read(int address, int width) { return vm.peek(Integer.toUnsignedLong(address), width); }

    /** Guest-physical memory, as a debugger writes it ({@link Vm#poke}). */
    @Override
    public void write(int address, int width, int value) { vm.poke(Integer.toUnsignedLong(address), width, value); }

    @Override
    public boolean isRam(long address, int width) { return vm.guest().contains(address, width); }

    @Override
    public Integer instructionAt(int pc) {
        long gpa = physical(pc, Access.FETCH);
        if (gpa < 0 || (gpa & 3) != 0 || !vm.guest().contains(gpa, 4)) return null;
        return read((int) gpa, 4);
    }

    @Override
    public void setMonitor(Monitor monitor) {
        this.monitor = monitor;
        this.onEngine = monitor == null || vm.technique() != Technique.BT ? monitor : new OutsideTranslationCache(monitor);
        refreshMarks();
    }

    @Override
    public void refreshMarks() {
        vm.virtualization().marksChanged();
        if (onHart()) hv.loadedMarks(onEngine);
    }

    /** The monitor, or null. */
    Monitor monitor() { return monitor; }

    /** The monitor whose marks go on the engine with this vCPU, or null. */
    Monitor engineMarks() { return onEngine; }

    @Override
    public void onTrap(Consumer<TrapEvent> hook) {
        if (hook == null) throw new IllegalArgumentException("trap hook must not be null");
        trapHooks.add(hook);
    }

    @Override
    public boolean removeTrapHook(Consumer<TrapEvent> hook) { return trapHooks.remove(hook); }

    /** True when trap hooks are listening. */
    boolean watchesTraps() { return !trapHooks.isEmpty(); }

    /** The guest kernel received a trap (the hart delivered it, or the VMM injected it). */
    void trapDelivered(TrapEvent e) {
        for (Consumer<TrapEvent> hook : List.copyOf(trapHooks)) hook.accept(e);
    }

    /** A monitor that does not look at the translator's own code (bt's cache, the top 4 MiB): only the guest's is marked. */
    private record OutsideTranslationCache(Monitor monitor) implements Monitor {
        @Override public boolean marked(int pc, int word) { return !TranslationCache.inWindow(pc) && monitor.marked(pc, word); }

        @Override public String before(int pc, int word) { return monitor.before(pc, word); }

        @Override public String before(int pc, int word, MarkedRun run) { return monitor.before(pc, word, run); }

        @Override public String after(int pc) { return monitor.after(pc); }

        @Override public boolean wantsAfter() { return monitor.wantsAfter(); }

        @Override public void rewound() { monitor.rewound(); }

        @Override public vmsh.board.MarkSet markSet() { return monitor.markSet(); }
    }
}
