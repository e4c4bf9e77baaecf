package vmsh.dc;

/**
 * How a run of the cluster ended.
 *
 * @param reason  "time" (it ran the time asked for), "stopped" (Ctrl-C, a time limit) or
 *                "budget" (the instruction limit)
 * @param cycles  simulated time it ran
 * @param insns   instructions executed over all hosts
 */
public record RunResult(String reason, long cycles, long insns) {}
