// Enforces the symbol policy inside every Felix resolve: a resolver hook built to fail closed.
package org.modkern.core.symbols;

import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.modkern.core.symbols.SymbolPolicy.Export;
import org.modkern.core.symbols.SymbolPolicy.Importer;
import org.modkern.core.symbols.SymbolPolicy.Verdict;
import org.osgi.framework.hooks.resolver.ResolverHook;
import org.osgi.framework.hooks.resolver.ResolverHookFactory;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRequirement;
import org.osgi.framework.wiring.BundleRevision;

/**
 * Applies {@link SymbolPolicy} to every resolve in the framework, modules and other bundles
 * alike, by removing the exports a bundle may not link against from its candidates.
 *
 * <p>Why a resolver hook and not {@code mandatory:=} attributes: a mandatory attribute makes
 * the framework match an export only to imports that name the attribute, but the importer
 * writes its own {@code Import-Package}; a proprietary module could name
 * {@code symbol.license=GPL} as easily as a GPL one. Nothing in the framework's own matching
 * looks at {@code Module-License} or {@code Module-Import-NS}; a hook can, and module authors
 * keep the plain imports bnd writes for them.
 *
 * <p>Why it fails closed although Felix logs a hook that throws from {@code filterMatches} and
 * then resolves unfiltered (it aborts the resolve only for {@code begin} and
 * {@code filterResolvable}):
 * <ul>
 * <li>what can fail for a bundle, reading its headers, happens in {@code begin} (for the
 *     bundle that triggers a dynamic import) and {@code filterResolvable} (for every unresolved
 *     bundle), guarded per bundle: a bundle whose headers cannot be read is taken out of the
 *     resolvable set, or, already resolved, gets no restricted candidate;
 * <li>{@code filterMatches} looks the bundle up and applies the rules inside a catch of every
 *     {@code Throwable}, after which it removes every restricted candidate (and all candidates
 *     if even that fails): it never throws into Felix;
 * <li>the loader checks every wire of a module again before any of its code runs
 *     ({@link SymbolResolver#verify}), so a module is refused even if this hook never ran.
 * </ul>
 * Hook code uses only statically imported packages: a class load that needed a dynamic import
 * inside a resolve would fail with "Nested resolve operations not allowed". The hook is
 * registered when the kernel starts; what resolved before it (the framework, the boot bundles)
 * is the kernel itself, and no module can load earlier.
 */
public final class SymbolHook implements ResolverHookFactory {

    private final SymbolPolicy policy;
    private final Consumer<String> log;
    private final Map<Long, Throwable> faults = new ConcurrentHashMap<>();

    /**
     * @param policy the rules
     * @param log where a fault of the policy is reported (the kernel log, at KERN_ERR)
     */
    public SymbolHook(SymbolPolicy policy, Consumer<String> log) {
        this.policy = policy;
        this.log = log;
    }

    @Override
    public ResolverHook begin(Collection<BundleRevision> triggers) {
        Hook hook = new Hook();
        for (BundleRevision r : triggers) {
            hook.learn(r);
        }
        return hook;
    }

    /** The last fault of the policy for this bundle, which refused its links; forgotten once taken. */
    public Throwable takeFault(long bundleId) {
        return faults.remove(bundleId);
    }

    private void fault(BundleRevision r, Throwable t) {
        try {
            long id = r.getBundle().getBundleId();
            faults.put(id, t);
            log.accept("symbol policy failed for " + r.getSymbolicName() + " (bundle " + id + "): " + t
                    + "; refusing its restricted links");
        } catch (Throwable ignored) {
            // reporting is best effort; the refusal has already been decided
        }
    }

    /** One resolve operation: the importers it has read, null for one that could not be read. */
    private final class Hook implements ResolverHook {

        private final Map<BundleRevision, Importer> importers = new HashMap<>();

        /** Reads a bundle's credentials; false if that failed and the bundle must not link. */
        boolean learn(BundleRevision r) {
            try {
                importers.put(r, policy.importer(r.getBundle()));
                return true;
            } catch (Throwable t) {
                importers.put(r, null);
                fault(r, t);
                return false;
            }
        }

        @Override
        public void filterResolvable(Collection<BundleRevision> candidates) {
            for (Iterator<BundleRevision> it = candidates.iterator(); it.hasNext(); ) {
                BundleRevision r = it.next();
                boolean ok = importers.containsKey(r) ? importers.get(r) != null : learn(r);
                if (!ok) {
                    it.remove();
                }
            }
        }

        @Override
        public void filterSingletonCollisions(BundleCapability singleton, Collection<BundleCapability> collisionCandidates) {
            // singletons are no symbol matter
        }

        @Override
        public void filterMatches(BundleRequirement requirement, Collection<BundleCapability> candidates) {
            try {
                Importer who = importers.get(requirement.getRevision());
                for (Iterator<BundleCapability> it = candidates.iterator(); it.hasNext(); ) {
                    if (!allowed(who, it.next())) {
                        it.remove();
                    }
                }
            } catch (Throwable t) {
                fault(requirement.getRevision(), t);
                try {
                    candidates.removeIf(SymbolHook::restrictedOrWhole);
                } catch (Throwable t2) {
                    candidates.clear();
                }
            }
        }

        private boolean allowed(Importer who, BundleCapability cap) {
            switch (cap.getNamespace()) {
                case BundleRevision.PACKAGE_NAMESPACE:
                    return !SymbolPolicy.restricted(cap) || (who != null && policy.check(who, Export.of(cap)) == Verdict.ALLOW);
                case BundleRevision.BUNDLE_NAMESPACE:
                case BundleRevision.HOST_NAMESPACE:
                    // Require-Bundle sees the provider's exports, a fragment its host's class space
                    return who != null && policy.mayJoin(who, cap.getRevision(),
                            BundleRevision.HOST_NAMESPACE.equals(cap.getNamespace()));
                default:
                    return true;
            }
        }

        @Override
        public void end() {
            importers.clear();
        }
    }

    /** What a faulty filterMatches removes: restricted exports and whole-bundle capabilities. */
    private static boolean restrictedOrWhole(BundleCapability cap) {
        return !BundleRevision.PACKAGE_NAMESPACE.equals(cap.getNamespace()) || SymbolPolicy.restricted(cap);
    }
}
