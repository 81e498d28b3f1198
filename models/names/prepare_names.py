#!/usr/bin/env python3
"""Build the person-name gazetteer used by src/redact/detect/person/.

Run through prepare_names.sh (throwaway venv under /tmp). Sources, all fetched from package
registries by pinned version and checked by sha256:

* PyPI `names` 0.3.0 (MIT): the US Census 1990 name frequency files it ships
  (dist.male.first, dist.female.first, dist.all.last; US-government work, public domain).
* PyPI `Faker` 40.54.0 (MIT): the person providers of every locale; only Latin-script names
  are kept (romanised lists where a locale has them, e.g. zh_CN/zh_TW/ja_JP).
* Debian `wbritish-small` 2020.12.07-2 (SCOWL size 35, permissive licence): used only to
  mark which names are also English words (ambiguous.txt) and to list the English words that
  are no name (common_words.txt).

Provider files are read with `ast` (no Faker code is imported or executed).

Outputs (next to this script): first_names.txt, surnames.txt, ambiguous.txt, common_words.txt,
PROVENANCE.md.
"""

from __future__ import annotations

import argparse
import ast
import hashlib
import re
import subprocess
import sys
import tarfile
import unicodedata
import zipfile
from pathlib import Path

NAMES_PKG = ("names", "0.3.0", "names-0.3.0.tar.gz",
             "726e46254f2ed03f1ffb5d941dae3bc67c35123941c29becd02d48d0caa2a671")
FAKER_PKG = ("faker", "40.54.0", "faker-40.54.0-py3-none-any.whl",
             "2dd88ee8cb63a9149e19ef48bdd73879bc3854d8ba2d6c1535e902a762e603f7")
DEB_PKG = ("wbritish-small", "2020.12.07-2")

# Census first names above this rank (per sex) are kept out of ambiguous.txt even when they are
# also English words ("john", "peter", "harry", "dean"): they are far more often names.
COMMON_FIRST_RANK = 300

PARTICLES = {"van", "von", "der", "den", "de", "del", "della", "di", "da", "dos", "das", "du",
             "la", "le", "al", "el", "bin", "ibn", "bint", "ter", "ten", "st", "mac", "y", "e"}


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 16), b""):
            h.update(chunk)
    return h.hexdigest()


def is_latin_name(s: str) -> bool:
    if not s:
        return False
    for ch in s:
        if ch in "'-":
            continue
        if not ch.isalpha():
            return False
        if "LATIN" not in unicodedata.name(ch, ""):
            return False
    return True


def fold(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


def variants(raw: str) -> set[str]:
    """Lower-case forms of one list entry: itself, its hyphen parts, an ASCII-folded form."""
    s = unicodedata.normalize("NFC", raw.strip()).replace("\u2019", "'").lower()
    out: set[str] = set()
    for tok in s.split():
        tok = tok.strip(".,")
        if tok in PARTICLES or len(tok) < 2:
            continue
        if not is_latin_name(tok):
            continue
        forms = {tok}
        if "-" in tok:
            forms.update(p for p in tok.split("-") if len(p) >= 2 and p not in PARTICLES)
        for f in list(forms):
            forms.add(fold(f))
        out.update(f for f in forms if len(f) >= 2 and is_latin_name(f))
    return out


def download(work: Path) -> dict:
    work.mkdir(parents=True, exist_ok=True)
    info = {}
    for name, ver, fname, want in (NAMES_PKG, FAKER_PKG):
        target = work / fname
        if not target.exists():
            subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps",
                            "--no-binary" if fname.endswith(".tar.gz") else "--only-binary",
                            ":all:", "--disable-pip-version-check", "-q", "-d", str(work),
                            f"{name}=={ver}"], check=True)
        got = sha256(target)
        if got != want:
            sys.exit(f"{fname}: sha256 {got} != pinned {want}")
        info[name] = (ver, fname, got)
    deb_name, deb_ver = DEB_PKG
    debs = list(work.glob(f"{deb_name}_*.deb"))
    if not debs:
        subprocess.run(["apt-get", "download", f"{deb_name}={deb_ver}"], cwd=work, check=True)
        debs = list(work.glob(f"{deb_name}_*.deb"))
    deb = debs[0]
    info[deb_name] = (deb_ver, deb.name, sha256(deb))
    return info


