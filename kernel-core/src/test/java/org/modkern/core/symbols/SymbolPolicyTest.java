// Unit tests of the export rules, the fail-closed hook and the loader's second check of wires.
package org.modkern.core.symbols;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.modkern.core.symbols.Fakes.FakeBundle;
import org.modkern.core.symbols.SymbolPolicy.Verdict;
import org.osgi.framework.hooks.resolver.ResolverHook;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRevision;

class SymbolPolicyTest {

    private final FaultAttr fault = new FaultAttr();
    private final SymbolPolicy policy = new SymbolPolicy(fault);
    private final List<String> log = new ArrayList<>();
    private final SymbolHook hook = new SymbolHook(policy, log::add);

    private final FakeBundle kernel = new FakeBundle(1, "org.modkern.api", "GPL", null);
    private final BundleCapability plain = kernel.export("org.modkern.api");
    private final BundleCapability gplOnly = kernel.export("org.modkern.api.module", "symbol.license=GPL");
    private final FakeBundle dmabuf = new FakeBundle(7, "dma-buf", "GPL", null);
    private final BundleCapability ns = dmabuf.export("org.example.dmabuf", "symbol.ns=DMA_BUF");
    private final BundleCapability nsGpl = dmabuf.export("org.example.dmabuf.gpl", "symbol.ns=DMA_BUF", "symbol.license=GPL");

    private final FakeBundle gpl = new FakeBundle(10, "gpl", "GPL v2", null);
    private final FakeBundle proprietary = new FakeBundle(11, "blob", "Proprietary", "DMA_BUF");
    private final FakeBundle unlicensed = new FakeBundle(12, "nolicense", null, null);
    private final FakeBundle importer = new FakeBundle(13, "udmabuf", "Dual MIT/GPL", "DMA_BUF, OTHER");

    private Verdict check(FakeBundle who, BundleCapability cap) {
        return policy.check(policy.importer(who.bundle), SymbolPolicy.Export.of(cap));
    }

    @Test
    void gplOnlyExportsLinkOnlyIntoGplCompatibleBundles() {
        assertEquals(Verdict.ALLOW, check(gpl, gplOnly));
        assertEquals(Verdict.GPL_ONLY, check(proprietary, gplOnly));
        assertEquals(Verdict.GPL_ONLY, check(unlicensed, gplOnly));
        assertEquals(Verdict.ALLOW, check(proprietary, plain));
        assertEquals(Verdict.ALLOW, check(unlicensed, plain));
    }

    @Test
    void namespacedExportsLinkOnlyIntoBundlesImportingTheNamespace() {
        assertEquals(Verdict.NAMESPACE, check(gpl, ns));
        assertEquals(Verdict.ALLOW, check(importer, ns));
        assertEquals(Verdict.ALLOW, check(proprietary, ns));
        assertEquals(Verdict.GPL_ONLY, check(proprietary, nsGpl), "the license rule comes first");
        assertEquals(Verdict.ALLOW, check(importer, nsGpl));
        assertEquals(Set.of("DMA_BUF", "OTHER"), policy.importer(importer.bundle).namespaces());
    }

    @Test
    void theOwnerMayAlwaysUseItsOwnExports() {
        FakeBundle closedOwner = new FakeBundle(20, "closed", "Proprietary", null);
        BundleCapability own = closedOwner.export("org.closed", "symbol.license=GPL", "symbol.ns=X");
        assertEquals(Verdict.ALLOW, check(closedOwner, own));
    }

    @Test
    void requireBundleAndFragmentsAreJudgedByWhatTheyJoin() {
        assertFalse(policy.mayJoin(policy.importer(proprietary.bundle), kernel.revision, false));
        assertTrue(policy.mayJoin(policy.importer(gpl.bundle), kernel.revision, false));
        FakeBundle plainOnly = new FakeBundle(21, "plainlib", "GPL", null);
        plainOnly.export("org.plain");
        assertTrue(policy.mayJoin(policy.importer(proprietary.bundle), plainOnly.revision, false));
        // a fragment runs in its host's class space: not less GPL than it, every namespace it imports
        assertFalse(policy.mayJoin(policy.importer(proprietary.bundle), plainOnly.revision, true));
        assertFalse(policy.mayJoin(policy.importer(gpl.bundle), importer.revision, true));
    }

