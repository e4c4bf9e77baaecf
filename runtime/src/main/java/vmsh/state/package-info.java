/**
 * State as a value: how a component writes its exact state and reads it back.
 *
 * <p>Every part of a machine that a run depends on (the hart and its CSRs, the clock, the
 * engine's translation caches, the TLB, each device, the console) is {@link
 * vmsh.state.Stateful}: it writes its fields into a named section of a {@link
 * vmsh.state.StateOut} and reads them back, in the same order, from a {@link
 * vmsh.state.StateIn}. Memory is not copied: a {@link vmsh.state.FrameSet} holds RAM
 * frames that the running machine shares copy-on-write. {@link vmsh.state.StateHash}
 * digests both into one hash, so two states compare by value.
 *
 * <p>Saved state is cut in pieces ({@link vmsh.state.StateParts}): one saved after another
 * shares the pieces that did not change, and a {@link vmsh.state.Versioned} part that did not
 * change is not even saved again, so checkpoints taken often cost what changed between them.
 *
 * <p>Hooks, breakpoints, traces and JavaScript callbacks are not state: they belong to the
 * user watching the machine, and stay as they are across a restore.
 *
 * <p>It is a bottom layer: it imports nothing of vmsh, and every part that has state imports it.
 */
package vmsh.state;
