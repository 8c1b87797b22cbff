// Modversions: a module's vermagic and the versions of the symbols it imports, checked before install.
package org.modkern.core.version;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.modkern.core.manifest.ModuleInfo;
import org.osgi.framework.Version;
import org.osgi.framework.VersionRange;

/**
 * Linux's {@code check_modinfo()} vermagic test and {@code check_version()} for each imported
 * symbol: a module must carry the running kernel's {@code Module-Vermagic}, and each package
 * it imports with a version range must be exported at a version in that range if it is exported
 * at all (a symbol nobody exports is the resolver's "Unknown symbol", not a version matter).
 *
 * <p>A forced load ({@code insmod -f}, {@code modprobe --force}) does what kmod does when it
 * strips a module's {@code vermagic} and {@code __versions}: the kernel can no longer tell what
 * the module was built for, loads it, and taints F ({@code bad vermagic: kernel tainted.}),
 * whether anything disagreed or not. To let the framework wire an import whose range excludes
 * the exported version, the loader installs the module with that import's version range removed
 * ({@link ForcedImports}); the rest of the manifest is left as built. What force cannot do, as
 * on Linux: supply a symbol nobody exports, link a GPL-only symbol into a module that is not
 * GPL-compatible, or a namespaced one into a module that does not import the namespace.
 */
public final class Modversions {

    /**
     * The outcome for one module.
     *
     * @param refusal the kernel's message when the load must fail with ENOEXEC, else null
     * @param forced the force taint's message (Linux's {@code NAME: REASON: kernel tainted.}) when
     *        the load was forced, else null
     * @param unversioned the imports whose version range must go for the framework to wire them
     */
    public record Result(String refusal, String forced, Set<String> unversioned) {
    }

    private final String vermagic;
    private final Function<String, List<String>> exported;

    /**
     * @param vermagic the running kernel's vermagic
     * @param exported the versions at which a package is exported now, empty if it is not
     */
    public Modversions(String vermagic, Function<String, List<String>> exported) {
        this.vermagic = vermagic;
        this.exported = exported;
    }

    /** Checks a module about to be loaded; {@code force} as {@code insmod -f}. */
    public Result check(String name, ModuleInfo info, boolean force) {
        String magic = info.vermagic();
        if (!force && magic != null && !magic.equals(vermagic)) {
            return new Result(name + ": version magic '" + magic + "' should be '" + vermagic + "'", null, Set.of());
        }
        Set<String> unversioned = new LinkedHashSet<>();
        List<String> disagree = disagreements(info);
        if (!force && !disagree.isEmpty()) {
            return new Result(name + ": disagrees about version of symbol " + disagree.get(0), null, Set.of());
        }
        unversioned.addAll(disagree);
        // a missing vermagic is Linux's "bad vermagic" too: it loads as a forced module
        String forced = force || magic == null ? name + ": bad vermagic: kernel tainted." : null;
        return new Result(null, forced, Set.copyOf(unversioned));
    }

    /** The imported packages exported only at versions outside the import's range, in manifest order. */
    private List<String> disagreements(ModuleInfo info) {
        List<String> out = new ArrayList<>();
        for (ModuleInfo.Import imp : info.imports()) {
            if (imp.optional() || imp.versionRange() == null) {
                continue;
            }
            VersionRange range;
            try {
                range = new VersionRange(imp.versionRange());
            } catch (IllegalArgumentException e) {
                continue; // the framework refuses the malformed manifest at install: ENOEXEC all the same
            }
            List<String> versions = exported.apply(imp.pkg());
            if (!versions.isEmpty() && versions.stream().noneMatch(v -> range.includes(Version.parseVersion(v)))) {
                out.add(imp.pkg());
            }
        }
        return out;
    }
}
