package org.modkern.core.sysfs;

import java.util.ArrayList;
import java.util.List;
import org.modkern.core.loader.LoadedModule;
import org.modkern.core.loader.ModuleException;
import org.modkern.core.loader.ModuleLoader;
import org.modkern.core.loader.ModuleRegistry;
import org.modkern.core.params.ModuleParams;
import org.modkern.core.taint.Taint;

/**
 * {@code /sys/module/NAME/...}: each loaded module's {@code parameters/}, {@code refcnt},
 * {@code initstate}, {@code taint}, {@code version} and {@code holders/}, as Linux's
 * {@code kernel/module/sysfs.c} shows them.
 */
public final class ModuleSysfs implements KernelFs.Provider {

    private final ModuleRegistry registry;
    private final ModuleLoader loader;

    public ModuleSysfs(ModuleRegistry registry, ModuleLoader loader) {
        this.registry = registry;
        this.loader = loader;
    }

    @Override
    public KernelFs.Node lookup(String rel) {
        String[] parts = rel.split("/");
        LoadedModule m = registry.get(parts[0]);
        if (m == null || !m.name().equals(parts[0])) {
            return null;
        }
        if (parts.length == 3 && parts[1].equals("parameters")) {
            ModuleParams params = m.params();
            if (params == null || !params.sysfsNames().contains(parts[2])) {
                return null;
            }
            String p = parts[2];
            return new KernelFs.Node() {
                @Override
                public String read() throws ModuleException {
                    return params.read(p) + "\n";
                }

                @Override
                public void write(String value) throws ModuleException {
                    params.write(p, value);
                }
            };
        }
        if (parts.length != 2) {
            return null;
        }
        switch (parts[1]) {
            case "refcnt":
                return () -> loader.users(m) + "\n";
            case "initstate":
                return () -> m.state().initstate() + "\n";
            case "taint":
                return () -> Taint.letters(m.taints()) + "\n";
            case "version":
                // as Linux, only a module that declares a version has the file
                return m.info().declaresVersion() ? () -> m.info().version() + "\n" : null;
            default:
                return null;
        }
    }

    @Override
    public List<String> list(String rel) {
        if (rel.isEmpty()) {
            List<String> names = new ArrayList<>();
            registry.list().forEach(m -> names.add(m.name()));
            return names;
        }
        String[] parts = rel.split("/");
        LoadedModule m = registry.get(parts[0]);
        if (m == null) {
            return null;
        }
        if (parts.length == 1) {
            return m.info().declaresVersion()
                    ? List.of("holders", "initstate", "parameters", "refcnt", "taint", "version")
                    : List.of("holders", "initstate", "parameters", "refcnt", "taint");
        }
        if (parts.length == 2 && parts[1].equals("parameters")) {
            return m.params() == null ? List.of() : m.params().sysfsNames();
        }
        if (parts.length == 2 && parts[1].equals("holders")) {
            return loader.holders(m);
        }
        return null;
    }
}
