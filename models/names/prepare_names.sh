#!/usr/bin/env bash
# Rebuilds models/names/{first_names,surnames,ambiguous,common_words}.txt and PROVENANCE.md from pinned
# registry packages (PyPI `names`, `Faker`; Debian `wbritish-small`). See PROVENANCE.md.
# Needs: python3 (venv), pip access to PyPI, apt-get (for `apt-get download`), dpkg-deb.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
VENV="${VERBATIM_NAMES_VENV:-/tmp/verbatim-names-venv}"
WORK="${VERBATIM_NAMES_WORK:-/tmp/verbatim-names-work}"
PYTHON="${PYTHON:-python3}"

if [[ ! -x "$VENV/bin/python" ]]; then
    "$PYTHON" -m venv "$VENV"
fi
# The script uses only the standard library; the venv provides an isolated pip for downloads.
exec "$VENV/bin/python" "$HERE/prepare_names.py" --work "$WORK" --out "$HERE" "$@"
