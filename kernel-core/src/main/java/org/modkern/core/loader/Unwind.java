package org.modkern.core.loader;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The goto ladder of Linux's {@code load_module()}: each step that succeeds pushes how to undo
 * itself; a failure runs the undos in reverse, so a failed load leaves no trace.
 */
final class Unwind {

    /** An undo action that may fail; a failing undo does not stop the others. */
    @FunctionalInterface
    interface Undo {
        void run() throws Exception;
    }

    private final Deque<Undo> undos = new ArrayDeque<>();

    void push(Undo undo) {
        undos.push(undo);
    }

    /** Runs every undo, last pushed first, and forgets them. */
    void unwind() {
        while (!undos.isEmpty()) {
            try {
                undos.pop().run();
            } catch (Exception e) {
                // keep unwinding: the remaining steps must be undone all the same
            }
        }
    }

    /** Keeps what was done: the load succeeded. */
    void commit() {
        undos.clear();
    }
}
