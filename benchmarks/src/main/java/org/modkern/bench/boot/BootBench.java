// Whole-process boot benchmark: bin/modkern -c 'lsmod' against bare Felix with Gogo, alternating.
package org.modkern.bench.boot;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Boots {@code bin/modkern -c 'lsmod'} and the {@link BareFelix} baseline as whole processes, N
 * times each, interleaved (every round runs each variant once, in alternating order), with the
 * same {@code java} and the same JVM flags, and prints median and p90 wall time, CPU time, peak
 * RSS and the ratios.
 *
 * <p>Wall time runs from just before the process is spawned to its exit. CPU time (user + system)
 * and peak RSS ({@code VmHWM}) are read from {@code /proc/PID/stat} and {@code /proc/PID/status}
 * every millisecond while the process runs; both only grow, so the last sample is the figure
 * less the process's last millisecond. No root, no {@code /usr/bin/time}. On a shared machine
 * wall time swings with the load; CPU time much less.
 *
 * <p>Variants: the baseline with the JVM flags {@code bin/modkern} passes (read from the script);
 * {@code bin/modkern} itself, as shipped (with its AppCDS archive {@code boot/modkern.jsa} if the
 * build made one); modkern with the same flags and no archive; the baseline with an AppCDS
 * archive of its own (made here, first), to compare like with like; both with the JVM's default
 * flags; and with {@code --study} both with each of the script's flags alone.
 *
 * <p>Usage: {@code java -cp benchmarks.jar org.modkern.bench.boot.BootBench --dist DIR
 * --baseline-jar JAR [--runs N] [--warmup N] [--study]}.
 */
public final class BootBench {

    private static final String SILENT_CDS = "-Xlog:cds*=off";

    private BootBench() {
    }

    public static void main(String[] args) throws Exception {
        Path dist = null;
        Path baselineJar = null;
        int runs = 15;
        int warmup = 2;
        boolean study = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--dist" -> dist = Paths.get(args[++i]).toAbsolutePath().normalize();
                case "--baseline-jar" -> baselineJar = Paths.get(args[++i]).toAbsolutePath().normalize();
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--study" -> study = true;
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (dist == null || baselineJar == null) {
            System.err.println("usage: BootBench --dist launcher/target/modkern --baseline-jar "
                    + "benchmarks/target/benchmarks-*-bare-felix.jar [--runs N] [--warmup N] [--study]");
            System.exit(2);
        }
        new BootBench.Run(dist, baselineJar, runs, warmup, study).run();
    }

