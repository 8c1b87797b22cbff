// JMH: alias resolution on a distribution-sized catalog, over a mix of matching and non-matching modaliases.
package org.modkern.bench.kmod;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.modkern.core.kmod.AliasIndex;
import org.modkern.core.kmod.KmodLog;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Lookups per second of {@link AliasIndex} loaded from the modules.alias depmod wrote for a
 * generated catalog (default 5,000 modules, 30,000 patterns), single thread. Queries cycle
 * through 8,192 modaliases: half built from the catalog's own patterns (so they match), half
 * device strings of the same families with other IDs (most match nothing; some hit class-wide
 * patterns, as real devices do).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class AliasLookupBench {

    private static final int QUERIES = 8192;

    @Param("5000")
    int modules;

    @Param("30000")
    int aliases;

    private BenchCatalog catalog;
    private AliasIndex index;
    private String[] queries;
    private int next;

    @Setup(Level.Trial)
    public void setup() throws IOException {
        catalog = new BenchCatalog(modules, aliases, 12, 42);
        index = AliasIndex.load(catalog.modulesDir.resolve("modules.alias"), KmodLog.silent("modprobe"));
        SplittableRandom rnd = new SplittableRandom(7);
        List<String> patterns = new ArrayList<>();
        catalog.generator.modules().forEach(m -> patterns.addAll(m.aliases()));
        queries = new String[QUERIES];
        int hits = 0;
        for (int i = 0; i < QUERIES; i++) {
            queries[i] = i % 2 == 0 ? instantiate(patterns.get(rnd.nextInt(patterns.size())), rnd) : unknownDevice(rnd);
            hits += index.lookup(queries[i]).isEmpty() ? 0 : 1;
        }
        System.out.printf("%n%d patterns indexed; %d of %d queries match something%n", index.size(), hits, QUERIES);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        catalog.close();
    }

    @Benchmark
    public List<String> lookup() {
        return index.lookup(queries[next++ & (QUERIES - 1)]);
    }

    /** A string the pattern matches: wildcards filled the way device strings fill them. */
    static String instantiate(String pattern, SplittableRandom rnd) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '*') {
                int n = rnd.nextInt(9);
                for (int k = 0; k < n; k++) {
                    sb.append(Character.toUpperCase(Character.forDigit(rnd.nextInt(16), 16)));
                }
            } else if (c == '?') {
                sb.append(Character.forDigit(rnd.nextInt(10), 10));
            } else if (c == '[') {
                int close = pattern.indexOf(']', i);
                sb.append(pattern.charAt(i + 1));
                i = close;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** A device string of a known family with IDs no driver claims specifically. */
    static String unknownDevice(SplittableRandom rnd) {
        switch (rnd.nextInt(6)) {
            case 0:
                return String.format("pci:v%08Xd%08Xsv%08Xsd%08Xbc%02Xsc%02Xi%02X", 0x1234 + rnd.nextInt(0x100),
                        rnd.nextInt(0x10000), rnd.nextInt(0x10000), rnd.nextInt(0x10000), rnd.nextInt(0x13),
                        rnd.nextInt(0x10), rnd.nextInt(0x40));
            case 1:
                return String.format("usb:v%04Xp%04Xd%04Xdc%02Xdsc%02Xdp%02Xic%02Xisc%02Xip%02Xin%02X",
                        rnd.nextInt(0x10000), rnd.nextInt(0x10000), rnd.nextInt(0x10000), 0, 0, 0, rnd.nextInt(0x100),
                        rnd.nextInt(0x10), rnd.nextInt(0x10), rnd.nextInt(4));
            case 2:
                return String.format("acpi:QEMU%04X:PNP%04X:", rnd.nextInt(0x10000), rnd.nextInt(0x10000));
            case 3:
                return String.format("of:NserialT(null)Cacme,chip%d-uart", rnd.nextInt(10000));
            case 4:
                return String.format("dmi:bvnSeaBIOS:bvr1.%d:svnQEMU:pnStandardPC:pvr%d:", rnd.nextInt(20), rnd.nextInt(9));
            default:
                return "fs-nosuch" + rnd.nextInt(1000);
        }
    }
}
