#!/usr/bin/env python3
"""Mark the GLIBCXX_3.4.32 version need of TorchSharp's native files as weak, in place.

Why: TorchSharp 0.107's libLibTorchSharp.so was linked against GCC 13's libstdc++ and records a
need for GLIBCXX_3.4.32, but Debian 12 ships libstdc++ up to GLIBCXX_3.4.30, so dlopen fails with
"version `GLIBCXX_3.4.32' not found". The only symbol with that version is
_ZSt21ios_base_library_initv, an undefined symbol GCC 13 emits for every <iostream> user that has
no relocation against it, so it is never called. Setting VER_FLG_WEAK on the need turns the loader's
hard error into a no-op (glibc's match_symbol returns 0 for a missing weak version).

Usage: patch-libtorch.py PATH...   (files or directories; directories are searched for *.so*)
Idempotent: a need that is already weak is left alone. Standard library only (no patchelf).
Exit status 0 when every matching need is weak afterwards.
"""
import os
import struct
import sys

TARGET_VERSION = b"GLIBCXX_3.4.32"
SHT_GNU_VERNEED = 0x6FFFFFFE
VER_FLG_WEAK = 0x2


def read_at(f, offset, size):
    f.seek(offset)
    return f.read(size)


def read_c_string(f, offset):
    chunk = read_at(f, offset, 256)
    return chunk[:chunk.index(b"\0")]


def patch_file(path):
    """Returns (needs_found, needs_patched) for one file; (0, 0) if it is not a 64-bit LE ELF.

    Reads only the headers and the version-need section (libtorch_cpu.so is ~400 MB) and writes the
    two-byte vna_flags field in place.
    """
    found = patched = 0
    with open(path, "r+b") as f:
        ident = read_at(f, 0, 0x40)
        if len(ident) < 0x40 or ident[:4] != b"\x7fELF" or ident[4] != 2 or ident[5] != 1:
            return 0, 0  # not ELF64 little-endian: nothing TorchSharp ships for linux-x64
        e_shoff, = struct.unpack_from("<Q", ident, 0x28)
        e_shentsize, e_shnum = struct.unpack_from("<HH", ident, 0x3A)
        headers = read_at(f, e_shoff, e_shentsize * e_shnum)
        sections = []
        for i in range(e_shnum):
            base = i * e_shentsize
            sh_type, = struct.unpack_from("<I", headers, base + 4)
            sh_offset, sh_size = struct.unpack_from("<QQ", headers, base + 0x18)
            sh_link, sh_info = struct.unpack_from("<II", headers, base + 0x28)
            sections.append((sh_type, sh_offset, sh_size, sh_link, sh_info))

        for sh_type, sh_offset, sh_size, sh_link, sh_info in sections:
            if sh_type != SHT_GNU_VERNEED:
                continue
            strtab_offset = sections[sh_link][1]
            table = read_at(f, sh_offset, sh_size)
            need = 0
            for _ in range(sh_info):  # sh_info = number of Verneed entries
                _, vn_cnt, _, vn_aux, vn_next = struct.unpack_from("<HHIII", table, need)
                aux = need + vn_aux
                for _ in range(vn_cnt):
                    _, vna_flags, _, vna_name, vna_next = struct.unpack_from("<IHHII", table, aux)
                    if read_c_string(f, strtab_offset + vna_name) == TARGET_VERSION:
                        found += 1
                        if not vna_flags & VER_FLG_WEAK:
                            f.seek(sh_offset + aux + 4)
                            f.write(struct.pack("<H", vna_flags | VER_FLG_WEAK))
                            patched += 1
                    aux += vna_next
                if vn_next == 0:
                    break
                need += vn_next
    return found, patched


def candidate_files(paths):
    for p in paths:
        if os.path.isdir(p):
            for root, _, files in os.walk(p):
                for name in files:
                    if ".so" in name:
                        yield os.path.join(root, name)
        elif os.path.isfile(p):
            yield p
        else:
            raise SystemExit(f"patch-libtorch: '{p}' is neither a file nor a directory")


def main(argv):
    if not argv:
        raise SystemExit(__doc__)
    for path in candidate_files(argv):
        found, patched = patch_file(path)
        if found:
            state = "patched" if patched else "already weak"
            print(f"patch-libtorch: {path}: {TARGET_VERSION.decode()} need {state}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
