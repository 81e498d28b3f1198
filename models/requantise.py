#!/usr/bin/env python3
"""Re-quantise the bundled all-MiniLM-L6-v2 models so that ONNX Runtime gives bit-identical
outputs on AVX2, AVX-512 and AVX-512 VNNI CPUs (see models/ISA.md for the measurements).

Two changes against the shipped model_int8.onnx / model_sentiment_int8.onnx:

 1. Every Softmax (attention) is rewritten as ReduceMax -> Sub -> Exp -> MatMul(., ones[S,1])
    -> Div. ONNX Runtime's Softmax kernel (MLAS) sums with ISA-dependent vector widths, so
    its float results differ in the last bits between AVX2 and AVX-512; the int8 graph then
    amplifies such 1-ulp differences into different activation quanta. The rewritten form uses
    kernels whose per-element operation order does not depend on the ISA, and the sum is a
    MatMul, whose accumulation runs in sequence order, so padding (exact zeros at the end)
    does not change it either. Mathematically the same function (fp32 vectors change by
    <= 2e-7).
 2. quantize_dynamic(weight_type=QInt8, per_channel=True, reduce_range=True): 7-bit weights, so
    the u8 x s8 byte-pair sums (vpmaddubsw) of the AVX2 / AVX-512BW kernels can no longer
    saturate int16; with 8-bit weights those kernels saturate while the VNNI kernels do not,
    which is the main cross-CPU difference of the shipped model. (--weights quint8 gives the
    alternative QUInt8 per-channel weights: also exact everywhere, closer to fp32, but 30 %
    slower on VNNI CPUs.)

Inputs: the fp32 graphs that models/prepare_minilm.sh (export_minilm.py) and the sentiment
training write, checked against the sha256 pinned below; the shipped folder holds this script's
outputs in their place, so to re-run it, regenerate those first (or take them from git history).

Outputs (in --out, default /tmp/requantised; nothing in the repository is written):
  model_int8.onnx, model_sentiment_int8.onnx   the re-quantised single-file models
  model.onnx, model_sentiment.onnx             the softmax-rewritten fp32 graphs; they keep
                                               pointing at the shipped external-data files
                                               (model.onnx.data, model.onnx.embeddings.data,
                                               model_sentiment.onnx.data), so they only work
                                               next to those files
  requantise_manifest.json                     settings, tool versions, sha256 of inputs and
                                               outputs, op counts, cross-ISA verification
  sentiment_reference.json                     the shipped reference cases with probabilities
                                               recomputed by the new model_sentiment_int8.onnx
                                               (each text alone, as the note in it says)

Verification (unless --no-verify): every output is run with models/check_isa.py natively and
with the CPUID mask `avx2` (and `avx512-novnni` where the host has AVX-512) on a text set
(default: the comments of fixtures/survey_comments.csv); the script exits non-zero if any
output is not bit-identical across them. The mask needs Linux CPUID faulting and a C compiler;
without them the check is skipped and recorded as such.

Needs: onnxruntime==1.32.0 (what the shipped models were made with), onnx, numpy, tokenizers.
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
import tempfile
from collections import Counter
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
SRC = HERE / "all-MiniLM-L6-v2"
PINNED_ORT = "1.32.0"
MODELS = [  # (fp32 source graph, int8 output)
    ("model.onnx", "model_int8.onnx"),
    ("model_sentiment.onnx", "model_sentiment_int8.onnx"),
]
# sha256 of the inputs as shipped (manifest.json / sentiment_manifest.json)
INPUT_SHA256 = {
    "model.onnx": "988da9014a6952615183581c4737e1f9df9f56c845fee0e4bc6a32f85a6b19bc",
    "model.onnx.data": "e4f69da389e0d7a77b91fda38bacb77c329aef7e420ee818f0506c9d070ee69a",
    "model.onnx.embeddings.data": "352d34a4ad725bb742f36fc3f2a2dcfa7f07317926128d47c362198125003892",
    "model_sentiment.onnx": "7f3c02c116eadf2f00df09ffee14dbe64174de6d77e1af837db9ccc021744374",
    "model_sentiment.onnx.data": "34ee05b2c2e9e429710041dc1e0ce1a42fb55fcd7b120d5a1c7a2c68360dcffb",
    "tokenizer.json": "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037",
}
DATA_FILES = ["model.onnx.data", "model.onnx.embeddings.data", "model_sentiment.onnx.data"]
WEIGHTS = {
    "qint8": {"weight_type": "QInt8", "per_channel": True, "reduce_range": True},
    "quint8": {"weight_type": "QUInt8", "per_channel": True, "reduce_range": False},
}


def log(msg: str) -> None:
    print(f"[requantise] {msg}", flush=True)


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


# --------------------------------------------------------------------------- graph rewrite
def decompose_softmax(model) -> int:
    """Rewrites every Softmax over the last axis in place; returns how many were rewritten."""
    from onnx import TensorProto, helper, numpy_helper

    g = model.graph
    opset = next(o.version for o in model.opset_import if o.domain in ("", "ai.onnx"))
    if not 13 <= opset < 18:  # ReduceMax takes `axes` as an attribute before opset 18
        sys.exit(f"opset {opset} not handled")
    g.initializer.extend([numpy_helper.from_array(np.array([-1], dtype=np.int64), "softmax_rewrite_last"),
                          numpy_helper.from_array(np.array([1], dtype=np.int64), "softmax_rewrite_one")])
    new, k = [], 0
    for n in g.node:
        if n.op_type != "Softmax":
            new.append(n)
            continue
        axis = next((a.i for a in n.attribute if a.name == "axis"), -1)
        if axis not in (-1, 3):  # the attention softmax: [batch, heads, seq, seq], last axis
            sys.exit(f"{n.name}: Softmax over axis {axis} not handled")
        x, y = n.input[0], n.output[0]
        p = f"{n.name or 'Softmax'}_rewrite{k}"
        k += 1
        new += [
            helper.make_node("ReduceMax", [x], [p + "_max"], name=p + "_ReduceMax", axes=[-1], keepdims=1),
            helper.make_node("Sub", [x, p + "_max"], [p + "_shifted"], name=p + "_Sub"),
            helper.make_node("Exp", [p + "_shifted"], [p + "_exp"], name=p + "_Exp"),
            helper.make_node("Shape", [x], [p + "_shape"], name=p + "_Shape"),
            helper.make_node("Gather", [p + "_shape", "softmax_rewrite_last"], [p + "_len"], name=p + "_Gather", axis=0),
            helper.make_node("Concat", [p + "_len", "softmax_rewrite_one"], [p + "_ones_shape"], name=p + "_Concat", axis=0),
            helper.make_node("ConstantOfShape", [p + "_ones_shape"], [p + "_ones"], name=p + "_Ones",
                             value=helper.make_tensor("one", TensorProto.FLOAT, [1], [1.0])),
            helper.make_node("MatMul", [p + "_exp", p + "_ones"], [p + "_sum"], name=p + "_SumMatMul"),
            helper.make_node("Div", [p + "_exp", p + "_sum"], [y], name=p + "_Div"),
        ]
    del g.node[:]
    g.node.extend(new)
    return k


def op_counts(path: Path) -> dict:
    import onnx
    c = Counter(n.op_type for n in onnx.load(str(path), load_external_data=False).graph.node)
    return {k: c[k] for k in sorted(c) if k in ("Softmax", "MatMul", "MatMulInteger", "DynamicQuantizeLinear",
                                                 "DequantizeLinear", "Exp", "ReduceMax", "ConstantOfShape")}


# --------------------------------------------------------------------------- build
def build(src: Path, out: Path, weights: str, work: Path) -> dict:
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    settings = WEIGHTS[weights]
    results = {}
    for fp32_name, int8_name in MODELS:
        # fp32 graph only: external-data references are kept as they are (same weights files).
        g = onnx.load(str(src / fp32_name), load_external_data=False)
        n = decompose_softmax(g)
        onnx.save(g, str(out / fp32_name))
        log(f"{fp32_name}: rewrote {n} Softmax nodes -> {out / fp32_name} (graph only, shipped external data)")

        # full model (weights loaded) -> single file -> quantize_dynamic
        full = onnx.load(str(src / fp32_name))
        decompose_softmax(full)
        onnx.checker.check_model(full)
        single = work / f"{Path(fp32_name).stem}_rewritten_single.onnx"
        onnx.save(full, str(single))
        dst = out / int8_name
        dst.unlink(missing_ok=True)
        quantize_dynamic(str(single), str(dst), weight_type=getattr(QuantType, settings["weight_type"]),
                         per_channel=settings["per_channel"], reduce_range=settings["reduce_range"],
                         use_external_data_format=False)
        size = dst.stat().st_size
        if size >= 50_000_000:
            sys.exit(f"{dst} is {size} bytes (>= 50 MB)")
        log(f"{int8_name}: quantize_dynamic({settings}) -> {dst} ({size} B)")
        results[fp32_name] = {"softmax_rewritten": n, "op_counts": op_counts(out / fp32_name)}
        results[int8_name] = {"source": f"{fp32_name} with Softmax rewritten", "op_counts": op_counts(dst)}
    return results


# --------------------------------------------------------------------------- verification
def default_texts(work: Path) -> Path:
    rows = list(csv.DictReader(open(HERE.parent / "fixtures" / "survey_comments.csv", newline="", encoding="utf-8")))
    path = work / "survey_comments.txt"
    path.write_text("\n".join(r["comment"].replace("\n", " ") for r in rows if r["comment"].strip()) + "\n",
                    encoding="utf-8")
    return path


def verify(src: Path, out: Path, texts: Path, work: Path) -> dict:
    check = HERE / "check_isa.py"
    # fp32 graphs need the shipped external-data files beside them (copies: ONNX Runtime
    # refuses external data reached through a symlink out of the model's folder)
    fp32_dir = work / "fp32"
    fp32_dir.mkdir(exist_ok=True)
    for name in DATA_FILES:
        shutil.copy2(src / name, fp32_dir / name)
    models = {}
    for fp32_name, int8_name in MODELS:
        shutil.copy2(out / fp32_name, fp32_dir / fp32_name)
        models[fp32_name] = fp32_dir / fp32_name
        models[int8_name] = out / int8_name

    probe = subprocess.run([sys.executable, str(check), "probe"], capture_output=True, text=True, check=True)
    native = json.loads(probe.stdout)
    masks = ["avx2"] + (["avx512-novnni"] if native["numpy_cpuid_features"].get("AVX512F") else [])
    usable = []
    for m in masks:
        r = subprocess.run([sys.executable, str(check), "probe", "--cpuid-mask", m], capture_output=True, text=True)
        if r.returncode == 0:
            usable.append(m)
        else:
            log(f"CPUID mask {m} unavailable here ({(r.stderr or r.stdout).strip().splitlines()[-1:]}); skipped")
    report = {"texts": str(texts), "n_texts": sum(1 for _ in open(texts, encoding="utf-8")),
              "native_u8s8_kernel": native["u8s8_kernel"],
              "native_cpuid_features": {k: v for k, v in native["numpy_cpuid_features"].items() if v},
              "masks": usable, "models": {}}
    ok = True
    for name, path in models.items():
        runs = {}
        for m in [None, *usable]:
            tag = m or "native"
            prefix = work / "verify" / f"{Path(name).stem}_{tag}"
            cmd = [sys.executable, str(check), "run", str(path), str(texts), str(prefix),
                   "--tokenizer", str(src / "tokenizer.json"), "--threads", "1"]
            if m:
                cmd += ["--cpuid-mask", m]
            subprocess.run(cmd, check=True, capture_output=True, text=True)
            meta = json.loads(Path(f"{prefix}.json").read_text())
            runs[tag] = {"vectors_sha256": meta["vectors_sha256"], "logits_sha256": meta["logits_sha256"],
                         "u8s8_kernel": meta["isa"]["u8s8_kernel"]}
        same = len({(r["vectors_sha256"], r["logits_sha256"]) for r in runs.values()}) == 1
        ok &= same
        report["models"][name] = {"identical_across_isas": same, "runs": runs}
        log(f"verify {name}: {'bit-identical' if same else 'DIFFERENT'} across {', '.join(runs)}")
    report["all_identical"] = ok
    return report


# --------------------------------------------------------------------------- main
def write_reference(src: Path, out: Path) -> None:
    """Recomputes the sentiment reference cases' probabilities with the new int8 head."""
    import onnxruntime as ort

    ref = json.loads((src / "sentiment_reference.json").read_text(encoding="utf-8"))
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = 1
    session = ort.InferenceSession(str(out / "model_sentiment_int8.onnx"), opts,
                                   providers=["CPUExecutionProvider"])
    names = [i.name for i in session.get_inputs()]
    outputs = [o.name for o in session.get_outputs()]
    for case in ref["cases"]:
        ids = np.array([case["input_ids"]], dtype=np.int64)
        feed = {"input_ids": ids, "attention_mask": np.ones_like(ids)}
        if "token_type_ids" in names:
            feed["token_type_ids"] = np.zeros_like(ids)
        logits = session.run(None, feed)[outputs.index("sentiment_logits")][0].astype(np.float64)
        p = np.exp(logits - logits.max())
        p /= p.sum()
        case["probabilities"] = [round(float(x), 5) for x in p]
        case["label"] = ref["labels"][int(p.argmax())]
    ref["produced_by"] = "models/requantise.py (re-quantised model_sentiment_int8.onnx)"
    (out / "sentiment_reference.json").write_text(json.dumps(ref, indent=2) + "\n", encoding="utf-8")
    log(f"wrote {out / 'sentiment_reference.json'}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--src", type=Path, default=SRC, help="folder with the shipped fp32 models (default: %(default)s)")
    ap.add_argument("--out", type=Path, default=Path("/tmp/requantised"))
    ap.add_argument("--weights", choices=sorted(WEIGHTS), default="qint8",
                    help="qint8: QInt8 per-channel reduce_range (default); quint8: QUInt8 per-channel")
    ap.add_argument("--texts", type=Path, help="verification texts, one per line (default: survey_comments.csv comments)")
    ap.add_argument("--no-verify", action="store_true")
    args = ap.parse_args()
    src, out = args.src.resolve(), args.out.resolve()
    if out == src:
        sys.exit("--out must not be the shipped model folder")

    versions = {"python": platform.python_version(),
                **{d: md.version(d) for d in ("onnxruntime", "onnx", "numpy", "tokenizers", "protobuf")}}
    if versions["onnxruntime"] != PINNED_ORT:
        log(f"WARNING: onnxruntime {versions['onnxruntime']} (the shipped models used {PINNED_ORT}); "
            "the output bytes may differ from the recorded sha256")
    inputs = {}
    for name, want in INPUT_SHA256.items():
        got = sha256_file(src / name)
        inputs[name] = got
        if got != want:
            sys.exit(f"{src / name}: sha256 {got} != shipped {want}")
    log(f"inputs in {src} match the shipped sha256")

    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="requantise-") as tmp:
        work = Path(tmp)
        built = build(src, out, args.weights, work)
        files = {p.name: {"bytes": p.stat().st_size, "sha256": sha256_file(p)}
                 for p in sorted(out.iterdir()) if p.suffix == ".onnx"}
        for name, f in files.items():
            log(f"  {f['sha256']}  {f['bytes']:>10}  {name}")
        report = None
        if not args.no_verify:
            texts = args.texts.resolve() if args.texts else default_texts(work)
            report = verify(src, out, texts, work)

    manifest = {
        "what": "all-MiniLM-L6-v2 int8 models re-quantised for bit-identical output across x86 ISAs "
                "(AVX2 / AVX-512 / AVX-512 VNNI); see models/ISA.md",
        "made_by": "models/requantise.py",
        "command": " ".join([Path(sys.argv[0]).name, *sys.argv[1:]]),
        "tool_versions": versions,
        "inputs_sha256": inputs,
        "graph_rewrite": "Softmax(axis=-1) -> ReduceMax, Sub, Exp, MatMul(exp, ones[S,1]), Div",
        "quantisation": {"function": "onnxruntime.quantization.quantize_dynamic", **WEIGHTS[args.weights],
                         "op_types_to_quantize": "default (all supported)",
                         "activations": "uint8, dynamic per-tensor (quantize_dynamic default)",
                         "use_external_data_format": False},
        "fp32_graphs_need": DATA_FILES,
        "models": built,
        "files": files,
        "verification": report if report is not None else "skipped (--no-verify)",
    }
    (out / "requantise_manifest.json").write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    write_reference(src, out)
    log(f"wrote {out / 'requantise_manifest.json'}")
    if report is not None and not report["all_identical"]:
        sys.exit("some outputs differ across ISAs")


if __name__ == "__main__":
    main()
