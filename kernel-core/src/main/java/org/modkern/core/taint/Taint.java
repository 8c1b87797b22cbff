// The kernel's taint mask: Linux's letters and bits, set once, cleared only by a reboot.
package org.modkern.core.taint;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The kernel's taint flags, Linux's {@code tainted_mask}: letters and bit numbers as in
 * {@code Documentation/admin-guide/tainted-kernels.rst}. A flag once set stays set until reboot.
 */
public final class Taint {

    /** One taint flag: its bit, the letter shown when set, and the letter when clear (or ' '). */
    public enum Flag {
        PROPRIETARY_MODULE(0, 'P', 'G'),
        FORCED_MODULE(1, 'F', ' '),
        CPU_OUT_OF_SPEC(2, 'S', ' '),
        FORCED_RMMOD(3, 'R', ' '),
        MACHINE_CHECK(4, 'M', ' '),
        BAD_PAGE(5, 'B', ' '),
        USER(6, 'U', ' '),
        DIE(7, 'D', ' '),
        OVERRIDDEN_ACPI_TABLE(8, 'A', ' '),
        WARN(9, 'W', ' '),
        CRAP(10, 'C', ' '),
        FIRMWARE_WORKAROUND(11, 'I', ' '),
        OOT_MODULE(12, 'O', ' '),
        UNSIGNED_MODULE(13, 'E', ' '),
        SOFTLOCKUP(14, 'L', ' '),
        LIVEPATCH(15, 'K', ' '),
        AUX(16, 'X', ' '),
        RANDSTRUCT(17, 'T', ' '),
        TEST(18, 'N', ' ');

        private final int bit;
        private final char letter;
        private final char clear;

        Flag(int bit, char letter, char clear) {
            this.bit = bit;
            this.letter = letter;
            this.clear = clear;
        }

        /** The bit number in the mask. */
        public int bit() {
            return bit;
        }

        /** The letter Linux prints when the flag is set. */
        public char letter() {
            return letter;
        }

        /** The flag with this letter, or null. */
        public static Flag ofLetter(char c) {
            for (Flag f : values()) {
                if (f.letter == c) {
                    return f;
                }
            }
            return null;
        }
    }

    /**
     * The order Linux's {@code load_module()} sets a module's taints in, and prints their
     * warnings: F in {@code check_modinfo()}, then {@code module_augment_kernel_taints()}'s O,
     * C, P and, last, E.
     */
    private static final List<Flag> MODULE_ORDER = List.of(
            Flag.FORCED_MODULE, Flag.OOT_MODULE, Flag.CRAP, Flag.PROPRIETARY_MODULE, Flag.UNSIGNED_MODULE);

    private final AtomicLong mask = new AtomicLong();
    private final AtomicBoolean debugLocks = new AtomicBoolean(true);

    /** Sets a flag; true if it was not set before. */
    public boolean add(Flag flag) {
        long bit = 1L << flag.bit;
        return (mask.getAndUpdate(m -> m | bit) & bit) == 0;
    }

    /**
     * Adds the taints a module brought when its load succeeds, Linux's
     * {@code add_taint_module()}: each flag's warning is printed only when the flag was not set
     * before, and the first proprietary or forced taint also prints Linux's
     * {@code Disabling lock debugging due to kernel taint}.
     *
     * @param moduleMask the module's flags
     * @param warnings the message for each flag, where the module's load recorded one
     * @param warn prints one line at KERN_WARNING
     */
    public void addModuleTaints(long moduleMask, Map<Flag, String> warnings, Consumer<String> warn) {
        for (Flag f : MODULE_ORDER) {
            addModuleTaint(f, moduleMask, warnings, warn);
        }
        for (Flag f : Flag.values()) {
            if (!MODULE_ORDER.contains(f)) {
                addModuleTaint(f, moduleMask, warnings, warn);
            }
        }
    }

    private void addModuleTaint(Flag f, long moduleMask, Map<Flag, String> warnings, Consumer<String> warn) {
        if ((moduleMask & (1L << f.bit)) == 0 || !add(f)) {
            return;
        }
        String w = warnings.get(f);
        if (w != null) {
            warn.accept(w);
        }
        // LOCKDEP_NOW_UNRELIABLE taints: the kernel's lock debugging no longer tells the truth
        boolean unreliable = f == Flag.PROPRIETARY_MODULE || f == Flag.FORCED_MODULE;
        if (unreliable && debugLocks.compareAndSet(true, false)) {
            warn.accept("Disabling lock debugging due to kernel taint");
        }
    }

    /** True if the flag is set. */
    public boolean has(Flag flag) {
        return (mask.get() & (1L << flag.bit)) != 0;
    }

    /** The mask as {@code /proc/sys/kernel/tainted} prints it. */
    public long mask() {
        return mask.get();
    }

    /**
     * The flags as Linux's {@code print_tainted()} shows them: {@code "Not tainted"}, or
     * {@code "Tainted: "} followed by the set letters in bit order.
     */
    public String describe() {
        long m = mask.get();
        if (m == 0) {
            return "Not tainted";
        }
        return "Tainted: " + letters(m);
    }

    /** The letters of the set flags in a mask, in bit order: {@code "POE"}. */
    public static String letters(long m) {
        StringBuilder sb = new StringBuilder();
        for (Flag f : Flag.values()) {
            if ((m & (1L << f.bit)) != 0) {
                sb.append(f.letter);
            }
        }
        return sb.toString();
    }
}
