"""BERTopic on the same embeddings as `cargo bench --bench themes_eval`.

Run `cargo bench --bench themes_eval` first (it writes target/themes-eval/<set>.npy, .texts.txt
and .labels.txt), then `bash benches/bertopic/setup.sh` and
`.cache/bertopic-venv/bin/python benches/bertopic/run.py`. BERTopic runs with its defaults
(UMAP 5-d cosine, HDBSCAN min_cluster_size 10, c-TF-IDF) and a fixed UMAP random_state, and is
given our int8 MiniLM vectors, so only the clustering differs. Outliers (topic -1) are scored
both as one more cluster and left out.
"""
import pathlib
import sys
import time

import numpy as np
from bertopic import BERTopic
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score
from umap import UMAP

root = pathlib.Path(__file__).resolve().parents[2] / "target" / "themes-eval"
sets = sys.argv[1:] or ["banking77", "banking77-long"]
print(f"{'set':<15} {'config':<22} {'themes':>6} {'outliers':>9} {'NMI':>8} {'ARI':>8} {'NMI*':>8} {'ARI*':>8} {'time':>8}")
for name in sets:
    emb = np.load(root / f"{name}.npy")
    texts = (root / f"{name}.texts.txt").read_text(encoding="utf-8").splitlines()
    gold = (root / f"{name}.labels.txt").read_text(encoding="utf-8").splitlines()
    assert len(texts) == len(gold) == emb.shape[0]
    umap = UMAP(n_neighbors=15, n_components=5, min_dist=0.0, metric="cosine", random_state=42)
    start = time.time()
    topics, _ = BERTopic(umap_model=umap).fit_transform(texts, emb)
    secs = time.time() - start
    topics = np.asarray(topics)
    gold = np.asarray(gold)
    keep = topics != -1
    n_topics = len(set(topics[keep]))
    print(
        f"{name:<15} {'BERTopic defaults':<22} {n_topics:>6} {100 * (~keep).mean():>8.1f}% "
        f"{normalized_mutual_info_score(gold, topics):>8.4f} {adjusted_rand_score(gold, topics):>8.4f} "
        f"{normalized_mutual_info_score(gold[keep], topics[keep]):>8.4f} "
        f"{adjusted_rand_score(gold[keep], topics[keep]):>8.4f} {secs:>7.1f}s",
        flush=True,
    )
