#!/usr/bin/env bash
# Cross-checks modkern's modprobe against real kmod on a real Debian kernel's module indexes; prints agreement counts.
#
# Needs root and the network the first time: it runs `apt-get update`, installs kmod and
# downloads one linux-image package (about 70 MB) into WORK. Not run by `mvn verify`.
# Build first: (cd TOP && mvn -q -DskipTests package -pl kernel-core -am).
#
# What it does: unpacks the kernel image package, runs real depmod on it, writes modprobe
# queries (queries.py: every alias pattern of modules.alias made concrete, near misses, module
# names with '-' and '_' swapped, symbols, builtin modules and aliases, and every name of the
# modprobe.d files in kmod-real-check/modprobe.d), answers them with real modprobe and with
# modkern's Modprobe on the same files (KmodRealCheck.java), and compares standard output,
# standard error and exit status of each (compare.py). Disagreements go to WORK/diffs.txt.
# Then it turns the modules into a modkern catalog of manifest-only jars with the same symbols,
# imports and aliases (catalog.py), runs modkern's depmod on it and compares modules.dep (.ko
# read as .jar), modules.alias, modules.symbols and modules.devname with real depmod's, line by
# line. The exit status is 0 only if everything agreed.
#
# Environment: WORK (default /tmp/kmod-real-check), IMAGE (a linux-image package name; default
# the newest linux-image-6.1.0-*-amd64 apt knows), LIMIT (alias patterns to sample, default
# 100000: all), SEED (42), JAVA (java).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
check=$here/kmod-real-check
work=${WORK:-/tmp/kmod-real-check}
java=${JAVA:-java}

core_jar=$(ls "$top"/kernel-core/target/kernel-core-*.jar 2>/dev/null | grep -v -e sources -e javadoc | head -1 || true)
api_jar=$(ls "$top"/kernel-api/target/kernel-api-*.jar 2>/dev/null | grep -v -e sources -e javadoc | head -1 || true)
if [ -z "$core_jar" ] || [ -z "$api_jar" ]; then
    echo "kmod-real-check: build first: (cd $top && mvn -q -DskipTests package -pl kernel-core -am)" >&2
    exit 1
fi

mkdir -p "$work"
cd "$work"
if ! command -v modprobe >/dev/null || ! command -v depmod >/dev/null; then
    apt-get update -qq
    apt-get install -y -qq kmod >/dev/null
fi
image=${IMAGE:-}
if [ -z "$image" ]; then
    image=$(ls linux-image-*.deb 2>/dev/null | head -1 | cut -d_ -f1)
fi
if [ -z "$image" ]; then
    apt-get update -qq
    image=$(apt-cache search --names-only '^linux-image-6\.1\.0-[0-9]+-amd64$' | cut -d' ' -f1 | sort -V | tail -1)
fi
if ! ls "$image"_*.deb >/dev/null 2>&1; then
    apt-get download "$image"
fi
deb=$(ls "$image"_*.deb | head -1)
rm -rf root
dpkg-deb -x "$deb" root
release=$(ls root/lib/modules | head -1)
depmod -b "$work/root" "$release"
dir=$work/root/lib/modules/$release

# modkern reads ROOT/etc/modprobe.d; real modprobe gets the same directory with -C
rm -rf conf
mkdir -p conf/etc/modprobe.d
cp "$check"/modprobe.d/*.conf conf/etc/modprobe.d/
if ls /lib/modprobe.d/*.conf >/dev/null 2>&1; then
    cp /lib/modprobe.d/*.conf conf/etc/modprobe.d/
fi

# modinfo has no -C: it reads this machine's modprobe.d, and modkern is given the same lines
rm -rf hostconf
mkdir -p hostconf/etc/modprobe.d
for d in /lib/modprobe.d /etc/modprobe.d; do
    if ls "$d"/*.conf >/dev/null 2>&1; then
        cp "$d"/*.conf hostconf/etc/modprobe.d/
    fi
done

python3 "$check/queries.py" "$dir" "${SEED:-42}" "${LIMIT:-100000}" conf/etc/modprobe.d > queries.txt
echo "data: $deb ($release): $(grep -c . "$dir/modules.dep") modules, $(grep -c '^alias' "$dir/modules.alias") aliases," \
    "$(grep -c . "$dir/modules.symbols") symbols, $(grep -c . "$dir/modules.builtin") builtin; $(wc -l < queries.txt) queries;" \
    "$(modprobe -V | head -1)"
"$java" -cp "$core_jar:$api_jar" "$check/KmodRealCheck.java" "$dir" "$work/conf" "$work/hostconf" queries.txt > modkern.txt
status=0
python3 "$check/compare.py" "$work/root" "$release" "$work/conf/etc/modprobe.d" queries.txt modkern.txt diffs.txt || status=1

echo "depmod on the same symbol graph:"
rm -rf mkroot
mkdir -p "mkroot/lib/modules/$release"
python3 "$check/catalog.py" "$dir" "mkroot/lib/modules/$release"
"$java" -cp "$core_jar:$api_jar" org.modkern.core.kmod.Depmod -b "$work/mkroot" "$release" 2> depmod.err || status=1
for f in modules.dep modules.alias modules.symbols modules.devname; do
    sed -E 's/\.ko(\.xz|\.gz|\.zst)?\b/.jar/g' "$dir/$f" > "real.$f"
    total=$(wc -l < "real.$f")
    differ=$(diff "real.$f" "mkroot/lib/modules/$release/$f" | grep -c '^[<>]' || true)
    echo "  $f: $total lines, $differ differing"
    if [ "$differ" != 0 ]; then
        status=1
    fi
done
echo "odd patterns on fake modules (fake-ko-root.sh):"
if command -v as >/dev/null; then
    python3 "$check/oddities.py" "${SEED:-42}" odd.specs odd.queries
    xargs -d '\n' -a odd.specs "$check/fake-ko-root.sh" "$work/odd"
    rm -rf oddconf
    mkdir -p oddconf/etc/modprobe.d
    "$java" -cp "$core_jar:$api_jar" "$check/KmodRealCheck.java" "$work/odd/lib/modules/9.9" "$work/oddconf" \
        "$work/oddconf" odd.queries > odd.modkern.txt
    python3 "$check/compare.py" "$work/odd" 9.9 "$work/oddconf/etc/modprobe.d" odd.queries odd.modkern.txt odd.diffs.txt \
        || status=1
else
    echo "  skipped: no assembler (apt-get install binutils)"
fi
exit $status
