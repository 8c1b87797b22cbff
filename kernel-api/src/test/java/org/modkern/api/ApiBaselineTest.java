// Checks that kernel-api's exported package versions grow with its API (bnd's baseline).
package org.modkern.api;

import static org.junit.jupiter.api.Assertions.assertTrue;

import aQute.bnd.differ.Baseline;
import aQute.bnd.differ.DiffPluginImpl;
import aQute.bnd.osgi.Jar;
import aQute.bnd.osgi.Processor;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * kernel-api's modversions for itself: bnd's baseline compares the API just built (the classes
 * and the manifest bnd wrote into target/classes) with {@code src/baseline/kernel-api.jar}, the
 * last merged kernel-api, and fails when a package's API changed more than its version says
 * (a removed method needs a major step, an added type a minor one) or a version went down.
 * STYLE.md suggests bnd-baseline-maven-plugin; it needs a released kernel-api in a Maven
 * repository to compare with, and none exists yet, so this test runs the same differ (bndlib)
 * against a committed reference jar, offline. When a kernel-api is released or merged, replace
 * the reference jar with it.
 */
class ApiBaselineTest {

    @Test
    void exportedVersionsCoverTheApiChanges() throws Exception {
        File classes = new File("target/classes");
        File reference = new File("src/baseline/kernel-api.jar");
        assertTrue(new File(classes, "META-INF/MANIFEST.MF").isFile(), "run after bnd-process (mvn test does)");
        try (Processor reporter = new Processor(); Jar newer = new Jar(classes); Jar older = new Jar(reference)) {
            Set<Baseline.Info> infos = new Baseline(reporter, new DiffPluginImpl()).baseline(newer, older, null);
            List<String> problems = new ArrayList<>();
            for (Baseline.Info info : infos) {
                if (info.mismatch) {
                    problems.add(info.packageName + " " + info.newerVersion + " (was " + info.olderVersion
                            + "): the change needs " + info.suggestedVersion);
                }
            }
            assertTrue(!infos.isEmpty(), "no exported package compared");
            assertTrue(problems.isEmpty(), String.join("\n", problems));
        }
    }
}
