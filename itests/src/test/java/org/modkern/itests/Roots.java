package org.modkern.itests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/** Fresh kernel roots for tests: copies of the distribution's lib/ and etc/ in a temp directory. */
public final class Roots {

    private Roots() {
    }

    /** A new root holding copies of {@code dist}'s lib/ and etc/ and an empty var/. */
    public static Path fresh(Path dist) throws IOException {
        Path root = Files.createTempDirectory("modkern-it-");
        copy(dist.resolve("lib"), root.resolve("lib"));
        copy(dist.resolve("etc"), root.resolve("etc"));
        Files.createDirectories(root.resolve("var"));
        return root;
    }

    static void copy(Path from, Path to) throws IOException {
        if (!Files.exists(from)) {
            return;
        }
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
