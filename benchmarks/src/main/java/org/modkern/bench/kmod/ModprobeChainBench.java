// JMH: one modprobe of the module on top of a depth-12 dependency chain, with a kernel that loads instantly.
package org.modkern.bench.kmod;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.modkern.bench.kmod.CatalogGenerator.Module;
import org.modkern.core.kmod.KmodLog;
import org.modkern.core.kmod.ModuleLookup;
import org.modkern.core.kmod.ModuleOps;
import org.modkern.core.kmod.Modprobe;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of modprobe itself (lookup, dependency list, options, an insmod call per module) for the
 * module that tops a depth-12 chain of the generated catalog, against a {@link ModuleOps} whose
 * loads take no time and never stick, so every call does the whole work. Sample mode: read p0.50.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ModprobeChainBench {

    private BenchCatalog catalog;
    private Modprobe modprobe;
    private List<String> args;
    private PrintStream sink;

    @Setup(Level.Trial)
    public void setup() throws IOException {
        catalog = new BenchCatalog(5000, 30000, 12, 42);
        ModuleLookup lookup = ModuleLookup.load(catalog.root, CatalogGenerator.RELEASE, null, KmodLog.silent("modprobe"));
        String top = null;
        for (Module m : catalog.generator.modules()) {
            if (lookup.module(m.name()) != null && lookup.module(m.name()).dependencies().size() >= 12) {
                top = m.name();
                break;
            }
        }
        if (top == null) {
            throw new IllegalStateException("no module with a depth-12 chain");
        }
        System.out.printf("%nmodprobe %s (%d dependencies)%n", top, lookup.module(top).dependencies().size());
        ModuleOps ops = new ModuleOps() {
            @Override
            public boolean isLoaded(String name) {
                return false;
            }

            @Override
            public void insmod(Path jar, List<String> params, boolean force) {
            }

            @Override
            public void rmmod(String name, boolean force) {
            }

            @Override
            public List<String> holders(String name) {
                return List.of();
            }

            @Override
            public int runCommand(String commandLine) {
                return 0;
            }
        };
        modprobe = new Modprobe(lookup, ops);
        args = List.of(top);
        sink = new PrintStream(OutputStream.nullOutputStream());
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        catalog.close();
    }

    @Benchmark
    public int modprobe() {
        return modprobe.run(args, sink, sink);
    }
}
