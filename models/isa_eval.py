#!/usr/bin/env python3
"""Quality and speed figures for models/ISA.md (companion of check_isa.py / requantise.py).

  isa_eval.py embed MODEL.onnx DATASET OUT_PREFIX [--cpuid-mask avx2|avx512-novnni] [--threads 1]
      DATASET: b77 (first 3,000 Banking77 train queries), b77all (all 10,003),
               tweet (the 2,857 held-out TweetEval rows, sentiment_holdout_rows.txt),
               service (fixtures/sentiment/service_feedback.csv, 331 sentences)
      Embeds exactly like the Rust side (check_isa.embed); writes OUT_PREFIX.vectors.npy
      (+ .logits.npy for the sentiment graph).
  isa_eval.py quality DATASET REF_PREFIX NAME=PREFIX ...   [--seeds 5]
      b77/b77all: cosine to REF (mean/min over the first 2,000 and over all), KMeans(k=77,
      n_init=5, random_state=0..seeds-1) NMI vs the gold intents (seed 0 and mean +- sd).
      tweet/service: accuracy, macro-F1, argmax agreement with REF.
  isa_eval.py speed NAME=MODEL.onnx ... [--threads 2] [--texts FILE | --n 2048] [--passes 5]
      session.run throughput (sentences/s) over Rust-style batches (sorted by length, 32, padded
      to the batch's longest); models interleaved within each pass, best pass kept. Tokenisation
      and pooling are excluded. Record the load average: the figure is only as quiet as the host.

Data: /work/shared/data/banking77 (CC BY 4.0, read only), /work/shared/data/tweeteval-sentiment.
Needs scikit-learn for `quality`.
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import sys
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import check_isa as ci  # noqa: E402

MODEL_DIR = HERE / "all-MiniLM-L6-v2"
BANKING77 = Path("/work/shared/data/banking77/train.csv")
TWEETEVAL = Path("/work/shared/data/tweeteval-sentiment/tweeteval_sentiment_val_test.csv")
SERVICE = HERE.parent / "fixtures" / "sentiment" / "service_feedback.csv"
LABELS = np.array(["negative", "neutral", "positive"])


def dataset(name: str):
    if name in ("b77", "b77all"):
        rows = list(csv.DictReader(open(BANKING77, newline="", encoding="utf-8")))
        rows = rows[:3000] if name == "b77" else rows
        return [r["text"] for r in rows], [r["category"] for r in rows]
    if name == "tweet":
        rows = list(csv.DictReader(open(TWEETEVAL, newline="", encoding="utf-8")))
        keep = [int(x) for x in (MODEL_DIR / "sentiment_holdout_rows.txt").read_text().split()]
        return [rows[k - 1]["text"].strip() for k in keep], [rows[k - 1]["label_name"] for k in keep]
    if name == "service":
        rows = list(csv.DictReader(open(SERVICE, newline="", encoding="utf-8")))
        return [r["text"] for r in rows], [r["label"] for r in rows]
    sys.exit(f"unknown dataset {name}")


def cmd_embed(a) -> None:
    ci.ensure_cpuid_mask(a.cpuid_mask)
    texts, _ = dataset(a.dataset)
    tok, pad = ci.load_tokenizer(MODEL_DIR / "tokenizer.json", 256)
    sess = ci.make_session(Path(a.model), a.threads)
    v, lg, _, _ = ci.embed(sess, tok, pad, texts, 32)
    np.save(f"{a.out}.vectors.npy", v)
    if lg is not None:
        np.save(f"{a.out}.logits.npy", lg)
    info = ci.isa_info()
    ci.check_mask_took_effect(info)
    print(json.dumps({"out": a.out, "n": len(texts), "u8s8_kernel": info["u8s8_kernel"],
                      "cpuid_mask": os.environ.get("CPUIDMASK") or None}))


def cmd_quality(a) -> None:
    _, gold = dataset(a.dataset)
    out = {}
    if a.dataset.startswith("b77"):
        from sklearn.cluster import KMeans
        from sklearn.metrics import normalized_mutual_info_score as nmi
        ref = np.load(f"{a.ref}.vectors.npy")
        for spec in a.runs:
            name, prefix = spec.split("=", 1)
            v = np.load(f"{prefix}.vectors.npy")
            c2, c = ci.compare_arrays(ref[:2000], v[:2000]), ci.compare_arrays(ref, v)
            s = [float(nmi(gold, KMeans(77, n_init=5, random_state=r).fit(v).labels_)) for r in range(a.seeds)]
            out[name] = {"cos_first2000_mean": c2["mean_cosine"], "cos_first2000_min": c2["min_cosine"],
                         "cos_mean": c["mean_cosine"], "cos_min": c["min_cosine"],
                         "nmi_seed0": s[0], "nmi_mean": float(np.mean(s)), "nmi_sd": float(np.std(s)), "nmi": s}
            print(f"{name:24s} cos(first 2000) mean {c2['mean_cosine']:.6f} min {c2['min_cosine']:.6f} | "
                  f"cos(all {len(v)}) mean {c['mean_cosine']:.6f} min {c['min_cosine']:.6f} | NMI seed0 {s[0]:.4f} "
                  f"mean {np.mean(s):.4f} sd {np.std(s):.4f}", flush=True)
    else:
        from sklearn.metrics import f1_score
        ref = np.load(f"{a.ref}.logits.npy").argmax(1)
        for spec in a.runs:
            name, prefix = spec.split("=", 1)
            lg = np.load(f"{prefix}.logits.npy")
            pred = LABELS[lg.argmax(1)]
            out[name] = {"accuracy": float(np.mean(pred == np.array(gold))),
                         "macro_f1": float(f1_score(gold, pred, average="macro")),
                         "agreement_with_ref": float(np.mean(lg.argmax(1) == ref))}
            print(f"{name:24s} accuracy {out[name]['accuracy'] * 100:.2f} macro-F1 {out[name]['macro_f1'] * 100:.2f} "
                  f"agreement {out[name]['agreement_with_ref'] * 100:.2f}")
    print(json.dumps(out))


def cmd_speed(a) -> None:
    ci.ensure_cpuid_mask(a.cpuid_mask)
    texts = (Path(a.texts).read_text(encoding="utf-8").splitlines() if a.texts else dataset("b77all")[0][:a.n])
    tok, pad = ci.load_tokenizer(MODEL_DIR / "tokenizer.json", 256)
    ids_list = [e.ids for e in tok.encode_batch(texts)]
    lens = [len(x) for x in ids_list]
    feeds = []
    for idx in ci.padded_batches(lens, 32):
        seq = max(lens[i] for i in idx)
        ids = np.full((len(idx), seq), pad, np.int64)
        am = np.zeros_like(ids)
        for b, i in enumerate(idx):
            ids[b, :lens[i]] = ids_list[i]
            am[b, :lens[i]] = 1
        feeds.append({"input_ids": ids, "attention_mask": am, "token_type_ids": np.zeros_like(ids)})
    models = dict(s.split("=", 1) for s in a.models)
    sess = {k: ci.make_session(Path(v), a.threads) for k, v in models.items()}
    outs = {k: [o.name for o in s.get_outputs()] for k, s in sess.items()}
    for k, s in sess.items():
        for f in feeds[:3]:
            s.run(outs[k], f)
    best = dict.fromkeys(sess, 0.0)
    load = os.getloadavg()[0]
    for _ in range(a.passes):
        for k, s in sess.items():
            t0 = time.perf_counter()
            for f in feeds:
                s.run(outs[k], f)
            best[k] = max(best[k], len(texts) / (time.perf_counter() - t0))
    print(json.dumps({"threads": a.threads, "n_texts": len(texts), "texts": a.texts or f"banking77 first {a.n}",
                      "passes": a.passes, "cpuid_mask": os.environ.get("CPUIDMASK") or None,
                      "loadavg_1min_before_after": [round(load, 2), round(os.getloadavg()[0], 2)],
                      "sentences_per_s": {k: round(v, 1) for k, v in best.items()}}))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    e = sub.add_parser("embed")
    e.add_argument("model")
    e.add_argument("dataset", choices=["b77", "b77all", "tweet", "service"])
    e.add_argument("out")
    e.add_argument("--threads", type=int, default=1)
    q = sub.add_parser("quality")
    q.add_argument("dataset", choices=["b77", "b77all", "tweet", "service"])
    q.add_argument("ref")
    q.add_argument("runs", nargs="+")
    q.add_argument("--seeds", type=int, default=5)
    s = sub.add_parser("speed")
    s.add_argument("models", nargs="+")
    s.add_argument("--threads", type=int, default=2)
    s.add_argument("--texts")
    s.add_argument("--n", type=int, default=2048)
    s.add_argument("--passes", type=int, default=5)
    for p in (e, s):
        p.add_argument("--cpuid-mask", choices=["avx2", "avx512-novnni"])
    a = ap.parse_args()
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    {"embed": cmd_embed, "quality": cmd_quality, "speed": cmd_speed}[a.cmd](a)


if __name__ == "__main__":
    main()
