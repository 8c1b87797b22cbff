// Boots the distribution's kernel in Felix inside the benchmark JVM and loads modules through insmod.
package org.modkern.bench.symbols;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.util.tracker.ServiceTracker;

/**
 * A real kernel for the benchmark: Felix with the distribution's kernel-api, Gogo runtime and
 * kernel-core bundles (from {@code -Dmodkern.dist}, default {@code launcher/target/modkern}),
 * on a temporary root. Modules are built as jars here, as a third-party build would, and loaded
 * with the kernel's own {@code insmod} through a Gogo session, so they pass the symbol policy
 * like any module. The system bundle exports {@code org.modkern.bench.symbols.probe}.
 */
final class BenchKernel implements AutoCloseable {

    static final String PROBE = "org.modkern.bench.symbols.probe";
    private static final String PROCESSOR = "org.apache.felix.service.command.CommandProcessor";

    private final Path dist;
    private final Path root;
    private final Framework fw;
    private final Object processor;

    BenchKernel() throws Exception {
        dist = Path.of(System.getProperty("modkern.dist", "launcher/target/modkern")).toAbsolutePath().normalize();
        Path bundles = dist.resolve("boot/bundles");
        if (!Files.isDirectory(bundles)) {
            throw new IllegalStateException("no distribution at " + dist + ": build it (mvn -DskipTests package) or set -Dmodkern.dist");
        }
        root = Files.createTempDirectory("modkern-bench-");
        Map<String, String> props = new HashMap<>();
        props.put(Constants.FRAMEWORK_STORAGE, root.resolve("var/cache").toString());
        props.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        props.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, PROBE);
        props.put("felix.log.level", "1");
        props.put("modkern.root", root.toString());
        fw = ServiceLoader.load(FrameworkFactory.class, BenchKernel.class.getClassLoader())
                .findFirst().orElseThrow().newFramework(props);
        fw.init();
        BundleContext ctx = fw.getBundleContext();
        Bundle[] boot = {
            ctx.installBundle(bundles.resolve("kernel-api.jar").toUri().toString()),
            ctx.installBundle(bundles.resolve("org.apache.felix.gogo.runtime.jar").toUri().toString()),
            ctx.installBundle(bundles.resolve("kernel-core.jar").toUri().toString())};
        fw.start();
        for (Bundle b : boot) {
            b.start();
        }
        ServiceTracker<Object, Object> t = new ServiceTracker<>(ctx, PROCESSOR, null);
        t.open();
        processor = t.waitForService(10_000);
        if (processor == null) {
            throw new IllegalStateException("the kernel's shell did not come up");
        }
    }

    /** The bundle of a loaded module. */
    Bundle bundle(String bsn) {
        for (Bundle b : fw.getBundleContext().getBundles()) {
            if (bsn.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new IllegalStateException("no bundle " + bsn);
    }

    /** Runs one shell command line; fails with its output if it throws. */
    String sh(String line) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8);
        // Gogo's API lives in its bundle: call it through reflection, as any outside caller must
        Object session = processor.getClass().getMethod("createSession", InputStream.class, OutputStream.class, OutputStream.class)
                .invoke(processor, new ByteArrayInputStream(new byte[0]), ps, ps);
        try {
            session.getClass().getMethod("execute", CharSequence.class).invoke(session, line);
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw new IllegalStateException(line + ": " + out.toString(StandardCharsets.UTF_8), e.getCause());
        } finally {
            session.getClass().getMethod("close").invoke(session);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The kernel's vermagic, as a module built against this kernel-api carries it. */
    String vermagic() throws IOException {
        try (JarFile api = new JarFile(dist.resolve("boot/bundles/kernel-api.jar").toFile())) {
            return new String(api.getInputStream(api.getEntry("META-INF/modkern/vermagic")).readAllBytes(),
                    StandardCharsets.UTF_8).trim();
        }
    }

    /** The bytes of a class of the kernel's own kernel-api jar. */
    byte[] kernelApiClass(String entry) throws IOException {
        try (JarFile api = new JarFile(dist.resolve("boot/bundles/kernel-api.jar").toFile())) {
            return api.getInputStream(api.getEntry(entry)).readAllBytes();
        }
    }

    /** Writes a module jar with these headers and entries (path to bytes) under the root. */
    Path module(String name, Map<String, String> headers, Map<String, byte[]> entries) throws IOException {
        Manifest mf = new Manifest();
        Attributes a = mf.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("Bundle-ManifestVersion", "2");
        a.putValue("Bundle-SymbolicName", name);
        a.putValue("Bundle-Version", "1.0.0");
        a.putValue("Module-Vermagic", vermagic());
        headers.forEach(a::putValue);
        Path jar = root.resolve(name + ".jar");
        try (OutputStream os = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(os, mf)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                out.putNextEntry(new JarEntry(e.getKey()));
                out.write(e.getValue());
                out.closeEntry();
            }
        }
        return jar;
    }

    /** The bytes of a class on the benchmark's own class path. */
    static byte[] classBytes(Class<?> c) throws IOException {
        String entry = c.getName().replace('.', '/') + ".class";
        try (InputStream in = BenchKernel.class.getClassLoader().getResourceAsStream(entry)) {
            return in.readAllBytes();
        }
    }

    @Override
    public void close() throws Exception {
        fw.stop();
        fw.waitForStop(10_000);
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
