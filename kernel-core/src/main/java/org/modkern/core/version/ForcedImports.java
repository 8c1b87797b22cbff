// The manifest rewrite of a forced load: imports whose version range disagrees lose the range.
package org.modkern.core.version;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.modkern.core.manifest.HeaderParser;

/**
 * What {@code insmod -f} does to a module whose imports disagree about versions: kmod strips the
 * module's {@code __versions} section before handing it to the kernel; here the named imports
 * of {@code Import-Package} lose their {@code version} attribute, so the framework may wire them
 * to whatever version is exported. Only the main manifest's {@code Import-Package} changes; the
 * file on disk is untouched (the copy goes to the framework).
 */
public final class ForcedImports {

    private ForcedImports() {
    }

    /** The jar's bytes with the version range of the named imports removed. */
    public static byte[] rewrite(byte[] image, Set<String> unversioned) throws IOException {
        try (InputStream raw = new ByteArrayInputStream(image); JarInputStream in = new JarInputStream(raw, false)) {
            Manifest mf = in.getManifest();
            if (mf == null) {
                throw new IOException("no manifest");
            }
            Attributes main = mf.getMainAttributes();
            main.putValue("Import-Package", unversion(main.getValue("Import-Package"), unversioned));
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            try (JarOutputStream out = new JarOutputStream(buf, mf)) {
                for (JarEntry e = in.getNextJarEntry(); e != null; e = in.getNextJarEntry()) {
                    out.putNextEntry(new JarEntry(e.getName()));
                    in.transferTo(out);
                    out.closeEntry();
                }
            }
            return buf.toByteArray();
        }
    }

    /** An {@code Import-Package} value with the version attributes of the named packages removed. */
    static String unversion(String header, Set<String> unversioned) {
        List<String> clauses = new ArrayList<>();
        for (HeaderParser.Clause c : HeaderParser.parse(header)) {
            for (String pkg : c.paths()) {
                StringBuilder sb = new StringBuilder(pkg);
                for (Map.Entry<String, String> a : c.attributes().entrySet()) {
                    boolean drop = unversioned.contains(pkg)
                            && (a.getKey().equals("version") || a.getKey().equals("specification-version"));
                    if (!drop) {
                        sb.append(';').append(a.getKey()).append("=\"").append(escape(a.getValue())).append('"');
                    }
                }
                c.directives().forEach((k, v) -> sb.append(';').append(k).append(":=\"").append(escape(v)).append('"'));
                clauses.add(sb.toString());
            }
        }
        return String.join(",", clauses);
    }

    private static String escape(String v) {
        return v.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
