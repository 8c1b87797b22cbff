package org.modkern.api.spi;

/** The kernel's log ring buffer, registered as a service by the kernel core; printk writes to it. */
public interface PrintkBackend {

    /** Appends one message at a level from 0 (emerg) to 7 (debug). */
    void log(int level, String text);
}
