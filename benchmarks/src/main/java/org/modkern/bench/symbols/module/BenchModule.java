// bench_linked's init: publishes the kernel's strerror as a service for the lookup contrast.
package org.modkern.bench.symbols.module;

import org.modkern.api.Errno;
import org.modkern.api.KernelModule;
import org.modkern.api.ModuleContext;
import org.modkern.bench.symbols.probe.Strerror;

/** Registers {@link Strerror} backed by kernel-api's {@code Errno.strerror}. */
public final class BenchModule implements KernelModule {

    @Override
    public int init(ModuleContext ctx) {
        ctx.bundleContext().registerService(Strerror.class, Errno::strerror, null);
        return 0;
    }
}
