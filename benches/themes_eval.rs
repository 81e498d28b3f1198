//! Theme-discovery evaluation (`cargo bench --bench themes_eval`): runs the themes stage on a
//! labelled set and prints NMI, ARI, the number of themes and the share left uncoded.
//!
//! Sets (read from `../shared/data/banking77/train.csv` when present):
//! - `banking77`: 10,003 short banking queries, 77 gold intents;
//! - `banking77-long`: the same queries joined four at a time within an intent into ~2,500
//!   longer multi-sentence texts, so automatic k is tested on long texts too.
//!
//! NMI and ARI are given twice: over every text with `uncoded` counted as one more cluster
//! (what a user gets) and over the coded texts only. The embeddings (bundled int8 model) are
//! cached under `target/themes-eval/` and also written as `.npy` with the gold labels, so
//! `benches/bertopic/run.py` clusters the very same vectors.
//!
//! `THEMES_EVAL_TOML` adds one more configuration to evaluate, as `[themes]` keys, e.g.
//! `THEMES_EVAL_TOML='k = 40'`.

use ndarray::Array2;
use std::collections::{BTreeMap, HashMap};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;
use verbatim::embed::config::EmbedConfig;
use verbatim::embed::{Embedder, Vectors};
use verbatim::progress::Progress;
use verbatim::themes;
use verbatim::themes::config::{ClusterMethod, ThemeCount, ThemesConfig};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Texts and gold labels of Banking77, in file order.
fn banking77() -> Option<(Vec<String>, Vec<String>)> {
    let path = repo().join("../shared/data/banking77/train.csv");
    if !path.exists() {
        println!("banking77: skipped ({} is absent)", path.display());
        return None;
    }
    let mut reader = csv::Reader::from_path(path).unwrap();
    Some(
        reader
            .records()
            .map(|r| {
                let r = r.unwrap();
                (r[0].to_owned(), r[1].to_owned())
            })
            .unzip(),
    )
}

/// Joins queries four at a time within each intent (file order), giving longer texts.
fn long_texts(texts: &[String], gold: &[String]) -> (Vec<String>, Vec<String>) {
    let mut by_label: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (t, g) in texts.iter().zip(gold) {
        by_label.entry(g).or_default().push(t);
    }
    let mut out = (Vec::new(), Vec::new());
    for (label, members) in by_label {
        for chunk in members.chunks(4) {
            out.0.push(chunk.join(" "));
            out.1.push(label.to_owned());
        }
    }
    out
}

fn embed_cached(name: &str, texts: &[String], model: &mut Option<Embedder>) -> Array2<f32> {
    let dir = repo().join("target/themes-eval");
    std::fs::create_dir_all(&dir).unwrap();
    let cache = dir.join(format!("{name}.f32"));
    let n = texts.len();
    if let Ok(bytes) = std::fs::read(&cache) {
        let floats: Vec<f32> = bytes
            .chunks_exact(4)
            .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            .collect();
        if floats.len().is_multiple_of(n) {
            return Array2::from_shape_vec((n, floats.len() / n), floats).unwrap();
        }
    }
    let model =
        model.get_or_insert_with(|| Embedder::load(&EmbedConfig::default(), false).unwrap());
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let start = Instant::now();
    let matrix = model.embed(&refs, &Progress::hidden()).unwrap().matrix();
    println!(
        "{name}: embedded {n} texts in {:.1}s",
        start.elapsed().as_secs_f64()
    );
    let bytes: Vec<u8> = matrix.iter().flat_map(|x| x.to_le_bytes()).collect();
    std::fs::write(&cache, bytes).unwrap();
    matrix
}

/// Writes a C-order float32 `.npy` file (format version 1.0).
fn write_npy(path: &Path, matrix: &Array2<f32>) {
    let (rows, cols) = matrix.dim();
    let mut header =
        format!("{{'descr': '<f4', 'fortran_order': False, 'shape': ({rows}, {cols}), }}");
    while (10 + header.len() + 1) % 64 != 0 {
        header.push(' ');
    }
    header.push('\n');
    let mut file = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    file.write_all(b"\x93NUMPY\x01\x00").unwrap();
    file.write_all(&(header.len() as u16).to_le_bytes())
        .unwrap();
    file.write_all(header.as_bytes()).unwrap();
    for x in matrix.iter() {
        file.write_all(&x.to_le_bytes()).unwrap();
    }
}

/// Joint counts of (a, b) label pairs, and each labeling's cluster sizes.
struct Contingency {
    joint: HashMap<(usize, usize), f64>,
    rows: Vec<f64>,
    cols: Vec<f64>,
}

/// Contingency counts between two labelings (cluster ids as usize).
fn contingency(a: &[usize], b: &[usize]) -> Contingency {
    let (ka, kb) = (
        a.iter().max().map_or(0, |m| m + 1),
        b.iter().max().map_or(0, |m| m + 1),
    );
    let mut joint = HashMap::new();
    let (mut ra, mut rb) = (vec![0.0; ka], vec![0.0; kb]);
    for (&x, &y) in a.iter().zip(b) {
        *joint.entry((x, y)).or_insert(0.0) += 1.0;
        ra[x] += 1.0;
        rb[y] += 1.0;
    }
    Contingency {
        joint,
        rows: ra,
        cols: rb,
    }
}

