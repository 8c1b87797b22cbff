#!/usr/bin/env bash
# Symbols benchmark on a busy machine: alternates the module->kernel call and the same call inside
# one bundle in short JMH runs, and prints the median of the paired ratios (drift hits both alike).
# Usage, from the repository root after `mvn -B -DskipTests package`: benchmarks/symbols-pairs.sh [ROUNDS [FORKS]]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-8}
forks=${2:-1}
jar=benchmarks/target/benchmarks.jar
score() { # benchmark name -> its average time in ns/op from one short JMH run (FORKS forks, 3+5 x 1 s)
    local out
    while :; do
        out=$(java -jar "$jar" "SymbolCallBenchmark.$1" -f "$forks" -wi 3 -i 5 2>&1 || true)
        case "$out" in *"Unable to acquire the JMH lock"*) sleep 15 ;; *) break ;; esac  # another JMH run
    done
    echo "$out" | awk -v b="SymbolCallBenchmark.$1" '$1 == b { print $4 }'
}
ratios=()
for ((r = 1; r <= rounds; r++)); do
    mono=$(score sameCallInsideOneBundle)
    linked=$(score moduleToKernelSymbol)
    ratio=$(awk -v a="$linked" -v b="$mono" 'BEGIN { printf "%.3f", a / b }')
    ratios+=("$ratio")
    echo "round $r: inside one bundle $mono ns, module to kernel $linked ns, ratio $ratio (load $(cut -d' ' -f1 /proc/loadavg))"
done
printf '%s\n' "${ratios[@]}" | sort -n | awk '{ v[NR] = $1 } END { m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "median ratio module->kernel / inside one bundle: %.3f (goal <= 1.05)\n", m }'
