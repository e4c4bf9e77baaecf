package vmsh.board;

/**
 * What a run did: why it stopped, how many instructions it retired and cycles it took,
 * the guest's exit code (meaningful when {@code reason} is HALT) and a one-line message.
 */
public record RunResult(StopReason reason, long insns, long cycles, int exitCode, String message) {}