/// Normalised mutual information with the arithmetic-mean normaliser (scikit-learn's default).
fn nmi(a: &[usize], b: &[usize]) -> f64 {
    let n = a.len() as f64;
    let Contingency {
        joint,
        rows: ra,
        cols: rb,
    } = contingency(a, b);
    let entropy = |counts: &[f64]| -> f64 {
        counts
            .iter()
            .filter(|&&c| c > 0.0)
            .map(|&c| -(c / n) * (c / n).ln())
            .sum()
    };
    let mi: f64 = joint
        .iter()
        .map(|(&(x, y), &c)| (c / n) * ((c * n) / (ra[x] * rb[y])).ln())
        .sum();
    let (ha, hb) = (entropy(&ra), entropy(&rb));
    if ha + hb == 0.0 {
        1.0
    } else {
        mi / ((ha + hb) / 2.0)
    }
}

/// Adjusted Rand index.
fn ari(a: &[usize], b: &[usize]) -> f64 {
    let pairs = |c: f64| c * (c - 1.0) / 2.0;
    let Contingency {
        joint,
        rows: ra,
        cols: rb,
    } = contingency(a, b);
    let index: f64 = joint.values().map(|&c| pairs(c)).sum();
    let sum_a: f64 = ra.iter().map(|&c| pairs(c)).sum();
    let sum_b: f64 = rb.iter().map(|&c| pairs(c)).sum();
    let expected = sum_a * sum_b / pairs(a.len() as f64);
    let max = (sum_a + sum_b) / 2.0;
    (index - expected) / (max - expected)
}

fn evaluate(
    set: &str,
    config_name: &str,
    texts: &[String],
    gold: &[usize],
    emb: &Array2<f32>,
    config: &ThemesConfig,
) {
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let start = Instant::now();
    // Through `find` on f16 vectors spilled to disk, as a run does: above `fit_sample` the
    // themes come from a sample.
    let spill = tempfile::tempdir().expect("a temporary folder");
    let vectors = Vectors::spill(emb, spill.path()).expect("spilling the vectors");
    let model = themes::find(&vectors, &refs, &vec![0; refs.len()], config, 42);
    let secs = start.elapsed().as_secs_f64();
    let uncoded_id = model.themes.len() + 1;
    let pred: Vec<usize> = model
        .assignment
        .iter()
        .map(|a| a.unwrap_or(uncoded_id))
        .collect();
    let coded: Vec<usize> = (0..pred.len())
        .filter(|&i| model.assignment[i].is_some())
        .collect();
    let pick = |v: &[usize]| coded.iter().map(|&i| v[i]).collect::<Vec<_>>();
    let (pc, gc) = (pick(&pred), pick(gold));
    println!(
        "{set:<15} {config_name:<22} {:>6} {:>8.1}% {:>8.4} {:>8.4} {:>8.4} {:>8.4} {:>7.1}s",
        model.themes.len(),
        100.0 * (pred.len() - coded.len()) as f64 / pred.len() as f64,
        nmi(&pred, gold),
        ari(&pred, gold),
        nmi(&pc, &gc),
        ari(&pc, &gc),
        secs
    );
}

fn main() {
    let Some((texts, gold_names)) = banking77() else {
        return;
    };
    let mut model = None;
    let long = long_texts(&texts, &gold_names);
    let sets = [("banking77", (texts, gold_names)), ("banking77-long", long)];

    let kmeans = |k: ThemeCount| ThemesConfig {
        method: ClusterMethod::Kmeans,
        k,
        ..ThemesConfig::default()
    };
    let mut configs: Vec<(String, ThemesConfig)> = vec![
        ("default (graph, auto)".into(), ThemesConfig::default()),
        (
            "graph, target k = 77".into(),
            ThemesConfig {
                k: ThemeCount::Fixed(77),
                ..ThemesConfig::default()
            },
        ),
        (
            "kmeans, silhouette k".into(),
            kmeans(ThemesConfig::default().k),
        ),
        (
            "kmeans, k = 77 (true)".into(),
            kmeans(ThemeCount::Fixed(77)),
        ),
    ];
    if let Ok(extra) = std::env::var("THEMES_EVAL_TOML") {
        let config: ThemesConfig = toml::from_str(&extra).expect("THEMES_EVAL_TOML: [themes] keys");
        configs.push((extra, config));
    }

    println!(
        "{:<15} {:<22} {:>6} {:>9} {:>8} {:>8} {:>8} {:>8} {:>8}",
        "set", "config", "themes", "uncoded", "NMI", "ARI", "NMI*", "ARI*", "time"
    );
    println!("(NMI/ARI: uncoded counted as one cluster; NMI*/ARI*: coded texts only)");
    for (name, (texts, gold_names)) in &sets {
        let emb = embed_cached(name, texts, &mut model);
        let mut ids: BTreeMap<&str, usize> = BTreeMap::new();
        for g in gold_names {
            let next = ids.len();
            ids.entry(g).or_insert(next);
        }
        let gold: Vec<usize> = gold_names.iter().map(|g| ids[g.as_str()]).collect();
        let dir = repo().join("target/themes-eval");
        write_npy(&dir.join(format!("{name}.npy")), &emb);
        std::fs::write(
            dir.join(format!("{name}.labels.txt")),
            gold_names.join("\n") + "\n",
        )
        .unwrap();
        // One text per line (a few queries hold line breaks).
        let lines: Vec<String> = texts.iter().map(|t| t.replace(['\n', '\r'], " ")).collect();
        std::fs::write(
            dir.join(format!("{name}.texts.txt")),
            lines.join("\n") + "\n",
        )
        .unwrap();
        for (config_name, config) in &configs {
            evaluate(name, config_name, texts, &gold, &emb, config);
        }
    }
}
