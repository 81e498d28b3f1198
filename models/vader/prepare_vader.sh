#!/usr/bin/env bash
# (Re)build models/vader/ from the PyPI package vaderSentiment (MIT) — see PROVENANCE.md.
# Downloads the pinned wheel (no install, no dependencies), checks its sha256, then
# prepare_vader.py extracts the lexicons and the licence and prints the package's own
# reference scores for the sentences pinned in src/sentiment/lexicon.rs tests.
# Only Python's standard library is used; nothing outside models/vader/ is written
# except a scratch folder (VERBATIM_VADER_WORK, default /tmp/verbatim-vader-work).
# service_additions.txt and PROVENANCE.md are ours and are not touched.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
WORK="${VERBATIM_VADER_WORK:-/tmp/verbatim-vader-work}"
PYTHON="${PYTHON:-python3}"
VERSION="3.3.2"
WHEEL="vaderSentiment-${VERSION}-py2.py3-none-any.whl"
SHA256="3bf1d243b98b1afad575b9f22bc2cb1e212b94ff89ca74f8a23a588d024ea311"

rm -rf "$WORK"
mkdir -p "$WORK"
echo "[prepare-vader] pip download vaderSentiment==${VERSION} (wheel only, no dependencies)"
"$PYTHON" -m pip download --disable-pip-version-check -q --no-deps --only-binary :all: \
    "vaderSentiment==${VERSION}" -d "$WORK"
got="$(sha256sum "$WORK/$WHEEL" | cut -d' ' -f1)"
if [[ "$got" != "$SHA256" ]]; then
    echo "[prepare-vader] sha256 mismatch for $WHEEL: got $got, want $SHA256" >&2
    exit 1
fi
echo "[prepare-vader] $WHEEL sha256 $got OK"
exec "$PYTHON" "$HERE/prepare_vader.py" --wheel "$WORK/$WHEEL" --out "$HERE" --work "$WORK"
