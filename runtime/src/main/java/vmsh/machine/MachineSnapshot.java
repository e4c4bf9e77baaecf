package vmsh.machine;

import vmsh.state.FrameSet;
import vmsh.state.StateHash;

/**
 * A bare machine's whole state at one instruction boundary, as a value: the saved parts
 * (hart, CSRs, clock, engine and TLB, devices, console) and RAM's frames, shared
 * copy-on-write with the machine it came from. Restoring it, into that machine or into a
 * new one of the same configuration, gives the same future for the same input.
 *
 * @param config the machine's build (RAM size, TLB shape, A/D updating)
 * @param state  the saved parts, as {@link vmsh.state.StateOut} wrote them
 * @param ram    RAM's frames
 * @param insns  instructions executed up to this point
 */
public record MachineSnapshot(MachineConfig config, byte[] state, FrameSet ram, long insns) {
    /** A SHA-256 of the whole state (see {@link StateHash}): equal states, equal hashes. */
    public String hash() { return new StateHash().add(state).add(ram).hex(); }

    /** Host bytes this snapshot holds: its saved parts plus RAM frames (shared ones counted too). */
    public long bytes() { return state.length + ram.bytes(); }
}
