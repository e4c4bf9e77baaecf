package vmsh.history;

import java.util.Arrays;
import vmsh.machine.Machine;
import vmsh.machine.MachineSnapshot;

/**
 * One piece of outside input, at the instruction count {@link #at} where it arrived (the
 * instructions executed before it). Events from inside a run also carry the pc then: a hook
 * before an instruction runs after an interrupt taken at that boundary, so replay takes the
 * interrupt first when the pc says so.
 */
public sealed interface InputEvent {
    long at();

    /** Makes the same change to {@code m}, which is at instruction {@link #at}. */
    void apply(Machine m);

    /** Bytes queued for the guest's console. */
    record ConsoleInput(long at, byte[] bytes) implements InputEvent {
        @Override public void apply(Machine m) { m.console().feed(bytes); }

        @Override public boolean equals(Object o) {
            return o instanceof ConsoleInput c && c.at == at && Arrays.equals(c.bytes, bytes);
        }

        @Override public int hashCode() { return Long.hashCode(at) * 31 + Arrays.hashCode(bytes); }
    }

    /** The console's text cleared. */
    record ConsoleCleared(long at) implements InputEvent {
        @Override public void apply(Machine m) { m.console().clear(); }
    }

    /** A register set from a hook during a run. */
    record RegisterWrite(long at, int pc, int register, int value) implements InputEvent {
        @Override public void apply(Machine m) {
            atPc(m, pc);
            m.setReg(register, value);
        }
    }

    /** A CSR written from a hook during a run (the value as written, before its WARL rules). */
    record CsrWrite(long at, int pc, int csr, int value) implements InputEvent {
        @Override public void apply(Machine m) {
            atPc(m, pc);
            m.setCsr(csr, value);
        }
    }

    /** The privilege mode set from a hook during a run. */
    record PrivilegeWrite(long at, int pc, int privilege) implements InputEvent {
        @Override public void apply(Machine m) {
            atPc(m, pc);
            m.setPrivilege(privilege);
        }
    }

    /** The pc set from a hook during a run. */
    record PcWrite(long at, int pc, int value) implements InputEvent {
        @Override public void apply(Machine m) {
            atPc(m, pc);
            m.setPc(value);
        }
    }

    /** Physical memory written from a hook during a run. */
    record MemoryWrite(long at, int pc, int address, int width, int value) implements InputEvent {
        @Override public void apply(Machine m) {
            atPc(m, pc);
            m.write(address, width, value);
        }
    }

    /** Changes made between runs (a register set, memory written, an image loaded): the state after them. */
    record StateChange(long at, MachineSnapshot state) implements InputEvent {
        @Override public void apply(Machine m) { m.rewind(state); }
    }

    /** A hook's change came after the interrupt taken at its boundary: take it first. */
    private static void atPc(Machine m, int pc) {
        if (m.pc() != pc) m.takePendingInterrupt();
    }
}
