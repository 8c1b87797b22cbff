// Module code that calls Errno.strerror: linked to kernel-api or to its own copy, by the bundle.
package org.modkern.bench.symbols.module;

import org.modkern.api.Errno;
import org.modkern.bench.symbols.probe.Caller;

/**
 * A direct call of {@code Errno.strerror}. The same class goes into both benchmark modules: in
 * bench_linked the framework wires {@code org.modkern.api} to kernel-api (a call into a kernel
 * symbol), in bench_mono the bundle carries its own copy of {@code Errno} (the same call inside
 * one bundle).
 */
public final class StrerrorCaller implements Caller {

    @Override
    public String call(int errno) {
        return Errno.strerror(errno);
    }

    @Override
    public ClassLoader symbolLoader() {
        return Errno.class.getClassLoader();
    }
}
