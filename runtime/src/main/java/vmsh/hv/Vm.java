package vmsh.hv;

import static vmsh.isa.Encoding.MCAUSE_INTERRUPT;
import static vmsh.isa.Encoding.PRV_S;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import vmsh.board.TrapEvent;
import vmsh.dev.Console;
import vmsh.dev.TestFinisher;
import vmsh.dev.Uart16550;
import vmsh.hostmem.GuestMemory;
import vmsh.hostmem.PageChange;
import vmsh.hostmem.PageEvent;
import vmsh.hostmem.PageState;
import vmsh.hostmem.Pmap;
import vmsh.hostmem.PmapEntry;
import vmsh.hv.sbi.BalloonExtension;
import vmsh.hv.sbi.SbiEnvironment;
import vmsh.image.Image;
import vmsh.image.Segment;
import vmsh.mem.MemoryMap;
import vmsh.memsched.VmMemory;
import vmsh.mmu.Access;
import vmsh.mmu.Mapping;
import vmsh.mmu.PageTableDump;
import vmsh.mmu.PageTableMemory;
import vmsh.mmu.TlbEntry;

/**
 * One virtual machine: its guest-physical memory (a pmap from the memory scheduler, filled
 * on first touch), its vCPUs, its emulated devices (UART and test finisher at the QEMU
 * {@code virt} addresses) and console, the technique that virtualizes it, and its exit
 * counters and hooks.
 *
 * <p>A loaded kernel boots at its {@code kernel_entry} symbol when it has one (the VMM is
 * its SBI firmware, so an M-mode boot shim never runs), else at the image's entry, in
 * (V)S-mode with paging off, a0 = hartid 0 and a1 = 0. A VM of several vCPUs boots vCPU 0
 * alone, as SBI firmware does; the guest starts the others with SBI HSM hart_start (at an
 * address of its choice, a0 = their hartid, a1 = its opaque value). Started vCPUs share the
 * hart in turns, a quantum each; one asleep in wfi for its timer leaves its turns to the
 * others until its deadline. A vCPU that is done stops with hart_stop (or a wfi with no
 * timer armed); the VM is idle when all have stopped.
 * A whole-machine guest ({@link VmMachine#FULL}) starts at the image's entry in virtual
 * M-mode instead, on a board with a CLINT and a PLIC as well ({@link VirtualBoard}).
 */
public final class Vm {
    private final Hypervisor hv;
    private final String name;
    private final Technique technique;
    private final VmMachine machine;
    private final VmMemory memory;
    private final GuestMemory guest;
    private final Console console = new Console();
    private final GuestDevices devices = new GuestDevices();
    private final VirtualInterrupts interrupts = new VirtualInterrupts(devices);
    /** The CLINT and tohost of a whole-machine guest (its PLIC is the VM's), else null. */
    private final VirtualBoard board;
    private final Vcpu[] vcpus;
    private int current;
    /**
     * What is left of the turn of the vCPU on turn when a run stopped inside it (a budget,
     * a stop asked for, a breakpoint), or 0: its next slice goes on with it, so that where a
     * run of a VM of several vCPUs stops changes nothing of what it does after.
     */
    long turnLeft;
    private final VmOptions options;
    /** Per-page, per-node TLB misses and what the NUMA policy did, or null on a uniform host. */
    private final NumaPages numa;
    private final Virtualization virtualization;
    private final SbiEnvironment sbi;
    private final BalloonExtension balloon;
    /** Its disk's block device, or null. */
    private final vmsh.hv.sbi.BlockExtension block;
    private VmState state = VmState.CREATED;
    private int exitCode;
    private String message = "created, no image loaded";
    private Image image;
    /** The parameter words written over the image at load, by symbol. */
    private Map<String, Integer> params = Map.of();
    /** Its vCPU as a debugger sees it, made on first use. */
    private VcpuTarget debugTarget;

    private final long[] exitCounts = new long[ExitReason.ALL.length];
    /** A nested VM's exits by level (null otherwise). */
    private final NestedExits levels;
    private long exits;
    private final List<Consumer<ExitEvent>> hooks = new ArrayList<>();
    // counters of the vCPU's time on the hart, added by the hypervisor when it switches away
    long insns, guestTraps, tlbLookups, tlbMisses, walkReferences;
    /** Host instructions a binary translator ran of its own (exits, lookups, counting): not in insns, priced as instructions. */
    long translatorInsns;
    /** Why the VMM holds the VM off the hart (a migration, a replica waiting for its log), or null. */
    private String paused;
    /** The guest instruction count the VM stops at for its controller, or -1 (see {@link #stopAt}). */
    private long stopAt = -1;
    private Runnable atStop;
    /** A second stop, a time traveller's (a cluster's history going to a point), beside the controller's: -1 for none. */
    private long travelStop = -1;
    private Runnable atTravelStop;
    /** The VM's controller wakes it from wfi itself (see {@link #holdWakeups}). */
    private boolean wakeupsHeld;
    /** Fetches pages a post-copy migration has not brought yet (see {@link #onMissingPage}), or null. */
    private java.util.function.IntConsumer missingPages;

    /** A VM built as {@code options} say; with {@code options.nested()} (hw only) its guest sees the H extension. */
    Vm(Hypervisor hv, String name, Technique technique, VmMemory memory, VmOptions options) {
        this.hv = hv;
        this.name = name;
        this.technique = technique;
        this.machine = options.machine();
        this.memory = memory;
        this.guest = memory.guest();
        this.options = options;
        NumaConfig n = hv.config().numa();
        this.vcpus = new Vcpu[options.vcpus()];
        for (int i = 0; i < vcpus.length; i++) vcpus[i] = new Vcpu(hv.engine().clock(), i, i % n.nodes());
        this.numa = n.uniform() ? null : new NumaPages(n, memory.pmap().pages(), hv.host().frames());
        this.balloon = new BalloonExtension(memory.balloon(), guest);
        this.block = options.disk() == null ? null : new vmsh.hv.sbi.BlockExtension(new vmsh.hostmem.Disk(options.disk()), guest,
                this::pageFilled);
        this.sbi = new VmSbi(this);
        devices.map(Integer.toUnsignedLong(MemoryMap.FINISHER), new TestFinisher(code -> halt(code, "test finisher")));
        Uart16550 uart = new Uart16550(console);
        devices.map(Integer.toUnsignedLong(MemoryMap.UART), uart);
        interrupts.connect(vmsh.dev.Plic.UART_SOURCE, uart::interruptPending);
        this.board = machine == VmMachine.FULL ? new VirtualBoard(this) : null;
        NestedPaging nested = options.nested();
        this.levels = nested == null ? null : new NestedExits();
        this.virtualization = nested != null ? new NestedHardwareAssisted(this, nested, levels) : technique.virtualize.apply(this);
        memory.pmap().addListener(this::pageChanged);
    }

