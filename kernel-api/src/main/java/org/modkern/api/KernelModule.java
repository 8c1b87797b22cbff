package org.modkern.api;

/**
 * The init and exit of a module: Linux's {@code module_init} and {@code module_exit}.
 *
 * <p>The class named by the {@code Module-Init} header (the one carrying {@link Module}) must
 * implement this interface and have a public no-argument constructor. The kernel, not the OSGi
 * framework, creates it, sets its parameters and calls {@link #init} exactly once per load.
 */
public interface KernelModule {

    /**
     * Brings the module up. Parameters given at load time have been set before this is called.
     *
     * @param ctx the module's view of the kernel
     * @return 0 on success or a negative {@link Errno} value ({@code -Errno.ENOMEM}); any other
     *         result, or an exception, fails the load and the kernel undoes everything the
     *         module registered
     * @throws Exception a failure; the load fails as with a negative errno
     */
    int init(ModuleContext ctx) throws Exception;

    /**
     * Tears the module down before it is unloaded. Called once, only after a successful
     * {@link #init}. The default does nothing, as a module without {@code module_exit}.
     */
    default void exit() {
    }
}
