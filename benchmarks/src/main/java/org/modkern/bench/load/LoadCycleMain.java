// Interleaved load-cycle run: felix, gogo and kernel cycles in turn in one framework, percentiles and ratios.
package org.modkern.bench.load;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Runs the five {@link LoadCycleBench} cycles in one JVM and one framework, interleaved (felix,
 * felixCode, felixGogo, gogo, kernel, then the next round in another order), so that all see the
 * same JIT state, the same heap and the same machine load, which on a shared machine moves faster
 * than JMH's forks run one after the other. After the warm-up rounds it times exactly
 * {@code --cycles} cycles of each and prints median, p90 and the ratios. Issue 2's goal (1.5x)
 * is set on two of them, each like for like: the kernel's load and unload against the bare Felix
 * API, and insmod + rmmod typed in the shell against Felix's own four steps typed in the same
 * shell. Two more say where the time goes: the typed commands against the Felix API (which charges
 * the shell's cost per command to the kernel), and the kernel against Felix loading the module's
 * class itself (what the kernel adds beyond running module code at all).
 *
 * <p>Run it with the JVM flags {@code bin/modkern} runs the kernel with ({@code run-issue2.sh}
 * does): {@code java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp benchmarks.jar
 * org.modkern.bench.load.LoadCycleMain --dist DIR [--cycles 1000] [--warmup 300] [--storage DIR]
 * [--only felix|felixCode|felixGogo|gogo|kernel]} ({@code --storage}: where the framework cache
 * goes, see {@link LoadCycleBench#storage}; {@code --only}: that cycle alone, for a profiler).
 * The same cycles run under JMH as {@code LoadCycleBench}.
 */
public final class LoadCycleMain {

    private LoadCycleMain() {
    }

    /** One kind of cycle and its timings. */
    private record Op(String key, String label, Cycle cycle, long[] nanos) {
    }

    @FunctionalInterface
    private interface Cycle {
        void run() throws Exception;
    }

    public static void main(String[] args) throws Exception {
        String dist = "launcher/target/modkern";
        int cycles = 1000;
        int warmup = 300;
        String storage = "";
        String only = "";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--dist" -> dist = args[++i];
                case "--cycles" -> cycles = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--storage" -> storage = args[++i];
                case "--only" -> only = args[++i];
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        LoadCycleBench bench = new LoadCycleBench();
        bench.dist = dist;
        bench.storage = storage;
        bench.boot();
        List<Op> ops = List.of(
                new Op("felix", "bare Felix install/start/stop/uninstall (baseline)", bench::felix, new long[cycles]),
                new Op("felixCode", "bare Felix, plus loading hello's Module-Init class", bench::felixCode,
                        new long[cycles]),
                new Op("felixGogo", "bare Felix, the same 4 steps as Gogo commands", bench::felixGogo, new long[cycles]),
                new Op("gogo", "modkern: insmod + rmmod through the Gogo shell", bench::gogo, new long[cycles]),
                new Op("kernel", "modkern: ModuleLoader.load + unload, no shell", bench::kernel, new long[cycles]));
        if (!only.isEmpty()) {
            profile(bench, ops, only, warmup + cycles);
            return;
        }
        long t0 = System.nanoTime();
        try {
            for (int r = 0; r < warmup + cycles; r++) {
                List<Op> order = new ArrayList<>(ops);
                // rotate, so that no kind always follows the same other kind
                java.util.Collections.rotate(order, r % order.size());
                for (Op op : order) {
                    long s = System.nanoTime();
                    op.cycle().run();
                    long e = System.nanoTime();
                    if (r >= warmup) {
                        op.nanos()[r - warmup] = e - s;
                    }
                }
            }
        } finally {
            bench.shutdown();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;

        System.out.printf(Locale.ROOT, "load cycle: hello.jar loaded and unloaded in one running kernel; %d cycles "
                + "of each after %d warm-up, interleaved, %.0f s%n", cycles, warmup, seconds);
        System.out.printf(Locale.ROOT, "  framework cache in %s; java %s, JVM flags %s; %d CPUs; load average %s%n",
                storage.isBlank() ? System.getProperty("java.io.tmpdir") : storage, System.getProperty("java.version"),
                ManagementFactory.getRuntimeMXBean().getInputArguments(), Runtime.getRuntime().availableProcessors(),
                loadAverage());
        System.out.printf(Locale.ROOT, "  %-52s %10s %10s %10s%n", "", "median", "p90", "min");
        for (Op op : ops) {
            long[] s = sorted(op.nanos());
            System.out.printf(Locale.ROOT, "  %-52s %8.0fus %8.0fus %8.0fus%n", op.label(), median(s) / 1e3,
                    p90(s) / 1e3, s[0] / 1e3);
        }
        System.out.printf(Locale.ROOT, "  %-52s %10s %10s%n", "ratios", "median", "p90");
        ratio("kernel load + unload / bare Felix API (goal 1.5x)", ops.get(4), ops.get(0));
        ratio("insmod + rmmod in Gogo / Felix in Gogo (goal 1.5x)", ops.get(3), ops.get(2));
        ratio("insmod + rmmod in Gogo / bare Felix API", ops.get(3), ops.get(0));
        ratio("kernel load + unload / Felix loading Module-Init", ops.get(4), ops.get(1));
    }

    /**
     * Runs one kind of cycle alone, for a profiler ({@code -XX:StartFlightRecording}) to see
     * nothing else, and prints its median.
     */
    private static void profile(LoadCycleBench bench, List<Op> ops, String key, int rounds) throws Exception {
        Op op = ops.stream().filter(o -> o.key().equals(key)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("--only: one of felix, felixCode, felixGogo, gogo, kernel"));
        long[] nanos = new long[rounds];
        try {
            for (int r = 0; r < rounds; r++) {
                long s = System.nanoTime();
                op.cycle().run();
                nanos[r] = System.nanoTime() - s;
            }
        } finally {
            bench.shutdown();
        }
        System.out.printf(Locale.ROOT, "%s alone, %d cycles: median %.0fus%n", op.label(), rounds,
                median(sorted(nanos)) / 1e3);
    }

    private static void ratio(String label, Op op, Op base) {
        long[] s = sorted(op.nanos());
        long[] b = sorted(base.nanos());
        System.out.printf(Locale.ROOT, "  %-52s %9.2fx %9.2fx%n", label, median(s) / median(b), p90(s) / p90(b));
    }

    private static long[] sorted(long[] a) {
        long[] s = a.clone();
        Arrays.sort(s);
        return s;
    }

    static double median(long[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
    }

    /** Nearest-rank 90th percentile. */
    static double p90(long[] sorted) {
        return sorted[Math.max(0, (int) Math.ceil(0.9 * sorted.length) - 1)];
    }

    static String loadAverage() {
        try {
            String[] f = java.nio.file.Files.readString(java.nio.file.Paths.get("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (java.io.IOException | RuntimeException e) {
            return "?";
        }
    }
}
