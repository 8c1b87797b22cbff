package org.modkern.api;

import org.modkern.api.spi.ModuleRequester;

/**
 * Loading modules from kernel code, Linux's {@code request_module()}: a filesystem asks for
 * {@code fs-NAME}, a crypto lookup for {@code crypto-NAME}, a bus for a device's modalias.
 */
public final class Kmod {

    private Kmod() {
    }

    /**
     * Loads the module that serves a name or alias, with its dependencies, as
     * {@code modprobe -q NAME} would, and waits for it. Safe to call from many threads: each
     * module loads once. Returns at once if it is already loaded.
     *
     * @param fmt the name or alias, a {@link String#format} format ({@code "fs-%s"})
     * @return 0 on success or a negative {@link Errno}: {@code -ENOENT} when no module serves
     *         the name, {@code -ENOSYS} outside a running kernel
     */
    public static int request_module(String fmt, Object... args) {
        String name = args.length == 0 ? fmt : String.format(fmt, args);
        ModuleRequester r = Services.get(ModuleRequester.class);
        return r == null ? -Errno.ENOSYS : r.request(name);
    }
}
