#!/bin/sh
# Issue 2's speed figures in one place: boot (whole processes, bin/modkern -c lsmod against bare
# Felix with the same Gogo bundles) and load cycle (JMH, insmod + rmmod of hello against bare
# Felix install/start/stop/uninstall). Needs the build: mvn -q -B -DskipTests package
# usage: benchmarks/run-issue2.sh [--runs N] [--study] [--quick]
#   --runs N  whole-process boots of each variant (default 15)
#   --study   also boot with each of bin/modkern's JVM flags alone
#   --quick   a smoke test: 3 boots each, one short JMH iteration
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
        --quick) quick=--quick; runs=3; shift ;;
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
echo "== load cycle: JMH, three forks of ~20 s each"
"$java" -cp "$jar" org.modkern.bench.load.LoadCycleMain --dist "$dist" $quick >"$load"

echo
cat "$boot"
sed -n '/^load cycle:/,$p' "$load"