    /** The JVM flags bin/modkern passes on its exec line (the {@code -X} options), read from the script. */
    static List<String> scriptFlags(Path script) throws IOException {
        String text = Files.readString(script).replace("\\\n", " ");
        Matcher m = Pattern.compile("exec \"\\$java\"((?:\\s+-X\\S+)*)").matcher(text);
        if (!m.find()) {
            throw new IllegalStateException(script + ": no 'exec \"$java\" -X...' line to read the JVM flags from");
        }
        return Arrays.stream(m.group(1).trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
    }

    /** One measured process. */
    record Sample(double wallSeconds, double cpuSeconds, long hwmKb) {
    }

    /** A process to measure, run many times. */
    record Variant(String name, String flags, List<String> command, Map<String, String> env, String expect,
            List<Sample> samples) {
        Variant(String name, String flags, List<String> command, Map<String, String> env, String expect) {
            this(name, flags, command, env, expect, new ArrayList<>());
        }

        double[] sorted(java.util.function.ToDoubleFunction<Sample> f) {
            return samples.stream().mapToDouble(f).sorted().toArray();
        }
    }

    /** Two variants whose ratio is printed: modkern over the baseline. */
    record Pair(String title, Variant baseline, Variant modkern) {
    }

    private record Run(Path dist, Path baselineJar, int runs, int warmup, boolean study) {

        void run() throws Exception {
            String java = ProcessHandle.current().info().command().orElse(
                    Paths.get(System.getProperty("java.home"), "bin", "java").toString());
            Path script = dist.resolve("bin/modkern");
            List<String> flags = scriptFlags(script);
            boolean shippedArchive = Files.isRegularFile(dist.resolve("boot/modkern.jsa"));
            Path work = Files.createTempDirectory("boot-bench-");
            Path out = work.resolve("out.txt");
            Path bareArchive = work.resolve("bare-felix.jsa");
            String label = String.join(" ", flags);

            Variant b = baseline("bare Felix+Gogo", label, java, flags, work);
            Variant k = new Variant("bin/modkern", label + (shippedArchive ? " +AppCDS" : ""),
                    List.of("/bin/sh", script.toString(), "-c", "lsmod"),
                    Map.of("JAVA_HOME", System.getProperty("java.home"), "MODKERN_JAVA_OPTS", ""), "Module");
            Variant kn = modkern(label, java, flags);
            List<String> withArchive = new ArrayList<>(flags);
            withArchive.addAll(List.of("-XX:SharedArchiveFile=" + bareArchive, SILENT_CDS));
            Variant ba = baseline("bare Felix+Gogo", label + " +AppCDS", java, withArchive, work);
            Variant bd = baseline("bare Felix+Gogo", "(JVM defaults)", java, List.of(), work);
            Variant kd = modkern("(JVM defaults)", java, List.of());

            List<Pair> pairs = new ArrayList<>();
            pairs.add(new Pair("as shipped: bin/modkern vs the baseline with the same JVM flags", b, k));
            pairs.add(new Pair("neither with AppCDS", b, kn));
            pairs.add(new Pair("both with an AppCDS archive of their own", ba, k));
            pairs.add(new Pair("both with the JVM's default flags, no AppCDS", bd, kd));
            if (study) {
                for (String f : flags) {
                    pairs.add(new Pair("only " + f, baseline("bare Felix+Gogo", f, java, List.of(f), work),
                            modkern(f, java, List.of(f))));
                }
            }
            List<Variant> variants = new ArrayList<>();
            for (Pair p : pairs) {
                for (Variant v : List.of(p.baseline(), p.modkern())) {
                    if (variants.stream().noneMatch(x -> x == v)) {
                        variants.add(v);
                    }
                }
            }

            System.out.printf(Locale.ROOT, "boot: %d runs of each after %d warm-up, interleaved; java %s (%s); "
                    + "%d CPUs; load average %s%n", runs, warmup, System.getProperty("java.version"), java,
                    Runtime.getRuntime().availableProcessors(), loadAverage());
            System.out.println("bin/modkern's JVM flags: " + label + (shippedArchive
                    ? "; AppCDS archive boot/modkern.jsa present" : "; no boot/modkern.jsa (built without AppCDS)"));
            try {
                makeArchive(java, flags, bareArchive, work, out);
                for (int r = 0; r < warmup + runs; r++) {
                    List<Variant> order = new ArrayList<>(variants);
                    if (r % 2 == 1) {
                        Collections.reverse(order);
                    }
                    for (Variant v : order) {
                        Sample s = measure(v, out);
                        if (r >= warmup) {
                            v.samples().add(s);
                        }
                    }
                }
                System.out.printf(Locale.ROOT, "load average after: %s%n%n", loadAverage());
                for (Pair p : pairs) {
                    System.out.println(p.title());
                    System.out.printf(Locale.ROOT, "  %-17s %-58s %8s %8s %8s %8s %9s%n", "process", "JVM flags",
                            "median", "p90", "min", "cpu med", "peak RSS");
                    for (Variant v : List.of(p.baseline(), p.modkern())) {
                        double[] t = v.sorted(Sample::wallSeconds);
                        double[] c = v.sorted(Sample::cpuSeconds);
                        double[] m = v.sorted(Sample::hwmKb);
                        System.out.printf(Locale.ROOT, "  %-17s %-58s %7.3fs %7.3fs %7.3fs %7.3fs %6.1f MB%n", v.name(),
                                v.flags(), median(t), p90(t), t[0], median(c), median(m) / 1024);
                    }
                    Variant vb = p.baseline();
                    Variant vk = p.modkern();
                    System.out.printf(Locale.ROOT, "  %-17s %-58s %7.2fx %7.2fx %7.2fx %7.2fx %6.2fx%n%n", "ratio",
                            "modkern / baseline (goal: median <= 1.30x)",
                            median(vk.sorted(Sample::wallSeconds)) / median(vb.sorted(Sample::wallSeconds)),
                            p90(vk.sorted(Sample::wallSeconds)) / p90(vb.sorted(Sample::wallSeconds)),
                            vk.sorted(Sample::wallSeconds)[0] / vb.sorted(Sample::wallSeconds)[0],
                            median(vk.sorted(Sample::cpuSeconds)) / median(vb.sorted(Sample::cpuSeconds)),
                            median(vk.sorted(Sample::hwmKb)) / median(vb.sorted(Sample::hwmKb)));
                }
            } finally {
                deleteTree(work);
            }
        }

        private Variant baseline(String name, String flagLabel, String java, List<String> flags, Path work) {
            List<String> cmd = new ArrayList<>(List.of(java));
            cmd.addAll(flags);
            cmd.addAll(List.of("-cp", dist.resolve("boot/org.apache.felix.framework.jar") + File.pathSeparator
                    + baselineJar, BareFelix.class.getName(), dist.toString(), work.resolve("felix-cache").toString(),
                    "lb"));
            return new Variant(name, flagLabel, cmd, Map.of(), "System Bundle");
        }

        /** modkern as bin/modkern runs it, but with these JVM flags and no AppCDS archive. */
        private Variant modkern(String flagLabel, String java, List<String> flags) {
            List<String> cmd = new ArrayList<>(List.of(java));
            cmd.addAll(flags);
            cmd.addAll(List.of("-Dmodkern.home=" + dist, "-cp", dist.resolve("boot") + File.separator + "*",
                    "org.modkern.launcher.Main", "-c", "lsmod"));
            return new Variant("modkern", flagLabel.isEmpty() ? "(JVM defaults)" : flagLabel, cmd, Map.of(), "Module");
        }

        /** The baseline's own AppCDS archive, made the way the build makes bin/modkern's. */
        private void makeArchive(String java, List<String> flags, Path archive, Path work, Path out)
                throws IOException, InterruptedException {
            List<String> dump = new ArrayList<>(flags);
            dump.addAll(List.of("-XX:ArchiveClassesAtExit=" + archive, SILENT_CDS));
            measure(baseline("bare Felix+Gogo", "dump", java, dump, work), out);
            if (!Files.isRegularFile(archive)) {
                throw new IllegalStateException("the JVM made no AppCDS archive for the baseline");
            }
        }

        private Sample measure(Variant v, Path out) throws IOException, InterruptedException {
            ProcessBuilder pb = new ProcessBuilder(v.command());
            pb.environment().putAll(v.env());
            pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            pb.redirectErrorStream(true);
            pb.redirectOutput(out.toFile());
            long t0 = System.nanoTime();
            Process proc = pb.start();
            Path proc1 = Paths.get("/proc", Long.toString(proc.pid()));
            long hwm = 0;
            long ticks = 0;
            while (proc.isAlive()) {
                hwm = Math.max(hwm, vmHwmKb(proc1.resolve("status")));
                ticks = Math.max(ticks, cpuTicks(proc1.resolve("stat")));
                Thread.sleep(1);
            }
            int rc = proc.waitFor();
            long t1 = System.nanoTime();
            String text = Files.readString(out, StandardCharsets.UTF_8);
            if (rc != 0 || !text.contains(v.expect()) || text.contains("[warning]") || text.contains("[error]")) {
                throw new IllegalStateException(v.name() + " " + v.flags() + " exited " + rc + ":\n" + text);
            }
            return new Sample((t1 - t0) / 1e9, ticks / (double) CLOCK_TICKS, hwm);
        }
    }

    /** USER_HZ, the unit of /proc/PID/stat's times: 100 on every Linux architecture Java runs on. */
    static final int CLOCK_TICKS = 100;

    /** VmHWM in kB; 0 once the process is gone (a zombie has no memory left to report). */
    static long vmHwmKb(Path status) {
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // exited between isAlive and the read
        }
        return 0;
    }

    /** utime + stime in clock ticks; 0 once the process is gone. */
    static long cpuTicks(Path stat) {
        try {
            String s = Files.readString(stat);
            // the command name in parentheses may hold spaces: count fields after its ')'
            String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Paths.get("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** Nearest-rank 90th percentile. */
    static double p90(double[] sorted) {
        return sorted[Math.max(0, (int) Math.ceil(0.9 * sorted.length) - 1)];
    }

    static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Collections.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
