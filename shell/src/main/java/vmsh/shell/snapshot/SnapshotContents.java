package vmsh.shell.snapshot;

import java.util.List;
import java.util.Map;
import vmsh.state.FrameSet;

/**
 * What a snapshot file holds, whatever took the snapshot.
 *
 * @param kind   "machine" (a bare machine) or "hypervisor" (a host with its VMs)
 * @param header facts a reader needs before the state (the configuration, the instruction
 *               count, the image's symbols, the state hash), as JSON values: maps, lists,
 *               strings, numbers, booleans
 * @param state  the saved parts (vmsh.state sections)
 * @param frames the frame sets (RAM; the swap device's pages), in a fixed order per kind
 */
public record SnapshotContents(String kind, Map<String, Object> header, byte[] state, List<FrameSet> frames) {}
