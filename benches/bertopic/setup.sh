#!/usr/bin/env bash
# Creates the throwaway virtualenv for the BERTopic comparison (benches/bertopic/run.py) in
# .cache/bertopic-venv. Only PyPI is needed. BERTopic is given our own embeddings, so neither
# torch nor sentence-transformers is installed (BERTopic is installed without its deps and only
# the clustering stack it uses is added).
set -euo pipefail
cd "$(dirname "$0")/../.."
venv=.cache/bertopic-venv
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
fi
"$venv/bin/pip" install --quiet --disable-pip-version-check \
    numpy==1.26.4 pandas==2.2.3 scikit-learn==1.5.2 scipy==1.13.1 \
    umap-learn==0.5.7 hdbscan==0.8.40 numba==0.60.0 llvmlite==0.43.0 pynndescent==0.5.13 \
    tqdm==4.67.1 plotly==5.24.1 pyyaml==6.0.2
"$venv/bin/pip" install --quiet --disable-pip-version-check --no-deps bertopic==0.16.4
"$venv/bin/python" -c "import bertopic; print('bertopic', bertopic.__version__)"