    private void pageChanged(PageChange c) {
        if (c.oldMpn() >= 0 && c.oldMpn() != c.newMpn()) hv.engine().forgetFrame(c.oldMpn());
        if (c.newMpn() >= 0 && c.newMpn() != c.oldMpn()) hv.engine().forgetFrame(c.newMpn());
        if (c.invalidates() || c.event() == PageEvent.PROMOTE) virtualization.pageChanged(c);
    }

    // ---------------------------------------------------------------- loading and running

    /**
     * Copies the image into guest-physical memory and points the vCPU at its kernel entry,
     * or at its entry for a whole machine (see the class comment). A VM loads one image.
     */
    public void load(Image image) { load(image, Map.of()); }

    /**
     * The same, then each of {@code params} (a symbol of the image, a 32-bit value) written
     * to the word at its address before the guest runs: the image's parameters.
     */
    public void load(Image image, Map<String, Integer> params) {
        for (String p : params.keySet()) {
            if (!image.hasSymbol(p)) throw new IllegalArgumentException("the image has no symbol '" + p + "'");
            long gpa = Integer.toUnsignedLong(image.symbol(p));
            if (!guest.contains(gpa, 4) || (gpa & 3) != 0)
                throw new IllegalArgumentException(String.format("symbol '%s' at 0x%08x is not a word of guest RAM", p, gpa));
        }
        if (this.image != null) throw new IllegalStateException("VM '" + name + "' already has an image loaded");
        for (Segment seg : image.segments()) {
            long gpa = Integer.toUnsignedLong(seg.address());
            if (!guest.contains(gpa, seg.memSize()))
                throw new IllegalArgumentException(String.format("segment %s at 0x%08x (%d bytes) is outside VM '%s' RAM 0x%08x..0x%08x",
                        seg.name(), seg.address(), seg.memSize(), name, guest.base(), guest.base() + guest.size() - 1));
            guest.write(gpa, seg.data());
        }
        for (Map.Entry<String, Integer> p : params.entrySet()) guest.storeWord(Integer.toUnsignedLong(image.symbol(p.getKey())), p.getValue());
        this.image = image;
        this.params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
        int entry = machine == VmMachine.SBI && image.hasSymbol("kernel_entry") ? image.symbol("kernel_entry") : image.entry();
        if (board != null) board.loaded(image);
        virtualization.boot(entry);
        for (int i = 1; i < vcpus.length; i++) vcpus[i].stopped = true;   // until hart_start
        state = VmState.READY;
    }

    /** Runs this VM alone for at most {@code insns} instructions. */
    public VmRunResult run(long insns) { return hv.runOnly(this, insns); }

    /** The guest ended itself with {@code code}. */
    void halt(int code, String how) {
        state = VmState.HALTED;
        exitCode = code;
        message = "guest exited with code " + code + " (" + how + ")";
    }

    void idle(String why) {
        if (vcpus.length > 1) {
            stopVcpu(why);
            return;
        }
        state = VmState.IDLE;
        message = why;
    }

    /** The running vCPU stops for good ({@code why}); the VM is idle once every vCPU has stopped. */
    void stopVcpu(String why) {
        vcpu().stopped = true;
        for (Vcpu v : vcpus) if (!v.stopped) return;
        state = VmState.IDLE;
        message = vcpus.length > 1 ? "every vCPU stopped (the last: " + why + ")" : why;
    }

    /**
     * SBI HSM hart_start: stopped vCPU {@code id} starts at {@code pc} with a0 = id and a1 =
     * {@code opaque}, in (V)S-mode with paging off, as at boot. False when it is not stopped.
     */
    boolean startVcpu(int id, int pc, int opaque) {
        if (!vcpus[id].stopped) return false;
        int running = current;
        current = id;
        try {
            virtualization.boot(pc);
        } finally {
            current = running;
        }
        Vcpu v = vcpus[id];
        v.x[10] = id;
        v.x[11] = opaque;
        v.stopped = false;
        return true;
    }

    /**
     * After a quantum: the next vCPU that has not stopped and is not asleep takes the VM's next turn on the
     * hart (round robin); false when it is the same one.
     */
    boolean rotate() {
        turnLeft = 0;
        for (int k = 1; k <= vcpus.length; k++) {
            int i = (current + k) % vcpus.length;
            if (!vcpus[i].stopped && !vcpus[i].asleep) {
                boolean moved = i != current;
                current = i;
                return moved;
            }
        }
        return false;
    }

    void fault(String why) {
        state = VmState.FAULT;
        message = why;
    }

    /** Ready, not waiting for its timer, not paused, and not stalled by the memory scheduler (LOW free memory). */
    boolean runnable() { return state == VmState.READY && !asleep() && paused == null && !memory.stalled(); }

    /**
     * wfi with the timer armed and not yet due: the running vCPU gives the hart back (its
     * quantum ends) and sleeps until the hypervisor's host time reaches the deadline; the
     * VM's other vCPUs go on running meanwhile.
     */
    void sleep() { vcpu().asleep = true; }

    /** True while every started vCPU waits in wfi for its timer (the VM as a whole sleeps). */
    public boolean asleep() {
        boolean any = false;
        for (Vcpu v : vcpus) {
            if (v.stopped) continue;
            if (!v.asleep) return false;
            any = true;
        }
        return any;
    }

    /** True while {@code v} waits in wfi: asleep until its timer, or the VM idle with it on turn. */
    boolean waiting(Vcpu v) { return v.asleep || (state == VmState.IDLE && v == vcpu()); }

    /** The vCPUs waiting in wfi, in order. */
    private List<Vcpu> waiters() {
        List<Vcpu> w = new ArrayList<>();
        for (Vcpu v : vcpus) if (waiting(v)) w.add(v);
        return w;
    }

    /** {@code v}'s timer has come: its clock skips the wait (counted as idle cycles) and it runs again. */
    void wake(Vcpu v) {
        v.idleUntilTimer();
        v.endWait();
        if (vcpu().asleep) rotate();   // the woken vCPU takes the turn the sleeping one holds
    }