def census(work: Path):
    """Returns ({first: best rank}, {surname: rank}) from the `names` sdist."""
    first: dict[str, int] = {}
    last: dict[str, int] = {}
    with tarfile.open(work / NAMES_PKG[2]) as tf:
        for member in tf.getmembers():
            base = member.name.rsplit("/", 1)[-1]
            if not base.startswith("dist."):
                continue
            text = tf.extractfile(member).read().decode("ascii")
            target = last if base == "dist.all.last" else first
            for line in text.splitlines():
                parts = line.split()
                if len(parts) != 4:
                    continue
                name, rank = parts[0].lower(), int(parts[3])
                if name not in target or rank < target[name]:
                    target[name] = rank
    return first, last


FIRST_ATTR = re.compile(r"^(first|middle)_(romanized_)?names(_[a-z_]+)?$")
LAST_ATTR = re.compile(r"^((male|female|unisex)_)?last_(romanized_)?names(_[a-z_]+)?$")


def faker_lists(work: Path):
    """Returns ({locale: set(first)}, {locale: set(last)}) read from the provider sources."""
    first: dict[str, set[str]] = {}
    last: dict[str, set[str]] = {}
    with zipfile.ZipFile(work / FAKER_PKG[2]) as zf:
        for path in sorted(zf.namelist()):
            m = re.match(r"faker/providers/person/([A-Za-z_]+)/__init__\.py$", path)
            if not m:
                continue
            locale = m.group(1)
            tree = ast.parse(zf.read(path).decode("utf-8"))
            for node in ast.walk(tree):
                if isinstance(node, ast.Assign):
                    targets = [t.id for t in node.targets if isinstance(t, ast.Name)]
                elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
                    targets = [node.target.id]
                else:
                    continue
                if node.value is None:
                    continue
                for attr in targets:
                    if "kana" in attr or "pairs" in attr:
                        continue
                    if FIRST_ATTR.match(attr):
                        bucket = first.setdefault(locale, set())
                    elif LAST_ATTR.match(attr):
                        bucket = last.setdefault(locale, set())
                    else:
                        continue
                    for sub in ast.walk(node.value):
                        if isinstance(sub, ast.Constant) and isinstance(sub.value, str):
                            if "{" in sub.value:
                                continue
                            bucket.update(variants(sub.value))
    return first, last


