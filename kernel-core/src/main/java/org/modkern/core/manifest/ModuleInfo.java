package org.modkern.core.manifest;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.jar.Attributes;
import java.util.jar.Manifest;
import java.util.zip.ZipFile;

/**
 * A module as its manifest describes it (DESIGN.md's module contract): the kernel reads this,
 * never the annotations, so bundles built by any tool work the same. {@link #headers} are the
 * manifest's main attributes, looked up without regard to case, as in any manifest.
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

    /** True if the module declares a version ({@code Bundle-Version}, Linux's {@code MODULE_VERSION}). */
    public boolean declaresVersion() {
        return headers.get("Bundle-Version") != null;
    }

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
        byte[] text;
        try (ZipFile zf = new ZipFile(jar.toFile())) {
            text = ManifestReader.manifestBytes(zf);
        } catch (IOException | SecurityException e) {
            throw new ModuleFormatException("not a module: " + e.getMessage(), e);
        }
        if (text == null) {
            throw new ModuleFormatException("not a module: no META-INF/MANIFEST.MF");
        }
        Map<String, String> headers = ManifestReader.parse(text);
        if (headers == null) {
            headers = new LinkedHashMap<>();
            try {
                for (Map.Entry<Object, Object> e : new Manifest(new ByteArrayInputStream(text)).getMainAttributes().entrySet()) {
                    headers.put(((Attributes.Name) e.getKey()).toString(), String.valueOf(e.getValue()));
                }
            } catch (IOException e) {
                throw new ModuleFormatException("not a module: " + e.getMessage(), e);
            }
        }
        return fromHeaders(headers, jar);
    }

    /** Builds the description from manifest headers; {@code file} may be null. */
    public static ModuleInfo fromHeaders(Map<String, String> written, Path file) throws ModuleFormatException {
        // header names are case-insensitive in a manifest, as the framework reads them
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.putAll(written);
        try {
            List<HeaderParser.Clause> bsn = HeaderParser.parse(headers.get("Bundle-SymbolicName"));
            if (bsn.isEmpty()) {
                throw new ModuleFormatException("not a module: no Bundle-SymbolicName");
            }
            if (bsn.size() > 1 || bsn.get(0).paths().size() > 1) {
                throw new ModuleFormatException("not a module: more than one Bundle-SymbolicName");
            }
            String name = name(bsn.get(0).path(), true, "module name");
            List<ParamDecl> params = new ArrayList<>();
            Set<String> paramNames = new HashSet<>();
            for (HeaderParser.Clause c : HeaderParser.parse(headers.get("Module-Param"))) {
                for (String p : c.paths()) {
                    if (!paramNames.add(canonical(name(p, false, "parameter name")))) {
                        throw new IllegalArgumentException("parameter " + p + " declared twice");
                    }
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
            return new ModuleInfo(file, name, version == null ? "0.0.0" : version.trim(),
                    headers.get("Bundle-Description"), HeaderParser.paths(headers.get("Module-Author")),
                    trimmed(headers.get("Module-License")), HeaderParser.paths(headers.get("Module-Alias")),
                    trimmed(headers.get("Module-Softdep")), HeaderParser.paths(headers.get("Module-Import-NS")),
                    List.copyOf(params), trimmed(headers.get("Module-Init")), trimmed(headers.get("Module-Vermagic")),
                    List.copyOf(exports), List.copyOf(imports), Collections.unmodifiableMap(headers));
        } catch (IllegalArgumentException e) {
            throw new ModuleFormatException("malformed manifest: " + e.getMessage(), e);
        }
    }

    /** Linux's longest module name, {@code MODULE_NAME_LEN} less its NUL. */
    static final int MAX_NAME = 55;

    /**
     * A module name must be an OSGi symbolic name of at most {@link #MAX_NAME} characters
     * (tokens of letters, digits, '_' and '-', joined by '.' where {@code dots}); a parameter
     * name one token. Either names a file under /sys/module.
     */
    private static String name(String s, boolean dots, String what) {
        boolean ok = !s.isEmpty() && s.length() <= MAX_NAME && s.charAt(0) != '.' && s.charAt(s.length() - 1) != '.';
        for (int i = 0; ok && i < s.length(); i++) {
            char c = s.charAt(i);
            ok = c < 128 && (Character.isLetterOrDigit(c) || c == '_' || c == '-' || (dots && c == '.' && s.charAt(i - 1) != '.'));
        }
        if (!ok) {
            throw new IllegalArgumentException(s.length() > MAX_NAME ? what + " longer than " + MAX_NAME + " characters"
                    : "invalid " + what + " '" + s + "'");
        }
        return s;
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
