// Runs LoadCycleBench through JMH and prints median, p90 and the ratios in one table.
package org.modkern.bench.load;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;
import org.openjdk.jmh.util.Statistics;

/**
 * Runs the three {@link LoadCycleBench} benchmarks (each in its own forked JVM, one after the
 * other) and prints per-cycle median, p90 and the number of cycles measured, and the ratios to the
 * bare Felix baseline.
 *
 * <p>Usage: {@code java -cp benchmarks.jar org.modkern.bench.load.LoadCycleMain --dist DIR
 * [--quick]}; {@code --quick} measures fewer cycles, for a smoke test.
 */
public final class LoadCycleMain {

    private LoadCycleMain() {
    }

    public static void main(String[] args) throws Exception {
        String dist = "launcher/target/modkern";
        boolean quick = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--dist" -> dist = args[++i];
                case "--quick" -> quick = true;
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        String home = LoadCycleBench.distribution(dist).toString();
        ChainedOptionsBuilder opts = new OptionsBuilder()
                .include(LoadCycleBench.class.getName() + "\\.")
                .param("dist", home)
                .verbosity(VerboseMode.NORMAL);
        if (quick) {
            opts.warmupIterations(1).warmupTime(TimeValue.seconds(1))
                    .measurementIterations(1).measurementTime(TimeValue.seconds(1));
        }
        Collection<RunResult> results = new Runner(opts.build()).run();

        Map<String, Statistics> byName = new LinkedHashMap<>();
        for (RunResult r : results) {
            String label = r.getParams().getBenchmark();
            byName.put(label.substring(label.lastIndexOf('.') + 1), r.getPrimaryResult().getStatistics());
        }
        Statistics base = byName.get("felix");
        System.out.println();
        System.out.println("load cycle: hello.jar loaded and unloaded in one running kernel ("
                + "JMH sample time, times per whole cycle; JVM -XX:+UseSerialGC -XX:TieredStopAtLevel=1)");
        System.out.printf(Locale.ROOT, "  %-52s %10s %10s %9s %9s %9s%n", "", "median", "p90", "cycles",
                "x median", "x p90");
        print("felix", "bare Felix install/start/stop/uninstall (baseline)", byName, base);
        print("gogo", "modkern: insmod + rmmod through the Gogo shell", byName, base);
        print("kernel", "modkern: ModuleLoader.load + unload, no shell", byName, base);
        System.out.println("  goal: insmod + rmmod at most 1.5x the baseline (median)");
    }

    private static void print(String key, String label, Map<String, Statistics> byName, Statistics base) {
        Statistics s = byName.get(key);
        if (s == null) {
            return;
        }
        double med = s.getPercentile(50);
        double p90 = s.getPercentile(90);
        System.out.printf(Locale.ROOT, "  %-52s %8.0fus %8.0fus %9d %8.2fx %8.2fx%n", label, med, p90, s.getN(),
                base == null ? Double.NaN : med / base.getPercentile(50),
                base == null ? Double.NaN : p90 / base.getPercentile(90));
    }
}
