#!/usr/bin/env python3
"""Writes tiny, RANDOMLY INITIALISED sequence-classification models for Verbatim's tests.

    /tmp/verbatim-minilm-venv/bin/python models/sentiment/make_tiny_classifier.py

Outputs (a few hundred KB in all), relative to the repository root:

- fixtures/tiny-classifier/: BertForSequenceClassification, 3 labels (negative, neutral,
  positive), inputs input_ids / attention_mask / token_type_ids, output logits. Its
  tokenizer.json keeps a fixed-length padding setting, as many shipped files do, so the Rust
  loader's "pad each batch to its own longest" is exercised. expected.json holds the class
  probabilities onnxruntime (Python) gives for four sentences, each run on its own.
- fixtures/tiny-classifier-2label/: DistilBertForSequenceClassification, 2 labels
  (NEGATIVE, POSITIVE, as SST-2 exports name them), no token_type_ids input; expected.json
  likewise.

The weights are random (seeded): the models only test loading, tokenisation, batching and the
forward path. Their predictions mean nothing. The WordPiece vocabulary comes from the few
sentences in CORPUS below. Needs torch, transformers, onnx, onnxruntime and tokenizers (the
venv of models/prepare_minilm.sh has them).
"""

import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

import numpy as np
import onnx
import onnxruntime as ort
import torch
from tokenizers import Tokenizer, decoders, models, normalizers, pre_tokenizers, processors
from transformers import BertConfig, BertForSequenceClassification, DistilBertConfig, DistilBertForSequenceClassification

SEED = 20260701
OPSET = 17
MAX_POSITIONS = 128
ROOT = Path(__file__).resolve().parents[2]
SPECIALS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]

CORPUS = [
    "The delivery arrived late and the driver was rude.",
    "Great service, the driver was friendly and on time.",
    "My order was missing two items and the refund took weeks.",
    "The app is fine but checkout keeps crashing on my phone.",
    "Fresh fruit, good prices, and the packaging was neat.",
    "I waited an hour on the phone to customer service.",
    "Nothing to add, it was an ordinary delivery.",
    "Substitutions were sensible and the bread was still warm.",
    "The website is slow and the slot I booked disappeared.",
    "Brilliant! Everything was perfect, thank you so much.",
    "Terrible experience, damaged eggs and a broken bottle.",
    "It was okay. Not great, not bad.",
]

EXPECTED_SENTENCES = [
    "Great service, the driver was friendly.",
    "Terrible: the eggs were broken and the refund never came.",
    "ok",
    "The app keeps crashing at checkout, but the delivery slot I booked was on time and the fruit was fresh.",
]


def train_tokenizer() -> Tokenizer:
    """A WordPiece tokenizer whose vocabulary is built deterministically from CORPUS: the
    specials, printable ASCII characters (bare and as ##continuations), then the corpus's words.
    (The tokenizers WordPiece trainer breaks ties differently from run to run.)"""
    normalizer = normalizers.BertNormalizer(lowercase=True)
    pre = pre_tokenizers.BertPreTokenizer()
    words = sorted({w for text in CORPUS for w, _ in pre.pre_tokenize_str(normalizer.normalize_str(text))})
    chars = [chr(c) for c in range(33, 127) if not chr(c).isupper()]
    vocab = SPECIALS + chars + ["##" + c for c in chars] + [w for w in words if len(w) > 1]
    tok = Tokenizer(models.WordPiece({t: i for i, t in enumerate(vocab)}, unk_token="[UNK]",
                                     max_input_chars_per_word=100))
    tok.normalizer = normalizer
    tok.pre_tokenizer = pre
    tok.decoder = decoders.WordPiece(prefix="##")
    cls, sep = tok.token_to_id("[CLS]"), tok.token_to_id("[SEP]")
    tok.post_processor = processors.TemplateProcessing(
        single="[CLS] $A [SEP]",
        pair="[CLS] $A [SEP] $B:1 [SEP]:1",
        special_tokens=[("[CLS]", cls), ("[SEP]", sep)],
    )
    tok.enable_truncation(max_length=MAX_POSITIONS)
    return tok


