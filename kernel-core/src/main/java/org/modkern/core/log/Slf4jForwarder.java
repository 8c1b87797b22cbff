package org.modkern.core.log;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forwards kernel log records to slf4j (logger {@code kernel}), where a distribution writes
 * them to {@code var/log/kern.log}. slf4j is optional: without it the log stays in the ring
 * buffer only.
 */
public final class Slf4jForwarder {

    private Slf4jForwarder() {
    }

    /** Attaches a forwarder if slf4j is there. */
    public static void attach(KernelLog log) {
        try {
            Logger logger = LoggerFactory.getLogger("kernel");
            log.addForwarder(e -> forward(logger, e));
        } catch (LinkageError e) {
            // no slf4j in this framework
        }
    }

    private static void forward(Logger logger, KernelLog.Entry e) {
        String text = e.format();
        if (e.level() <= 3) {
            logger.error(text);
        } else if (e.level() == 4) {
            logger.warn(text);
        } else if (e.level() <= 6) {
            logger.info(text);
        } else {
            logger.debug(text);
        }
    }
}