    /** True while the VM waits in wfi: every started vCPU asleep until its timer, or idle with none. */
    public boolean waiting() { return asleep() || state == VmState.IDLE; }

    /**
     * Host time when the VM's first timer wakes it from wfi (Long.MAX_VALUE: no timer armed),
     * or -1 when it is not waiting or the hypervisor has not yet taken a vCPU off the hart.
     */
    public long wakeTime() {
        if (state == VmState.IDLE && vcpu().waitingSince >= 0) return Long.MAX_VALUE;
        return asleep() ? earliestWake() : -1;
    }

    /** The earliest wake-up time among the sleeping vCPUs (-1 while one of them has none set yet). */
    long earliestWake() {
        long wake = Long.MAX_VALUE;
        for (Vcpu v : vcpus) {
            if (!v.asleep) continue;
            if (v.wakeAt < 0) return -1;
            wake = Math.min(wake, v.wakeAt);
        }
        return wake;
    }

    /** Host time when the VM began to wait in wfi (its last vCPU to), or -1 (not waiting, or still on the hart). */
    public long waitingSince() {
        if (!waiting()) return -1;
        long since = -1;
        for (Vcpu v : waiters()) {
            if (v.waitingSince < 0) return -1;
            since = Math.max(since, v.waitingSince);
        }
        return since;
    }

    /**
     * Ends the VM's wait in wfi before the timer (an interrupt came): each waiting vCPU's
     * clock moves on by {@code idleCycles}, the time the VM waited, plus what it waited
     * before, and the VM runs again. Nothing happens when it is not waiting.
     */
    public void wakeUp(long idleCycles) {
        if (!waiting()) return;
        long since = waitingSince();
        for (Vcpu v : waiters()) wakeUp(v, idleCycles + (since < 0 || v.waitingSince < 0 ? 0 : since - v.waitingSince));
    }

    /** Ends {@code v}'s wait in wfi before its timer: its clock moves on by {@code idleCycles}, the time it waited. */
    void wakeUp(Vcpu v, long idleCycles) {
        if (!waiting(v)) return;
        v.idle(idleCycles);
        v.endWait();
        if (state == VmState.IDLE) {
            state = VmState.READY;
            message = "ready: woken from wfi by an interrupt";
        }
        if (vcpu().asleep) rotate();
    }

    /** Wakes the VM from wfi at its first timer's deadline (that vCPU's clock jumps there), as the hypervisor would. */
    public void wakeAtTimer() {
        if (!asleep()) return;
        long at = earliestWake();
        for (Vcpu v : vcpus) if (v.asleep && v.wakeAt == at) wake(v);
    }

    /**
     * True: the hypervisor no longer wakes this VM from wfi by itself (timer or interrupt);
     * its controller does, with {@link #wakeUp} or {@link #wakeAtTimer}. A replica uses it
     * so that both copies wake at the same point of the guest's execution.
     */
    public void holdWakeups(boolean held) { wakeupsHeld = held; }

    boolean wakeupsHeld() { return wakeupsHeld; }

    // ---------------------------------------------------------------- control by the VMM

    /** Holds the VM off the hart ({@code why} says what for) until {@link #resume}. */
    public void pause(String why) {
        if (why == null || why.isBlank()) throw new IllegalArgumentException("pause needs a reason");
        paused = why;
    }

    public void resume() { paused = null; }

    /** Why the VM is paused, or null when it is not. */
    public String paused() { return paused; }

    /**
     * Stops the guest when it has executed {@code guestInstruction} instructions (its vCPU's
     * {@link Vcpu#instructions} count, exactly) and calls {@code atStop} there, on the
     * hart, before the next instruction; the call may deliver input, pause the VM, or ask
     * for the next stop. -1 asks for none.
     */
    public void stopAt(long guestInstruction, Runnable atStop) {
        if (guestInstruction >= 0 && guestInstruction < guestInstructions())
            throw new IllegalArgumentException("VM '" + name + "' is past instruction " + guestInstruction + " already");
        this.stopAt = guestInstruction;
        this.atStop = guestInstruction < 0 ? null : atStop;
    }

    /** The guest instruction the controller's stop is at, or -1; and its action. */
    public long stopAtInstruction() { return stopAt; }

    public Runnable stopAction() { return atStop; }

    /**
     * A stop of a time traveller's, beside the controller's ({@link #stopAt}): the guest
     * stops when it has executed {@code guestInstruction} instructions and {@code atStop}
     * is called there, after the controller's action if both are due. -1 asks for none.
     */
    public void travelStopAt(long guestInstruction, Runnable atStop) {
        this.travelStop = guestInstruction;
        this.atTravelStop = guestInstruction < 0 ? null : atStop;
    }

    /** Guest instructions before the first stop asked for (0: there now), Long.MAX_VALUE when none. */
    long instructionsToStop() {
        long n = Long.MAX_VALUE, at = guestInstructions();
        if (stopAt >= 0) n = stopAt - at;
        if (travelStop >= 0) n = Math.min(n, travelStop - at);
        return n;
    }

    /** A stop is reached: one call of each action due (which may ask for the next stop). */
    void stopReached() {
        long at = guestInstructions();
        if (stopAt >= 0 && stopAt <= at) {
            Runnable action = atStop;
            stopAt = -1;
            atStop = null;
            if (action != null) action.run();
        }
        if (travelStop >= 0 && travelStop <= guestInstructions()) {
            Runnable action = atTravelStop;
            travelStop = -1;
            atTravelStop = null;
            if (action != null) action.run();
        }
    }

    /**
     * The guest's instructions so far: those of all its vCPUs (see {@link Vcpu#instructions}).
     * Its vCPUs take turns on the hart, one at a time, so each of the VM's instructions adds
     * one: a count names one moment of the VM, whichever vCPU ran to it.
     */
    public long guestInstructions() {
        long n = 0;
        for (Vcpu v : vcpus) n += v.instructions();
        return n;
    }

    // ---------------------------------------------------------------- live migration

    /** True when this VM can move to another host (see {@link #migrationRefusal}). */
    public boolean migratable() { return migrationRefusal() == null; }

