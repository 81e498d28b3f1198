//! Redaction throughput (`cargo bench --bench redact`): comments per second on one core and
//! on all cores, over the labelled PII set and the sample comments (about a third of them hold
//! personal data). The target is ≥ 100× Presidio with spaCy's small model, which ran about
//! 85 short texts per CPU-second on the development machine.

use std::time::Instant;
use verbatim::redact::config::RedactConfig;
use verbatim::redact::Redactor;

const TEXTS: usize = 100_000;

fn texts() -> Vec<String> {
    let root = env!("CARGO_MANIFEST_DIR");
    let mut base: Vec<String> = std::fs::read_to_string(format!("{root}/fixtures/pii/eval.jsonl"))
        .unwrap()
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["text"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    let mut reader =
        csv::Reader::from_path(format!("{root}/fixtures/survey_comments.csv")).unwrap();
    base.extend(reader.records().map(|r| r.unwrap()[5].to_owned()));
    base.iter().cycle().take(TEXTS).cloned().collect()
}

fn main() {
    let texts = texts();
    let mean_len = texts.iter().map(String::len).sum::<usize>() as f64 / texts.len() as f64;
    let config = RedactConfig::default();

    let mut redactor = Redactor::new(&config).unwrap();
    let start = Instant::now();
    let mut changes = 0usize;
    for t in &texts {
        changes += redactor.redact(t).changes.len();
    }
    let one = start.elapsed().as_secs_f64();
    println!(
        "redact 1 core: {} texts (mean {mean_len:.0} bytes, {changes} redactions) in {one:.2}s = {:.0} texts/s ({:.0}x Presidio's 85 texts/CPU-s)",
        texts.len(),
        texts.len() as f64 / one,
        texts.len() as f64 / one / 85.0
    );

    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let start = Instant::now();
    std::thread::scope(|scope| {
        for chunk in texts.chunks(texts.len().div_ceil(cores)) {
            let config = &config;
            scope.spawn(move || {
                let mut redactor = Redactor::new(config).unwrap();
                chunk
                    .iter()
                    .map(|t| redactor.redact(t).changes.len())
                    .sum::<usize>()
            });
        }
    });
    let all = start.elapsed().as_secs_f64();
    println!(
        "redact {cores} cores: {:.0} texts/s",
        texts.len() as f64 / all
    );
}
