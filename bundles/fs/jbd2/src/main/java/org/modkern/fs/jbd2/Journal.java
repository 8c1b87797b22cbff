package org.modkern.fs.jbd2;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A write-ahead journal of block updates: a transaction gathers block writes and commits them
 * as one unit with the next transaction id, Linux's {@code jbd2_journal_start/stop}.
 */
public final class Journal {

    /** A committed transaction: its id and the blocks it wrote, in order. */
    public record Commit(long tid, List<Long> blocks) {
    }

    private final List<Commit> log = new ArrayList<>();
    private Map<Long, byte[]> running;
    private long nextTid = 1;

    /** Starts a transaction; one at a time. */
    public synchronized void start() {
        if (running != null) {
            throw new IllegalStateException("a transaction is already running");
        }
        running = new LinkedHashMap<>();
    }

    /** Records a block write in the running transaction; a later write of a block replaces it. */
    public synchronized void write(long block, byte[] data) {
        if (running == null) {
            throw new IllegalStateException("no running transaction");
        }
        running.put(block, data.clone());
    }

    /** Commits the running transaction and returns its id. */
    public synchronized long commit() {
        if (running == null) {
            throw new IllegalStateException("no running transaction");
        }
        Commit c = new Commit(nextTid++, List.copyOf(running.keySet()));
        log.add(c);
        running = null;
        return c.tid();
    }

    /** The committed transactions, oldest first. */
    public synchronized List<Commit> commits() {
        return Collections.unmodifiableList(new ArrayList<>(log));
    }
}
