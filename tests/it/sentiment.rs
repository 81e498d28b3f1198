//! Sentiment through the real binary and the bundled model's sentiment head.

use crate::common::*;
use std::fs;
use std::path::{Path, PathBuf};
use verbatim::embed::config::EmbedConfig;
use verbatim::embed::Embedder;
use verbatim::progress::Progress;
use verbatim::sentiment::Sentiment;

const PIPELINE: &str = "pipelines/survey-comments.toml";

/// The shipped pipeline with its `[sentiment]` scorer replaced.
fn pipeline_with(dir: &Path, scorer: &str) -> PathBuf {
    let text = fs::read_to_string(repo().join(PIPELINE))
        .unwrap()
        .replace("scorer = \"model\"", scorer)
        .replace(
            "../fixtures",
            &repo().join("fixtures").display().to_string(),
        );
    let path = dir.join("p.toml");
    fs::write(&path, text).unwrap();
    path
}

/// Runs `pipeline` on `comments` written as a plain-text file; returns the output folder.
fn run_on_lines(dir: &Path, pipeline: &Path, comments: &[String]) -> PathBuf {
    let input = dir.join("comments.txt");
    fs::write(&input, comments.join("\n") + "\n").unwrap();
    let out = dir.join("out");
    verbatim_ok(&[
        "run",
        pipeline.to_str().unwrap(),
        "--input",
        input.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--quiet",
    ]);
    out
}

#[test]
fn model_head_matches_reference_probabilities() {
    let path = repo().join("models/all-MiniLM-L6-v2/sentiment_reference.json");
    let doc: serde_json::Value = serde_json::from_str(&fs::read_to_string(path).unwrap()).unwrap();
    let mut embedder = Embedder::load(&EmbedConfig::default(), true).unwrap();
    for case in doc["cases"].as_array().unwrap() {
        let text = case["text"].as_str().unwrap();
        let out = embedder.embed(&[text], &Progress::hidden()).unwrap();
        let logits = out
            .sentiment_logits
            .expect("the combined graph has a sentiment head");
        let got = Sentiment::from_logits([logits[[0, 0]], logits[[0, 1]], logits[[0, 2]]]);
        for (c, want) in case["probabilities"].as_array().unwrap().iter().enumerate() {
            let want = want.as_f64().unwrap() as f32;
            // The re-quantised model gives the same bits on AVX2, AVX-512 and VNNI CPUs
            // (models/ISA.md), so the reference holds to rounding on any of them.
            assert!(
                (got.probs[c] - want).abs() < 1e-3,
                "{text:?}: {:?} vs {want} at {c}",
                got.probs
            );
        }
        assert_eq!(
            verbatim::sentiment::LABELS[got.label],
            case["label"].as_str().unwrap()
        );
    }
}

#[test]
fn sentiment_reaches_every_output() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    verbatim_ok(&["run", PIPELINE, "--out", out.to_str().unwrap(), "--quiet"]);

    let segments = read_csv(&out.join("segments.csv"));
    let labels = column(&segments, "sentiment");
    assert!(labels
        .iter()
        .all(|l| ["negative", "neutral", "positive"].contains(&l.as_str())));
    for (i, row) in segments[1..].iter().enumerate() {
        let p: f64 = ["p_negative", "p_neutral", "p_positive"]
            .iter()
            .map(|c| column(&segments, c)[i].parse::<f64>().unwrap())
            .sum();
        assert!(
            (p - 1.0).abs() < 1e-3,
            "probabilities of {:?} sum to {p}",
            row[4]
        );
    }
    for kind in ["negative", "neutral", "positive"] {
        assert!(
            labels.iter().filter(|l| *l == kind).count() > 20,
            "the sample has {kind} sentences"
        );
    }

    let coded = read_csv(&out.join("coded.csv"));
    for (status, sentiment) in column(&coded, "status")
        .iter()
        .zip(column(&coded, "sentiment"))
    {
        assert_eq!(
            status.starts_with("skipped"),
            sentiment.is_empty(),
            "{status} / {sentiment}"
        );
    }

    let themes = read_csv(&out.join("themes.csv"));
    let shares: Vec<Vec<String>> = ["negative_pct", "neutral_pct", "positive_pct"]
        .iter()
        .map(|c| column(&themes, c))
        .collect();
    for (t, row) in themes[1..].iter().enumerate() {
        let pct: f64 = shares.iter().map(|c| c[t].parse::<f64>().unwrap()).sum();
        assert!(
            (pct - 100.0).abs() < 0.05,
            "theme {} sentiment shares sum to {pct}",
            row[0]
        );
    }
    let freq = read_csv(&out.join("frequencies.csv"));
    assert!(freq[1..]
        .iter()
        .any(|r| r[0] == "sentiment" && r[1] == "negative"));
    let meta: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(out.join("run.json")).unwrap()).unwrap();
    assert!(meta["counters"]["sentiment"]["negative"].as_u64().unwrap() > 0);
}

#[test]
fn mixed_feelings_are_split_and_rolled_up() {
    let tmp = tempfile::tempdir().unwrap();
    let pipeline = pipeline_with(tmp.path(), "scorer = \"lexicon\"");
    let mut comments = small_comments();
    comments.push(
        "The staff were lovely and helpful but I waited an hour and the food was cold.".into(),
    );
    comments.push("Brilliant driver, really friendly. The eggs were smashed and the order was a terrible mess.".into());
    let out = run_on_lines(tmp.path(), &pipeline, &comments);
    let coded = read_csv(&out.join("coded.csv"));
    let sentiment = column(&coded, "sentiment");
    let n = comments.len();
    assert_eq!(&sentiment[n - 2..], ["mixed", "mixed"]);
    let segments = read_csv(&out.join("segments.csv"));
    let sentiment = segments[0].iter().position(|h| h == "sentiment").unwrap();
    let of_first: Vec<(String, String)> = segments[1..]
        .iter()
        .filter(|r| r[0] == (n - 1).to_string())
        .map(|r| (r[4].clone(), r[sentiment].clone()))
        .collect();
    assert_eq!(
        of_first,
        vec![
            (
                "The staff were lovely and helpful".to_owned(),
                "positive".to_owned()
            ),
            (
                "but I waited an hour and the food was cold.".to_owned(),
                "negative".to_owned()
            ),
        ]
    );
}

#[test]
fn any_onnx_sequence_classifier_can_score() {
    let tmp = tempfile::tempdir().unwrap();
    let model = repo().join("fixtures/tiny-classifier");
    let pipeline = pipeline_with(
        tmp.path(),
        &format!(
            "scorer = \"classifier\"\nclassifier = \"{}\"",
            model.display()
        ),
    );
    let out = run_on_lines(tmp.path(), &pipeline, &small_comments());
    let segments = read_csv(&out.join("segments.csv"));
    assert!(column(&segments, "p_positive")
        .iter()
        .all(|p| p.parse::<f64>().is_ok()));

    // A classifier folder is required exactly when the scorer is "classifier".
    let bad = pipeline_with(tmp.path(), "scorer = \"classifier\"");
    let run = verbatim(&["run", bad.to_str().unwrap()]);
    assert_eq!(run.status.code(), Some(2));
    assert!(
        stderr(&run).contains("sentiment.classifier"),
        "{}",
        stderr(&run)
    );
}
