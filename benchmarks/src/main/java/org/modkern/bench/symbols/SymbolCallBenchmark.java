// JMH: a call from a module into a kernel symbol vs. the same call inside one bundle vs. a service lookup per call.
package org.modkern.bench.symbols;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.modkern.bench.symbols.module.BenchModule;
import org.modkern.bench.symbols.module.LookupCaller;
import org.modkern.bench.symbols.module.StrerrorCaller;
import org.modkern.bench.symbols.probe.Caller;
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
import org.osgi.framework.Bundle;
import org.osgi.framework.wiring.BundleWiring;

/**
 * The seed's monolithic promise: a module calling a kernel symbol costs what a call inside one
 * image costs. Three ways to call {@code Errno.strerror(errno)} from module code, in a real
 * kernel (Felix, kernel-api, kernel-core) with the modules loaded by {@code insmod}:
 * <ul>
 * <li>{@link #moduleToKernelSymbol}: bench_linked imports {@code org.modkern.api}; the call
 *     crosses from the module's class loader into kernel-api's;
 * <li>{@link #sameCallInsideOneBundle}: bench_mono carries its own copy of the same
 *     {@code Errno} class and imports nothing of kernel-api;
 * <li>{@link #serviceLookupPerCall}: bench_linked gets {@code strerror} from the service
 *     registry on every call (get reference, get service, call, unget).
 * </ul>
 * Goal: {@code moduleToKernelSymbol} at most 1.05x {@code sameCallInsideOneBundle}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(3)
@State(Scope.Benchmark)
public class SymbolCallBenchmark {

    private static final int[] ERRNOS = {1, 2, 5, 12, 13, 17, 22, 28, 110, 129};

    private BenchKernel kernel;
    private Caller linked;
    private Caller mono;
    private Caller lookup;
    private int next;

    @Setup(Level.Trial)
    public void boot() throws Exception {
        kernel = new BenchKernel();
        String module = "org/modkern/bench/symbols/module/";
        Map<String, byte[]> linkedClasses = new LinkedHashMap<>();
        linkedClasses.put(module + "StrerrorCaller.class", BenchKernel.classBytes(StrerrorCaller.class));
        linkedClasses.put(module + "LookupCaller.class", BenchKernel.classBytes(LookupCaller.class));
        linkedClasses.put(module + "BenchModule.class", BenchKernel.classBytes(BenchModule.class));
        kernel.sh("insmod " + kernel.module("bench_linked", Map.of(
                "Module-License", "GPL",
                "Module-Init", BenchModule.class.getName(),
                "Import-Package", "org.modkern.api;version=\"[1.1,2)\"," + BenchKernel.PROBE + ",org.osgi.framework"),
                linkedClasses));
        Map<String, byte[]> monoClasses = new LinkedHashMap<>();
        monoClasses.put(module + "StrerrorCaller.class", BenchKernel.classBytes(StrerrorCaller.class));
        monoClasses.put("org/modkern/api/Errno.class", kernel.kernelApiClass("org/modkern/api/Errno.class"));
        kernel.sh("insmod " + kernel.module("bench_mono", Map.of(
                "Module-License", "GPL",
                "Import-Package", BenchKernel.PROBE), monoClasses));

        Bundle l = kernel.bundle("bench_linked");
        Bundle m = kernel.bundle("bench_mono");
        linked = (Caller) l.loadClass(StrerrorCaller.class.getName()).getConstructor().newInstance();
        lookup = (Caller) l.loadClass(LookupCaller.class.getName()).getConstructor().newInstance();
        mono = (Caller) m.loadClass(StrerrorCaller.class.getName()).getConstructor().newInstance();
        // measure what is claimed: the linked call reaches kernel-api's Errno, the mono call its own
        check(linked.symbolLoader() == kernel.bundle("org.modkern.api").adapt(BundleWiring.class).getClassLoader(), "bench_linked links kernel-api");
        check(mono.symbolLoader() == m.adapt(BundleWiring.class).getClassLoader(), "bench_mono uses its own Errno");
        check(linked.call(2).equals(mono.call(2)) && lookup.call(2).equals(mono.call(2)), "the three calls agree");
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException("benchmark setup: expected " + what);
        }
    }

    @TearDown(Level.Trial)
    public void shutdown() throws Exception {
        kernel.close();
    }

    private int errno() {
        int e = ERRNOS[next];
        next = next + 1 == ERRNOS.length ? 0 : next + 1;
        return e;
    }

    @Benchmark
    public String moduleToKernelSymbol() {
        return linked.call(errno());
    }

    @Benchmark
    public String sameCallInsideOneBundle() {
        return mono.call(errno());
    }

    @Benchmark
    public String serviceLookupPerCall() {
        return lookup.call(errno());
    }
}
