package vmsh.shell.snapshot;

import java.util.List;
import java.util.Map;
import vmsh.state.FrameSet;

/**
 * What a snapshot file holds, whatever took the snapshot.
 *
 * @param kind   "machine" (a bare machine), "hypervisor" (a host with its VMs), "vm" (one VM apart
 *               from its host) or "recording"
 * @param header facts a reader needs before the state (the configuration, the instruction
 *               count, the image's symbols, the state hash), as JSON values: maps, lists,
 *               strings, numbers, booleans
 * @param states the saved parts (vmsh.state sections), and other byte blocks a kind needs (a
 *               recording's input events), in a fixed order per kind
 * @param frames the frame sets (RAM; the swap device's pages), in a fixed order per kind
 */
public record SnapshotContents(String kind, Map<String, Object> header, List<byte[]> states, List<FrameSet> frames) {
    /** Contents with one block of saved parts. */
    public SnapshotContents(String kind, Map<String, Object> header, byte[] state, List<FrameSet> frames) {
        this(kind, header, List.of(state), frames);
    }

    /** The first block of saved parts. */
    public byte[] state() { return states.get(0); }
}