    /** Why this VM cannot move to another host, or null when it can. */
    public String migrationRefusal() {
        if (options.disk() != null) return "its copy-on-write disk's blocks stay on this host (disks do not move yet)";
        if (options.nested() != null) return "it is nested: its guest hypervisor's virtual H extension does not move yet";
        if (machine == VmMachine.FULL) return "it is a whole machine: its virtual M-mode and board do not move yet";
        if (virtualization.migratable()) return null;
        return switch (technique) {
            case PV -> "under pv its page tables hold this host's machine frame numbers (direct paging)";
            case HW -> "it spans the NUMA nodes of its host (a G-stage per node, Disco's placement or replicas)";
            default -> technique.label + " cannot migrate";
        };
    }

    /**
     * The end of a live migration: this VM, created on another host with the same size,
     * technique and devices and not yet run, takes over {@code from}'s vCPU, technique
     * state, devices, console, run state and counters. Guest memory is copied page by page
     * by the migration itself; the VMM's own structures (G-stage, shadows) fill again on faults,
     * but a binary translator's cache moves with the vCPU (it may stand anywhere in it).
     */
    public void takeOver(Vm from) {
        if (from.technique != technique || from.memory.pmap().pages() != memory.pmap().pages())
            throw new IllegalArgumentException("VM '" + name + "' is not a copy of VM '" + from.name + "': size or technique differ");
        if (state != VmState.CREATED) throw new IllegalStateException("VM '" + name + "' has run already");
        if (hv.loaded() == from || hv.loaded() == this) throw new IllegalStateException("a VM on the hart cannot be moved");
        List<GuestDevices.Window> mine = devices.windows(), theirs = from.devices.windows();
        if (mine.size() != theirs.size()) throw new IllegalArgumentException("VM '" + name + "' has other devices than VM '" + from.name + "'");
        if (from.vcpus.length != vcpus.length) throw new IllegalArgumentException("VM '" + name + "' has " + vcpus.length + " vCPUs, '" + from.name + "' " + from.vcpus.length);
        for (int i = 0; i < vcpus.length; i++) {
            vcpus[i].copyFrom(from.vcpus[i]);
            vcpus[i].stopped = from.vcpus[i].stopped;
            vcpus[i].asleep = from.vcpus[i].asleep;
        }
        for (int i = 0; i < vcpus.length; i++) {   // each vCPU points at this host's roots
            current = i;
            virtualization.adopt(from.virtualization);
        }
        current = from.current;
        turnLeft = from.turnLeft;
        for (int i = 0; i < mine.size(); i++) copyState(theirs.get(i).device(), mine.get(i).device());
        copyState(from.console, console);
        state = from.state;
        exitCode = from.exitCode;
        message = from.message;
        image = from.image;
        System.arraycopy(from.exitCounts, 0, exitCounts, 0, exitCounts.length);
        exits = from.exits;
        insns = from.insns;
        guestTraps = from.guestTraps;
        tlbMisses = from.tlbMisses;
        walkReferences = from.walkReferences;
        translatorInsns = from.translatorInsns;
        waitHere();
    }

    private static void copyState(vmsh.state.Stateful from, vmsh.state.Stateful to) {
        vmsh.state.StateOut out = new vmsh.state.StateOut();
        from.save(out);
        to.restore(new vmsh.state.StateIn(out.toBytes()));
    }

    /**
     * Post-copy migration: {@code fetcher} is called with the guest page number whenever the
     * guest (or the VMM for it) touches a page still missing from the pmap ({@link
     * Pmap#expectPages}); it pauses the VM until the page is here, then the access runs again.
     */
    public void onMissingPage(java.util.function.IntConsumer fetcher) { this.missingPages = fetcher; }

    /** What fetches the pages a post-copy migration has not brought yet, or null. */
    public java.util.function.IntConsumer missingPageFetcher() { return missingPages; }

    /** A touch of missing page {@code gpn} at guest pc {@code pc}: a remote-fault exit; the fetcher pauses the VM. */
    void pageMissing(int gpn, int pc) {
        exit(ExitReason.REMOTE_FAULT, pc, watched() ? String.format("gpa 0x%08x is on another host", GuestMemory.BASE + ((long) gpn << 12)) : null);
        if (missingPages != null) missingPages.accept(gpn);
        if (paused == null) fault(String.format("guest page %d (gpa 0x%08x) is missing and nothing fetches it", gpn, GuestMemory.BASE + ((long) gpn << 12)));
    }

    // ---------------------------------------------------------------- memory faults

    /**
     * The exit a fault that the VMM serves by touching guest page {@code gpn} is, asked
     * before the touch: a swap-in when the page is on the swap device, a copy-on-write when
     * a write meets sharing the scanner made, a dirty-log fault when a write meets a page
     * dirty logging protects, otherwise {@code plain} (a first touch, a sampled page, a remap).
     */
    ExitReason touchReason(int gpn, boolean write, ExitReason plain) {
        Pmap pmap = memory.pmap();
        if (pmap.state(gpn) == PageState.SWAPPED) return ExitReason.SWAP_IN;
        if (write && pmap.sharedByScanner(gpn)) return ExitReason.COW;
        if (write && pmap.writeLogged(gpn)) return ExitReason.DIRTY_LOG;
        return plain;
    }

    // ---------------------------------------------------------------- exits

    /** Calls {@code hook} with every exit of this VM. */
    public void onExit(Consumer<ExitEvent> hook) {
        if (hook == null) throw new IllegalArgumentException("exit hook must not be null");
        hooks.add(hook);
    }

    /** Takes an exit hook away (vm.on's handle); true if it was there. */
    public boolean removeExitHook(Consumer<ExitEvent> hook) { return hooks.remove(hook); }

    /** True when someone listens to exits (then the VMM spends time describing them). */
    boolean watched() { return !hooks.isEmpty(); }

    /** Counts an exit; {@code detail} (null unless {@link #watched}) goes to the hooks. */
    void exit(ExitReason reason, int pc, String detail) {
        exitCounts[reason.ordinal()]++;
        exits++;
        if (levels != null) levels.exit(reason);
        if (!hooks.isEmpty() && !hv.replaying()) {
            ExitEvent e = new ExitEvent(name, reason, pc, detail == null ? "" : detail);
            for (Consumer<ExitEvent> h : List.copyOf(hooks)) h.accept(e);
        }
    }

    public long exits() { return exits; }

    public long exits(ExitReason r) { return exitCounts[r.ordinal()]; }

    // ---------------------------------------------------------------- looking inside