    @Test
    void anInjectedFaultThrowsUntilItsCountIsUsed() {
        fault.times(2);
        assertThrows(FaultAttr.InjectedFault.class, () -> policy.importer(gpl.bundle));
        assertThrows(FaultAttr.InjectedFault.class, () -> check(gpl, plain));
        assertEquals(0, fault.times());
        assertEquals(Verdict.ALLOW, check(gpl, plain));
        assertThrows(IllegalArgumentException.class, () -> fault.times(-2));
    }

    private List<BundleCapability> candidates(BundleCapability... caps) {
        return new ArrayList<>(List.of(caps));
    }

    @Test
    void theHookRemovesWhatTheRulesRefuse() {
        ResolverHook h = hook.begin(List.of());
        List<BundleRevision> resolvable = new ArrayList<>(List.of(proprietary.revision, gpl.revision));
        h.filterResolvable(resolvable);
        assertEquals(2, resolvable.size());

        List<BundleCapability> c = candidates(plain, gplOnly, ns);
        h.filterMatches(proprietary.requirement(BundleRevision.PACKAGE_NAMESPACE, "x"), c);
        assertEquals(List.of(plain, ns), c);
        c = candidates(plain, gplOnly, ns);
        h.filterMatches(gpl.requirement(BundleRevision.PACKAGE_NAMESPACE, "x"), c);
        assertEquals(List.of(plain, gplOnly), c);
        c = candidates(kernel.whole());
        h.filterMatches(proprietary.requirement(BundleRevision.BUNDLE_NAMESPACE, "org.modkern.api"), c);
        assertTrue(c.isEmpty());
        h.end();
    }

    @Test
    void aBundleTheHookHasNotReadGetsNoRestrictedExport() {
        ResolverHook h = hook.begin(List.of());
        List<BundleCapability> c = candidates(plain, gplOnly);
        h.filterMatches(gpl.requirement(BundleRevision.PACKAGE_NAMESPACE, "x"), c);
        assertEquals(List.of(plain), c);
    }

    @Test
    void aFaultNeverEscapesTheHookAndClosesEverythingRestricted() {
        ResolverHook h = hook.begin(List.of(gpl.revision)); // a dynamic import: the trigger is resolved
        h.filterResolvable(new ArrayList<>());
        fault.times(-1);
        List<BundleCapability> c = candidates(plain, gplOnly, ns);
        h.filterMatches(gpl.requirement(BundleRevision.PACKAGE_NAMESPACE, "x"), c);
        assertEquals(List.of(plain), c);
        assertNotNull(hook.takeFault(gpl.id));
        assertNull(hook.takeFault(gpl.id), "a fault is taken once");
        assertTrue(log.get(0).startsWith("symbol policy failed for gpl (bundle 10): "), log.toString());

        // a bundle whose credentials cannot be read does not resolve at all
        List<BundleRevision> resolvable = new ArrayList<>(List.of(proprietary.revision));
        hook.begin(List.of()).filterResolvable(resolvable);
        assertTrue(resolvable.isEmpty());
    }

    @Test
    void theSecondCheckRefusesAWireTheHookShouldHaveRemoved() {
        SymbolResolver resolver = new SymbolResolver(policy, hook, null);
        proprietary.wire(plain, "org.modkern.api");
        assertNull(resolver.verify(proprietary.bundle, "blob"));
        proprietary.wire(gplOnly, "org.modkern.api.module");
        SymbolResolver.Refusal r = resolver.verify(proprietary.bundle, "blob");
        assertEquals("org.modkern.api.module", r.symbol());
        assertEquals(List.of("blob: Unknown symbol org.modkern.api.module (err -2)"), r.dmesg());

        gpl.wire(ns, "org.example.dmabuf");
        assertEquals(List.of("module gpl uses symbol org.example.dmabuf from namespace DMA_BUF, but does not import it.",
                "gpl: Unknown symbol org.example.dmabuf (err -2)"), resolver.verify(gpl.bundle, "gpl").dmesg());

        importer.wire(ns, "org.example.dmabuf");
        assertNull(resolver.verify(importer.bundle, "udmabuf"));
        fault.times(1);
        assertEquals(List.of("udmabuf: symbol policy failed: org.modkern.core.symbols.FaultAttr$InjectedFault: "
                + "fail_symbol_policy: fault injected in importer", "udmabuf: Unknown symbol org.example.dmabuf (err -2)"),
                resolver.verify(importer.bundle, "udmabuf").dmesg());
    }
}
