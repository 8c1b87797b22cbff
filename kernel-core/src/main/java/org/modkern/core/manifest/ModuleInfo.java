package org.modkern.core.manifest;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * A module as its manifest describes it (DESIGN.md's module contract): the kernel reads this,
 * never the annotations, so bundles built by any tool work the same.
 */
public record ModuleInfo(
        Path file,
        String name,
        String version,
        String description,
        List<String> authors,
        String license,
        List<String> aliases,
        String softdep,
        List<String> importNs,
        List<ParamDecl> params,
        String initClass,
        String vermagic,
        List<Export> exports,
        List<Import> imports,
        Map<String, String> headers) {

    /** A declared parameter: {@code name;type=int;perm=0644;desc="..."}. */
    public record ParamDecl(String name, String type, int perm, String desc, String field) {
    }

    /** An exported package, a symbol: GPL-only when {@code symbol.license="GPL"}, namespaced by {@code symbol.ns}. */
    public record Export(String pkg, String version, boolean gplOnly, String namespace) {
    }

    /** An imported package, a symbol the module uses. */
    public record Import(String pkg, String versionRange, boolean optional) {
    }

    private static final Set<String> GPL_COMPATIBLE = Set.of(
            "GPL", "GPL v2", "GPL and additional rights", "Dual BSD/GPL", "Dual MIT/GPL", "Dual MPL/GPL");

    /** The module's name as the kernel shows it: '-' written as '_'. */
    public String canonicalName() {
        return canonical(name);
    }

    /** True for Linux's GPL-compatible license strings; a missing license is not. */
    public boolean gplCompatible() {
        return isGplCompatible(license);
    }

    /** Linux's {@code license_is_gpl_compatible()}. */
    public static boolean isGplCompatible(String license) {
        return license != null && GPL_COMPATIBLE.contains(license);
    }

    /** Module names compare with '-' and '_' the same: the canonical form uses '_'. */
    public static String canonical(String name) {
        return name.replace('-', '_');
    }

    /** Reads a module jar's manifest. */
    public static ModuleInfo fromJar(Path jar) throws ModuleFormatException {
        try {
            // the plain case straight from the zip directory; JarFile for anything else
            Map<String, String> fast = ManifestReader.mainAttributes(jar);
            if (fast != null) {
                return fromHeaders(Collections.unmodifiableMap(fast), jar);
            }
        } catch (IOException e) {
            throw new ModuleFormatException("not a module: " + e.getMessage(), e);
        }
        return fromJarFile(jar);
    }

    /**
     * Reads the manifest of a module jar already read into memory (as the loader holds it);
     * {@code file} is where it was read from, which is read again only for a jar the fast path
     * does not handle.
     */
    public static ModuleInfo fromImage(byte[] image, Path file) throws ModuleFormatException {
        Map<String, String> fast = ManifestReader.mainAttributes(image);
        return fast != null ? fromHeaders(Collections.unmodifiableMap(fast), file) : fromJarFile(file);
    }

    private static ModuleInfo fromJarFile(Path jar) throws ModuleFormatException {
        Manifest mf;
        try (JarFile jf = new JarFile(jar.toFile(), false)) {
            mf = jf.getManifest();
        } catch (IOException | SecurityException e) {
            throw new ModuleFormatException("not a module: " + e.getMessage(), e);
        }
        if (mf == null) {
            throw new ModuleFormatException("not a module: no META-INF/MANIFEST.MF");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (Map.Entry<Object, Object> e : mf.getMainAttributes().entrySet()) {
            headers.put(((Attributes.Name) e.getKey()).toString(), String.valueOf(e.getValue()));
        }
        return fromHeaders(headers, jar);
    }

    /** Builds the description from manifest headers; {@code file} may be null. */
    public static ModuleInfo fromHeaders(Map<String, String> headers, Path file) throws ModuleFormatException {
        try {
            List<HeaderParser.Clause> bsn = HeaderParser.parse(headers.get("Bundle-SymbolicName"));
            if (bsn.isEmpty()) {
                throw new ModuleFormatException("not a module: no Bundle-SymbolicName");
            }
            List<ParamDecl> params = new ArrayList<>();
            for (HeaderParser.Clause c : HeaderParser.parse(headers.get("Module-Param"))) {
                for (String p : c.paths()) {
                    params.add(new ParamDecl(p, c.attribute("type", "int"), perm(c.attribute("perm", "0"), p),
                            c.attribute("desc", ""), c.attribute("field", p)));
                }
            }
            List<Export> exports = new ArrayList<>();
            for (HeaderParser.Clause c : HeaderParser.parse(headers.get("Export-Package"))) {
                boolean gpl = "GPL".equals(c.attribute("symbol.license", null));
                for (String p : c.paths()) {
                    exports.add(new Export(p, c.attribute("version", "0.0.0"), gpl, c.attribute("symbol.ns", null)));
                }
            }
            List<Import> imports = new ArrayList<>();
            for (HeaderParser.Clause c : HeaderParser.parse(headers.get("Import-Package"))) {
                boolean optional = "optional".equals(c.directives().get("resolution"));
                for (String p : c.paths()) {
                    imports.add(new Import(p, c.attribute("version", null), optional));
                }
            }
            String version = headers.get("Bundle-Version");
            return new ModuleInfo(file, bsn.get(0).path(), version == null ? "0.0.0" : version.trim(),
                    headers.get("Bundle-Description"), HeaderParser.paths(headers.get("Module-Author")),
                    trimmed(headers.get("Module-License")), HeaderParser.paths(headers.get("Module-Alias")),
                    trimmed(headers.get("Module-Softdep")), HeaderParser.paths(headers.get("Module-Import-NS")),
                    List.copyOf(params), trimmed(headers.get("Module-Init")), trimmed(headers.get("Module-Vermagic")),
                    List.copyOf(exports), List.copyOf(imports), Collections.unmodifiableMap(headers));
        } catch (IllegalArgumentException e) {
            throw new ModuleFormatException("malformed manifest: " + e.getMessage(), e);
        }
    }

    private static int perm(String s, String param) {
        try {
            int perm = Integer.parseInt(s.trim(), 8);
            if ((perm & ~0777) != 0) {
                throw new IllegalArgumentException("parameter " + param + ": bad perm " + s);
            }
            return perm;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("parameter " + param + ": bad perm " + s, e);
        }
    }

    private static String trimmed(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