    public String name() { return name; }

    public Technique technique() { return technique; }

    /** An SBI platform or a whole machine. */
    public VmMachine machine() { return machine; }

    /** The CLINT, PLIC and tohost of a whole-machine guest, else null. */
    VirtualBoard board() { return board; }

    public VmState state() { return state; }

    public int exitCode() { return exitCode; }

    /** Where it is, in a line; current while it runs (a ready VM's pc is read live). */
    public String message() {
        if (state != VmState.READY) return message;
        // every run's result carries this line: no String.format on that path
        String pc = "pc 0x" + HexFormat.of().toHexDigits(livePc());
        if (asleep()) return "waiting in wfi for its timer at " + pc;
        if (memory.stalled()) return "stalled for host memory at " + pc;
        return "ready at " + pc;
    }

    /** The guest's pc now, without taking the vCPU off the hart (a message may be asked for from an exit hook). */
    private int livePc() { return virtualization.guestPc(hv.loaded() == this ? hv.hart().pc : vcpu().pc); }

    public Console console() { return console; }

    public VmMemory memory() { return memory; }

    public GuestMemory guest() { return guest; }

    public GuestDevices devices() { return devices; }

    /** The VM's interrupt controller (its virtual PLIC and the devices' lines). */
    public VirtualInterrupts interrupts() { return interrupts; }

    /**
     * Plugs {@code device} in at guest-physical {@code gpa}, its accesses emulated like the
     * UART's; a device that interrupts connects its line with {@link #interrupts()}.
     */
    public void attach(long gpa, vmsh.mem.Device device) {
        if (devices.at(gpa) != null || devices.at(gpa + device.size() - 1) != null || guest.contains(gpa, 1))
            throw new IllegalArgumentException(String.format("VM '%s': guest-physical 0x%08x is taken", name, gpa));
        devices.map(gpa, device);
    }

    /** The vCPU on the hart, or the one whose turn is next. */
    public Vcpu vcpu() { return vcpus[current]; }

    /** Every vCPU, by id. */
    public List<Vcpu> vcpus() { return List.of(vcpus); }

    public VmOptions options() { return options; }

    /** The NUMA counters, or null on a uniform host. */
    NumaPages numa() { return numa; }

    public Hypervisor hypervisor() { return hv; }

    /** The guest's pc (where its vCPU is, as the guest sees it; a binary translator's cache addresses map back). */
    public int pc() { return debugTarget().pc(); }

    /** Its vCPU as a debuggable target: hooks, breakpoints and watchpoints on guest addresses. */
    public VcpuTarget debugTarget() {
        if (debugTarget == null) debugTarget = new VcpuTarget(this);
        return debugTarget;
    }

    VcpuTarget debugTargetOrNull() { return debugTarget; }

    /**
     * The VMM delivered a trap to the guest (reflected, injected or bounced): its trap hooks
     * see it as they see one the hart delivers. {@code from} and {@code to}: the guest's
     * privilege before it and its handler's, as the technique delivers it ({@code virt}: by
     * VS-mode trap entry on the hart, else on the VMM's virtual hart or shared page).
     */
    void trapDelivered(int cause, int tval, int epc, int handler, int from, int to, boolean virt) {
        if (debugTarget != null && debugTarget.watchesTraps())
            debugTarget.trapDelivered(new TrapEvent(cause & ~MCAUSE_INTERRUPT, cause < 0, tval, epc, handler, from, to, virt));
    }

    /** The binary translator's counters ({@code bt}), or null under another technique. */
    public TranslatorStats translations() {
        hv.unload();
        return virtualization instanceof BinaryTranslation bt ? bt.translatorStats() : null;
    }

    /** What a paravirtual guest asked of the VMM ({@code pv}), or null under another technique. */
    public PvStats paravirtual() {
        hv.unload();
        return virtualization instanceof Paravirtual pv ? pv.pvStats() : null;
    }

    /** The image loaded, or null. */
    public Image image() { return image; }

    /** The parameters the image was loaded with (symbol to 32-bit word), in the order given. */
    public Map<String, Integer> params() { return params; }

    /** Bytes of this VM's own state as saved: console, devices and vCPUs (the VMM's tables are host frames). */
    long stateBytes() {
        hv.unload();
        vmsh.state.StateOut out = new vmsh.state.StateOut();
        out.section("console", console);
        for (vmsh.mem.Device d : devices.devices()) out.section(d.name(), d);
        for (Vcpu v : vcpus) v.save(out);
        return out.toBytes().length;
    }

    /** Every guest page that is not untouched: gpn, mpn, state, sharers. */
    public List<PmapEntry> pmap() { return memory.pmap().entries(); }

    /** How guest virtual address {@code gva} translates for a load (see {@link VmTranslation}). */
    public VmTranslation translate(int gva) { return translate(gva, Access.LOAD); }

    public VmTranslation translate(int gva, int access) {
        Access.name(access);
        hv.unload();
        return virtualization.translate(gva, access);
    }

    /**
     * For a nested VM: how an address of its guest's guest (L2, at privilege {@code priv})
     * translates through L2's table, L1's G-stage and L0's, and over the shadow G-stage.
     */
    public NestedTranslation translateNested(int gva, int access, int priv) {
        Access.name(access);
        if (!(virtualization instanceof NestedHardwareAssisted n))
            throw new IllegalStateException("VM '" + name + "' is not nested: a level-2 translation needs nested: true");
        hv.unload();
        return n.translateL2(gva, access, priv);
    }

    /**
     * The guest's own page table as the guest set it up (its satp; guest-virtual to
     * guest-physical), merged into ranges as QEMU's info mem; read without touching a page.
     */
    public List<Mapping> pageTable() {
        hv.unload();
        return PageTableDump.sv32(peekedTables(), virtualization.guestSatp());
    }

    /** The guest's page tables in guest-physical memory, read as a debugger reads them (nothing touched, nothing written). */
    PageTableMemory peekedTables() {
        return new PageTableMemory() {
            @Override public long readPte(long gpa) {
                return guest.contains(gpa, 4) && (gpa & 3) == 0 ? peek(gpa, 4) & 0xffff_ffffL : -1;
            }

            @Override public boolean writePte(long gpa, int pte) { return false; }
        };
    }

