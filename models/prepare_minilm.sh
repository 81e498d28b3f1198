#!/usr/bin/env bash
# One command to (re)build models/all-MiniLM-L6-v2/ — see models/README.md.
# Creates (or reuses) a throwaway virtualenv under /tmp with the pinned requirements,
# then runs export_minilm.py. Safe to re-run: the output folder is rebuilt from scratch.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
VENV="${VERBATIM_MINILM_VENV:-/tmp/verbatim-minilm-venv}"
WORK="${VERBATIM_MINILM_WORK:-/tmp/verbatim-minilm-work}"
PYTHON="${PYTHON:-python3}"
REQ="$HERE/requirements.txt"
STAMP="$VENV/.verbatim-requirements.sha256"
want="$(sha256sum "$REQ" | cut -d' ' -f1)"

if [[ -x "$VENV/bin/python" && -f "$STAMP" && "$(cat "$STAMP")" == "$want" ]]; then
    echo "[prepare-minilm] reusing venv $VENV (requirements unchanged)"
else
    echo "[prepare-minilm] creating venv $VENV from $REQ (torch wheel + CUDA deps: several GB)"
    rm -rf "$VENV"
    "$PYTHON" -m venv "$VENV"
    "$VENV/bin/python" -m pip install --disable-pip-version-check -q --upgrade pip
    "$VENV/bin/python" -m pip install --disable-pip-version-check -q -r "$REQ"
    echo "$want" > "$STAMP"
fi

exec "$VENV/bin/python" "$HERE/export_minilm.py" --out "$HERE/all-MiniLM-L6-v2" --work "$WORK" "$@"
