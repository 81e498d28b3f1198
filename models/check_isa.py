#!/usr/bin/env python3
"""Cross-CPU (ISA) reproducibility check for the bundled sentence-embedding models.

Embeds a text file exactly the way Verbatim's Rust embedder does (src/embed/batch.rs,
src/embed/mod.rs, src/embed/onnx.rs) and saves the vectors, so that runs on different CPUs
(or under `qemu-x86_64 -cpu Haswell`) can be compared bit for bit.

  * tokenizer.json with its padding turned off, truncation at --max-tokens (256) tokens,
    special tokens added; pad id = the file's padding id, else [PAD], else <pad>, else 0;
  * texts sorted by (token count, input position), cut into batches of --batch-size (32),
    each padded to its own longest member (at least 1 position);
  * ONNX Runtime CPU session, graph optimisation ORT_ENABLE_LAYOUT (what the Rust side's
    `GraphOptimizationLevel::Level3` maps to), --threads intra-op threads (default 1),
    1 inter-op thread; token_type_ids all zeros when the graph takes them;
  * mean of last_hidden_state over the attention mask, then L2 normalisation, computed in
    float32 with the same operation order as the Rust code (token by token accumulation,
    sequential sum of squares), so the pooling itself is ISA independent and bit-identical
    to the Rust side given the same model output.

Run:
  check_isa.py run MODEL.onnx TEXTS.txt OUT_PREFIX [--threads 1] [--batch-size 32]
                   [--max-tokens 256] [--tokenizer tokenizer.json] [--cpuid-mask avx2|avx512-novnni]
      writes OUT_PREFIX.vectors.npy (n x dim float32, input order),
             OUT_PREFIX.logits.npy  (n x 3, only when the graph has `sentiment_logits`),
             OUT_PREFIX.json        (ISA probe, settings, sha256 of every raw batch output)
  check_isa.py compare A_PREFIX B_PREFIX      # max |diff|, rows not bit-identical, min cosine
  check_isa.py probe [--cpuid-mask ...]       # which int8 GEMM path ONNX Runtime takes here

Other CPUs: run the same command under `qemu-x86_64 -cpu Haswell` (AVX2; qemu 7.2's TCG has
no AVX-512, so `-cpu Cascadelake-Server` also ends up AVX2-only), on another machine, or
natively with --cpuid-mask, which hides AVX-512 (`avx2`) or only VNNI (`avx512-novnni`) from
CPUID so ONNX Runtime picks those kernels on this CPU (see ensure_cpuid_mask below).

The `probe` (also recorded by `run`) reads the CPU features numpy sees through CPUID (under
qemu these are the *emulated* CPUID bits; /proc/cpuinfo is not emulated) and runs a one-node
MatMulInteger(uint8 x int8) whose exact result needs no saturation but whose byte-pair sums
overflow int16: ONNX Runtime's AVX2 / AVX-512BW (non-VNNI) kernels use vpmaddubsw, which
saturates those pairs, while the VNNI / AMX kernels (and U8U8 kernels) return the exact sum.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import sys
from pathlib import Path

import numpy as np


# --------------------------------------------------------------------------- ISA probe
def cpu_features() -> dict:
    try:
        from numpy._core._multiarray_umath import __cpu_features__ as f
    except ImportError:  # numpy < 2
        from numpy.core._multiarray_umath import __cpu_features__ as f
    keys = ["AVX", "FMA3", "AVX2", "AVX512F", "AVX512BW", "AVX512VNNI", "AVX512_SKX", "AVX512_CLX",
            "AVX512_ICL", "AVX512_SPR"]
    return {k: bool(f.get(k, False)) for k in keys if k in f}


def qgemm_probe() -> dict:
    """Runs MatMulInteger on inputs whose u8*s8 byte pairs overflow int16 (255*127*2 > 32767)."""
    import onnx
    import onnxruntime as ort
    from onnx import TensorProto, helper, numpy_helper

    m, k, n = 4, 64, 16
    a = np.full((m, k), 255, dtype=np.uint8)
    b = np.full((k, n), 127, dtype=np.int8)
    b[:, 1::2] = -128  # also the negative extreme
    exact = a.astype(np.int64) @ b.astype(np.int64)
    graph = helper.make_graph(
        [helper.make_node("MatMulInteger", ["A", "B"], ["Y"])], "probe",
        [helper.make_tensor_value_info("A", TensorProto.UINT8, [m, k])],
        [helper.make_tensor_value_info("Y", TensorProto.INT32, [m, n])],
        initializer=[numpy_helper.from_array(b, "B")])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 8
    so = ort.SessionOptions()
    so.intra_op_num_threads = 1
    so.log_severity_level = 3
    sess = ort.InferenceSession(model.SerializeToString(), so, providers=["CPUExecutionProvider"])
    got = sess.run(None, {"A": a})[0].astype(np.int64)
    ok = bool(np.array_equal(got, exact))
    return {"u8s8_exact": ok,
            "u8s8_kernel": "exact (VNNI/AMX-class kernel, no int16 saturation)" if ok
            else "saturating vpmaddubsw (AVX2 or AVX-512BW without VNNI)",
            "probe_value": int(got[0, 0]), "exact_value": int(exact[0, 0])}


def isa_info() -> dict:
    import onnxruntime as ort
    return {"machine": platform.machine(), "python": platform.python_version(),
            "onnxruntime": ort.__version__, "numpy": np.__version__,
            "numpy_cpuid_features": cpu_features(), **qgemm_probe()}



# --------------------------------------------------------------------------- CPUID masking
# Linux "CPUID faulting" (arch_prctl(ARCH_SET_CPUID, 0); CPU flag `cpuid_fault`, present on
# recent Intel/AMD hosts and KVM guests) makes every CPUID instruction trap. This LD_PRELOAD
# shim answers those traps with the real CPUID minus the masked feature bits, so ONNX Runtime
# (MLAS) and numpy pick their AVX2 or AVX-512-without-VNNI code paths on a bigger CPU, natively
# (fast, no emulator). Checked against qemu-x86_64 -cpu Haswell: bit-identical outputs.
SHIM_C = r"""
// LD_PRELOAD shim: hides CPU features from CPUID using Linux CPUID faulting
// (arch_prctl(ARCH_SET_CPUID, 0)); every CPUID executed after load traps (SIGSEGV),
// is executed for real with faulting briefly off, and returns with bits masked.
// CPUIDMASK=avx2   -> hide AVX-512*, AVX-VNNI, AMX (Haswell-like AVX2+FMA)
// CPUIDMASK=avx512-novnni -> hide only VNNI (AVX512_VNNI, AVX-VNNI) and AMX (Skylake-SP-like)
#define _GNU_SOURCE
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <ucontext.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <asm/prctl.h>

