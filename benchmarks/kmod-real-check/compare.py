#!/usr/bin/env python3
# Runs each kmod-real-check query through real modprobe and compares its answers with modkern's.
"""Usage: compare.py ROOT RELEASE CONFIG_DIR QUERIES MODKERN_OUTPUT DIFFS

Real modprobe runs as `modprobe -C CONFIG_DIR -d ROOT -S RELEASE ARGS...`, real modinfo as
`modinfo -b ROOT -k RELEASE ARGS...` (with this machine's modprobe.d), two at a time.
A query agrees when standard output (set and order of lines), standard error and exit status
are the same; the ones that do not are written to DIFFS. Prints the counts, by first argument.
Before comparing, kmod's standard error is brought to the form modkern writes, for differences
that are not semantics:
- libkmod reports bad configuration lines before modprobe installs its own logger, with the
  build's source position (`libkmod: ERROR ../libkmod/libkmod-config.c:712 kmod_config_parse: `);
  modkern prints `modprobe: ERROR: ` there;
- a kmod built with debugging (Debian's is) puts the source position after modprobe's prefix
  too (`modprobe: ERROR: ../libkmod/libkmod-module.c:1567 lookup_softdep() `);
- kmod before 33 says "failed to lookup soft dependency", later ones (and modkern, which has
  weakdep) "failed to lookup dependency".
"""
import collections
import concurrent.futures
import re
import subprocess
import sys

NORMALIZE = [
    (re.compile(r"^libkmod: ERROR \S+:\d+ \w+: ", re.M), "modprobe: ERROR: "),
    (re.compile(r"^(modprobe: [A-Z]+: )\S+\.c:\d+ \w+\(\) ", re.M), r"\1"),
    (re.compile(r"failed to lookup soft dependency"), "failed to lookup dependency"),
]


def normalize(stderr):
    for pattern, replacement in NORMALIZE:
        stderr = pattern.sub(replacement, stderr)
    return stderr


def parse(path):
    """The ### / ## stderr / ## exit blocks of KmodRealCheck, by query line."""
    out = {}
    with open(path, encoding="utf-8", errors="replace") as f:
        text = f.read()
    for block in text.split("### ")[1:]:
        head, _, rest = block.partition("\n")
        stdout, _, rest = rest.partition("## stderr\n")
        stderr, _, rest = rest.partition("## exit ")
        out[head] = (stdout, stderr, int(rest.split("\n")[0]))
    return out


def main():
    root, release, conf, queries, mk_path, diffs_path = sys.argv[1:7]
    with open(queries, encoding="utf-8") as f:
        lines = [l.rstrip("\n") for l in f]
    mk = parse(mk_path)

    def real(line):
        args = line.split("\t")
        if args[0] == "modinfo":
            cmd = ["modinfo", "-b", root, "-k", release] + args[1:]
        else:
            cmd = ["modprobe", "-C", conf, "-d", root, "-S", release] + args
        r = subprocess.run(cmd, capture_output=True, text=True, errors="replace")
        return line, (r.stdout, normalize(r.stderr), r.returncode)

    agree = collections.Counter()
    disagree = collections.Counter()
    with concurrent.futures.ThreadPoolExecutor(2) as pool, open(diffs_path, "w", encoding="utf-8") as diffs:
        for line, want in pool.map(real, lines, chunksize=64):
            got = mk.get(line)
            kind = line.split("\t")[0]
            if got == want:
                agree[kind] += 1
                continue
            disagree[kind] += 1
            diffs.write("### %s\n--- kmod (exit %d)\n%s%s--- modkern (exit %s)\n%s%s" % (
                line.replace("\t", " "), want[2], want[0], want[1],
                "?" if got is None else got[2], "" if got is None else got[0], "" if got is None else got[1]))
    total_a, total_d = sum(agree.values()), sum(disagree.values())
    for kind in sorted(set(agree) | set(disagree)):
        print("  %-16s agree %6d  disagree %6d" % (kind, agree[kind], disagree[kind]))
    print("queries: %d, agree: %d, disagree: %d" % (total_a + total_d, total_a, total_d))
    return 0 if total_d == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