def export(model, path: Path, input_names):
    model.eval()
    ids = torch.tensor([[2, 10, 11, 12, 3], [2, 13, 3, 0, 0]], dtype=torch.long)
    mask = torch.tensor([[1, 1, 1, 1, 1], [1, 1, 1, 0, 0]], dtype=torch.long)
    args = [ids, mask]
    if "token_type_ids" in input_names:
        args.append(torch.zeros_like(ids))
    dynamic = {name: {0: "batch", 1: "sequence"} for name in input_names}
    dynamic["logits"] = {0: "batch"}
    with tempfile.TemporaryDirectory() as tmp:
        raw = Path(tmp) / "model.onnx"
        torch.onnx.export(
            model,
            tuple(args),
            str(raw),
            input_names=input_names,
            output_names=["logits"],
            dynamic_axes=dynamic,
            opset_version=OPSET,
            do_constant_folding=True,
            dynamo=False,
        )
        # One self-contained file (no external data), however the exporter laid it out.
        proto = onnx.load(str(raw), load_external_data=True)
    onnx.checker.check_model(proto)
    onnx.save_model(proto, str(path), save_as_external_data=False)


def write_folder(out: Path, model, tokenizer: Tokenizer, input_names, readme: str, fixed_padding: bool):
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    export(model, out / "model.onnx", input_names)
    if fixed_padding:
        tokenizer.enable_padding(
            pad_id=tokenizer.token_to_id("[PAD]"), pad_token="[PAD]", length=MAX_POSITIONS
        )
    tokenizer.save(str(out / "tokenizer.json"))
    tokenizer.no_padding()
    model.config.to_json_file(str(out / "config.json"))
    (out / "README.md").write_text(readme)


def probabilities(folder: Path, tokenizer: Tokenizer, sentences):
    session = ort.InferenceSession(str(folder / "model.onnx"), providers=["CPUExecutionProvider"])
    inputs = {i.name for i in session.get_inputs()}
    out = []
    for text in sentences:
        enc = tokenizer.encode(text)
        feed = {
            "input_ids": np.array([enc.ids], dtype=np.int64),
            "attention_mask": np.array([enc.attention_mask], dtype=np.int64),
        }
        if "token_type_ids" in inputs:
            feed["token_type_ids"] = np.zeros((1, len(enc.ids)), dtype=np.int64)
        (logits,) = session.run(["logits"], feed)
        z = logits[0].astype(np.float64)
        p = np.exp(z - z.max())
        p /= p.sum()
        out.append({"text": text, "input_ids": enc.ids, "probs": [round(float(x), 5) for x in p]})
    return out


def write_expected(path: Path, rows):
    body = ",\n".join("  " + json.dumps(row, ensure_ascii=False) for row in rows)
    path.write_text(f'{{"seed": {SEED}, "sentences": [\n{body}\n]}}\n')


README_3 = """# tiny-classifier

A tiny **randomly initialised** `BertForSequenceClassification` (hidden 16, 2 layers, 2 heads,
intermediate 32, 3 labels: `id2label` = negative, neutral, positive) exported to ONNX (opset 17,
dynamic batch and sequence; inputs `input_ids`, `attention_mask`, `token_type_ids`; output
`logits` [batch, 3]). Its WordPiece vocabulary (212 entries: specials, printable ASCII
characters bare and as `##` continuations, and the words of a dozen sentences written for this
purpose) is built by the script.

The weights are random (torch seed {seed}, initializer_range 0.2): the model exists to test
loading, label mapping, tokenisation, batching and the forward path of
`verbatim::sentiment::classifier`. Its predictions mean nothing.

`tokenizer.json` deliberately keeps a fixed-length padding setting (128), as many shipped
tokenizer files do; the loader must turn it off and pad each batch to its own longest member.

`expected.json`: for four sentences, the token ids and the softmax of the logits that
onnxruntime {ort} (Python) produced with each sentence run alone (5 decimals).

Regenerate with `/tmp/verbatim-minilm-venv/bin/python models/sentiment/make_tiny_classifier.py`
(torch {torch}, transformers {transformers}). Licence: the same as the Verbatim project.
"""

