package org.modkern.core.log;

import java.util.function.Consumer;
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
            log.addForwarder(new Forwarder(logger));
        } catch (LinkageError e) {
            // no slf4j in this framework
        }
    }

    /** One record to its slf4j level (a class: a lambda would be spun at boot). */
    private record Forwarder(Logger logger) implements Consumer<KernelLog.Entry> {
        @Override
        public void accept(KernelLog.Entry e) {
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
}
