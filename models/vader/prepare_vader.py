#!/usr/bin/env python3
"""Extract VADER's lexicons and licence from the vaderSentiment wheel (see prepare_vader.sh).

Writes into --out:
  vader_lexicon.txt       word<TAB>mean valence, one per line, LF, in the package's order
                          (the package's file also carries the standard deviation and the ten
                          raw ratings per word; the scorer only uses the mean)
  emoji_utf8_lexicon.txt  emoji<TAB>description, unchanged apart from CRLF -> LF
  LICENSE                 the package's MIT licence, verbatim

Then prints the package's own polarity_scores() for the sentences whose compound values are
pinned in src/sentiment/lexicon.rs (imported straight from the extracted wheel; stdlib only).
"""
import argparse
import hashlib
import pathlib
import sys
import zipfile

REFERENCE_SENTENCES = [
    "The book was good.",
    "The book was not good.",
    "The staff were VERY friendly and helpful!!",
    "Terrible service, I am never coming back.",
    "At least it isn't a horrible book.",
    "The plot was good, but the characters are uncompelling and the dialog is not great.",
    "I love it :)",
    "It was kind of good.",
    "Not bad at all",
    "The room was clean and the bed was comfortable",
]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--wheel", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--work", required=True)
    args = ap.parse_args()
    out = pathlib.Path(args.out)
    work = pathlib.Path(args.work) / "wheel"

    with zipfile.ZipFile(args.wheel) as zf:
        zf.extractall(work)
    pkg = work / "vaderSentiment"

    lex_lines = []
    for line in (pkg / "vader_lexicon.txt").read_text(encoding="utf-8").split("\n"):
        line = line.strip()
        if not line:
            continue
        word, measure = line.split("\t")[0:2]
        float(measure)  # validate
        lex_lines.append(f"{word}\t{measure}\n")
    (out / "vader_lexicon.txt").write_text("".join(lex_lines), encoding="utf-8", newline="\n")

    emoji_lines = []
    for line in (pkg / "emoji_utf8_lexicon.txt").read_text(encoding="utf-8").split("\n"):
        line = line.rstrip("\r")
        if not line.strip():
            continue
        emoji, desc = line.strip().split("\t")[0:2]
        emoji_lines.append(f"{emoji}\t{desc}\n")
    (out / "emoji_utf8_lexicon.txt").write_text("".join(emoji_lines), encoding="utf-8", newline="\n")

    lic = work / "vaderSentiment-3.3.2.dist-info" / "LICENSE.txt"
    (out / "LICENSE").write_bytes(lic.read_bytes())

    for name in ("vader_lexicon.txt", "emoji_utf8_lexicon.txt", "LICENSE"):
        data = (out / name).read_bytes()
        print(f"[prepare-vader] wrote {name}: {len(data)} bytes, sha256 {hashlib.sha256(data).hexdigest()}")
    print(f"[prepare-vader] lexicon entries: {len(lex_lines)}, emoji entries: {len(emoji_lines)}")

    sys.path.insert(0, str(work))
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer  # noqa: E402

    sia = SentimentIntensityAnalyzer()
    print("[prepare-vader] reference scores from vaderSentiment 3.3.2 (Python):")
    for s in REFERENCE_SENTENCES:
        print(f"  {sia.polarity_scores(s)}  {s!r}")


if __name__ == "__main__":
    main()
