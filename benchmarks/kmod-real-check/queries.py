#!/usr/bin/env python3
# Writes kmod-real-check's modprobe queries from a real kernel's index files, one call a line, arguments tab-separated.
"""Usage: queries.py MODULES_DIR SEED LIMIT [MODPROBE_D] > queries.txt

Every alias pattern of modules.alias (up to LIMIT of them, sampled with SEED) is made into a
concrete string that it matches (each '*' a random run, '?' a character, '[...]' a member) and
into a near miss; some patterns are asked for as they are, or with glob characters of their
own. Module names are asked for as written, with '-' and '_' swapped, and with --show-depends
(also --first-time, and -r --first-time -n); symbols, builtin modules (also -r -n -v) and their
aliases, fs-/char-major-/crypto- aliases and strings that match nothing are asked for too;
modinfo is asked for the file of names and aliases, and for all it shows of builtin modules.
With MODPROBE_D, every name and pattern its .conf files mention is asked for with -R,
--show-depends (also with -b, -i, extra options), -n -v and -r -n -v, and -c shows the
configuration. -n and -r look at the running kernel, this machine's: what its /sys/module lists
is left out of those.
"""
import os
import random
import sys

HEX = "0123456789ABCDEF"
WORD = "abcdefghijklmnopqrstuvwxyz0123456789_-"


def read_lines(path):
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            return [l.rstrip("\n") for l in f]
    except FileNotFoundError:
        return []


def bracket_end(p, i):
    """Index of the ']' closing the bracket that opens at p[i], or -1 (as fnmatch reads it)."""
    j = i + 1
    if j < len(p) and p[j] in "!^":
        j += 1
    if j < len(p) and p[j] == "]":
        j += 1
    while j < len(p) and p[j] != "]":
        j += 1
    return j if j < len(p) else -1


def members(body):
    neg = body[:1] in ("!", "^")
    if neg:
        body = body[1:]
    chars = set()
    k = 0
    while k < len(body):
        if k + 2 < len(body) and body[k + 1] == "-":
            lo, hi = ord(body[k]), ord(body[k + 2])
            chars.update(chr(c) for c in range(lo, hi + 1))
            k += 3
        else:
            chars.add(body[k])
            k += 1
    if neg:
        return [c for c in HEX + "xyz" if c not in chars] or ["~"]
    return sorted(chars)


def instantiate(p, rnd):
    out = []
    i = 0
    while i < len(p):
        c = p[i]
        if c == "*":
            n = rnd.choice([0, 0, 1, 2, 4, 8])
            out.append("".join(rnd.choice(HEX) for _ in range(n)))
        elif c == "?":
            out.append(rnd.choice(HEX))
        elif c == "[":
            e = bracket_end(p, i)
            if e < 0:
                out.append(c)
            else:
                out.append(rnd.choice(members(p[i + 1:e])))
                i = e
        elif c == "\\" and i + 1 < len(p):
            i += 1
            out.append(p[i])
        else:
            out.append(c)
        i += 1
    return "".join(out)


def near_miss(s, rnd):
    if not s:
        return "x"
    k = rnd.randrange(len(s))
    kind = rnd.randrange(4)
    if kind == 0:
        return s[:k] + rnd.choice(HEX + "g") + s[k + 1:]
    if kind == 1:
        return s[:k]
    if kind == 2:
        return s + rnd.choice(HEX)
    return s.upper() if rnd.random() < 0.5 else s.replace("_", "-")


def swap_dashes(name, rnd):
    return "".join(("-" if c == "_" else "_" if c == "-" else c) if rnd.random() < 0.7 else c for c in name)


def config_queries(conf_dir, rnd, loaded):
    words = set()
    for f in sorted(os.listdir(conf_dir)):
        for line in read_lines(os.path.join(conf_dir, f)):
            if line.startswith("#"):
                continue
            for w in line.replace("\\", " ").split()[1:]:
                if w.startswith("#"):
                    break
                if w not in ("pre:", "post:") and not w.startswith(("/", "-")) and "=" not in w and "$" not in w:
                    words.add(w)
    q = [["-c"]]
    for w in sorted(words):
        for s in {w, instantiate(w, rnd), swap_dashes(w, rnd)}:
            q.append(["-R", s])
            q.append(["--show-depends", s])
            q.append(["-b", "--show-depends", s])
            q.append(["-i", "--show-depends", s])
            q.append(["--show-depends", s, "p1=x", "p2=a b"])
            if s.replace("-", "_") not in loaded:
                q.append(["-n", "-v", s])
                q.append(["-r", "-n", "-v", s])
    some = sorted(words)
    for _ in range(50):
        q.append(["-a", "--show-depends"] + rnd.sample(some, 3))
        q.append(["-a", "-R"] + rnd.sample(some, 3))
    return q


