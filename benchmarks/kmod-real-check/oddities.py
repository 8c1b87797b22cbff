#!/usr/bin/env python3
# Writes odd alias patterns (brackets, escapes, dashes, stray ']') for fake-ko-root.sh, and modprobe -R queries for them.
"""Usage: oddities.py SEED SPECS QUERIES

SPECS gets one fake-ko-root.sh argument a line (40 modules, 1-3 patterns each, built from pieces
like '*', '?', '[a-b]', '[!a]', '[-_]', '[]a]', '\\*', '\\', ']', '[', '-', '_'); QUERIES gets
-R calls with strings made of similar pieces, some starting with '-'. ASCII only: kmod 30's
depmod crashes on alias bytes above 127.
"""
import random
import sys


def main():
    rnd = random.Random(int(sys.argv[1]))
    pieces = ["a", "b", "-", "_", "*", "?", "[a-b]", "[!a]", "[-_]", "\\*", "\\", "]", "[", "x", "[]a]", "[^b]"]
    with open(sys.argv[2], "w") as f:
        for m in range(40):
            pats = ["".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 6))) for _ in range(rnd.randint(1, 3))]
            f.write("m%d:%s\n" % (m, "|".join(pats)))
    words = ["a", "b", "-", "_", "*", "?", "x", "[a]", "\\", "[", "]", "ab", "a-b"]
    queries = set()
    for _ in range(3000):
        queries.add("".join(rnd.choice(words) for _ in range(rnd.randint(1, 6))))
    with open(sys.argv[3], "w") as f:
        for q in sorted(queries):
            f.write("-R\t%s\n" % q)


if __name__ == "__main__":
    main()
