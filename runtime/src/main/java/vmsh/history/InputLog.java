package vmsh.history;

import java.util.ArrayList;
import java.util.List;
import vmsh.machine.InputObserver;
import vmsh.machine.Machine;

/**
 * The outside input of a machine, in order, each event with the instruction count it came
 * at and a sequence number. Changes inside a run (a hook's) are logged one by one; changes
 * between runs are gathered into the state they left, logged when the next run starts
 * (console input is logged as it comes, being small and frequent). A {@link Gate} decides
 * what is logged.
 */
public final class InputLog implements InputObserver {
    /** Decides whether input is logged. */
    public interface Gate {
        /**
         * Input arrives now ({@code running}: from a hook during a run): log it? The gate
         * may first make room for it (a history forgets an old future).
         */
        boolean admit(boolean running);

        /** A run is about to start (before the changes since the last run are logged). */
        default void beforeRun() { }

        /** The whole state was replaced (a load, a restore): true to log it as a change. */
        default boolean replaced() { return true; }

        /** An event was added to the log. */
        default void logged() { }
    }

    private final Machine machine;
    private final Gate gate;
    private final List<InputEvent> events = new ArrayList<>();
    /** The sequence number of events.get(0). */
    private long first;
    private boolean changed;

    public InputLog(Machine machine, Gate gate) {
        this.machine = machine;
        this.gate = gate;
    }

    /** A log that takes all input. */
    public InputLog(Machine machine) { this(machine, running -> true); }

    /** The events, oldest first. */
    public List<InputEvent> events() { return List.copyOf(events); }

    public int size() { return events.size(); }

    /** The sequence number the next event logged will have. */
    public long end() { return first + events.size(); }

    /** The event numbered {@code seq}, or null when there is none (yet, or any more). */
    public InputEvent get(long seq) {
        long i = seq - first;
        return i >= 0 && i < events.size() ? events.get((int) i) : null;
    }

    /** Forgets the events numbered below {@code seq}. */
    public void dropBefore(long seq) {
        int n = (int) Math.min(events.size(), Math.max(0, seq - first));
        events.subList(0, n).clear();
        first += n;
    }

    /** Forgets the events numbered {@code seq} and above, and any change not yet logged. */
    public void dropFrom(long seq) {
        int keep = (int) Math.min(events.size(), Math.max(0, seq - first));
        events.subList(keep, events.size()).clear();
        changed = false;
    }

    /** Forgets everything. */
    public void clear() {
        first += events.size();
        events.clear();
        changed = false;
    }

    /** Logs the changes made since the last run, if any, as the state they left. */
    public void flush() {
        if (!changed) return;
        changed = false;
        append(new InputEvent.StateChange(machine.instructions(), machine.snapshot()));
    }

    private void add(InputEvent e) {
        if (gate.admit(machine.running())) append(e);
    }

    private void append(InputEvent e) {
        events.add(e);
        gate.logged();
    }

    private void changedBetweenRuns() {
        if (gate.admit(false)) changed = true;
    }

    @Override public void beforeRun() {
        gate.beforeRun();
        flush();
    }

    @Override public void consoleInput(byte[] bytes) { add(new InputEvent.ConsoleInput(machine.instructions(), bytes)); }

    @Override public void consoleCleared() { add(new InputEvent.ConsoleCleared(machine.instructions())); }

    @Override public void registerWritten(int n, int value) {
        if (machine.running()) add(new InputEvent.RegisterWrite(machine.instructions(), machine.pc(), n, value));
        else changedBetweenRuns();
    }

    @Override public void csrWritten(int number, int value) {
        if (machine.running()) add(new InputEvent.CsrWrite(machine.instructions(), machine.pc(), number, value));
        else changedBetweenRuns();
    }

    @Override public void privilegeWritten(int privilege) {
        if (machine.running()) add(new InputEvent.PrivilegeWrite(machine.instructions(), machine.pc(), privilege));
        else changedBetweenRuns();
    }

    @Override public void pcWritten(int value) {
        if (machine.running()) add(new InputEvent.PcWrite(machine.instructions(), machine.pc(), value));
        else changedBetweenRuns();
    }

    @Override public void memoryWritten(int address, int width, int value) {
        if (machine.running()) add(new InputEvent.MemoryWrite(machine.instructions(), machine.pc(), address, width, value));
        else changedBetweenRuns();
    }

    @Override public void replaced() {
        if (gate.replaced()) changedBetweenRuns();
    }
}
