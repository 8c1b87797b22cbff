package org.modkern.core.taint;

import java.util.concurrent.atomic.AtomicLong;

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

    private final AtomicLong mask = new AtomicLong();

    /** Sets a flag. */
    public void add(Flag flag) {
        mask.getAndUpdate(m -> m | (1L << flag.bit));
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
