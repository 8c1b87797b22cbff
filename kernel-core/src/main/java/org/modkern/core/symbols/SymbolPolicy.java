// Linux's symbol export rules as one decision: may this bundle link against this export?
package org.modkern.core.symbols;

import java.util.Collections;
import java.util.Dictionary;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import org.modkern.core.manifest.HeaderParser;
import org.modkern.core.manifest.ModuleInfo;
import org.osgi.framework.Bundle;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRevision;

/**
 * The export rules of Linux's {@code resolve_symbol()}: a GPL-only export ({@code
 * symbol.license="GPL"}) links only into a bundle whose {@code Module-License} is
 * GPL-compatible, a namespaced export ({@code symbol.ns="NS"}) only into one that lists NS in
 * {@code Module-Import-NS}. The exporting bundle may always use its own exports. The rules
 * look at the linking bundle's headers, so they hold for every bundle in the framework, module
 * or not; a bundle without {@code Module-License} is not GPL-compatible.
 *
 * <p>Evaluating the rules may throw (a malformed header, an injected {@link FaultAttr fault});
 * every caller treats a throw as a refusal.
 */
public final class SymbolPolicy {

    /** Export attribute marking a GPL-only symbol; its value is {@code GPL}. */
    public static final String LICENSE_ATTR = "symbol.license";
    /** Export attribute naming a symbol's namespace. */
    public static final String NS_ATTR = "symbol.ns";

    /** What the rules say about one link. */
    public enum Verdict {
        /** The link is allowed. */
        ALLOW,
        /** A GPL-only export and an importer that is not GPL-compatible. */
        GPL_ONLY,
        /** A namespaced export and an importer that does not import the namespace. */
        NAMESPACE
    }

    /**
     * The bundle that links, as the rules see it.
     *
     * @param bundleId its bundle id
     * @param gplCompatible its {@code Module-License} is GPL-compatible
     * @param namespaces the namespaces its {@code Module-Import-NS} lists
     */
    public record Importer(long bundleId, boolean gplCompatible, Set<String> namespaces) {
    }

    /**
     * An export, as the rules see it.
     *
     * @param symbol the package name
     * @param owner the exporting bundle's id
     * @param gplOnly exported with {@code symbol.license="GPL"}
     * @param namespace its {@code symbol.ns}, or null
     */
    public record Export(String symbol, long owner, boolean gplOnly, String namespace) {

        /** True for exports the rules may refuse: GPL-only or namespaced. */
        public boolean restricted() {
            return gplOnly || namespace != null;
        }

        /** The export a package capability stands for. */
        public static Export of(BundleCapability cap) {
            Map<String, Object> a = cap.getAttributes();
            Object ns = a.get(NS_ATTR);
            return new Export(String.valueOf(a.get(BundleRevision.PACKAGE_NAMESPACE)),
                    cap.getRevision().getBundle().getBundleId(),
                    "GPL".equals(a.get(LICENSE_ATTR)), ns == null ? null : ns.toString());
        }
    }

    private final FaultAttr fault;
    /** What {@link #importer} read, by bundle revision; an uninstalled revision's entry goes with it. */
    private final Map<BundleRevision, Importer> importers = Collections.synchronizedMap(new WeakHashMap<>());

    /** @param fault the fault-injection attribute evaluations consult */
    public SymbolPolicy(FaultAttr fault) {
        this.fault = fault;
    }

    /** The fault-injection attribute of this policy. */
    public FaultAttr fault() {
        return fault;
    }

    /** True if a capability carries either symbol attribute; cheap, and cannot fail on a valid capability. */
    public static boolean restricted(BundleCapability cap) {
        Map<String, Object> a = cap.getAttributes();
        return a.containsKey(LICENSE_ATTR) || a.containsKey(NS_ATTR);
    }

    /**
     * Reads a bundle's license and imported namespaces.
     *
     * @throws IllegalArgumentException for a malformed {@code Module-Import-NS}
     */
    public Importer importer(Bundle b) {
        fault.hit("importer");
        // a revision's headers never change, and the framework copies them on every read
        BundleRevision revision = b.adapt(BundleRevision.class);
        Importer known = revision == null ? null : importers.get(revision);
        if (known != null) {
            return known;
        }
        Dictionary<String, String> headers = b.getHeaders("");
        String license = headers.get("Module-License");
        Set<String> ns = new LinkedHashSet<>(HeaderParser.paths(headers.get("Module-Import-NS")));
        Importer who = new Importer(b.getBundleId(),
                ModuleInfo.isGplCompatible(license == null ? null : license.trim()), Set.copyOf(ns));
        if (revision != null) {
            importers.put(revision, who);
        }
        return who;
    }

    /**
     * Decides whether a bundle may join another whole: {@code Require-Bundle} gives it every
     * export of the provider, a fragment runs in its host's class space. Every restricted
     * export of the provider must be allowed to it, and a fragment must be at least as
     * GPL-compatible as its host and import every namespace the host imports.
     */
    public boolean mayJoin(Importer who, BundleRevision provider, boolean asFragment) {
        if (who.bundleId() == provider.getBundle().getBundleId()) {
            return true;
        }
        for (BundleCapability cap : provider.getDeclaredCapabilities(BundleRevision.PACKAGE_NAMESPACE)) {
            if (restricted(cap) && check(who, Export.of(cap)) != Verdict.ALLOW) {
                return false;
            }
        }
        if (asFragment) {
            Importer host = importer(provider.getBundle());
            return (who.gplCompatible() || !host.gplCompatible()) && who.namespaces().containsAll(host.namespaces());
        }
        return true;
    }

    /** Decides one link. */
    public Verdict check(Importer who, Export what) {
        fault.hit("check");
        if (!what.restricted() || who.bundleId() == what.owner()) {
            return Verdict.ALLOW;
        }
        if (what.gplOnly() && !who.gplCompatible()) {
            return Verdict.GPL_ONLY;
        }
        if (what.namespace() != null && !who.namespaces().contains(what.namespace())) {
            return Verdict.NAMESPACE;
        }
        return Verdict.ALLOW;
    }
}
