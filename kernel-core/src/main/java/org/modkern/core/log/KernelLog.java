package org.modkern.core.log;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.modkern.api.spi.PrintkBackend;

/**
 * The kernel log: a fixed-size ring buffer of printk records with boot-relative timestamps, what
 * {@code dmesg} reads. The oldest records are overwritten when it is full, as Linux's log_buf.
 * Every record is also handed to the forwarders (slf4j in a distribution, {@code dmesg -w}).
 */
public final class KernelLog implements PrintkBackend, Printer {

    /** One record: its sequence number, level (0-7), time since boot in nanoseconds, and text. */
    public record Entry(long seq, int level, long nanos, String text) {

        /** The record as dmesg prints it: {@code [    1.234567] text}. */
        public String format() {
            long micros = nanos / 1_000;
            return String.format(Locale.ROOT, "[%5d.%06d] %s", micros / 1_000_000, micros % 1_000_000, text);
        }
    }

    /** Level names as {@code dmesg -l} takes them, indexed by level. */
    public static final List<String> LEVEL_NAMES =
            List.of("emerg", "alert", "crit", "err", "warn", "notice", "info", "debug");

    private final Entry[] ring;
    private final long bootNanos;
    private final List<Consumer<Entry>> forwarders = new java.util.concurrent.CopyOnWriteArrayList<>();
    private long next;
    private long cleared;

    /** A log holding at most {@code capacity} records, its clock starting now. */
    public KernelLog(int capacity) {
        this(capacity, System.nanoTime());
    }

    /** A log whose clock started at {@code bootNanos} (a {@link System#nanoTime()} reading). */
    public KernelLog(int capacity, long bootNanos) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("log capacity must be positive: " + capacity);
        }
        this.ring = new Entry[capacity];
        this.bootNanos = bootNanos;
    }

    @Override
    public void log(int level, String text) {
        int lvl = level < 0 || level > 7 ? 4 : level;
        Entry e;
        synchronized (this) {
            e = new Entry(next, lvl, System.nanoTime() - bootNanos, text);
            ring[(int) (next % ring.length)] = e;
            next++;
            notifyAll();
        }
        for (Consumer<Entry> f : forwarders) {
            f.accept(e);
        }
    }

    /** Every record still in the buffer since the last {@link #clear()}, oldest first. */
    public synchronized List<Entry> entries() {
        return since(cleared);
    }

    /** The records with a sequence number of at least {@code seq} that are still in the buffer. */
    public synchronized List<Entry> since(long seq) {
        long first = Math.max(seq, next - ring.length);
        List<Entry> out = new ArrayList<>((int) Math.max(0, next - first));
        for (long s = Math.max(first, 0); s < next; s++) {
            out.add(ring[(int) (s % ring.length)]);
        }
        return out;
    }

    /** The sequence number the next record will get. */
    public synchronized long nextSeq() {
        return next;
    }

    /**
     * Waits until a record with sequence number {@code seq} or later exists, or the timeout passes.
     *
     * @return true if there is such a record
     */
    public synchronized boolean await(long seq, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (next <= seq) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                return false;
            }
            wait(left);
        }
        return true;
    }

    /** Empties the buffer, {@code dmesg -C}; sequence numbers keep counting. */
    public synchronized void clear() {
        cleared = next;
    }

    /** Adds a consumer that sees every new record, on the logging thread. */
    public void addForwarder(Consumer<Entry> forwarder) {
        forwarders.add(forwarder);
    }

    /** Removes a consumer added with {@link #addForwarder}. */
    public void removeForwarder(Consumer<Entry> forwarder) {
        forwarders.remove(forwarder);
    }

    /** A level's number from its name ({@code "err"}, {@code "warn"}) or digit, or -1. */
    public static int levelOf(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        if (n.length() == 1 && Character.isDigit(n.charAt(0)) && n.charAt(0) <= '7') {
            return n.charAt(0) - '0';
        }
        return LEVEL_NAMES.indexOf(n);
    }
}