def main():
    d, seed, limit = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    rnd = random.Random(seed)
    # -n and -r look at the running kernel, this machine's: leave out what it has loaded
    loaded = set(os.listdir("/sys/module")) if os.path.isdir("/sys/module") else set()
    q = []
    aliases = []
    for line in read_lines(os.path.join(d, "modules.alias")):
        parts = line.split(" ")
        if len(parts) >= 3 and parts[0] == "alias":
            aliases.append((parts[1], parts[2]))
    patterns = set(p for p, _ in aliases)
    sample = aliases if len(aliases) <= limit else rnd.sample(aliases, limit)
    for pat, _ in sample:
        s = instantiate(pat, rnd)
        q.append(["-R", s])
        q.append(["-R", near_miss(s, rnd)])
    # patterns asked for as they are, and strings with glob characters of their own
    for pat, _ in rnd.sample(aliases, min(limit // 4, len(aliases))):
        q.append(["-R", pat])
        s = instantiate(pat, rnd)
        k = rnd.randrange(len(s) + 1)
        q.append(["-R", s[:k] + rnd.choice(["*", "?", "[0-9]", "[!a]", "\\*", "\\", "[]]", "[a-]", "^", "."]) + s[k:]])
    for pat, _ in aliases:
        if pat.startswith(("fs-", "char-major-", "block-major-", "crypto-", "net-pf-", "devname:", "platform:")) \
                and "*" not in pat and "?" not in pat and "[" not in pat:
            q.append(["-R", pat])
            if rnd.random() < 0.3:
                q.append(["--show-depends", pat])
    names = []
    for line in read_lines(os.path.join(d, "modules.dep")):
        if ":" in line:
            path = line.split(":", 1)[0]
            names.append(os.path.basename(path).split(".")[0])
    for n in names:
        q.append(["--show-depends", n])
        if rnd.random() < 0.3:
            q.append(["-R", swap_dashes(n, rnd)])
            q.append(["--show-depends", swap_dashes(n, rnd)])
    for n in rnd.sample(names, min(100, len(names))):
        if n.replace("-", "_") not in loaded:
            q.append(["-r", "--first-time", "-n", n])
            q.append(["--first-time", "--show-depends", n])
    for line in rnd.sample(read_lines(os.path.join(d, "modules.symbols")), 500):
        parts = line.split(" ")
        if len(parts) >= 3:
            q.append(["-R", parts[1]])
    for line in read_lines(os.path.join(d, "modules.builtin")):
        n = os.path.basename(line).split(".")[0]
        q.append(["-R", n])
        q.append(["--show-depends", swap_dashes(n, rnd)])
        q.append(["-r", "-n", "-v", n])
        if n not in patterns:
            q.append(["modinfo", n])
        fields = ["name", "filename", "parm", "parmtype", "alias", "license", "file"] if n not in patterns else ["filename"]
        q.append(["modinfo", "-F", rnd.choice(fields), n])
    for n in rnd.sample(names, min(300, len(names))):
        q.append(["modinfo", "-F", "filename", swap_dashes(n, rnd)])
    for pat, _ in rnd.sample(aliases, min(300, len(aliases))):
        q.append(["modinfo", "-F", "filename", instantiate(pat, rnd)])
    for s in ["nosuchmodule", "fs-btrfs", "crypto-crc32c", "symbol:crc32c", "fs-debugfs", "crypto-dh", "dh"]:
        q.append(["modinfo", "-F", "filename", s])
    for s in ["nosuchmodule", "fs-debugfs", "crypto-dh", "dh", "zswap"]:
        q.append(["modinfo", s])
    try:
        with open(os.path.join(d, "modules.builtin.modinfo"), "rb") as f:
            recs = f.read().decode("utf-8", "replace").split("\0")
    except FileNotFoundError:
        recs = []
    for r in recs:
        dot = r.find(".")
        if dot > 0 and r[dot + 1:].startswith("alias="):
            pat = r[dot + 7:]
            q.append(["-R", instantiate(pat, rnd)])
            s = instantiate(pat, rnd)
            if pat not in patterns and s not in patterns:
                # all modinfo shows of a file cannot be compared: modkern reads jars
                q.append(["modinfo", s])
            if rnd.random() < 0.2:
                q.append(["--show-depends", instantiate(pat, rnd)])
    for s in ["", "-", "_", "nosuchmodule", "pci:", "pci:v", "usb:", "*", "?", "[", "]", "a[b", "pci:v0000[", "symbol:",
              "symbol:nosuchsymbol", "fs-nosuchfs", "char-major-999-9", "crypto-nosuch", "alias", "kernel/fs/btrfs"]:
        q.append(["-R", s])
    if len(sys.argv) > 4:
        q.extend(config_queries(sys.argv[4], rnd, loaded))
    for call in q:
        if any("\t" in a or "\n" in a for a in call):
            continue
        print("\t".join(call))


if __name__ == "__main__":
    main()
