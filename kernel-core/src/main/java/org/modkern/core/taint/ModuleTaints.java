// The taints a module brings by what it is: P (license), O (out of tree), E (unsigned).
package org.modkern.core.taint;

import java.util.EnumMap;
import java.util.Map;
import org.modkern.core.manifest.ModuleInfo;

/**
 * The taints a module brings by its manifest, with Linux's words for each (printed when the
 * load succeeds and the flag is new to the kernel):
 * <ul>
 * <li>P: its {@code Module-License} is not GPL-compatible, or missing ({@code set_license()}:
 *     {@code NAME: module license 'X' taints kernel.}, X {@code unspecified} when missing);
 * <li>O: it was not built in this tree. Linux's modpost adds {@code MODULE_INFO(intree, "Y")}
 *     to modules built inside the kernel tree; here the build of this repository's bundles
 *     writes {@code Module-Intree: Y} (bundles/pom.xml), and a module without it is out of tree
 *     ({@code NAME: loading out-of-tree module taints kernel.}). Like Linux's, the marker says
 *     where a module was built, not whether it can be trusted;
 * <li>E: its signature was not verified ({@code NAME: module verification failed: signature
 *     and/or required key missing - tainting kernel}): unsigned, signed by a key not in
 *     {@code etc/keys}, or forced (see {@code signing.ModuleSigCheck}).
 * </ul>
 */
public final class ModuleTaints {

    /** The header this tree's build writes into its modules. */
    public static final String INTREE = "Module-Intree";

    private ModuleTaints() {
    }

    /**
     * The flags loading this module sets, each with its warning.
     *
     * @param signed true if the kernel verified the module's signature
     */
    public static Map<Taint.Flag, String> of(ModuleInfo info, boolean signed) {
        String name = info.canonicalName();
        Map<Taint.Flag, String> out = new EnumMap<>(Taint.Flag.class);
        if (!signed) {
            out.put(Taint.Flag.UNSIGNED_MODULE,
                    name + ": module verification failed: signature and/or required key missing - tainting kernel");
        }
        if (!"Y".equals(info.headers().getOrDefault(INTREE, "").trim())) {
            out.put(Taint.Flag.OOT_MODULE, name + ": loading out-of-tree module taints kernel.");
        }
        if (!info.gplCompatible()) {
            String license = info.license() == null ? "unspecified" : info.license();
            out.put(Taint.Flag.PROPRIETARY_MODULE, name + ": module license '" + license + "' taints kernel.");
        }
        return out;
    }
}
