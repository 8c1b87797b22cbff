// Fault injection for the symbol policy: Linux's fault_attr, behind /sys/kernel/debug/fail_symbol_policy.
package org.modkern.core.symbols;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Makes the symbol policy fail on purpose, as Linux's fault-injection attributes
 * ({@code /sys/kernel/debug/fail_*}) make allocations or requests fail: to show that a fault
 * inside the policy refuses a load instead of letting it through. Its only knob is Linux's
 * {@code times}: 0 (the default) injects nothing, N fails the next N evaluations, -1 fails
 * every one. A fault can only close: every caller of the policy treats a throw as "no".
 */
public final class FaultAttr {

    /** The exception an injected fault throws. */
    public static final class InjectedFault extends RuntimeException {
        private static final long serialVersionUID = 1L;

        InjectedFault(String where) {
            super("fail_symbol_policy: fault injected in " + where);
        }
    }

    private final AtomicLong times = new AtomicLong();

    /** How many evaluations are still to fail; -1 for all. */
    public long times() {
        return times.get();
    }

    /** Sets how many evaluations fail from now on: 0 none, N the next N, -1 all. */
    public void times(long n) {
        if (n < -1) {
            throw new IllegalArgumentException("times must be -1, 0 or positive: " + n);
        }
        times.set(n);
    }

    /** Throws {@link InjectedFault} if a fault is due. */
    void hit(String where) {
        long before;
        do {
            before = times.get();
        } while (before > 0 && !times.compareAndSet(before, before - 1));
        if (before != 0) {
            throw new InjectedFault(where);
        }
    }
}
