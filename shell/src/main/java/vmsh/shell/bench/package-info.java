/**
 * {@code vmsh bench NAME}: the benchmarks, every speed and memory figure the README quotes
 * ({@link vmsh.shell.bench.Benchmarks} lists them), and, besides the host time a sweep
 * records per run, the only code of vmsh that reads a host clock. It imports the runtime,
 * {@code vmsh.shell}, {@link vmsh.shell.api.Session} (the JavaScript-hook benchmark) and
 * {@code vmsh.shell.snapshot} (snapshot files); the command line imports it.
 */
package vmsh.shell.bench;