static int mode; // 1 = avx512, 2 = vnni
static volatile long hits;

static void raw_cpuid(uint32_t leaf, uint32_t sub, uint32_t r[4]) {
  __asm__ volatile("cpuid" : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3]) : "a"(leaf), "c"(sub));
}

static void handler(int sig, siginfo_t *si, void *ctx) {
  ucontext_t *uc = (ucontext_t *)ctx;
  greg_t *g = uc->uc_mcontext.gregs;
  unsigned char *ip = (unsigned char *)g[REG_RIP];
  if (ip[0] != 0x0f || ip[1] != 0xa2) {
    signal(SIGSEGV, SIG_DFL);  // a real crash: let it happen
    return;
  }
  uint32_t leaf = (uint32_t)g[REG_RAX], sub = (uint32_t)g[REG_RCX], r[4];
  syscall(SYS_arch_prctl, ARCH_SET_CPUID, 1);
  raw_cpuid(leaf, sub, r);
  syscall(SYS_arch_prctl, ARCH_SET_CPUID, 0);
  if (leaf == 7 && sub == 0) {
    if (mode == 1) {
      r[1] &= ~((1u<<16)|(1u<<17)|(1u<<21)|(1u<<26)|(1u<<27)|(1u<<28)|(1u<<30)|(1u<<31));
      r[2] &= ~((1u<<1)|(1u<<6)|(1u<<11)|(1u<<12)|(1u<<14));
      r[3] &= ~((1u<<2)|(1u<<3)|(1u<<8)|(1u<<22)|(1u<<23)|(1u<<24)|(1u<<25));
    } else if (mode == 2) {
      r[2] &= ~(1u<<11);                                   // AVX512_VNNI
      r[3] &= ~((1u<<2)|(1u<<22)|(1u<<24)|(1u<<25));       // 4VNNIW, AMX
    }
  } else if (leaf == 7 && sub == 1) {
    if (mode == 1) r[0] &= ~((1u<<4)|(1u<<5)|(1u<<23));    // AVX-VNNI, AVX512_BF16, AVX-IFMA
    else if (mode == 2) r[0] &= ~((1u<<4)|(1u<<23));       // AVX-VNNI
    if (mode) r[3] &= ~((1u<<4)|(1u<<5)|(1u<<10));         // AVX-VNNI-INT8 etc.
  }
  g[REG_RAX] = r[0]; g[REG_RBX] = r[1]; g[REG_RCX] = r[2]; g[REG_RDX] = r[3];
  g[REG_RIP] += 2;
  hits++;
}

