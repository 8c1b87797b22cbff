// What modprobe needs from the running kernel: single-module load/unload, state, commands (the loader implements it).
package org.modkern.core.kmod;

import java.nio.file.Path;
import java.util.List;
import org.modkern.api.Errno;
import org.modkern.core.loader.ModuleException;

/**
 * What modprobe needs from the running kernel: the loader implements it, tests fake it. Names
 * are module names; '-' and '_' are the same.
 */
public interface ModuleOps {

    /** True if the module is loaded (coming, live or going). */
    boolean isLoaded(String name);

    /**
     * Loads one module jar, Linux's {@code init_module}; its dependencies are already loaded.
     *
     * @param params {@code name=value} strings, as on the insmod command line
     * @param force load despite a version mismatch (taints the kernel)
     * @throws ModuleException with EEXIST if it is already loaded, or the reason it failed
     */
    void insmod(Path jar, List<String> params, boolean force) throws ModuleException;

    /**
     * Unloads one module, Linux's {@code delete_module}.
     *
     * @throws ModuleException ENOENT if not loaded, EBUSY/EWOULDBLOCK if in use
     */
    void rmmod(String name, boolean force) throws ModuleException;

    /** Names of the loaded modules that use this one (lsmod's "Used by"). */
    List<String> holders(String name);

    /**
     * The module's reference count ({@code /sys/module/NAME/refcnt}): its holders plus any other
     * reference taken on it; negative ({@code -ENOENT}) if it is not loaded. modprobe -r refuses
     * a module whose count is above zero and removes a dependency only when it reaches zero.
     */
    default int refcnt(String name) {
        return isLoaded(name) ? holders(name).size() : -Errno.ENOENT;
    }

    /** Runs a shell command line (modprobe.d {@code install}/{@code remove}); returns its exit status. */
    int runCommand(String commandLine);
}
