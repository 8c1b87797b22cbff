#!/usr/bin/env bash
# Times modkern's depmod as a whole cold-JVM process on a generated distribution-sized catalog; prints the median.
#
# Builds nothing: run `mvn -q -DskipTests package` first. Environment: RUNS (default 7),
# MODULES (5000), ALIASES (30000), DEPTH (12), SEED (42), JAVA (java).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
runs=${RUNS:-7}
java=${JAVA:-java}
release=6.1.0-bench

bench_jar=$here/target/benchmarks.jar
core_jar=$(ls "$top"/kernel-core/target/kernel-core-*.jar 2>/dev/null | grep -v -e sources -e javadoc | head -1 || true)
api_jar=$(ls "$top"/kernel-api/target/kernel-api-*.jar 2>/dev/null | grep -v -e sources -e javadoc | head -1 || true)
if [ ! -f "$bench_jar" ] || [ -z "$core_jar" ] || [ -z "$api_jar" ]; then
    echo "depmod-bench: build first: (cd $top && mvn -q -DskipTests package)" >&2
    exit 1
fi
cp="$core_jar:$api_jar"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$java" -cp "$bench_jar" org.modkern.bench.kmod.CatalogGenerator "$tmp" \
    --modules "${MODULES:-5000}" --aliases "${ALIASES:-30000}" --depth "${DEPTH:-12}" --seed "${SEED:-42}" \
    --release "$release"
nproc_=$(nproc 2>/dev/null || echo "?")
echo "machine: $nproc_ CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?'); $("$java" -version 2>&1 | head -1)"

# One labelled series of cold runs of a command: every run is a fresh JVM that scans, computes and
# writes the indexes.
measure() {
    local label=$1
    shift
    local times=()
    for _ in $(seq "$runs"); do
        local start end
        start=$(date +%s%N)
        "$@" -b "$tmp" "$release" >/dev/null 2>"$tmp/depmod.err"
        end=$(date +%s%N)
        times+=($(((end - start) / 1000000)))
    done
    local sorted median
    sorted=$(printf '%s\n' "${times[@]}" | sort -n)
    median=$(echo "$sorted" | sed -n "$(((runs + 1) / 2))p")
    printf '%-48s runs(ms): %s\n' "$label" "${times[*]}"
    printf '%-48s median: %d ms\n' "$label" "$median"
}

measure "depmod, default JVM flags" "$java" -cp "$cp" org.modkern.core.kmod.Depmod
measure "depmod, -XX:TieredStopAtLevel=1 -XX:+UseSerialGC" \
    "$java" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp "$cp" org.modkern.core.kmod.Depmod
# the distribution's bin/depmod, as a user runs it (the same flags, and -Xshare:auto)
shipped=$top/launcher/target/modkern/bin/depmod
if [ -x "$shipped" ]; then
    JAVA_HOME=${JAVA_HOME:-} measure "bin/depmod, as shipped" "$shipped"
fi

dir="$tmp/lib/modules/$release"
echo "indexes: $(wc -l < "$dir/modules.dep") modules.dep lines, $(grep -c '^alias' "$dir/modules.alias") aliases," \
    "$(grep -c '^alias' "$dir/modules.symbols") symbols; stderr of the last run: $(wc -l < "$tmp/depmod.err") lines"
