#!/usr/bin/env bash
# Regenerate fixtures/pii/intl_dev.jsonl (international PII evaluation set).
# Creates a throwaway venv under /tmp, installs the pinned Faker, runs the
# generator with a fixed seed and removes the venv on exit.
# Output is byte-for-byte reproducible for the same seed and Faker version.
set -euo pipefail

FAKER_VERSION="40.63.0"
SEED="${SEED:-20250611}"

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../../.." && pwd)"
OUT="${OUT:-$ROOT/fixtures/pii/intl_dev.jsonl}"

VENV="$(mktemp -d /tmp/intl-pii-venv.XXXXXX)"
cleanup() { rm -rf "$VENV"; }
trap cleanup EXIT

python3 -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "Faker==$FAKER_VERSION"

mkdir -p "$(dirname "$OUT")"
PYTHONHASHSEED=0 "$VENV/bin/python" "$HERE/generate_intl.py" --seed "$SEED" --out "$OUT"
echo "wrote $OUT"