__attribute__((constructor)) static void init(void) {
  const char *m = getenv("CPUIDMASK");
  if (!m || !*m) return;
  mode = !strcmp(m, "avx2") ? 1 : !strcmp(m, "avx512-novnni") ? 2 : 0;
  if (!mode) return;
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = handler;
  sa.sa_flags = SA_SIGINFO | SA_NODEFER;
  sigaction(SIGSEGV, &sa, NULL);
  if (syscall(SYS_arch_prctl, ARCH_SET_CPUID, 0) != 0) {
    static const char msg[] = "cpuidmask: ARCH_SET_CPUID failed (no CPUID faulting)\n";
    write(2, msg, sizeof msg - 1);
    _exit(97);
  }
}
"""


def ensure_cpuid_mask(mask: str | None) -> None:
    """Re-executes this script under the CPUID-masking shim unless already running under it."""
    if not mask:
        return
    if os.environ.get("CPUIDMASK") == mask and "cpuidmask" in os.environ.get("LD_PRELOAD", ""):
        return
    import subprocess
    import tempfile
    tag = hashlib.sha256(SHIM_C.encode()).hexdigest()[:12]
    so = Path(tempfile.gettempdir()) / f"verbatim-cpuidmask-{tag}.so"
    if not so.exists():
        src = so.with_suffix(".c")
        src.write_text(SHIM_C)
        subprocess.run(["cc", "-O2", "-shared", "-fPIC", "-o", str(so), str(src)], check=True)
    env = dict(os.environ, CPUIDMASK=mask,
               LD_PRELOAD=(str(so) + " " + os.environ.get("LD_PRELOAD", "")).strip())
    os.execve(sys.executable, [sys.executable, *sys.argv], env)


def check_mask_took_effect(info: dict) -> None:
    mask = os.environ.get("CPUIDMASK")
    f = info["numpy_cpuid_features"]
    if mask == "avx2" and (f.get("AVX512F") or not f.get("AVX2")):
        sys.exit(f"CPUID mask avx2 did not take effect: {f}")
    if mask == "avx512-novnni" and (f.get("AVX512VNNI") or not f.get("AVX512F")):
        sys.exit(f"CPUID mask avx512-novnni did not take effect (or no AVX-512 here): {f}")


# --------------------------------------------------------------------------- Rust-equivalent embedder
def load_tokenizer(path: Path, max_tokens: int):
    from tokenizers import Tokenizer
    tok = Tokenizer.from_file(str(path))
    pad = tok.padding
    if pad is not None:
        pad_id = int(pad["pad_id"])
    elif tok.token_to_id("[PAD]") is not None:
        pad_id = tok.token_to_id("[PAD]")
    elif tok.token_to_id("<pad>") is not None:
        pad_id = tok.token_to_id("<pad>")
    else:
        pad_id = 0
    tok.no_padding()
    # Rust: TruncationParams { max_length, ..Default } = LongestFirst, stride 0, Right.
    tok.enable_truncation(max_length=max_tokens, stride=0, strategy="longest_first", direction="right")
    return tok, pad_id


def padded_batches(lengths: list[int], batch_size: int):
    order = sorted(range(len(lengths)), key=lambda i: (lengths[i], i))
    bs = max(batch_size, 1)
    for s in range(0, len(order), bs):
        yield order[s:s + bs]


def mean_pool_rust(states: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """src/embed/mod.rs mean_pool + normalise, same float32 operation order."""
    batch, seq, dim = states.shape
    out = np.zeros((batch, dim), dtype=np.float32)
    for b in range(batch):
        acc = np.zeros(dim, dtype=np.float32)
        count = np.float32(0.0)
        for t in range(seq):
            if mask[b, t] == 0:
                continue
            count = np.float32(count + np.float32(1.0))
            acc = acc + states[b, t]  # element-wise float32 adds, in token order
        count = max(count, np.float32(1e-9))
        acc = acc / count
        sq = np.cumsum(acc * acc, dtype=np.float32)[-1]  # sequential sum, like Rust's iter().sum()
        norm = np.sqrt(np.float32(sq))
        if norm > np.float32(1e-12):
            acc = acc / norm
        out[b] = acc
    return out


def make_session(model: Path, threads: int = 1, opt_level: str = "ORT_ENABLE_LAYOUT"):
    import onnxruntime as ort
    so = ort.SessionOptions()
    so.intra_op_num_threads = threads
    so.inter_op_num_threads = 1
    so.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    so.graph_optimization_level = getattr(ort.GraphOptimizationLevel, opt_level)
    so.log_severity_level = 3
    return ort.InferenceSession(str(model), so, providers=["CPUExecutionProvider"])


def embed(sess, tok, pad_id: int, texts: list[str], batch_size: int = 32):
    """Rust-equivalent embedding of `texts` -> (vectors, logits or None, per-batch info, encodings)."""
    encs = tok.encode_batch(texts, add_special_tokens=True)
    ids_list = [e.ids for e in encs]
    lengths = [len(x) for x in ids_list]
    in_names = [i.name for i in sess.get_inputs()]
    out_names = [o.name for o in sess.get_outputs()]
    hidden = "last_hidden_state" if "last_hidden_state" in out_names else out_names[0]
    want = [hidden] + (["sentiment_logits"] if "sentiment_logits" in out_names else [])
    vectors = logits = None
    batch_info = []
    for idx in padded_batches(lengths, batch_size):
        seq = max(1, max(lengths[i] for i in idx))
        ids = np.full((len(idx), seq), pad_id, dtype=np.int64)
        mask = np.zeros((len(idx), seq), dtype=np.int64)
        for b, i in enumerate(idx):
            ids[b, :lengths[i]] = ids_list[i]
            mask[b, :lengths[i]] = 1
        feed = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in in_names:
            feed["token_type_ids"] = np.zeros_like(ids)
        outs = sess.run(want, feed)
        states = np.ascontiguousarray(outs[0], dtype=np.float32)
        h = hashlib.sha256(states.tobytes())
        pooled = mean_pool_rust(states, mask)
        if vectors is None:
            vectors = np.zeros((len(texts), pooled.shape[1]), dtype=np.float32)
        vectors[idx] = pooled
        if len(outs) > 1:
            lg = np.ascontiguousarray(outs[1], dtype=np.float32)
            h.update(lg.tobytes())
            if logits is None:
                logits = np.zeros((len(texts), lg.shape[1]), dtype=np.float32)
            logits[idx] = lg
        batch_info.append({"rows": len(idx), "seq": seq, "sha256": h.hexdigest()})
    return vectors, logits, batch_info, encs


def run(args) -> None:
    model = Path(args.model).resolve()
    tok_path = Path(args.tokenizer) if args.tokenizer else model.parent / "tokenizer.json"
    texts = Path(args.texts).read_text(encoding="utf-8").splitlines()
    tok, pad_id = load_tokenizer(tok_path, args.max_tokens)
    sess = make_session(model, args.threads, args.opt_level)
    vectors, logits, batch_hashes, encs = embed(sess, tok, pad_id, texts, args.batch_size)

    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    np.save(f"{out}.vectors.npy", vectors)
    if logits is not None:
        np.save(f"{out}.logits.npy", logits)
    meta = {"model": str(model), "model_sha256": sha256_file(model), "texts": str(args.texts),
            "n_texts": len(texts), "max_tokens": args.max_tokens, "batch_size": args.batch_size,
            "threads": args.threads, "opt_level": args.opt_level, "pad_id": pad_id,
            "cpuid_mask": os.environ.get("CPUIDMASK") or None,
            "truncated": int(sum(1 for e in encs if e.overflowing)),
            "vectors_sha256": hashlib.sha256(vectors.tobytes()).hexdigest(),
            "logits_sha256": hashlib.sha256(logits.tobytes()).hexdigest() if logits is not None else None,
            "batches": batch_hashes, "isa": isa_info()}
    check_mask_took_effect(meta["isa"])
    Path(f"{out}.json").write_text(json.dumps(meta, indent=1) + "\n")
    print(json.dumps({"out": str(out), "vectors_sha256": meta["vectors_sha256"],
                      "logits_sha256": meta["logits_sha256"], "u8s8_kernel": meta["isa"]["u8s8_kernel"],
                      "cpuid_mask": meta["cpuid_mask"]}))


def sha256_file(p: Path) -> str:
    h = hashlib.sha256()
    with open(p, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


# --------------------------------------------------------------------------- comparison
def compare_arrays(a: np.ndarray, b: np.ndarray) -> dict:
    a64, b64 = a.astype(np.float64), b.astype(np.float64)
    cos = (a64 * b64).sum(1) / (np.linalg.norm(a64, axis=1) * np.linalg.norm(b64, axis=1))
    same_rows = np.all(a.view(np.uint32) == b.view(np.uint32), axis=1)
    return {"n": int(a.shape[0]), "rows_not_bit_identical": int((~same_rows).sum()),
            "max_abs_diff": float(np.abs(a64 - b64).max()), "min_cosine": float(cos.min()),
            "mean_cosine": float(cos.mean())}


def compare(a_prefix: str, b_prefix: str) -> dict:
    res = {"a": a_prefix, "b": b_prefix,
           "vectors": compare_arrays(np.load(f"{a_prefix}.vectors.npy"), np.load(f"{b_prefix}.vectors.npy"))}
    la, lb = Path(f"{a_prefix}.logits.npy"), Path(f"{b_prefix}.logits.npy")
    if la.exists() and lb.exists():
        x, y = np.load(la), np.load(lb)
        res["logits"] = {"rows_not_bit_identical": int((~np.all(x.view(np.uint32) == y.view(np.uint32), 1)).sum()),
                         "max_abs_diff": float(np.abs(x.astype(np.float64) - y).max()),
                         "argmax_disagreements": int((x.argmax(1) != y.argmax(1)).sum())}
    ma = json.loads(Path(f"{a_prefix}.json").read_text())
    mb = json.loads(Path(f"{b_prefix}.json").read_text())
    res["raw_batches_differing"] = sum(x["sha256"] != y["sha256"] for x, y in zip(ma["batches"], mb["batches"]))
    res["raw_batches"] = len(ma["batches"])
    res["isa_a"] = ma["isa"]["u8s8_kernel"]
    res["isa_b"] = mb["isa"]["u8s8_kernel"]
    return res


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("run")
    r.add_argument("model")
    r.add_argument("texts")
    r.add_argument("out")
    r.add_argument("--tokenizer")
    r.add_argument("--threads", type=int, default=1)
    r.add_argument("--batch-size", type=int, default=32)
    r.add_argument("--max-tokens", type=int, default=256)
    r.add_argument("--opt-level", default="ORT_ENABLE_LAYOUT",
                   choices=["ORT_DISABLE_ALL", "ORT_ENABLE_BASIC", "ORT_ENABLE_EXTENDED",
                            "ORT_ENABLE_LAYOUT", "ORT_ENABLE_ALL"])
    c = sub.add_parser("compare")
    c.add_argument("a")
    c.add_argument("b")
    pr = sub.add_parser("probe")
    for p in (r, pr):
        p.add_argument("--cpuid-mask", choices=["avx2", "avx512-novnni"],
                       help="hide CPU features from CPUID (needs Linux CPUID faulting and a C compiler)")
    args = ap.parse_args()
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    ensure_cpuid_mask(getattr(args, "cpuid_mask", None))
    if args.cmd == "run":
        run(args)
    elif args.cmd == "compare":
        print(json.dumps(compare(args.a, args.b), indent=1))
    else:
        info = isa_info()
        info["cpuid_mask"] = os.environ.get("CPUIDMASK") or None
        print(json.dumps(info, indent=1))
        check_mask_took_effect(info)


if __name__ == "__main__":
    sys.exit(main())