    /**
     * Guest-physical memory as a debugger reads it ({@code width} 1, 2 or 4 bytes, aligned):
     * a page the guest never touched, or gave to its balloon, reads 0 and stays as it is.
     */
    public int peek(long gpa, int width) {
        PageState s = memory.pmap().entry(guest.gpn(gpa)).state();
        if (s == PageState.UNBACKED || s == PageState.BALLOONED) return 0;
        return guest.load(gpa, width);
    }

    /**
     * Writes guest-physical memory as a debugger does ({@code width} 1, 2 or 4 bytes,
     * aligned): the page becomes the VM's own (a shared page is copied), and what was built
     * from it goes (the host's decoded code, bt's translations, a traced shadow's entries).
     */
    public void poke(long gpa, int width, int value) {
        guest.store(gpa, width, value);
        hv.engine().forgetFrame(memory.pmap().mpn(guest.gpn(gpa)));
        virtualization.poked(gpa, width);
    }

    /** The host TLB's valid entries that translate for this VM. */
    public List<TlbEntry> tlb() {
        return hv.engine().mmu().tlbEntries().stream().filter(virtualization::owns).toList();
    }

    /** The privilege the guest believes it runs at: PRV_S (its kernel) or PRV_U (its tasks). */
    public int guestPrivilege() {
        hv.unload();
        return virtualization.guestPrivilege();
    }

    /** The VMM's translation tables for this VM: the G-stage (hw) or the shadow tables (trap). */
    public List<ShadowView> shadow() {
        hv.unload();
        return virtualization.shadow();
    }

    /** Cycles the VMM spent on this VM's exits so far, priced by the cost model. */
    long exitCycles() {
        CostModel c = hv.costs();
        long total = 0;
        for (ExitReason r : ExitReason.ALL) total += exitCounts[r.ordinal()] * c.exit(r);
        return total;
    }

    /** Simulated cycles so far, priced by the hypervisor's cost model. */
    public long cycles() {
        CostModel c = hv.costs();
        long total = (insns + translatorInsns) * c.instruction() + walkReferences * c.walkReference() + guestTraps * c.trap()
                + idleCycles() + (numa == null ? 0 : numa.cycles());
        for (ExitReason r : ExitReason.ALL) total += exitCounts[r.ordinal()] * c.exit(r);
        return total + virtualization.vmmCycles(c);
    }

    public VmStats stats() {
        hv.unload();
        Map<String, Long> byReason = new LinkedHashMap<>();
        for (ExitReason r : ExitReason.ALL) byReason.put(r.label(), exitCounts[r.ordinal()]);
        return new VmStats(name, technique.label, insns, cycles(), exits, virtualization.callouts(), Collections.unmodifiableMap(byReason),
                guestTraps, tlbMisses, walkReferences, idleCycles());
    }

    /** The host TLB as this VM used it, and its superpages. */
    public VmTlbStats tlbStats() {
        hv.unload();
        var sp = memory.pmap().superpages();
        return new VmTlbStats(tlbLookups, tlbMisses, walkReferences, virtualization.megapages(),
                sp == null ? vmsh.hostmem.SuperpageStats.NONE : sp.stats());
    }

    private long idleCycles() {
        long idle = 0;
        for (Vcpu v : vcpus) idle += v.idleCycles();
        return idle;
    }

    /** What the NUMA host saw of this VM: misses local and remote, moves; null on a uniform host. */
    public NumaStats numaStats() {
        hv.unload();
        return numa == null ? null : numa.stats();
    }

    /** True when the guest sees the H extension (a nested VM: its guest is a hypervisor). */
    public boolean nested() { return levels != null; }

    /** How L0 pages a nested VM's guest of a guest, or null when not nested. */
    public NestedPaging nestedPaging() {
        return virtualization instanceof NestedHardwareAssisted n ? n.paging() : null;
    }

    /**
     * A nested VM's exits by level: which level was on the hart (L1, the guest hypervisor, or
     * L2, its guest) and which finished it (L0 alone, or L1), by reason; empty when not nested.
     */
    public List<NestedExits.Row> levels() {
        hv.unload();
        return levels == null ? List.of() : levels.rows(hv.costs());
    }

    /** A nested VM's level totals and exit multiplication, or null when not nested. */
    public NestedExits.Summary nesting() {
        hv.unload();
        return levels == null ? null : levels.summary();
    }

    SbiEnvironment sbiEnvironment() { return sbi; }

    /** Its block device (SBI VMSH_BLOCK), or null without a disk. */
    public vmsh.hv.sbi.BlockExtension block() { return block; }

    /** The disk's counters, or null without a disk. */
    public vmsh.hostmem.DiskStats diskStats() { return block == null ? null : block.disk().stats(); }

    /** A disk read filled guest page {@code gpa} in place: decoded code and what the VMM built from the page go. */
    private void pageFilled(long gpa) {
        int mpn = memory.pmap().mpn(guest.gpn(gpa));
        if (mpn >= 0) hv.engine().forgetFrame(mpn);
        virtualization.guestWritten(gpa, 4096);
    }

    /** The VMM's side of this VM's balloon (SBI VMSH_BALLOON). */
    public BalloonExtension balloon() { return balloon; }

    // ---------------------------------------------------------------- state

    /**
     * The VM's state (run state, exit code, message, counters, the sleep), its console and
     * devices, the vCPU, the balloon calls and the technique's tables (the vCPU off the hart).
     * Hooks are not state. The memory is the host's.
     */
    void save(vmsh.state.StateOut out) {
        out.putInt(state.ordinal()).putInt(exitCode).putString(message).putLongs(exitCounts).putLong(exits);
        out.putLongs(new long[] {insns, guestTraps, tlbLookups, tlbMisses, walkReferences, translatorInsns});
        for (Vcpu v : vcpus) out.putBoolean(v.asleep).putLong(v.wakeAt).putLong(v.waitingSince);
        out.putString(paused).putBoolean(wakeupsHeld);
        saveDevicesAndVcpus(out, false);
        if (block != null) out.section("disk", block.disk());
        if (numa != null) numa.save(out);
        virtualization.save(out);
    }

