package vmsh.shell.api;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Which evaluation is in progress, so that Ctrl-C (from another thread) stops that one and
 * never lands on a later one: a stop runs only while an evaluation is in progress, and
 * the evaluation cannot end (nor the next begin) until the stop has returned.
 * Evaluations nest on their thread (a monitor command evaluates an address); only the
 * outermost counts.
 */
final class EvaluationGate {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition stopDone = lock.newCondition();
    private int depth;
    private boolean stopping;

    /** An evaluation begins on this thread; true when it is the outermost (a nested one never waits). */
    boolean begin() {
        lock.lock();
        try {
            if (depth == 0) awaitStop();
            return depth++ == 0;
        } finally {
            lock.unlock();
        }
    }

    /** The evaluation that began last ends; the outermost waits for a stop in progress to return. */
    void end() {
        lock.lock();
        try {
            if (depth == 1) awaitStop();
            depth--;
        } finally {
            lock.unlock();
        }
    }

    private void awaitStop() {
        while (stopping) stopDone.awaitUninterruptibly();
    }

    /** Runs {@code stop} if an evaluation is in progress (and no other stop is); true when it ran. */
    boolean stop(Runnable stop) {
        lock.lock();
        try {
            if (depth == 0 || stopping) return false;
            stopping = true;
        } finally {
            lock.unlock();
        }
        try {
            stop.run();
            return true;
        } finally {
            lock.lock();
            try {
                stopping = false;
                stopDone.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }
}
