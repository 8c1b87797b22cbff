// Kernel lockdown (security/lockdown): none, integrity, confidentiality; it only ever rises.
package org.modkern.core.signing;

import static org.modkern.api.Printk.KERN_NOTICE;

import java.util.concurrent.atomic.AtomicReference;
import org.modkern.api.Errno;
import org.modkern.core.loader.ModuleException;
import org.modkern.core.log.Printer;
import org.modkern.core.sysfs.KernelFs;

/**
 * The kernel's lockdown level, set by {@code lockdown=} on the command line or by writing
 * {@code /sys/kernel/security/lockdown}, and raised only: a write of the current or a lower
 * level is refused (EPERM), as Linux's {@code lock_kernel_down()}. At {@code integrity} and
 * above, unsigned modules do not load.
 */
public final class Lockdown {

    /** The levels, lowest first, with the word Linux prints. */
    public enum Level {
        NONE("none"), INTEGRITY("integrity"), CONFIDENTIALITY("confidentiality");

        private final String word;

        Level(String word) {
            this.word = word;
        }

        /** The level of a word, or null. */
        static Level of(String word) {
            for (Level l : values()) {
                if (l.word.equals(word)) {
                    return l;
                }
            }
            return null;
        }
    }

    private final AtomicReference<Level> level = new AtomicReference<>(Level.NONE);
    private final Printer log;

    /** Locks down as far as the command line's {@code lockdown=} says; {@link #boot} tells the log. */
    public Lockdown(String cmdline, Printer log) {
        this.log = log;
        Level l = Level.of(CmdlineParam.value(cmdline, "lockdown"));
        // the command line may name only a real lock-down, not "none"
        if (l != null) {
            level.set(l);
        }
    }

    /** Logs a lock-down the command line asked for, once the kernel log has its banner. */
    public void boot() {
        if (level.get() != Level.NONE) {
            log.printk(KERN_NOTICE, "Kernel is locked down from command line; see man kernel_lockdown.7");
        }
    }

    /** The current level. */
    public Level level() {
        return level.get();
    }

    /** True at integrity or above: what Linux's {@code security_locked_down(LOCKDOWN_MODULE_SIGNATURE)} refuses. */
    public boolean integrity() {
        return level.get().compareTo(Level.INTEGRITY) >= 0;
    }

    /** Refuses (EPERM) and logs Linux's notice when the kernel is locked down against {@code what}. */
    public void check(String what) throws ModuleException {
        if (integrity()) {
            // Linux names the calling process; here the load always comes through insmod's path
            log.printk(KERN_NOTICE, "Lockdown: insmod: %s is restricted; see man kernel_lockdown.7", what);
            throw new ModuleException(Errno.EPERM, "Lockdown: " + what + " is restricted");
        }
    }

    private boolean raise(String where, Level to) {
        Level now = level.get();
        while (now.compareTo(to) < 0) {
            if (level.compareAndSet(now, to)) {
                log.printk(KERN_NOTICE, "Kernel is locked down from %s; see man kernel_lockdown.7", where);
                return true;
            }
            now = level.get();
        }
        return false;
    }

    /** {@code /sys/kernel/security/lockdown}: {@code none [integrity] confidentiality}; writing a level raises it. */
    public KernelFs.Node file() {
        return new KernelFs.Node() {
            @Override
            public String read() {
                StringBuilder sb = new StringBuilder();
                for (Level l : Level.values()) {
                    sb.append(sb.length() == 0 ? "" : " ").append(l == level.get() ? "[" + l.word + "]" : l.word);
                }
                return sb.append('\n').toString();
            }

            @Override
            public void write(String value) throws ModuleException {
                Level l = Level.of(value.trim());
                if (l == null) {
                    throw new ModuleException(Errno.EINVAL, "lockdown: unknown level " + value.trim());
                }
                if (!raise("securityfs", l)) {
                    throw new ModuleException(Errno.EPERM, "lockdown: can only be raised");
                }
            }
        };
    }
}
