package vmsh.debug;

import vmsh.asm.Disassembler;
import vmsh.machine.Machine;
import vmsh.machine.TrapEvent;
import vmsh.mmu.Access;
import vmsh.mmu.Translation;

/**
 * What a hook sees when it is called: the machine (registers and memory, to read and
 * write), where the hart is, and for access and trap hooks the access or the trap. One
 * context is reused from call to call: it is valid during the call only.
 */
public final class HookContext {
    private final Machine machine;
    private Hook hook;
    private int pc;
    /** The instruction word at the pc, when known (hasWord). */
    private int word;
    private boolean hasWord;
    // an access (read, write, watch)
    private int address, width, value, oldValue;
    private boolean write, hasOld;
    // a trap or interrupt
    private TrapEvent trap;
    private String stop;

    HookContext(Machine machine) { this.machine = machine; }

    /** Starts a call of {@code hook} at {@code pc}. */
    HookContext at(Hook hook, int pc) {
        this.hook = hook;
        this.pc = pc;
        this.hasWord = false;
        this.trap = null;
        this.hasOld = false;
        return this;
    }

    /** The instruction word at the pc, as the engine fetched it. */
    HookContext word(int word) {
        this.word = word;
        this.hasWord = true;
        return this;
    }

    HookContext access(int address, int width, int value, boolean write) {
        this.address = address;
        this.width = width;
        this.value = value;
        this.write = write;
        return this;
    }

    HookContext old(int oldValue) {
        this.oldValue = oldValue;
        this.hasOld = true;
        return this;
    }

    HookContext trap(TrapEvent e) {
        this.trap = e;
        return this;
    }

    public Machine machine() { return machine; }

    /** The hook being called. */
    public Hook hook() { return hook; }

    public HookKind kind() { return hook.kind(); }

    /** The instruction's address (for a trap: the trapping instruction's). */
    public int pc() { return pc; }

    /** The instruction word at the pc, or null when it cannot be fetched. */
    public Integer word() {
        if (!hasWord) {
            Integer w = machine.instructionAt(pc);
            if (w == null) return null;
            word(w);
        }
        return word;
    }

    /** The instruction at the pc in assembly, e.g. "addi a0, a0, 1". */
    public String insn() {
        Integer w = word();
        return w == null ? "(cannot be fetched)" : Disassembler.instruction(w, pc);
    }

    /** The virtual address an access used (read, write, watch hooks). */
    public int address() { return address; }

    /** The physical address of the access (through the MMU as it is now), or -1 when it does not translate. */
    public long physical() {
        Translation t = machine.translate(address, write ? Access.STORE : Access.LOAD);
        return t.ok() ? t.pa() : -1;
    }

    /** 1, 2 or 4 bytes. */
    public int width() { return width; }

    /** The value read or written (zero-extended to the width). */
    public int value() { return value; }

    /** For a write watchpoint: the value before the write; otherwise the value. */
    public int oldValue() { return hasOld ? oldValue : value; }

    /** A write (else a read). */
    public boolean write() { return write; }

    /** The trap or interrupt (trap and interrupt hooks), else null. */
    public TrapEvent trap() { return trap; }

    /** Ends the run after this hook (the run returns with reason break and this message). */
    public void stop(String why) { stop = why == null ? "stopped by " + hook : why; }

    public void stop() { stop(null); }

    public boolean stopped() { return stop != null; }

    /** The stop message, taken (cleared) by the caller. */
    String takeStop() {
        String s = stop;
        stop = null;
        return s;
    }
}
