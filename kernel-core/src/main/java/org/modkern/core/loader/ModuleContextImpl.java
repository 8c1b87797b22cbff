package org.modkern.core.loader;

import org.modkern.api.ModuleContext;
import org.osgi.framework.BundleContext;

/** The context a module's init sees. */
final class ModuleContextImpl implements ModuleContext {

    private final LoadedModule module;

    ModuleContextImpl(LoadedModule module) {
        this.module = module;
    }

    @Override
    public String name() {
        return module.name();
    }

    @Override
    public Object param(String name) {
        return module.params() == null ? null : module.params().value(name);
    }

    @Override
    public BundleContext bundleContext() {
        return module.bundle().getBundleContext();
    }
}
