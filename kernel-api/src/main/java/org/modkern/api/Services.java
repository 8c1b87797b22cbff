package org.modkern.api;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.util.tracker.ServiceTracker;

/** Finds the kernel's backend services for kernel-api's static entry points (printk, request_module). */
final class Services {

    private static final Map<Class<?>, ServiceTracker<?, ?>> TRACKERS = new ConcurrentHashMap<>();

    private Services() {
    }

    /** The kernel's service of this type, or null outside a running kernel. */
    static <T> T get(Class<T> type) {
        ServiceTracker<?, ?> t = TRACKERS.get(type);
        if (t == null) {
            t = open(type);
            if (t == null) {
                return null;
            }
        }
        return type.cast(t.getService());
    }

    private static synchronized ServiceTracker<?, ?> open(Class<?> type) {
        ServiceTracker<?, ?> t = TRACKERS.get(type);
        if (t != null) {
            return t;
        }
        Bundle self = FrameworkUtil.getBundle(Services.class);
        BundleContext ctx = self == null ? null : self.getBundleContext();
        if (ctx == null) {
            return null;
        }
        t = new ServiceTracker<>(ctx, type.getName(), null);
        t.open();
        TRACKERS.put(type, t);
        return t;
    }
}
