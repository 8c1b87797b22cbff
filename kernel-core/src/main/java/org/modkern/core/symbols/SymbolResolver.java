// The loader's symbol step: why a module did not link, and a second check of the wires it got.
package org.modkern.core.symbols;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.modkern.core.symbols.SymbolPolicy.Export;
import org.modkern.core.symbols.SymbolPolicy.Importer;
import org.modkern.core.symbols.SymbolPolicy.Verdict;
import org.osgi.framework.Bundle;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRequirement;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * Linux's {@code simplify_symbols()} for a module bundle: after the framework resolved it (or
 * failed to), says in Linux's words what went wrong, and checks every wire it got against
 * {@link SymbolPolicy} before any of the module's code runs. The second check does not trust
 * the resolver hook to have run: a wire the rules refuse, or a rule that fails, refuses the
 * load all the same.
 */
public final class SymbolResolver {

    /**
     * Why a module cannot link: the symbol to name and the kernel's lines for dmesg (the last is
     * always {@code NAME: Unknown symbol SYMBOL (err -2)}); the load fails with ENOENT.
     */
    public record Refusal(String symbol, List<String> dmesg) {
    }

    private final SymbolPolicy policy;
    private final SymbolHook hook;
    private final FrameworkWiring wiring;

    public SymbolResolver(SymbolPolicy policy, SymbolHook hook, FrameworkWiring wiring) {
        this.policy = policy;
        this.hook = hook;
        this.wiring = wiring;
    }

    /** Why a module bundle did not resolve. */
    public Refusal explain(Bundle b, String name) {
        BundleRevision rev = b.adapt(BundleRevision.class);
        List<String> lines = new ArrayList<>();
        Throwable fault = hook.takeFault(b.getBundleId());
        Importer who = null;
        try {
            who = policy.importer(b);
        } catch (Throwable t) {
            fault = fault != null ? fault : t;
        }
        if (fault != null) {
            lines.add(name + ": symbol policy failed: " + fault);
        }
        String first = null;
        for (BundleRequirement req : rev.getDeclaredRequirements(null)) {
            if ("optional".equals(req.getDirectives().get("resolution"))
                    || "dynamic".equals(req.getDirectives().get("resolution"))) {
                continue;
            }
            String sym = symbolOf(req);
            first = first != null ? first : sym;
            Collection<BundleCapability> providers = wiring.findProviders(req);
            if (providers.isEmpty()) {
                return refusal(lines, name, sym);
            }
            String why = refusedBy(who, providers, name, sym);
            if (why != null) {
                if (!why.isEmpty()) {
                    lines.add(why);
                }
                return refusal(lines, name, sym);
            }
        }
        // a fault refused everything; otherwise something deeper (a uses conflict) did
        return refusal(lines, name, fault != null && first != null ? first : "(unresolvable)");
    }

    /**
     * Null if one provider is allowed; else "" for a GPL-only refusal (Linux says no more than
     * "Unknown symbol"), or the namespace line.
     */
    private String refusedBy(Importer who, Collection<BundleCapability> providers, String name, String sym) {
        String ns = null;
        for (BundleCapability cap : providers) {
            String space = cap.getNamespace();
            boolean whole = BundleRevision.BUNDLE_NAMESPACE.equals(space) || BundleRevision.HOST_NAMESPACE.equals(space);
            if (!whole && (!BundleRevision.PACKAGE_NAMESPACE.equals(space) || !SymbolPolicy.restricted(cap))) {
                return null;
            }
            Verdict v;
            try {
                if (whole) {
                    v = who != null && policy.mayJoin(who, cap.getRevision(), BundleRevision.HOST_NAMESPACE.equals(space))
                            ? Verdict.ALLOW : Verdict.GPL_ONLY;
                } else {
                    v = who == null ? Verdict.GPL_ONLY : policy.check(who, Export.of(cap));
                }
            } catch (Throwable t) {
                v = Verdict.GPL_ONLY;
            }
            if (v == Verdict.ALLOW) {
                return null;
            }
            if (v == Verdict.NAMESPACE) {
                ns = Export.of(cap).namespace();
            }
        }
        return ns == null ? "" : "module " + name + " uses symbol " + sym + " from namespace " + ns
                + ", but does not import it.";
    }

    /**
     * Checks the wires of a resolved module bundle; null if every one is allowed.
     */
    public Refusal verify(Bundle b, String name) {
        BundleWiring w = b.adapt(BundleWiring.class);
        if (w == null) {
            return refusal(new ArrayList<>(), name, "(unresolved)");
        }
        Importer who;
        try {
            who = policy.importer(b);
        } catch (Throwable t) {
            List<String> lines = new ArrayList<>(List.of(name + ": symbol policy failed: " + t));
            List<BundleWire> wires = w.getRequiredWires(null);
            return refusal(lines, name, wires.isEmpty() ? "(none)" : symbolOf(wires.get(0).getRequirement()));
        }
        for (BundleWire wire : w.getRequiredWires(null)) {
            BundleCapability cap = wire.getCapability();
            String sym = symbolOf(wire.getRequirement());
            List<String> lines = new ArrayList<>();
            try {
                if (BundleRevision.PACKAGE_NAMESPACE.equals(cap.getNamespace())) {
                    Verdict v = policy.check(who, Export.of(cap));
                    if (v == Verdict.NAMESPACE) {
                        lines.add("module " + name + " uses symbol " + sym + " from namespace "
                                + Export.of(cap).namespace() + ", but does not import it.");
                    }
                    if (v != Verdict.ALLOW) {
                        return refusal(lines, name, sym);
                    }
                } else if ((BundleRevision.BUNDLE_NAMESPACE.equals(cap.getNamespace())
                        || BundleRevision.HOST_NAMESPACE.equals(cap.getNamespace()))
                        && !policy.mayJoin(who, cap.getRevision(), BundleRevision.HOST_NAMESPACE.equals(cap.getNamespace()))) {
                    return refusal(lines, name, sym);
                }
            } catch (Throwable t) {
                lines.add(name + ": symbol policy failed: " + t);
                return refusal(lines, name, sym);
            }
        }
        return null;
    }

    private static Refusal refusal(List<String> lines, String name, String sym) {
        lines.add(name + ": Unknown symbol " + sym + " (err -2)");
        return new Refusal(sym, List.copyOf(lines));
    }

    /** The package (or other capability) a requirement names, read from its filter. */
    static String symbolOf(BundleRequirement req) {
        String filter = req.getDirectives().getOrDefault("filter", "");
        String key = "(" + req.getNamespace() + "=";
        int at = filter.indexOf(key);
        if (at < 0) {
            return req.getNamespace();
        }
        int end = filter.indexOf(')', at);
        return filter.substring(at + key.length(), end < 0 ? filter.length() : end);
    }
}
