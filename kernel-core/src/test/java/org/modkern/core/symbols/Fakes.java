// Framework objects for unit tests of the symbol rules: bundles, revisions, capabilities, wires.
package org.modkern.core.symbols;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import org.osgi.framework.Bundle;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRequirement;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;

/** Proxies answering the few methods the symbol code calls; any other call fails the test. */
final class Fakes {

    private Fakes() {
    }

    /** A bundle with an id, a name and manifest headers, whose current revision exports {@code caps}. */
    static final class FakeBundle {
        final long id;
        final String name;
        final Hashtable<String, String> headers = new Hashtable<>();
        final List<BundleCapability> exports = new ArrayList<>();
        final List<BundleWire> wires = new ArrayList<>();
        final Bundle bundle;
        final BundleRevision revision;

        FakeBundle(long id, String name, String license, String importNs) {
            this.id = id;
            this.name = name;
            if (license != null) {
                headers.put("Module-License", license);
            }
            if (importNs != null) {
                headers.put("Module-Import-NS", importNs);
            }
            this.bundle = proxy(Bundle.class, (m, a) -> switch (m) {
                case "getBundleId" -> id;
                case "getSymbolicName" -> name;
                case "getHeaders" -> headers;
                case "adapt" -> a[0] == BundleWiring.class ? wiring() : revisionOrNull(a[0]);
                default -> unexpected(m);
            });
            this.revision = proxy(BundleRevision.class, (m, a) -> switch (m) {
                case "getBundle" -> bundle;
                case "getSymbolicName" -> name;
                case "getDeclaredCapabilities" -> new ArrayList<>(exports);
                case "getTypes" -> 0;
                default -> unexpected(m);
            });
        }

        private Object revisionOrNull(Object type) {
            return type == BundleRevision.class ? revision : null;
        }

        private BundleWiring wiring() {
            return proxy(BundleWiring.class, (m, a) -> switch (m) {
                case "getRequiredWires" -> new ArrayList<>(wires);
                case "getBundle" -> bundle;
                default -> unexpected(m);
            });
        }

        /** Exports a package with attributes such as {@code symbol.license=GPL}. */
        BundleCapability export(String pkg, String... attrs) {
            Map<String, Object> map = new java.util.HashMap<>();
            map.put(BundleRevision.PACKAGE_NAMESPACE, pkg);
            map.put("version", "1.0.0");
            for (String kv : attrs) {
                String[] p = kv.split("=", 2);
                map.put(p[0], p[1]);
            }
            BundleCapability cap = capability(BundleRevision.PACKAGE_NAMESPACE, map);
            exports.add(cap);
            return cap;
        }

        /** This bundle's osgi.wiring.bundle capability (what Require-Bundle wires to). */
        BundleCapability whole() {
            return capability(BundleRevision.BUNDLE_NAMESPACE, Map.of(BundleRevision.BUNDLE_NAMESPACE, name));
        }

        private BundleCapability capability(String namespace, Map<String, Object> attrs) {
            return proxy(BundleCapability.class, (m, a) -> switch (m) {
                case "getNamespace" -> namespace;
                case "getAttributes" -> attrs;
                case "getRevision" -> revision;
                default -> unexpected(m);
            });
        }

        /** A requirement of this bundle in a namespace, naming {@code what} in its filter. */
        BundleRequirement requirement(String namespace, String what) {
            return proxy(BundleRequirement.class, (m, a) -> switch (m) {
                case "getNamespace" -> namespace;
                case "getRevision" -> revision;
                case "getDirectives" -> Map.of("filter", "(" + namespace + "=" + what + ")");
                default -> unexpected(m);
            });
        }

        /** Wires this bundle to a capability, as the framework would once resolved. */
        void wire(BundleCapability cap, String what) {
            BundleRequirement req = requirement(cap.getNamespace(), what);
            wires.add(proxy(BundleWire.class, (m, a) -> switch (m) {
                case "getCapability" -> cap;
                case "getRequirement" -> req;
                default -> unexpected(m);
            }));
        }
    }

    interface Answer {
        Object answer(String method, Object[] args);
    }

    @SuppressWarnings("unchecked")
    static <T> T proxy(Class<T> type, Answer answer) {
        return (T) Proxy.newProxyInstance(Fakes.class.getClassLoader(), new Class<?>[] {type}, (p, m, a) -> {
            if (m.getName().equals("hashCode")) {
                return System.identityHashCode(p);
            }
            if (m.getName().equals("equals")) {
                return p == a[0];
            }
            if (m.getName().equals("toString")) {
                return type.getSimpleName();
            }
            return answer.answer(m.getName(), a == null ? new Object[0] : a);
        });
    }

    static Object unexpected(String method) {
        throw new UnsupportedOperationException("fake does not answer " + method);
    }
}
