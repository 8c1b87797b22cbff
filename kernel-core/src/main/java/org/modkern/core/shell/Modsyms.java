// The modsyms command: a loaded module's imported symbols and where each resolved, as nm -u shows them.
package org.modkern.core.shell;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.felix.service.command.Descriptor;
import org.modkern.core.kernel.Kernel;
import org.modkern.core.loader.LoadedModule;
import org.modkern.core.manifest.ModuleInfo;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;

/**
 * {@code modsyms NAME}: the symbols a loaded module imports, one a line in the shape of
 * {@code nm -u} ({@code U} an import, {@code w} an optional one, like a weak undefined symbol),
 * each followed by the version range it asked for, the module that provides it
 * ({@code vmlinux} for the kernel core, {@code -} if it is not wired) and the version it got:
 * <pre>
 *                  U org.modkern.api	[1.1,2)	vmlinux	1.1.0
 *                  U org.modkern.examples.dmabuf	[1.0,2)	dma_buf	1.0.0
 * </pre>
 * Packages wired through {@code DynamicImport-Package} follow, with range {@code dynamic}. An
 * import the module satisfies with its own export is no undefined symbol and is not listed.
 */
public final class Modsyms {

    private final Kernel kernel;

    Modsyms(Kernel kernel) {
        this.kernel = kernel;
    }

    @Descriptor("list the symbols a loaded module imports and where each resolved")
    public void modsyms(@Descriptor("module name") String name) {
        LoadedModule m = kernel.registry().get(name);
        BundleWiring w = m == null || m.bundle() == null ? null : m.bundle().adapt(BundleWiring.class);
        if (w == null) {
            throw CommandFailed.fail("modsyms: ERROR: Module " + ModuleInfo.canonical(name) + " is not currently loaded");
        }
        Map<String, BundleWire> wires = new LinkedHashMap<>();
        for (BundleWire wire : w.getRequiredWires(BundleRevision.PACKAGE_NAMESPACE)) {
            wires.putIfAbsent(String.valueOf(wire.getCapability().getAttributes().get(BundleRevision.PACKAGE_NAMESPACE)), wire);
        }
        Set<String> own = new HashSet<>();
        w.getCapabilities(BundleRevision.PACKAGE_NAMESPACE)
                .forEach(c -> own.add(String.valueOf(c.getAttributes().get(BundleRevision.PACKAGE_NAMESPACE))));
        StringBuilder sb = new StringBuilder();
        for (ModuleInfo.Import imp : m.info().imports()) {
            if (own.contains(imp.pkg()) && !wires.containsKey(imp.pkg())) {
                continue;
            }
            line(sb, imp.optional() ? 'w' : 'U', imp.pkg(), imp.versionRange() == null ? "*" : imp.versionRange(),
                    wires.remove(imp.pkg()));
        }
        wires.forEach((pkg, wire) -> line(sb, 'U', pkg, "dynamic", wire));
        System.out.print(sb);
    }

    private void line(StringBuilder sb, char type, String pkg, String range, BundleWire wire) {
        String owner = "-";
        String version = "-";
        if (wire != null) {
            LoadedModule provider = kernel.registry().byBundle(wire.getProvider().getBundle());
            owner = provider == null ? "vmlinux" : provider.name();
            Object v = wire.getCapability().getAttributes().get("version");
            version = v == null ? "0.0.0" : v.toString();
        }
        sb.append(String.format("%16s %c %s\t%s\t%s\t%s%n", "", type, pkg, range, owner, version));
    }
}
