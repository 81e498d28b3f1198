#!/usr/bin/env bash
# One command to (re)build the sentiment branch: models/all-MiniLM-L6-v2/model_sentiment*.onnx,
# sentiment_manifest.json, sentiment_reference.json (see models/sentiment/README.md).
# Reuses the venv of models/prepare_minilm.sh (same pins) and adds vaderSentiment; needs the base
# model folder extracted by prepare_minilm.sh (/tmp/verbatim-minilm-work/model_src) — runs it
# first if missing. Extra arguments go to train_sentiment.py (e.g. --stage export, --epochs 3).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
MODELS="$(cd "$HERE/.." && pwd)"
VENV="${VERBATIM_MINILM_VENV:-/tmp/verbatim-minilm-venv}"
WORK="${VERBATIM_SENTIMENT_WORK:-/tmp/verbatim-sentiment-work}"
PYTHON="${PYTHON:-python3}"
REQ="$HERE/requirements.txt"
STAMP="$VENV/.verbatim-sentiment-requirements.sha256"
want="$(sha256sum "$REQ" | cut -d' ' -f1)"

if [[ ! -x "$VENV/bin/python" ]]; then
    echo "[prepare-sentiment] creating venv $VENV (torch wheel + CUDA deps: several GB)"
    "$PYTHON" -m venv "$VENV"
    "$VENV/bin/python" -m pip install --disable-pip-version-check -q --upgrade pip
fi
if [[ -f "$STAMP" && "$(cat "$STAMP")" == "$want" ]]; then
    echo "[prepare-sentiment] reusing venv $VENV (requirements unchanged)"
else
    echo "[prepare-sentiment] installing $REQ into $VENV"
    "$VENV/bin/python" -m pip install --disable-pip-version-check -q -r "$REQ"
    echo "$want" > "$STAMP"
fi

if [[ ! -f /tmp/verbatim-minilm-work/model_src/model.safetensors ]]; then
    echo "[prepare-sentiment] base model folder missing: running models/prepare_minilm.sh first"
    echo "[prepare-sentiment] (note: that script rebuilds models/all-MiniLM-L6-v2/ from scratch)"
    "$MODELS/prepare_minilm.sh"
fi

export OMP_NUM_THREADS="${OMP_NUM_THREADS:-2}"
exec "$VENV/bin/python" "$HERE/train_sentiment.py" --work "$WORK" "$@"