README_2 = """# tiny-classifier-2label

A tiny **randomly initialised** `DistilBertForSequenceClassification` (dim 16, 2 layers,
2 heads, hidden 32, 2 labels: `id2label` = NEGATIVE, POSITIVE as SST-2 exports name them)
exported to ONNX (opset 17, dynamic batch and sequence; inputs `input_ids` and
`attention_mask` only — no `token_type_ids`, like DistilBERT/RoBERTa exports; output
`logits` [batch, 2]). Same WordPiece vocabulary as `../tiny-classifier` (no padding setting).

The weights are random (torch seed {seed}, initializer_range 0.5): the model only tests the
two-label path (neutral probability 0) and models without `token_type_ids`. Its predictions
mean nothing. `expected.json`: as in `../tiny-classifier` (softmax over the two logits,
sentences run alone with onnxruntime {ort}, 5 decimals).

Regenerate with `/tmp/verbatim-minilm-venv/bin/python models/sentiment/make_tiny_classifier.py`.
Licence: the same as the Verbatim project.
"""


def main():
    torch.manual_seed(SEED)
    np.random.seed(SEED)
    tokenizer = train_tokenizer()
    vocab = tokenizer.get_vocab_size()
    versions = dict(seed=SEED, ort=ort.__version__, torch=torch.__version__.split("+")[0],
                    transformers=__import__("transformers").__version__)

    # Three labels, BERT (with token_type_ids).
    torch.manual_seed(SEED)
    config = BertConfig(
        vocab_size=vocab,
        hidden_size=16,
        num_hidden_layers=2,
        num_attention_heads=2,
        intermediate_size=32,
        max_position_embeddings=MAX_POSITIONS,
        type_vocab_size=2,
        pad_token_id=tokenizer.token_to_id("[PAD]"),
        # Large enough that random logits differ visibly between sentences.
        initializer_range=0.2,
        num_labels=3,
        id2label={0: "negative", 1: "neutral", 2: "positive"},
        label2id={"negative": 0, "neutral": 1, "positive": 2},
    )
    bert = BertForSequenceClassification(config).eval()
    three = ROOT / "fixtures" / "tiny-classifier"
    write_folder(three, bert, tokenizer, ["input_ids", "attention_mask", "token_type_ids"],
                 README_3.format(**versions), fixed_padding=True)
    expected = probabilities(three, tokenizer, EXPECTED_SENTENCES)
    write_expected(three / "expected.json", expected)

    # Two labels, DistilBERT (no token_type_ids).
    torch.manual_seed(SEED + 1)
    config2 = DistilBertConfig(
        vocab_size=vocab,
        dim=16,
        n_layers=2,
        n_heads=2,
        hidden_dim=32,
        max_position_embeddings=MAX_POSITIONS,
        pad_token_id=tokenizer.token_to_id("[PAD]"),
        initializer_range=0.5,
        num_labels=2,
        id2label={0: "NEGATIVE", 1: "POSITIVE"},
        label2id={"NEGATIVE": 0, "POSITIVE": 1},
    )
    distil = DistilBertForSequenceClassification(config2).eval()
    two = ROOT / "fixtures" / "tiny-classifier-2label"
    write_folder(two, distil, tokenizer, ["input_ids", "attention_mask"], README_2.format(**versions),
                 fixed_padding=False)
    two_probs = probabilities(two, tokenizer, EXPECTED_SENTENCES)
    write_expected(two / "expected.json", two_probs)

    for row in expected:
        print("3-label", row["probs"], row["text"][:40], file=sys.stderr)
    for row in two_probs:
        print("2-label", row["probs"], row["text"][:40], file=sys.stderr)
    for folder in (three, two):
        size = sum(f.stat().st_size for f in folder.iterdir())
        print(f"{folder.relative_to(ROOT)}: {size} bytes", file=sys.stderr)


if __name__ == "__main__":
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    main()
