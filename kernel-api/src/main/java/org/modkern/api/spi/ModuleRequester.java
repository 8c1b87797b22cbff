package org.modkern.api.spi;

/** The kernel's module loader as {@link org.modkern.api.Kmod#request_module} reaches it. */
public interface ModuleRequester {

    /** Loads the module serving {@code nameOrAlias} and its dependencies; 0 or a negative errno. */
    int request(String nameOrAlias);
}
