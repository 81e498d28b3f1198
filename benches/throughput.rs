//! Throughput benchmark (a bench binary, `cargo bench --bench throughput`).
//!
//! Parts, each run in its own child process so each reports its own peak RSS:
//! - `embed`: encoder sentences/s at batch 32 and 128, int8 and fp32, on sentences from the
//!   bundled sample (tokenisation, batching and pooling included);
//! - `e2e`: the whole `verbatim run` pipeline on a 10,000-row synthetic CSV (rows/s).
//!
//! Pass a part name to run only that part: `cargo bench --bench throughput -- e2e`.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;
use verbatim::config::PipelineConfig;
use verbatim::embed::config::{EmbedConfig, Precision};
use verbatim::embed::Embedder;
use verbatim::progress::Progress;

const E2E_ROWS: usize = 10_000;

fn main() {
    let part = std::env::args()
        .skip(1)
        .find(|a| a == "embed" || a == "e2e" || a == "child-embed" || a == "child-e2e");
    match part.as_deref() {
        Some("child-embed") => embed_part(),
        Some("child-e2e") => e2e_part(),
        Some(p) => spawn(p),
        None => {
            spawn("embed");
            spawn("e2e");
        }
    }
}

fn spawn(part: &str) {
    let exe = std::env::current_exe().unwrap();
    let status = Command::new(exe)
        .arg(format!("child-{part}"))
        .status()
        .unwrap();
    assert!(status.success(), "bench part {part} failed");
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Sentences of the bundled sample (segmented as the pipeline does), repeated to `n`.
fn sample_sentences(n: usize) -> Vec<String> {
    let mut reader = csv::Reader::from_path(repo().join("fixtures/survey_comments.csv")).unwrap();
    let comment = reader
        .headers()
        .unwrap()
        .iter()
        .position(|h| h == "comment")
        .expect("the sample has a comment column");
    let config = verbatim::segment::SegmentConfig::default();
    let mut sentences = Vec::new();
    for row in reader.records() {
        let text = row.unwrap()[comment].to_owned();
        if verbatim::segment::skip_reason(&text).is_some() {
            continue;
        }
        for seg in verbatim::segment::split(0, &text, &config) {
            sentences.push(text[seg.start..seg.end].to_owned());
        }
    }
    sentences.iter().cycle().take(n).cloned().collect()
}

fn peak_rss_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

fn embed_part() {
    let sentences = sample_sentences(2_000);
    // Pairs of sample sentences (~27 tokens), the length of the reference figures in the README.
    let pairs: Vec<String> = sentences
        .chunks(2)
        .map(|p| p.join(" "))
        .cycle()
        .take(2_000)
        .collect();
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!("embed: 2000 texts per set, {cores} cores");
    for (set, texts) in [("sentences", &sentences), ("pairs", &pairs)] {
        // The same texts, for benches/compare_sentence_transformers.py.
        let list = repo().join(format!("target/bench-{set}.txt"));
        std::fs::write(&list, texts.join("\n") + "\n").unwrap();
        let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
        for precision in [Precision::Int8, Precision::Fp32] {
            for batch_size in [32, 128] {
                let config = EmbedConfig {
                    precision,
                    batch_size,
                    ..EmbedConfig::default()
                };
                let mut embedder = Embedder::load(&config, false).unwrap();
                embedder.embed(&texts[..64], &Progress::hidden()).unwrap(); // warm-up
                let start = Instant::now();
                let out = embedder.embed(&texts, &Progress::hidden()).unwrap();
                let secs = start.elapsed().as_secs_f64();
                let mean_tokens = out.tokens.iter().sum::<usize>() as f64 / texts.len() as f64;
                println!(
                    "embed {set:<9} (mean {mean_tokens:4.1} tokens) {:<4} batch {batch_size:>3}: {:>7.1} sentences/s",
                    format!("{precision:?}").to_lowercase(),
                    texts.len() as f64 / secs,
                );
            }
        }
    }
    println!("embed: peak RSS {:.0} MiB", peak_rss_mib());
}

/// A 10k-row CSV built by recombining sample sentences with a fixed LCG, so comments vary.
fn write_synthetic(path: &Path) {
    let sentences = sample_sentences(5_000);
    let channels = ["web", "app", "phone", "store", "email"];
    let mut state: u64 = 0x5eed;
    let mut next = |m: usize| {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((state >> 33) as usize) % m
    };
    let mut w = csv::Writer::from_path(path).unwrap();
    w.write_record(["response_id", "channel", "comment"])
        .unwrap();
    for i in 0..E2E_ROWS {
        let parts = 1 + next(3);
        let comment: Vec<&str> = (0..parts)
            .map(|_| sentences[next(sentences.len())].as_str())
            .collect();
        w.write_record([
            format!("S{i:05}"),
            channels[next(5)].to_owned(),
            comment.join(" "),
        ])
        .unwrap();
    }
    w.flush().unwrap();
}

fn e2e_part() {
    let tmp = std::env::temp_dir().join(format!("verbatim-bench-{}", std::process::id()));
    std::fs::create_dir_all(&tmp).unwrap();
    let input = tmp.join("synthetic.csv");
    write_synthetic(&input);
    let mut config = PipelineConfig::load(&repo().join("pipelines/survey-comments.toml")).unwrap();
    config.input.path = input;
    config.input.id_column = Some("response_id".into());
    config.input.metadata_columns = vec!["channel".into()];
    config.output.frequency_columns = vec!["channel".into()];
    // The synthetic file has no score column.
    config.kpi = Default::default();
    let mut without = config.clone();
    without.sentiment = None;
    let mut seconds = Vec::new();
    for (name, config) in [("shipped pipeline", config), ("without sentiment", without)] {
        let start = Instant::now();
        let summary =
            verbatim::pipeline::run(config, &tmp.join("out"), Progress::hidden()).unwrap();
        let secs = start.elapsed().as_secs_f64();
        let timings = std::fs::read_to_string(tmp.join("out/timings.json")).unwrap();
        println!(
            "e2e {name}: {} rows ({} segments, {} themes) in {:.1}s = {:.1} rows/s, {:.1} segments/s",
            summary.rows_read,
            summary.segments,
            summary.themes.len(),
            secs,
            summary.rows_read as f64 / secs,
            summary.segments as f64 / secs,
        );
        println!(
            "e2e {name} stage timings: {}",
            timings.split_whitespace().collect::<Vec<_>>().join(" ")
        );
        seconds.push(secs);
    }
    println!(
        "e2e: sentiment costs {:.2}x the time of the pipeline without it; peak RSS {:.0} MiB",
        seconds[0] / seconds[1],
        peak_rss_mib()
    );
    std::fs::remove_dir_all(&tmp).unwrap();
}
