package org.modkern.core.loader;

import java.nio.file.Path;
import org.modkern.core.manifest.ModuleInfo;

/**
 * One check of the load pipeline that runs before the module's bundle is installed: signature,
 * vermagic, license. A check that has nothing to say is a no-op, not a flag in the loader.
 */
@FunctionalInterface
public interface LoadCheck {

    /**
     * What is being loaded: the jar, the bytes read from it (the ones the framework will install:
     * a check reads these, never the file again), its manifest and whether the load is forced
     * ({@code insmod -f}).
     */
    record Request(Path jar, byte[] image, ModuleInfo info, boolean force) {
    }

    /**
     * Refuses the load with the reason, or records what the load must do (a taint) and returns.
     *
     * @param module the module being loaded, COMING; taints recorded on it are its own
     */
    void check(Request req, LoadedModule module) throws ModuleException;
}
