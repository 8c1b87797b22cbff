// modinfo's "depends" for a module that is not loaded: who in the catalog exports what it imports.
package org.modkern.core.symbols;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.modkern.core.manifest.ModuleInfo;
import org.osgi.framework.Version;
import org.osgi.framework.VersionRange;

/**
 * The modules a module would depend on, computed from manifests alone as depmod does: for each
 * import the running kernel core does not export, the first catalog module (in the order
 * given) exporting the package at a version in the import's range. Optional imports, imports
 * of the module's own exports and imports nobody exports add nothing.
 */
public final class CatalogDeps {

    private CatalogDeps() {
    }

    /**
     * @param module the module whose dependencies to compute
     * @param catalog the catalog's modules, in catalog order
     * @param core whether the kernel core exports what an import asks for
     * @return module names, canonical, in import order, each once
     */
    public static List<String> of(ModuleInfo module, List<ModuleInfo> catalog, Predicate<ModuleInfo.Import> core) {
        Set<String> deps = new LinkedHashSet<>();
        for (ModuleInfo.Import imp : module.imports()) {
            if (imp.optional() || exports(module, imp) || core.test(imp)) {
                continue;
            }
            for (ModuleInfo other : catalog) {
                if (!other.canonicalName().equals(module.canonicalName()) && exports(other, imp)) {
                    deps.add(other.canonicalName());
                    break;
                }
            }
        }
        return new ArrayList<>(deps);
    }

    /** True if the module exports the imported package at a version the import accepts. */
    public static boolean exports(ModuleInfo m, ModuleInfo.Import imp) {
        for (ModuleInfo.Export e : m.exports()) {
            if (e.pkg().equals(imp.pkg()) && inRange(imp.versionRange(), e.version())) {
                return true;
            }
        }
        return false;
    }

    /** True if a version lies in an import's range; no range accepts every version. */
    public static boolean inRange(String range, String version) {
        try {
            return range == null || new VersionRange(range).includes(Version.parseVersion(version));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
