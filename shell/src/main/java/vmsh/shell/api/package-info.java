/**
 * The JavaScript API and the sandbox it lives in. {@link vmsh.shell.api.Session} is the
 * door for the command line and the REPL: a sandboxed GraalJS context ({@code Sandbox}),
 * evaluations that end in a value or a one-line {@link vmsh.shell.api.ScriptError}, Ctrl-C
 * and the session's limits. The API objects ({@code Js*}, one class per kind of object, each
 * with an {@code ApiType} table of its members) see the session only through the narrow
 * {@code ScriptHost}; {@code Globals} lists the global names, {@code Api} the types, and the
 * reference in docs/api.md is generated from them. It imports the runtime, {@code
 * vmsh.shell}, {@code vmsh.shell.limits}, {@code vmsh.shell.snapshot} and {@code
 * vmsh.shell.campaign} (a sweep's runs are sessions, {@code SessionLauncher}; {@code
 * campaign(dir)} reads its results); never the command line, the REPL or the benchmarks.
 */
package vmsh.shell.api;
