#!/usr/bin/env bash
# Regenerate fixtures/pii/eval.jsonl (the PII redaction evaluation set) deterministically.
# Creates a throwaway venv in /tmp, installs the pinned Faker from PyPI and runs the generator
# with the fixed seed. Usage: bash benches/pii/generate_pii_eval.sh [extra generator args]
set -euo pipefail
FAKER_VERSION=40.54.0
SEED=20260711
HOLDOUT_SEED=20261123
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
venv="$(mktemp -d /tmp/verbatim-pii-eval-venv.XXXXXX)"
trap 'rm -rf "$venv"' EXIT
python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check "Faker==$FAKER_VERSION"
PYTHONHASHSEED=0 "$venv/bin/python" "$here/generate_pii_eval.py" --seed "$SEED" \
    --out "$root/fixtures/pii/eval.jsonl" "$@"
# A second draw with another seed: detectors are tuned on eval.jsonl only, and the README
# reports both, so tuning to one draw's values shows up as a gap.
PYTHONHASHSEED=0 "$venv/bin/python" "$here/generate_pii_eval.py" --seed "$HOLDOUT_SEED" \
    --out "$root/fixtures/pii/holdout.jsonl" "$@"
