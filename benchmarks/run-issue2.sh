#!/bin/sh
# Issue 2's speed figures in one place: boot (whole processes, bin/modkern -c lsmod against bare
# Felix with the same Gogo bundles) and load cycle (insmod + rmmod of hello in one running kernel
# against bare Felix install/start/stop/uninstall, interleaved). Needs the build: mvn -q -B -DskipTests package
# usage: benchmarks/run-issue2.sh [--runs N] [--study] [--quick]
#   --runs N  whole-process boots of each variant (default 15)
#   --study   also boot with each of bin/modkern's JVM flags alone
#   --quick   a smoke test: 3 boots each, 50 load cycles each
# JAVA_HOME picks the Java, as for bin/modkern. Full outputs land in benchmarks/target/issue2-*.txt.
set -e
cd "$(dirname "$0")/.."
runs=15
study=
quick=
while [ $# -gt 0 ]; do
    case $1 in
        --runs) runs=$2; shift 2 ;;
        --study) study=--study; shift ;;
        --quick) quick="--cycles 50 --warmup 20"; runs=3; shift ;;
        *) echo "usage: $0 [--runs N] [--study] [--quick]" >&2; exit 2 ;;
    esac
done
if [ -n "$JAVA_HOME" ]; then java="$JAVA_HOME/bin/java"; else java=java; fi
dist=launcher/target/modkern
jar=benchmarks/target/benchmarks.jar
bare=$(ls benchmarks/target/benchmarks-*-bare-felix.jar 2>/dev/null | head -n 1)
if [ ! -x "$dist/bin/modkern" ] || [ ! -f "$jar" ] || [ -z "$bare" ]; then
    echo "$0: build first: mvn -q -B -DskipTests package" >&2
    exit 2
fi
boot=benchmarks/target/issue2-boot.txt
load=benchmarks/target/issue2-load.txt

echo "== boot: $runs runs of each; this takes a minute or two"
"$java" -cp "$jar" org.modkern.bench.boot.BootBench --dist "$dist" --baseline-jar "$bare" \
    --runs "$runs" $study >"$boot"
# the load cycle runs with the JVM flags bin/modkern runs the kernel with, first with the framework
# cache on disk (the temp directory) as a distribution keeps it in var/cache, then, where there is
# one, on a tmpfs, which takes the disk out and leaves the CPU work
echo "== load cycle: 1000 cycles of each, interleaved in one kernel, cache on disk; about a minute"
"$java" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp "$jar" org.modkern.bench.load.LoadCycleMain \
    --dist "$dist" $quick >"$load"
if [ -d /dev/shm ] && [ -w /dev/shm ]; then
    echo "== load cycle again, cache on the tmpfs /dev/shm"
    "$java" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp "$jar" org.modkern.bench.load.LoadCycleMain \
        --dist "$dist" --storage /dev/shm $quick >>"$load"
fi

echo
cat "$boot"
echo
cat "$load"
