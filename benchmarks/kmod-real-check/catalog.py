#!/usr/bin/env python3
# Turns a real kernel's modules into a modkern catalog of manifest-only jars with the same symbols and aliases.
"""Usage: catalog.py MODULES_DIR OUT_MODULES_DIR

For each module of MODULES_DIR/modules.dep (ELF .ko files, plain, .gz or .xz) it writes, at the
same path with .jar for .ko, a jar whose manifest says what the module's ELF says: the symbols it
exports (from modules.symbols) as Export-Package, the undefined symbols some module exports as
Import-Package (in symbol table order), its alias= strings as Module-Alias in .modinfo order, license GPL. modules.order
and modules.builtin are copied with .jar for .ko. modkern's depmod on OUT_MODULES_DIR then
computes from the same symbol graph what real depmod computed from the ELF files.
"""
import gzip
import io
import lzma
import os
import re
import struct
import sys
import zipfile


def elf_sections(data):
    shoff, = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum, shstrndx = struct.unpack_from("<HHH", data, 0x3A)
    secs = []
    for i in range(shnum):
        name, typ, flags, addr, off, size, link, info, align, entsize = struct.unpack_from(
            "<IIQQQQIIQQ", data, shoff + i * shentsize)
        secs.append([name, typ, off, size, link, entsize])
    stroff = secs[shstrndx][2]
    for s in secs:
        end = data.index(b"\0", stroff + s[0])
        s[0] = data[stroff + s[0]:end].decode()
    return secs


def module_facts(path):
    opener = {".xz": lzma.open, ".gz": gzip.open}.get(os.path.splitext(path)[1], open)
    with opener(path, "rb") as f:
        data = f.read()
    secs = elf_sections(data)
    modinfo = []
    undefined = []
    for name, typ, off, size, link, entsize in secs:
        if name == ".modinfo":
            modinfo = [s.decode("utf-8", "replace") for s in data[off:off + size].split(b"\0") if s]
        elif typ == 2:  # SHT_SYMTAB
            stroff = secs[link][2]
            for i in range(1, size // entsize):
                st_name, st_info, st_other, st_shndx = struct.unpack_from("<IBBH", data, off + i * entsize)
                if st_shndx == 0 and st_name:
                    end = data.index(b"\0", stroff + st_name)
                    undefined.append(data[stroff + st_name:end].decode())
    return modinfo, undefined


def header(name, value):
    """One manifest header, wrapped at 72 bytes."""
    line = (name + ": " + value).encode()
    out = [line[:72]]
    line = line[72:]
    while line:
        out.append(b" " + line[:71])
        line = line[71:]
    return b"\r\n".join(out) + b"\r\n"


def quoted(values):
    return ",".join('"' + v + '"' for v in values)


def main():
    src, dst = sys.argv[1], sys.argv[2]
    exports = {}
    with open(os.path.join(src, "modules.symbols")) as f:
        for line in f:
            p = line.split()
            if len(p) == 3 and p[0] == "alias" and p[1].startswith("symbol:"):
                exports.setdefault(p[2], []).append(p[1][7:])
    owner = {s: m for m, syms in exports.items() for s in syms}
    with open(os.path.join(src, "modules.dep")) as f:
        paths = [line.split(":", 1)[0] for line in f if ":" in line]
    for rel in paths:
        modinfo, undefined = module_facts(os.path.join(src, rel))
        base = os.path.basename(rel).split(".")[0]
        name = base.replace("-", "_")
        aliases = [s[6:] for s in modinfo if s.startswith("alias=")]
        # in symbol table order: depmod takes a module's dependencies in that order
        imports = list(dict.fromkeys(s for s in undefined if s in owner and owner[s] != name))
        man = header("Manifest-Version", "1.0") + header("Bundle-ManifestVersion", "2")
        man += header("Bundle-SymbolicName", base) + header("Bundle-Version", "1.0.0")
        man += header("Module-License", "GPL")
        if exports.get(name):
            man += header("Export-Package", ",".join(exports[name]))
        if imports:
            man += header("Import-Package", ",".join(imports))
        if aliases:
            man += header("Module-Alias", quoted(aliases))
        out = os.path.join(dst, rel[:rel.rindex(".ko")] + ".jar")
        os.makedirs(os.path.dirname(out), exist_ok=True)
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as z:
            z.writestr("META-INF/MANIFEST.MF", man + b"\r\n")
        with open(out, "wb") as f:
            f.write(buf.getvalue())
    for name in ("modules.order", "modules.builtin"):
        with open(os.path.join(src, name)) as f, open(os.path.join(dst, name), "w") as g:
            g.write(re.sub(r"\.ko(\.xz|\.gz|\.zst)?$", ".jar", f.read(), flags=re.M))


if __name__ == "__main__":
    main()
