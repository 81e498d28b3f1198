#!/usr/bin/env bash
# Regenerates the held-out "unseen" PII sets:
#   fixtures/pii/unseen.jsonl              (generated, Faker 40.63.0, fixed seed)
#   fixtures/pii/unseen_handwritten.jsonl  (benches/pii/unseen/handwritten.py)
# HELD OUT: never used for tuning; developers may read only the scores.
# The output is byte-identical on every run.
set -euo pipefail

FAKER_VERSION="40.63.0"
SEED="${SEED:-20240611}"

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
venv="$(mktemp -d /tmp/pii-unseen-venv.XXXXXX)"
trap 'rm -rf "$venv"' EXIT

python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check "Faker==${FAKER_VERSION}"

mkdir -p "$root/fixtures/pii"
PYTHONHASHSEED=0 PYTHONDONTWRITEBYTECODE=1 "$venv/bin/python" "$here/generate_unseen.py" \
    --seed "$SEED" \
    --out "$root/fixtures/pii/unseen.jsonl" \
    --hand-out "$root/fixtures/pii/unseen_handwritten.jsonl"
