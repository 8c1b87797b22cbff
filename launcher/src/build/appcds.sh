#!/bin/sh
# Makes boot/modkern.jsa, the distribution's AppCDS archive: boots `bin/modkern -c lsmod` once on
# a scratch root (copies of the catalog and etc/, an empty deploy/ to watch) and lets the JVM dump the classes it loaded at
# exit. Best effort: on any failure there is no archive, bin/modkern boots without one, and the
# build goes on.
# usage: appcds.sh DIST SCRATCH_ROOT
dist=$1
training=$2
jsa="$dist/boot/modkern.jsa"
rm -f "$jsa" "$jsa.tmp"
rm -rf "$training"
mkdir -p "$training"
cp -R "$dist/lib" "$dist/etc" "$training/" 2>/dev/null
# a root with deploy/, as the distribution's, so that the watcher's classes are archived too
mkdir -p "$training/deploy"
# dumped beside, then renamed: a bin/modkern starting meanwhile never maps half an archive
if MODKERN_JAVA_OPTS="-XX:ArchiveClassesAtExit=$jsa.tmp -Xlog:cds*=off" \
        "$dist/bin/modkern" --root "$training" -c lsmod </dev/null >"$training.log" 2>&1 \
        && [ -s "$jsa.tmp" ] && mv -f "$jsa.tmp" "$jsa"; then
    echo "appcds: $jsa"
else
    rm -f "$jsa.tmp"
    echo "appcds: no archive (see $training.log); bin/modkern boots without one"
fi
exit 0
