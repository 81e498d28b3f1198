#!/usr/bin/env python3
"""Writes the TweetEval rows held out from sentiment training (the `test` part of
train_sentiment.split_tweeteval) as 1-based data-row numbers of
../shared/data/tweeteval-sentiment/tweeteval_sentiment_val_test.csv, so the Rust evaluation
(`cargo bench --bench sentiment_eval`) scores exactly the texts the model never saw. Only row
numbers are written: no tweet text enters the repository."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import train_sentiment as ts  # noqa: E402

texts, labels = ts.load_tweeteval()
uniq_t, _, splits, info = ts.split_tweeteval()
first_row = {}
for i, t in enumerate(texts):
    first_row.setdefault(t.strip(), i + 1)
rows = sorted(first_row[uniq_t[i].strip()] for i in splits["test"])
out = Path(__file__).resolve().parents[1] / "all-MiniLM-L6-v2" / "sentiment_holdout_rows.txt"
out.write_text("".join(f"{r}\n" for r in rows))
print(f"{len(rows)} held-out rows (seed {info['seed']}) -> {out}")
