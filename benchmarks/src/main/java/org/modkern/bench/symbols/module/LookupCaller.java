// Module code that looks strerror up in the service registry on every call.
package org.modkern.bench.symbols.module;

import org.modkern.api.Errno;
import org.modkern.bench.symbols.probe.Caller;
import org.modkern.bench.symbols.probe.Strerror;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceReference;

/** The contrast: the same call through {@code getServiceReference}, {@code getService} and {@code ungetService} each time. */
public final class LookupCaller implements Caller {

    private final BundleContext ctx = FrameworkUtil.getBundle(LookupCaller.class).getBundleContext();

    @Override
    public String call(int errno) {
        ServiceReference<Strerror> ref = ctx.getServiceReference(Strerror.class);
        Strerror s = ctx.getService(ref);
        try {
            return s.strerror(errno);
        } finally {
            ctx.ungetService(ref);
        }
    }

    @Override
    public ClassLoader symbolLoader() {
        return Errno.class.getClassLoader();
    }
}
