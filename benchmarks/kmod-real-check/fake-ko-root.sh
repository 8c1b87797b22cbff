#!/usr/bin/env bash
# Builds a tiny root of fake .ko files with given aliases and runs real depmod on it, to ask real kmod about a hand-written case.
#
# Usage: fake-ko-root.sh DIR 'MODULE:ALIAS|ALIAS...' ...   (release 9.9, modules.order in argument order)
# Then: modprobe -C EMPTY_DIR -d DIR -S 9.9 -R STRING. Needs as (binutils) and kmod; each module
# is an ELF object holding only a .modinfo section with its alias= strings and license=GPL.
# This is how unit-test expectations for odd alias cases were checked against kmod 30.
set -euo pipefail

dir=$1
shift
rm -rf "$dir"
mkdir -p "$dir/lib/modules/9.9/kernel"
: > "$dir/lib/modules/9.9/modules.order"
for spec in "$@"; do
    mod=${spec%%:*}
    s=$(mktemp --suffix=.s)
    echo '.section .modinfo,"a"' > "$s"
    IFS='|' read -ra aliases <<< "${spec#*:}"
    for a in "${aliases[@]}"; do
        printf '.asciz "alias=%s"\n' "$(printf '%s' "$a" | sed 's/\\/\\\\/g; s/"/\\"/g')" >> "$s"
    done
    echo '.asciz "license=GPL"' >> "$s"
    as -o "$dir/lib/modules/9.9/kernel/$mod.ko" "$s"
    rm -f "$s"
    echo "kernel/$mod.ko" >> "$dir/lib/modules/9.9/modules.order"
done
depmod -b "$dir" 9.9 2>/dev/null
