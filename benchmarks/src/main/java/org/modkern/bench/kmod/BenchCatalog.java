// A generated catalog on disk with depmod run over it: the shared setup of the kmod benchmarks.
package org.modkern.bench.kmod;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.modkern.core.kmod.Catalog;
import org.modkern.core.kmod.Depmod;
import org.modkern.core.kmod.KmodLog;

/** Generates a catalog into a temporary root, runs depmod on it, and deletes it on {@link #close()}. */
final class BenchCatalog implements AutoCloseable {

    final CatalogGenerator generator;
    final Path root;
    final Path modulesDir;

    BenchCatalog(int modules, int aliases, int depth, long seed) {
        try {
            generator = new CatalogGenerator(modules, aliases, depth, seed);
            root = Files.createTempDirectory("modkern-bench");
            modulesDir = generator.write(root, CatalogGenerator.RELEASE);
            KmodLog log = KmodLog.silent("depmod");
            Depmod.of(Catalog.scan(modulesDir, log), Depmod.platformPackages(), log).writeTo(modulesDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