    void restore(vmsh.state.StateIn in, Image image) {
        int s = in.getInt();
        if (s < 0 || s >= VmState.values().length) throw new vmsh.state.StateException("VM '" + name + "': state " + s);
        state = VmState.values()[s];
        exitCode = in.getInt();
        message = in.getString();
        in.getLongs(exitCounts);
        exits = in.getLong();
        long[] c = new long[6];
        in.getLongs(c);
        insns = c[0]; guestTraps = c[1]; tlbLookups = c[2]; tlbMisses = c[3]; walkReferences = c[4]; translatorInsns = c[5];
        for (Vcpu v : vcpus) {
            v.asleep = in.getBoolean();
            v.wakeAt = in.getLong();
            v.waitingSince = in.getLong();
        }
        paused = in.getString();
        wakeupsHeld = in.getBoolean();
        restoreDevicesAndVcpus(in);
        if (block != null) in.section("disk", block.disk());
        if (numa != null) numa.restore(in);
        virtualization.restore(in);
        this.image = image;
    }

    /**
     * The console, the devices, the vCPUs and the balloon driver's calls. {@code apart}
     * (a VM's own snapshot): the vCPUs at the pc the snapshot holds ({@link Virtualization#savedPc}), the CSRs that point at the VMM's tables left 0.
     */
    private void saveDevicesAndVcpus(vmsh.state.StateOut out, boolean apart) {
        out.section("console", console);
        for (vmsh.mem.Device d : devices.devices()) out.section(d.name(), d);
        out.putInt(current);
        out.putLong(turnLeft);
        for (Vcpu v : vcpus) {
            int pc = v.pc;
            if (apart) v.pc = virtualization.savedPc(pc);
            v.save(out, apart ? virtualization.hostRoots() : 0);
            v.pc = pc;
        }
        balloon.save(out);
    }

    private void restoreDevicesAndVcpus(vmsh.state.StateIn in) {
        in.section("console", console);
        for (vmsh.mem.Device d : devices.devices()) in.section(d.name(), d);
        current = in.getInt();
        if (current < 0 || current >= vcpus.length) throw new vmsh.state.StateException("VM '" + name + "': vCPU " + current);
        turnLeft = in.getLong();
        if (turnLeft < 0) throw new vmsh.state.StateException("VM '" + name + "': turn " + turnLeft);
        for (Vcpu v : vcpus) v.restore(in);
        balloon.restore(in);
    }

    /**
     * Takes {@code source}'s guest state (a clone; the memory is the pmap's): run state, the
     * vCPUs, console and devices, the balloon driver, the technique's view of the guest.
     * Counters start at zero.
     */
    void copyGuest(Vm source) {
        state = source.state;
        exitCode = source.exitCode;
        message = source.message;
        image = source.image;
        params = source.params;
        copy(source.console, console);
        List<vmsh.mem.Device> mine = devices.devices(), theirs = source.devices.devices();
        for (int i = 0; i < mine.size(); i++) copy(theirs.get(i), mine.get(i));
        vmsh.state.StateOut out = new vmsh.state.StateOut();
        for (Vcpu v : source.vcpus) v.save(out);
        vmsh.state.StateIn in = new vmsh.state.StateIn(out.toBytes());
        for (Vcpu v : vcpus) v.restore(in);
        for (int i = 0; i < vcpus.length; i++) {   // a clone of a waiting VM wakes as it would
            vcpus[i].asleep = source.vcpus[i].asleep;
            vcpus[i].wakeAt = source.vcpus[i].wakeAt;
            vcpus[i].waitingSince = source.vcpus[i].waitingSince;
        }
        current = source.current;
        turnLeft = source.turnLeft;
        copy(source.memory.balloon(), memory.balloon());
        if (block != null) copy(source.block.disk(), block.disk());
        virtualization.adopt(source.virtualization);
    }

    /** A clone's counters start at zero, as a new VM's: instructions, exits by reason, traps, TLB lookups and misses. */
    void zeroCounters() {
        java.util.Arrays.fill(exitCounts, 0);
        exits = 0;
        insns = guestTraps = tlbLookups = tlbMisses = walkReferences = translatorInsns = 0;
        virtualization.zeroCounters();
    }

    private static void copy(vmsh.state.Stateful from, vmsh.state.Stateful to) {
        vmsh.state.StateOut out = new vmsh.state.StateOut();
        from.save(out);
        to.restore(new vmsh.state.StateIn(out.toBytes()));
    }

    // ---------------------------------------------------------------- its own snapshot

    /**
     * This VM now, apart from its host (see {@link VmSnapshot}): its pages' frames are
     * shared copy-on-write, not copied. Between runs only; hooks are not part of it.
     */
    public VmSnapshot snapshot() { return snapshot(true); }

    /** This VM now; {@code warm}: with the VMM's warm state (a rollback leaves it out: the tables refill on faults after a failed restore). */
    private VmSnapshot snapshot(boolean warm) {
        hv.unload();
        virtualization.checkVmSnapshot();
        checkAllHere();
        hv.settle(this);
        Pmap pmap = memory.pmap();
        java.util.BitSet ballooned = new java.util.BitSet();
        List<Integer> gpns = new ArrayList<>();
        List<int[]> words = new ArrayList<>();
        vmsh.mem.Ram ram = hv.host().frames().ram();
        int[][] sharedFrames = new int[ram.frameSlots()][];   // by frame: shared once, whichever pages it backs
        java.util.BitSet shared = new java.util.BitSet();
        for (PmapEntry e : pmap.entries()) {
            int[] w = switch (e.state()) {
                case PRIVATE, SHARED -> {
                    if (!shared.get(e.mpn())) {
                        shared.set(e.mpn());
                        sharedFrames[e.mpn()] = ram.share(e.mpn());
                    }
                    yield sharedFrames[e.mpn()];
                }
                case SWAPPED -> hv.host().swap().stored(e.swapSlot());
                case BALLOONED -> {
                    ballooned.set(e.gpn());
                    yield null;
                }
                default -> null;   // untouched, or the zero frame
            };
            if (w == null || (w = virtualization.savedPage(e.mpn(), w, !warm)) == null) continue;
            gpns.add(e.gpn());
            words.add(w);
        }
        hv.engine().refreshStorePaths(shared.stream().filter(m -> sharedFrames[m] != null).toArray());
        vmsh.state.StateOut guestOut = new vmsh.state.StateOut(), countersOut = new vmsh.state.StateOut();
        guestOut.putLongs(ballooned.toLongArray());
        saveGuest(guestOut);
        countersOut.putLongs(exitCounts).putLong(exits).putLongs(new long[] {insns, guestTraps, tlbLookups, tlbMisses, walkReferences, translatorInsns});
        if (levels != null) levels.save(countersOut);
        virtualization.saveCounters(countersOut);
        vmsh.state.StateOut warmOut = new vmsh.state.StateOut();
        if (warm) virtualization.saveWarm(warmOut, pageOfFrame());
        return new VmSnapshot(hv.spec(this), guestOut.toBytes(), countersOut.toBytes(),
                new vmsh.state.FrameSet(pmap.pages(), gpns.stream().mapToInt(Integer::intValue).toArray(), words.toArray(new int[0][])),
                warmOut.toBytes());
    }

