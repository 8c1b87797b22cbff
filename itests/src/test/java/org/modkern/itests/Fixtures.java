package org.modkern.itests;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * Builds tiny module jars per test, with exactly the headers the case needs, the way a
 * third-party build would (no bnd, no annotations): a manifest and the named classes. Like a
 * module built against kernel-api, each carries the running kernel's {@code Module-Vermagic};
 * like any module built outside this tree, none carries {@code Module-Intree}, so loading one
 * taints the kernel O.
 */
public final class Fixtures {

    private final Map<String, String> headers = new LinkedHashMap<>();
    private final Map<String, String> classes = new LinkedHashMap<>();

    private Fixtures(String name) {
        headers.put("Bundle-ManifestVersion", "2");
        headers.put("Bundle-SymbolicName", name);
        headers.put("Bundle-Version", "1.0.0");
        headers.put("Module-Vermagic", KernelTestSupport.RELEASE + " SMP mod_unload modversions");
    }

    /** A module of this name; add headers and classes, then {@link #writeTo}. */
    public static Fixtures module(String name) {
        return new Fixtures(name);
    }

    /** A module whose init class is one of the fixtures (by class name, so the test never loads it). */
    public static Fixtures initModule(String name, String fixtureClass) {
        return module(name)
                .header("Module-License", "GPL")
                .header("Module-Init", "org.modkern.itests.fixtures." + fixtureClass)
                .header("Import-Package", "org.modkern.api;version=\"[1.0,2)\",org.osgi.framework")
                .withClass("org.modkern.itests.fixtures." + fixtureClass);
    }

    public Fixtures header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    /** Leaves a header out, as a build that does not write it. */
    public Fixtures without(String name) {
        headers.remove(name);
        return this;
    }

    /** Adds a class of the test class path, by name. */
    public Fixtures withClass(String className) {
        classes.put(className.replace('.', '/') + ".class", className);
        return this;
    }

    /** Writes the jar as {@code dir/NAME.jar} and returns its path. */
    public Path writeTo(Path dir) throws IOException {
        Manifest mf = new Manifest();
        Attributes a = mf.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        headers.forEach(a::putValue);
        Files.createDirectories(dir);
        Path jar = dir.resolve(headers.get("Bundle-SymbolicName") + ".jar");
        try (OutputStream os = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(os, mf)) {
            for (String entry : classes.keySet()) {
                out.putNextEntry(new JarEntry(entry));
                try (InputStream in = Fixtures.class.getClassLoader().getResourceAsStream(entry)) {
                    if (in == null) {
                        throw new IOException("no class " + entry + " on the test class path");
                    }
                    in.transferTo(out);
                }
                out.closeEntry();
            }
        }
        return jar;
    }

    /**
     * Writes a hostile jar whose zip directory lists {@code META-INF/MANIFEST.MF} twice, with
     * these two texts in that order: a reader that takes the first entry and one that takes the
     * last see different manifests. No zip library writes that, so the bytes are laid out here
     * (stored entries, no compression).
     */
    public static Path twoManifests(Path dir, String name, String first, String second) throws IOException {
        byte[][] data = {first.getBytes(java.nio.charset.StandardCharsets.UTF_8),
            second.getBytes(java.nio.charset.StandardCharsets.UTF_8)};
        byte[] entry = "META-INF/MANIFEST.MF".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        java.nio.ByteBuffer zip = java.nio.ByteBuffer.allocate(4096).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int[] offsets = new int[data.length];
        long[] crcs = new long[data.length];
        for (int i = 0; i < data.length; i++) {
            java.util.zip.CRC32 crc = new java.util.zip.CRC32();
            crc.update(data[i]);
            crcs[i] = crc.getValue();
            offsets[i] = zip.position();
            zip.putInt(0x04034b50).putShort((short) 10).putShort((short) 0).putShort((short) 0)
                    .putInt(0).putInt((int) crcs[i]).putInt(data[i].length).putInt(data[i].length)
                    .putShort((short) entry.length).putShort((short) 0).put(entry).put(data[i]);
        }
        int cen = zip.position();
        for (int i = 0; i < data.length; i++) {
            zip.putInt(0x02014b50).putShort((short) 10).putShort((short) 10).putShort((short) 0)
                    .putShort((short) 0).putInt(0).putInt((int) crcs[i]).putInt(data[i].length)
                    .putInt(data[i].length).putShort((short) entry.length).putShort((short) 0)
                    .putShort((short) 0).putShort((short) 0).putShort((short) 0).putInt(0)
                    .putInt(offsets[i]).put(entry);
        }
        int cenSize = zip.position() - cen;
        zip.putInt(0x06054b50).putShort((short) 0).putShort((short) 0).putShort((short) data.length)
                .putShort((short) data.length).putInt(cenSize).putInt(cen).putShort((short) 0);
        Files.createDirectories(dir);
        Path jar = dir.resolve(name + ".jar");
        Files.write(jar, java.util.Arrays.copyOf(zip.array(), zip.position()));
        return jar;
    }

    /** A copy of a jar with one entry's content replaced, as someone patching a module after it was signed. */
    public static Path tamper(Path jar, Path dest, String entry, byte[] content) throws IOException {
        Files.createDirectories(dest.getParent());
        try (java.util.zip.ZipInputStream in = new java.util.zip.ZipInputStream(Files.newInputStream(jar));
                java.util.zip.ZipOutputStream out = new java.util.zip.ZipOutputStream(Files.newOutputStream(dest))) {
            for (java.util.zip.ZipEntry e; (e = in.getNextEntry()) != null;) {
                out.putNextEntry(new java.util.zip.ZipEntry(e.getName()));
                out.write(e.getName().equals(entry) ? content : in.readAllBytes());
            }
        }
        return dest;
    }
}