def english_words(work: Path) -> set[str]:
    deb = next(work.glob(f"{DEB_PKG[0]}_*.deb"))
    out = work / "deb"
    out.mkdir(exist_ok=True)
    subprocess.run(["dpkg-deb", "-x", str(deb), str(out)], check=True)
    words = set()
    for f in (out / "usr/share/dict").iterdir():
        if f.is_file():
            for w in f.read_text("utf-8", errors="replace").splitlines():
                # Lower-case entries only: "Sarah" is listed as a proper noun, "grace" as a word.
                if w and w == w.lower() and "'" not in w:
                    words.add(w)
    return words


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--work", type=Path, default=Path("/tmp/verbatim-names-work"))
    ap.add_argument("--out", type=Path, default=Path(__file__).resolve().parent)
    args = ap.parse_args()

    info = download(args.work)
    c_first, c_last = census(args.work)
    f_first, f_last = faker_lists(args.work)
    words = english_words(args.work)

    first = set(c_first)
    for s in f_first.values():
        first |= s
    last = set(c_last)
    for s in f_last.values():
        last |= s
    first = {n for n in first if len(n) >= 2}
    last = {n for n in last if len(n) >= 2}

    common_first = {n for n, r in c_first.items() if r <= COMMON_FIRST_RANK}
    ambiguous = {n for n in (first | last) if n in words and n not in common_first}
    common_words = {w for w in words if len(w) >= 2 and w.isalpha() and w.isascii()
                    and w not in first and w not in last}

    out = args.out
    out.mkdir(parents=True, exist_ok=True)
    for fname, data in (("first_names.txt", first), ("surnames.txt", last),
                        ("ambiguous.txt", ambiguous), ("common_words.txt", common_words)):
        (out / fname).write_text("".join(n + "\n" for n in sorted(data)), encoding="utf-8")

    sizes = {f: (out / f).stat().st_size for f in ("first_names.txt", "surnames.txt",
                                                    "ambiguous.txt", "common_words.txt")}
    locales = sorted(set(f_first) | set(f_last))
    per_locale = "\n".join(
        f"| {loc} | {len(f_first.get(loc, ()))} | {len(f_last.get(loc, ()))} |"
        for loc in locales if f_first.get(loc) or f_last.get(loc))
    skipped = [loc for loc in locales if not (f_first.get(loc) or f_last.get(loc))]
    nv, nf, nh = info["names"]
    fv, ff, fh = info["faker"]
    dv, df, dh = info[DEB_PKG[0]]
    prov = f"""# Name gazetteer: provenance

Generated by `prepare_names.sh` (which runs `prepare_names.py` in a throwaway venv). Do not
edit the lists by hand; the curated lists beside them (stoplist, brands, places, cues) are
described in `README.md`.

| source | version | file | sha256 | licence | what was taken |
| --- | --- | --- | --- | --- | --- |
| PyPI `names` | {nv} | `{nf}` | `{nh}` | MIT (package); the data are the US Census Bureau 1990 name frequency files, a US-government work in the public domain | `dist.male.first`, `dist.female.first` ({len(c_first)} distinct first names), `dist.all.last` ({len(c_last)} surnames); ranks used only to keep the {COMMON_FIRST_RANK} most frequent first names per sex out of `ambiguous.txt` |
| PyPI `Faker` | {fv} | `{ff}` | `{fh}` | MIT | `first_names*`, `middle_names*`, `*last_names*` (and romanised variants) of the person provider of every locale, read with `ast`; only Latin-script entries kept |
| Debian `{DEB_PKG[0]}` | {dv} | `{df}` | `{dh}` | SCOWL licence (Kevin Atkinson et al.: "Permission to use, copy, modify, distribute and sell these word lists … for any purpose is hereby granted without fee, provided that the above copyright notice appears in all copies"; full notice in the package's `/usr/share/doc/{DEB_PKG[0]}/copyright`) | the lower-case words of `/usr/share/dict/*` (SCOWL size 35): `ambiguous.txt` (names that are also English words) and `common_words.txt` (words that are no name in either list: tells "Customer"/"Support" from an unknown name after a cue) |

Normalisation: NFC, lower case, U+2019 to `'`; multi-word entries split into tokens and
particles (van, de, al, bin, …) dropped; hyphenated entries also contribute their parts; a
diacritic-free copy of every name is added (`maría` → `maria`); tokens shorter than 2 letters
dropped. Names containing any non-Latin letter are dropped (Cyrillic, Greek, Arabic, Devanagari,
CJK, Thai, … lists contribute nothing unless the locale has a romanised list).

## Counts

| file | entries | bytes |
| --- | --- | --- |
| first_names.txt | {len(first)} | {sizes['first_names.txt']} |
| surnames.txt | {len(last)} | {sizes['surnames.txt']} |
| ambiguous.txt | {len(ambiguous)} | {sizes['ambiguous.txt']} |
| common_words.txt | {len(common_words)} | {sizes['common_words.txt']} |

`ambiguous.txt`: gazetteer entries (first or surname) that are also lower-case words in
`{DEB_PKG[0]}`, minus the {COMMON_FIRST_RANK} most frequent Census first names per sex.

## Faker locales (Latin-script entries after normalisation)

| locale | first/middle | surnames |
| --- | --- | --- |
{per_locale}

Locales with no Latin-script names: {", ".join(skipped) if skipped else "none"}.

## Caveat for evaluation

Faker is one of the sources, so an evaluation set whose names come from Faker measures the
gazetteer on names it contains. The detector's unit tests therefore also check invented names
that are in no list (found through cues, honorifics and a known name beside them).
"""
    (out / "PROVENANCE.md").write_text(prov, encoding="utf-8")
    print(f"first={len(first)} last={len(last)} ambiguous={len(ambiguous)} sizes={sizes}")


if __name__ == "__main__":
    main()
