//! Sentiment evaluation (`cargo bench --bench sentiment_eval`): accuracy, macro-F1 and
//! calibration of the model head and the lexicon scorer on
//! - the six-domain set in fixtures/sentiment/other_domains.csv (healthcare, education, employee,
//!   hospitality, public services, software): domains absent from training, the out-of-domain test;
//! - the service-feedback set written for this project (fixtures/sentiment), a different domain
//!   from the model's training tweets and never used for training or model selection;
//! - the TweetEval rows held out from training (row numbers in
//!   models/all-MiniLM-L6-v2/sentiment_holdout_rows.txt), read from ../shared when present.
//!
//! It also times the lexicon scorer in sentences per CPU-second.

use std::path::PathBuf;
use std::time::Instant;
use verbatim::embed::config::EmbedConfig;
use verbatim::embed::Embedder;
use verbatim::progress::Progress;
use verbatim::sentiment::lexicon::LexiconScorer;
use verbatim::sentiment::{Scorer, Sentiment, LABELS};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn label_index(name: &str) -> usize {
    LABELS
        .iter()
        .position(|l| *l == name)
        .unwrap_or_else(|| panic!("unknown label {name}"))
}

fn service_set() -> (Vec<String>, Vec<usize>) {
    let mut reader =
        csv::Reader::from_path(repo().join("fixtures/sentiment/service_feedback.csv")).unwrap();
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            (r[0].to_owned(), label_index(&r[1]))
        })
        .unzip()
}

/// Texts and their gold label indices.
type LabelledSet = (Vec<String>, Vec<usize>);

/// The six-domain set (healthcare, education, employee, hospitality, public services,
/// software): domains the model never trained on, written by a writer who never saw its
/// training data (fixtures/sentiment/OTHER_DOMAINS.md). Returns every row and the rows of
/// each domain.
fn other_domains() -> Vec<(String, LabelledSet)> {
    let mut reader =
        csv::Reader::from_path(repo().join("fixtures/sentiment/other_domains.csv")).unwrap();
    let rows: Vec<(String, String, usize)> = reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            (r[0].to_owned(), r[1].to_owned(), label_index(&r[2]))
        })
        .collect();
    let mut domains: Vec<String> = rows.iter().map(|r| r.1.clone()).collect();
    domains.sort();
    domains.dedup();
    let pick = |want: Option<&str>| -> LabelledSet {
        rows.iter()
            .filter(|r| want.is_none_or(|d| r.1 == d))
            .map(|r| (r.0.clone(), r.2))
            .unzip()
    };
    let mut sets = vec![("other domains (all)".to_owned(), pick(None))];
    sets.extend(domains.iter().map(|d| (format!("  {d}"), pick(Some(d)))));
    sets
}

fn tweeteval_holdout() -> Option<(Vec<String>, Vec<usize>)> {
    let csv_path =
        repo().join("../shared/data/tweeteval-sentiment/tweeteval_sentiment_val_test.csv");
    if !csv_path.exists() {
        println!(
            "TweetEval held-out: skipped ({} is absent)",
            csv_path.display()
        );
        return None;
    }
    let wanted: std::collections::HashSet<usize> =
        std::fs::read_to_string(repo().join("models/all-MiniLM-L6-v2/sentiment_holdout_rows.txt"))
            .unwrap()
            .lines()
            .map(|l| l.parse().unwrap())
            .collect();
    let mut reader = csv::Reader::from_path(csv_path).unwrap();
    let rows: Vec<(String, usize)> = reader
        .records()
        .enumerate()
        .filter(|(i, _)| wanted.contains(&(i + 1)))
        .map(|(_, r)| {
            let r = r.unwrap();
            (r[2].to_owned(), label_index(&r[4]))
        })
        .collect();
    Some(rows.into_iter().unzip())
}

struct Report {
    accuracy: f64,
    macro_f1: f64,
    ece: f64,
}

fn report(pred: &[Sentiment], gold: &[usize]) -> Report {
    let mut confusion = [[0usize; 3]; 3];
    for (p, &g) in pred.iter().zip(gold) {
        confusion[g][p.label] += 1;
    }
    let correct: usize = (0..3).map(|c| confusion[c][c]).sum();
    let f1: f64 = (0..3)
        .map(|c| {
            let tp = confusion[c][c] as f64;
            let predicted: f64 = (0..3).map(|g| confusion[g][c] as f64).sum();
            let actual: f64 = confusion[c].iter().sum::<usize>() as f64;
            let (p, r) = (tp / predicted.max(1.0), tp / actual.max(1.0));
            if p + r == 0.0 {
                0.0
            } else {
                2.0 * p * r / (p + r)
            }
        })
        .sum::<f64>()
        / 3.0;
    // Expected calibration error over 15 confidence bins.
    let mut bins = [(0usize, 0f64, 0f64); 15];
    for (p, &g) in pred.iter().zip(gold) {
        let conf = f64::from(p.probs[p.label]);
        let b = ((conf * 15.0) as usize).min(14);
        bins[b].0 += 1;
        bins[b].1 += conf;
        bins[b].2 += f64::from(u8::from(p.label == g));
    }
    let n = pred.len() as f64;
    let ece = bins
        .iter()
        .filter(|b| b.0 > 0)
        .map(|b| (b.1 - b.2).abs() / n)
        .sum();
    Report {
        accuracy: correct as f64 / n,
        macro_f1: f1,
        ece,
    }
}

fn main() {
    let mut model = Embedder::load(&EmbedConfig::default(), true).unwrap();
    let lexicon = LexiconScorer::new();
    let mut sets = vec![("service feedback".to_owned(), service_set())];
    sets.extend(other_domains());
    if let Some(t) = tweeteval_holdout() {
        sets.push(("TweetEval held-out".to_owned(), t));
    }
    println!(
        "{:<22} {:<16} {:>6} {:>9} {:>9} {:>6}",
        "set", "scorer", "n", "accuracy", "macro-F1", "ECE"
    );
    for (name, (texts, gold)) in &sets {
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        let logits = model
            .embed(&refs, &Progress::hidden())
            .unwrap()
            .sentiment_logits
            .unwrap();
        let head: Vec<Sentiment> = logits
            .rows()
            .into_iter()
            .map(|r| Sentiment::from_logits([r[0], r[1], r[2]]))
            .collect();
        let rules: Vec<Sentiment> = refs.iter().map(|t| lexicon.score(t)).collect();
        let (m, l) = (report(&head, gold), report(&rules, gold));
        for (scorer, r, ece) in [
            ("model (int8)", &m, format!("{:.3}", m.ece)),
            ("lexicon", &l, "-".into()),
        ] {
            println!(
                "{name:<22} {scorer:<16} {:>6} {:>9.3} {:>9.3} {ece:>6}",
                gold.len(),
                r.accuracy,
                r.macro_f1
            );
        }
        println!(
            "{name:<22} model − lexicon macro-F1: {:+.1} points",
            100.0 * (m.macro_f1 - l.macro_f1)
        );
    }

    let (texts, _) = service_set();
    let many: Vec<&str> = texts
        .iter()
        .map(String::as_str)
        .cycle()
        .take(100_000)
        .collect();
    let start = Instant::now();
    let positives = many.iter().filter(|t| lexicon.score(t).label == 2).count();
    let secs = start.elapsed().as_secs_f64();
    println!(
        "lexicon speed: {} sentences in {secs:.2}s on one thread = {:.0} sentences/s ({positives} positive)",
        many.len(),
        many.len() as f64 / secs
    );
}