    /** The host-physical page number of guest page {@code gpn}'s frame, -1 when it has none. */
    int physicalPage(int gpn) {
        int mpn = memory.pmap().mpn(gpn);
        return mpn < 0 ? -1 : (int) (hv.host().frames().physicalAddress(mpn) >>> 12);
    }

    /** The guest page a host-physical page number backs, -1 for a frame that is not one page's own (shared, the zero frame, the host's). */
    private java.util.function.IntUnaryOperator pageOfFrame() {
        java.util.Map<Integer, Integer> pages = new java.util.HashMap<>();   // made on first use: a technique may need none
        return ppn -> {
            if (pages.isEmpty()) {
                for (PmapEntry e : memory.pmap().entries()) {
                    if (e.state() != vmsh.hostmem.PageState.PRIVATE) continue;
                    int p = (int) (hv.host().frames().physicalAddress(e.mpn()) >>> 12);
                    pages.put(p, pages.containsKey(p) ? -1 : e.gpn());
                }
                pages.putIfAbsent(-1, -1);
            }
            return pages.getOrDefault(ppn, -1);
        };
    }

    /** Run state, console, devices, vCPUs (without the host's roots), balloon, disk overlay, the technique's view of the guest. */
    private void saveGuest(vmsh.state.StateOut out) {
        out.putInt(state.ordinal()).putInt(exitCode).putString(message);
        for (Vcpu v : vcpus) out.putBoolean(v.asleep);
        saveDevicesAndVcpus(out, true);
        out.section("balloon", memory.balloon());
        if (block != null) out.section("disk", block.disk());
        virtualization.saveGuest(out);
    }

    /**
     * Puts this VM back in the state {@code s} holds (a snapshot of it, or of a VM built the
     * same way): its pages take the snapshot's contents on frames of their own, the VMM's
     * tables for it and its host TLB entries come back from the snapshot's warm state where
     * the technique keeps one (else they start empty and fill again on faults); the host's
     * other VMs are left as they are. A snapshot that does not fit throws and changes nothing.
     */
    public void restore(VmSnapshot s) {
        hv.unload();
        virtualization.checkVmSnapshot();
        checkAllHere();
        String misfit = misfit(s);
        if (misfit != null) throw new IllegalArgumentException(misfit);
        VmSnapshot before = state == VmState.CREATED ? null : snapshot(false);   // a rollback, should s not fit after all
        try {
            apply(s);
        } catch (RuntimeException e) {
            if (before != null) apply(before);
            throw e;
        }
    }

    /** Throws while a post-copy migration still brings pages: their contents are on the other host. */
    private void checkAllHere() {
        int away = memory.pmap().missingPages();
        if (away > 0) throw new IllegalStateException("VM '" + name + "' is arriving by post-copy migration: " + away
                + " of its pages are still on the other host");
    }

    /** Why {@code s} cannot be restored into this VM (another size, technique or options), or null when it can. */
    public String misfit(VmSnapshot s) {
        HvSnapshot.VmSpec want = s.spec(), have = hv.spec(this);
        if (want.memoryBytes() != have.memoryBytes() || want.technique() != have.technique()
                || !HvSnapshot.VmSpec.sameOptions(want.options(), have.options()))
            return "the snapshot of VM '" + want.name() + "' (" + want.technique().label + ", " + (want.memoryBytes() >> 20) + " MiB) "
                    + "is of another build than VM '" + name + "' (" + technique.label + ", " + (guest.size() >> 20) + " MiB)";
        return null;
    }

    private void apply(VmSnapshot s) {
        vmsh.state.StateIn in = new vmsh.state.StateIn(s.guest());
        long[] ballooned = in.getLongsAny();
        if (ballooned == null) throw new vmsh.state.StateException("VM '" + name + "': no ballooned pages in the snapshot");
        virtualization.forgetTables();
        memory.pmap().restoreContents(s.pages(), java.util.BitSet.valueOf(ballooned));
        int st = in.getInt();
        if (st < 0 || st >= VmState.values().length) throw new vmsh.state.StateException("VM '" + name + "': state " + st);
        state = VmState.values()[st];
        exitCode = in.getInt();
        message = in.getString();
        for (Vcpu v : vcpus) v.asleep = in.getBoolean();
        restoreDevicesAndVcpus(in);
        in.section("balloon", memory.balloon());
        if (block != null) in.section("disk", block.disk());
        virtualization.restoreGuest(in);
        if (!in.atEnd()) throw new vmsh.state.StateException("VM '" + name + "': the snapshot goes on after its last part");
        vmsh.state.StateIn c = new vmsh.state.StateIn(s.counters());
        c.getLongs(exitCounts);
        exits = c.getLong();
        long[] k = new long[6];
        c.getLongs(k);
        insns = k[0]; guestTraps = k[1]; tlbLookups = k[2]; tlbMisses = k[3]; walkReferences = k[4]; translatorInsns = k[5];
        if (levels != null) levels.restore(c);   // a nested VM's exits by level
        virtualization.restoreCounters(c);
        if (s.warm().length > 0) virtualization.restoreWarm(new vmsh.state.StateIn(s.warm()));
        image = s.spec().image();
        waitHere();
    }

    /** A VM that waits in wfi goes on waiting on this host from now: its timer's remaining time, counted in host time. */
    private void waitHere() {
        for (Vcpu v : vcpus) {
            v.waitingSince = -1;
            v.wakeAt = -1;
            if (waiting(v)) {
                v.waitingSince = hv.now();
                long timer = v.cyclesUntilTimer();
                v.wakeAt = !v.asleep ? -1 : timer == Long.MAX_VALUE ? Long.MAX_VALUE : v.waitingSince + timer;
            }
        }
    }

    Virtualization virtualization() { return virtualization; }

    @Override public String toString() {
        return String.format("VM %s (%s, %d MiB): %s", name, technique, guest.size() >> 20, message());
    }
}
