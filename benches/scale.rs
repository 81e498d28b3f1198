//! Scale benchmark: the shipped survey pipeline on 10k / 100k / 1M generated comments, with
//! BERTopic side by side (`make bench-scale`, or `cargo bench --bench scale -- [SIZES…] [FLAGS]`).
//!
//! Sizes: `10k`, `100k`, `1m` or a plain row count; default `10k 100k`. Flags: `--bertopic`
//! (or env `BENCH_BERTOPIC=1`) also runs `benches/bertopic/scale.py` on each size up to 100k
//! (above that only with `BENCH_BERTOPIC_1M=1`; `BENCH_BERTOPIC_TIMEOUT=SECS` kills it after
//! that long); `--gen-only` only writes the CSVs; `--no-rerun` skips the theme-only re-run.
//!
//! Per size:
//! 1. **Generate** (deterministic, fixed seed) `target/bench-scale/comments-<size>.csv` with
//!    exactly the columns of `fixtures/survey_comments.csv`, recombining sentences of the
//!    fixture's comments, `../shared/data/banking77/train.csv` and
//!    `../shared/data/tweeteval-sentiment/{val,test}_text.txt` (fixture sentences only when
//!    `../shared` is absent, said in the output). Mostly 1–3 sentences, ~10% 4–8, ~2% long
//!    complaints of 10–25; ~5% exact duplicate comments; repeat respondents; channel and region
//!    from the fixture's values; NPS/CSAT/effort/resolved tuples drawn from the fixture's rows.
//!    A `.done` sidecar (generator version, rows, bytes, composition) makes reruns skip it.
//! 2. **Verbatim, cold**: `verbatim run pipelines/survey-comments.toml --input CSV --out
//!    target/bench-scale/out-<size> --cache target/bench-scale/cache-<size> --quiet`, the cache
//!    folder deleted first. Wall time and peak RSS of the child come from `wait4`.
//! 3. **Re-run with only a theme setting changed**: `target/bench-scale/rerun.toml` is the
//!    pipeline with `resolution = 1.0` → `2.0` and an absolute input path; same `--cache`.
//!    Reported as % of the cold run's wall (target ≤ 10% at 100k).
//! 4. **BERTopic** (when asked) on the same CSV's comment column, end to end.
//!
//! Stage breakdown, cache hit rate and fit sample are read from the run's `timings.json` and
//! `run.json` when present ("n/a" otherwise). The tables are printed and written to
//! `target/bench-scale/results.md`.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::fs;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use rand_xoshiro::rand_core::{RngCore, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;
use serde_json::{json, Value};

/// Bump when the generator's output changes, so stale CSVs are rewritten.
const GENERATOR_VERSION: u64 = 1;
const SEED: u64 = 0x5CA1_E000_2026_0101;
/// Columns the generator knows how to fill; the fixture's header must be made of these.
const KNOWN_COLUMNS: [&str; 10] = [
    "response_id",
    "date",
    "customer_id",
    "channel",
    "region",
    "nps_score",
    "csat",
    "effort",
    "resolved",
    "comment",
];
/// Days from 2026-01-01 to 2026-06-30 inclusive, and the month lengths of that half-year.
const DAYS: usize = 181;
const MONTH_DAYS: [usize; 6] = [31, 28, 31, 30, 31, 30];
/// Sizes above this run BERTopic only with `BENCH_BERTOPIC_1M=1`.
const BERTOPIC_DEFAULT_MAX_ROWS: usize = 100_000;
const RERUN_TARGET_PERCENT: f64 = 10.0;

/// Discourse openers and neutral tails applied to some drawn sentences, so that large files
/// are not just the same few tens of thousands of sentences over and over.
const OPENERS: [&str; 28] = [
    "Honestly, ",
    "To be honest, ",
    "Also, ",
    "And ",
    "Plus ",
    "Again, ",
    "As I said, ",
    "Just so you know, ",
    "On top of that, ",
    "Besides that, ",
    "Anyway, ",
    "For the record, ",
    "To be fair, ",
    "Once again, ",
    "Another thing: ",
    "Oh and ",
    "Well, ",
    "So ",
    "Basically ",
    "In short, ",
    "Frankly, ",
    "Seriously, ",
    "PS: ",
    "Side note: ",
    "One more thing: ",
    "Like I said, ",
    "Overall, ",
    "Then again, ",
];
const TAILS: [&str; 16] = [
    " again",
    " this week",
    " this month",
    " today",
    " yesterday",
    ", as usual",
    ", to be honest",
    ", if I'm honest",
    " (second time now)",
    ", for what it's worth",
    ", just saying",
    ", same as last time",
    " once again",
    ", like I said",
    " last time too",
    ", every single time",
];

fn main() {
    let opts = Options::parse();
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let work = root.join("target/bench-scale");
    fs::create_dir_all(&work).expect("create target/bench-scale");

    let sources = Sources::load(&root);
    if !sources.shared {
        println!(
            "NOTE: ../shared/data is absent: comments recombine the fixture's sentences only \
             ({} sentences), so the files are far more repetitive than with the shared sets.",
            sources.fixture.len()
        );
    }

    let mut inputs = Vec::new();
    for (label, rows) in &opts.sizes {
        let csv = work.join(format!("comments-{label}.csv"));
        let composition = generate(&sources, *rows, &csv);
        println!("{}", composition_line(label, &composition));
        inputs.push((label.clone(), *rows, csv, composition));
    }
    if opts.gen_only {
        return;
    }

    let bin = verbatim_binary(&root);
    let mut results = String::new();
    results.push_str(&header(&root, &bin, &sources));
    let results_path = work.join("results.md");
    fs::write(&results_path, &results).expect("write results.md");
    println!("{results}");

    let mut cache_flag = true;
    let mut bertopic_100k: Option<BertopicRun> = None;
    for (label, rows, csv, composition) in &inputs {
        let mut section = String::new();
        let _ = writeln!(
            section,
            "## {label}: {rows} rows ({})\n",
            csv.strip_prefix(&root).unwrap_or(csv).display()
        );
        let _ = writeln!(section, "{}\n", composition_line(label, composition));
        let out = work.join(format!("out-{label}"));
        let cache = work.join(format!("cache-{label}"));
        if cache.exists() {
            fs::remove_dir_all(&cache).expect("remove the bench's cache folder");
        }
        println!("[{label}] Verbatim, cold cache …");
        let pipeline = root.join("pipelines/survey-comments.toml");
        let cold = run_verbatim(&root, &bin, &pipeline, csv, &out, &cache, &mut cache_flag);
        let cold_row = VerbatimRow::from_run(&cold, &out, *rows, cache_flag);

        let rerun_row = if opts.rerun && cold.succeeded() {
            println!("[{label}] Verbatim re-run, themes.resolution 1.0 → 2.0 …");
            let rerun_toml = write_rerun_pipeline(&pipeline, csv, &work.join("rerun.toml"));
            let out2 = work.join(format!("out-{label}-rerun"));
            let run = run_verbatim(
                &root,
                &bin,
                &rerun_toml,
                csv,
                &out2,
                &cache,
                &mut cache_flag,
            );
            Some(VerbatimRow::from_run(&run, &out2, *rows, cache_flag))
        } else {
            None
        };

        let bertopic = if !opts.bertopic {
            BertopicOutcome::NotAsked
        } else if *rows > BERTOPIC_DEFAULT_MAX_ROWS && !env_flag("BENCH_BERTOPIC_1M") {
            BertopicOutcome::Skipped(skipped_note(*rows, bertopic_100k.as_ref()))
        } else {
            println!("[{label}] BERTopic …");
            let outcome = run_bertopic(&root, csv);
            if let BertopicOutcome::Ran(run) = &outcome {
                if *rows == BERTOPIC_DEFAULT_MAX_ROWS {
                    bertopic_100k = Some(run.clone());
                }
            }
            outcome
        };

        section.push_str(&size_table(&cold_row, rerun_row.as_ref(), &bertopic));
        println!("{section}");
        results.push_str(&section);
        fs::write(&results_path, &results).expect("write results.md");
    }
    println!("written to {}", results_path.display());
}

// ---------------------------------------------------------------------------------------------
// Options

struct Options {
    sizes: Vec<(String, usize)>,
    bertopic: bool,
    gen_only: bool,
    rerun: bool,
}

impl Options {
    fn parse() -> Options {
        let mut opts = Options {
            sizes: Vec::new(),
            bertopic: env_flag("BENCH_BERTOPIC"),
            gen_only: false,
            rerun: true,
        };
        for arg in std::env::args().skip(1) {
            match arg.as_str() {
                // cargo bench passes --bench to harness = false targets.
                "--bench" => {}
                "--bertopic" => opts.bertopic = true,
                "--gen-only" => opts.gen_only = true,
                "--no-rerun" => opts.rerun = false,
                size => match parse_size(size) {
                    Some(rows) => opts.sizes.push((size.to_ascii_lowercase(), rows)),
                    None => {
                        eprintln!(
                            "scale bench: unknown argument {size:?} (sizes: 10k, 100k, 1m or a \
                             row count; flags: --bertopic, --gen-only, --no-rerun)"
                        );
                        std::process::exit(2);
                    }
                },
            }
        }
        if opts.sizes.is_empty() {
            opts.sizes = vec![("10k".into(), 10_000), ("100k".into(), 100_000)];
        }
        opts
    }
}

fn parse_size(s: &str) -> Option<usize> {
    let s = s.to_ascii_lowercase();
    let (digits, mult) = if let Some(d) = s.strip_suffix('k') {
        (d, 1_000)
    } else if let Some(d) = s.strip_suffix('m') {
        (d, 1_000_000)
    } else {
        (s.as_str(), 1)
    };
    let n: usize = digits.replace('_', "").parse().ok()?;
    (n > 0).then_some(n * mult)
}

fn env_flag(name: &str) -> bool {
    std::env::var(name).is_ok_and(|v| !v.is_empty() && v != "0")
}

// ---------------------------------------------------------------------------------------------
// Generator

/// Sentence pools and the fixture's metadata values.
struct Sources {
    header: Vec<String>,
    fixture: Vec<String>,
    banking: Vec<String>,
    tweets: Vec<String>,
    shared: bool,
    channels: Vec<(String, u64)>,
    regions: Vec<(String, u64)>,
    /// (nps_score, csat, effort, resolved) of every fixture row, drawn as a tuple so their
    /// correlation is kept.
    scores: Vec<[String; 4]>,
}

impl Sources {
    fn load(root: &Path) -> Sources {
        let path = root.join("fixtures/survey_comments.csv");
        let mut reader = csv::Reader::from_path(&path).expect("read fixtures/survey_comments.csv");
        let header: Vec<String> = reader
            .headers()
            .expect("fixture header")
            .iter()
            .map(str::to_owned)
            .collect();
        for col in &header {
            assert!(
                KNOWN_COLUMNS.contains(&col.as_str()),
                "fixtures/survey_comments.csv has a column the generator cannot fill: {col}"
            );
        }
        for col in KNOWN_COLUMNS {
            assert!(
                header.iter().any(|h| h == col),
                "fixtures/survey_comments.csv lacks the column {col}"
            );
        }
        let idx = |name: &str| header.iter().position(|h| h == name).unwrap();
        let mut fixture = Vec::new();
        let mut channels: HashMap<String, u64> = HashMap::new();
        let mut regions: HashMap<String, u64> = HashMap::new();
        let mut scores = Vec::new();
        for row in reader.records() {
            let row = row.expect("fixture row");
            fixture.extend(split_sentences(&row[idx("comment")]));
            *channels.entry(row[idx("channel")].to_owned()).or_default() += 1;
            *regions.entry(row[idx("region")].to_owned()).or_default() += 1;
            scores
                .push(["nps_score", "csat", "effort", "resolved"].map(|c| row[idx(c)].to_owned()));
        }
        let sorted = |m: HashMap<String, u64>| {
            let mut v: Vec<_> = m.into_iter().filter(|(k, _)| !k.is_empty()).collect();
            v.sort();
            v
        };

        // `BENCH_SHARED_DATA` points elsewhere (or at nothing, to try the fallback).
        let data = std::env::var_os("BENCH_SHARED_DATA")
            .map_or_else(|| root.join("../shared/data"), PathBuf::from);
        let mut banking = Vec::new();
        let mut tweets = Vec::new();
        let banking_csv = data.join("banking77/train.csv");
        if let Ok(mut reader) = csv::Reader::from_path(&banking_csv) {
            let text = reader
                .headers()
                .ok()
                .and_then(|h| h.iter().position(|c| c == "text"))
                .unwrap_or(0);
            for row in reader.records().map_while(Result::ok) {
                banking.extend(split_sentences(&row[text]));
            }
        }
        for split in ["val_text.txt", "test_text.txt"] {
            if let Ok(text) = fs::read_to_string(data.join("tweeteval-sentiment").join(split)) {
                for line in text.lines() {
                    tweets.extend(split_sentences(line));
                }
            }
        }
        let shared = !banking.is_empty() && !tweets.is_empty();
        Sources {
            header,
            fixture,
            banking,
            tweets,
            shared,
            channels: sorted(channels),
            regions: sorted(regions),
            scores,
        }
    }

    fn description(&self) -> String {
        if self.shared {
            format!(
                "sentences of fixtures/survey_comments.csv ({}), ../shared/data/banking77/train.csv \
                 ({}) and ../shared/data/tweeteval-sentiment val+test ({})",
                self.fixture.len(),
                self.banking.len(),
                self.tweets.len()
            )
        } else {
            format!(
                "sentences of fixtures/survey_comments.csv only ({}; ../shared absent)",
                self.fixture.len()
            )
        }
    }
}

/// Splits after a run of `.`, `!` or `?` followed by white space; keeps sentences with at least
/// two words (not counting hashtags and handles).
fn split_sentences(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if matches!(c, '.' | '!' | '?') {
            if let Some(&(_, next)) = chars.peek() {
                if next.is_whitespace() {
                    out.push(&text[start..i + 1]);
                    start = i + 1;
                }
            }
        }
    }
    out.push(&text[start..]);
    out.into_iter()
        .map(str::trim)
        .filter(|s| {
            s.split_whitespace()
                .filter(|w| !w.starts_with(['#', '@']) && w.chars().any(char::is_alphabetic))
                .count()
                >= 2
        })
        .map(str::to_owned)
        .collect()
}

struct Rng(Xoshiro256PlusPlus);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        (self.0.next_u64() % n as u64) as usize
    }
    fn unit(&mut self) -> f64 {
        (self.0.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
    fn weighted<'a>(&mut self, items: &'a [(String, u64)]) -> &'a str {
        let total: u64 = items.iter().map(|(_, w)| w).sum();
        let mut x = self.0.next_u64() % total;
        for (value, w) in items {
            if x < *w {
                return value;
            }
            x -= w;
        }
        &items[items.len() - 1].0
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Source {
    Fixture,
    Banking,
    Tweets,
    /// Long complaints: fixture and banking sentences mixed.
    Complaint,
}

/// What a generated file is made of (kept in the `.done` sidecar).
fn generate(sources: &Sources, rows: usize, csv_path: &Path) -> Value {
    let done = csv_path.with_extension("csv.done");
    let source_tag = if sources.shared {
        "fixture+shared"
    } else {
        "fixture-only"
    };
    if let (Ok(meta), Ok(text)) = (fs::metadata(csv_path), fs::read_to_string(&done)) {
        if let Ok(mark) = serde_json::from_str::<Value>(&text) {
            if mark["generator"] == GENERATOR_VERSION
                && mark["rows"] == rows as u64
                && mark["bytes"] == meta.len()
                && mark["sources"] == source_tag
            {
                return mark;
            }
        }
    }
    let started = Instant::now();
    let mut rng = Rng(Xoshiro256PlusPlus::seed_from_u64(SEED));
    let digits = rows.to_string().len().max(4);
    let tmp = csv_path.with_extension("csv.tmp");
    let mut writer = csv::Writer::from_path(&tmp).expect("create the bench CSV");
    writer.write_record(&sources.header).unwrap();

    let mut comments: Vec<String> = Vec::with_capacity(rows);
    let mut customers: Vec<usize> = Vec::with_capacity(rows);
    let mut seen: HashSet<u64> = HashSet::with_capacity(rows);
    let mut next_customer = 0usize;
    let (mut planted, mut exact_dups, mut repeat_rows, mut sentences, mut varied) = (0, 0, 0, 0, 0);
    let mut buckets = [0usize; 3];
    let mut by_source = [0usize; 4];
    let mut chars = 0usize;

    for i in 0..rows {
        let duplicate = i > 0 && rng.unit() < 0.05;
        let (comment, customer) = if duplicate {
            // The same comment again: half by the same respondent (a resubmission), half by
            // someone else (a copy-paste campaign).
            planted += 1;
            let j = rng.below(i);
            let customer = if rng.unit() < 0.5 {
                customers[j]
            } else {
                new_or_repeat(&mut rng, &mut next_customer, &mut repeat_rows)
            };
            (comments[j].clone(), customer)
        } else {
            let r = rng.unit();
            let (n, bucket) = if r < 0.02 {
                (rng.range(10, 25), 2)
            } else if r < 0.12 {
                (rng.range(4, 8), 1)
            } else {
                let x = rng.unit();
                (
                    if x < 0.5 {
                        1
                    } else if x < 0.8 {
                        2
                    } else {
                        3
                    },
                    0,
                )
            };
            buckets[bucket] += 1;
            let source = if !sources.shared {
                Source::Fixture
            } else if bucket == 2 {
                Source::Complaint
            } else {
                // One-sentence comments lean on the larger pools: the fixture has only a few
                // hundred sentences, which would make them repeat far more than real ones do.
                let (fixture, banking) = if n == 1 { (0.30, 0.65) } else { (0.50, 0.78) };
                let x = rng.unit();
                if x < fixture {
                    Source::Fixture
                } else if x < banking {
                    Source::Banking
                } else {
                    Source::Tweets
                }
            };
            by_source[source as usize] += 1;
            let mut parts: Vec<String> = Vec::with_capacity(n);
            for _ in 0..n {
                let pool = match source {
                    Source::Fixture => &sources.fixture,
                    Source::Banking => &sources.banking,
                    Source::Tweets => &sources.tweets,
                    Source::Complaint if rng.unit() < 0.6 => &sources.fixture,
                    Source::Complaint => &sources.banking,
                };
                let mut s = rng.pick(pool);
                if parts.last().is_some_and(|p| p.contains(s.as_str())) {
                    s = rng.pick(pool);
                }
                let (text, was_varied) = vary(&mut rng, s, n == 1);
                varied += usize::from(was_varied);
                parts.push(text);
            }
            sentences += n;
            let customer = new_or_repeat(&mut rng, &mut next_customer, &mut repeat_rows);
            (parts.join(" "), customer)
        };
        if !seen.insert(hash(&comment)) {
            exact_dups += 1;
        }
        chars += comment.chars().count();

        let day = i * DAYS / rows;
        let scores = rng.pick(&sources.scores);
        let record: Vec<String> = sources
            .header
            .iter()
            .map(|col| match col.as_str() {
                "response_id" => format!("R{:0digits$}", i + 1),
                "date" => iso_date(day),
                "customer_id" => format!("C{:0digits$}", customer + 1),
                "channel" => rng.weighted(&sources.channels).to_owned(),
                "region" => rng.weighted(&sources.regions).to_owned(),
                "nps_score" => scores[0].clone(),
                "csat" => scores[1].clone(),
                "effort" => scores[2].clone(),
                "resolved" => scores[3].clone(),
                "comment" => comment.clone(),
                other => unreachable!("unknown column {other}"),
            })
            .collect();
        writer.write_record(&record).unwrap();
        comments.push(comment);
        customers.push(customer);
    }
    writer.flush().unwrap();
    drop(writer);
    fs::rename(&tmp, csv_path).expect("rename the bench CSV");
    let bytes = fs::metadata(csv_path).unwrap().len();
    let generated = rows - planted;
    let mark = json!({
        "generator": GENERATOR_VERSION,
        "seed": SEED,
        "rows": rows as u64,
        "bytes": bytes,
        "sources": source_tag,
        "source_sentences": {
            "fixture": sources.fixture.len(),
            "banking77": sources.banking.len(),
            "tweeteval": sources.tweets.len(),
        },
        "mean_sentences": sentences as f64 / generated.max(1) as f64,
        "mean_chars": chars as f64 / rows.max(1) as f64,
        "varied_sentence_share": varied as f64 / sentences.max(1) as f64,
        "length_share": {
            "1-3": buckets[0] as f64 / generated.max(1) as f64,
            "4-8": buckets[1] as f64 / generated.max(1) as f64,
            "10-25": buckets[2] as f64 / generated.max(1) as f64,
        },
        "source_share": {
            "fixture": by_source[Source::Fixture as usize] as f64 / generated.max(1) as f64,
            "banking77": by_source[Source::Banking as usize] as f64 / generated.max(1) as f64,
            "tweeteval": by_source[Source::Tweets as usize] as f64 / generated.max(1) as f64,
            "long_complaint_mix": by_source[Source::Complaint as usize] as f64 / generated.max(1) as f64,
        },
        "planted_duplicate_share": planted as f64 / rows.max(1) as f64,
        "exact_duplicate_share": exact_dups as f64 / rows.max(1) as f64,
        "respondents": next_customer,
        "repeat_respondent_rows": repeat_rows as f64 / rows.max(1) as f64,
        "generate_seconds": started.elapsed().as_secs_f64(),
    });
    fs::write(&done, serde_json::to_string_pretty(&mark).unwrap()).expect("write .done");
    mark
}

/// 80% of comments come from a new respondent, 20% from one who answered before.
fn new_or_repeat(rng: &mut Rng, next: &mut usize, repeats: &mut usize) -> usize {
    if *next > 0 && rng.unit() < 0.2 {
        *repeats += 1;
        rng.below(*next)
    } else {
        *next += 1;
        *next - 1
    }
}

/// Sometimes puts a discourse opener before the sentence or a neutral tail before its final
/// punctuation (more often in one-sentence comments, which would otherwise repeat a lot);
/// always ends it with punctuation so sentences stay apart when joined.
fn vary(rng: &mut Rng, sentence: &str, alone: bool) -> (String, bool) {
    let (p_opener, p_tail) = if alone { (0.55, 0.35) } else { (0.30, 0.15) };
    let mut s = sentence.to_owned();
    let mut varied = false;
    if rng.unit() < p_opener {
        let opener = rng.pick::<&str>(&OPENERS);
        let mut cs = s.chars();
        let first = cs.next().unwrap_or(' ');
        let second = cs.next().unwrap_or(' ');
        if !opener.ends_with(": ") && first.is_ascii_uppercase() && second.is_lowercase() {
            s = format!("{opener}{}{}", first.to_ascii_lowercase(), &s[1..]);
        } else {
            s = format!("{opener}{s}");
        }
        varied = true;
    }
    let body = s.trim_end_matches(['.', '!', '?']).len();
    // A tail reads oddly after a hashtag, handle, link or ellipsis.
    let last_word = s[..body].rsplit(' ').next().unwrap_or("");
    let tail_fits = !s[..body].ends_with(['…', ',', ';', ':', '-'])
        && !last_word.starts_with(['#', '@'])
        && !last_word.contains("http");
    if rng.unit() < p_tail && tail_fits {
        s.insert_str(body, rng.pick::<&str>(&TAILS));
        varied = true;
    }
    if !s.ends_with(['.', '!', '?', '…', '"', ')', '\'']) {
        s.push('.');
    }
    (s, varied)
}

fn hash(s: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    s.hash(&mut h);
    h.finish()
}

fn iso_date(mut day: usize) -> String {
    for (m, len) in MONTH_DAYS.iter().enumerate() {
        if day < *len {
            return format!("2026-{:02}-{:02}", m + 1, day + 1);
        }
        day -= len;
    }
    "2026-06-30".into()
}

fn composition_line(label: &str, c: &Value) -> String {
    let pct = |v: &Value| format!("{:.1}%", 100.0 * v.as_f64().unwrap_or(0.0));
    format!(
        "[{label}] {} rows, {:.1} MB: mean {:.2} sentences and {:.0} chars per comment; lengths \
         1–3 / 4–8 / 10–25 sentences {} / {} / {}; planted duplicates {}, all exact duplicate \
         comments {}; {} respondents ({} of rows by a repeat respondent); sources fixture {} / \
         banking77 {} / tweeteval {} / long-complaint mix {}; {} of sentences varied with an \
         opener or tail ({})",
        c["rows"],
        c["bytes"].as_f64().unwrap_or(0.0) / 1e6,
        c["mean_sentences"].as_f64().unwrap_or(0.0),
        c["mean_chars"].as_f64().unwrap_or(0.0),
        pct(&c["length_share"]["1-3"]),
        pct(&c["length_share"]["4-8"]),
        pct(&c["length_share"]["10-25"]),
        pct(&c["planted_duplicate_share"]),
        pct(&c["exact_duplicate_share"]),
        c["respondents"],
        pct(&c["repeat_respondent_rows"]),
        pct(&c["source_share"]["fixture"]),
        pct(&c["source_share"]["banking77"]),
        pct(&c["source_share"]["tweeteval"]),
        pct(&c["source_share"]["long_complaint_mix"]),
        pct(&c["varied_sentence_share"]),
        c["sources"].as_str().unwrap_or("?"),
    )
}

// ---------------------------------------------------------------------------------------------
// Measuring child processes

struct Measured {
    /// 1-minute load average just before the start (timings are contended when it is high).
    load_before: f64,
    wall: f64,
    max_rss_kib: i64,
    code: Option<i32>,
    signal: Option<i32>,
    timed_out: bool,
    stdout: String,
    stderr: String,
}

impl Measured {
    fn succeeded(&self) -> bool {
        self.code == Some(0)
    }

    fn failure(&self) -> String {
        if self.timed_out {
            format!("killed after the {:.0} s timeout", self.wall)
        } else if let Some(sig) = self.signal {
            let hint = if sig == libc::SIGKILL {
                " (out of memory?)"
            } else {
                ""
            };
            format!("killed by signal {sig}{hint} after {:.0} s", self.wall)
        } else {
            format!("exit {} after {:.1} s", self.code.unwrap_or(-1), self.wall)
        }
    }
}

/// Runs `cmd` to completion; wall time from spawn to reap, peak RSS from `wait4`'s rusage
/// (this child and its waited-for descendants). Stderr lines are echoed with `echo_prefix`.
fn run_measured(
    cmd: &mut Command,
    timeout: Option<Duration>,
    echo_prefix: Option<&str>,
) -> Measured {
    cmd.stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let load_before = load_average();
    let start = Instant::now();
    let mut child = cmd.spawn().unwrap_or_else(|e| panic!("spawn {cmd:?}: {e}"));
    let pid = child.id() as libc::pid_t;
    let mut stdout = child.stdout.take().unwrap();
    let stderr = child.stderr.take().unwrap();
    let out_thread = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = stdout.read_to_string(&mut s);
        s
    });
    let prefix = echo_prefix.map(str::to_owned);
    let err_thread = std::thread::spawn(move || {
        let mut all = String::new();
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if let Some(p) = &prefix {
                eprintln!("{p}{line}");
            }
            all.push_str(&line);
            all.push('\n');
        }
        all
    });

    let mut status: libc::c_int = 0;
    // SAFETY: rusage is plain old data; all-zero is a valid value.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let mut timed_out = false;
    loop {
        let flags = if timeout.is_some() { libc::WNOHANG } else { 0 };
        // SAFETY: pid is our own unreaped child; status and usage are valid out-pointers.
        let r = unsafe { libc::wait4(pid, &mut status, flags, &mut usage) };
        if r == pid {
            break;
        }
        if r == -1 {
            let err = std::io::Error::last_os_error();
            assert!(
                err.kind() == std::io::ErrorKind::Interrupted,
                "wait4: {err}"
            );
            continue;
        }
        if let Some(limit) = timeout {
            if !timed_out && start.elapsed() > limit {
                // SAFETY: sending a signal to our own child.
                unsafe { libc::kill(pid, libc::SIGKILL) };
                timed_out = true;
            }
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let wall = start.elapsed().as_secs_f64();
    // The child is reaped; dropping the handle does not wait again.
    drop(child);
    Measured {
        load_before,
        wall,
        max_rss_kib: usage.ru_maxrss,
        code: libc::WIFEXITED(status).then(|| libc::WEXITSTATUS(status)),
        signal: libc::WIFSIGNALED(status).then(|| libc::WTERMSIG(status)),
        timed_out,
        stdout: out_thread.join().unwrap_or_default(),
        stderr: err_thread.join().unwrap_or_default(),
    }
}

fn load_average() -> f64 {
    fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|t| t.split_whitespace().next()?.parse().ok())
        .unwrap_or(f64::NAN)
}

// ---------------------------------------------------------------------------------------------
// Verbatim

/// The release binary cargo built for this bench (same profile settings as `--release`);
/// `VERBATIM_BIN` overrides it.
fn verbatim_binary(root: &Path) -> PathBuf {
    let bin = std::env::var_os("VERBATIM_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_verbatim")));
    if !bin.exists() {
        eprintln!(
            "{} does not exist: run `cargo build --release` in {}",
            bin.display(),
            root.display()
        );
        std::process::exit(1);
    }
    bin
}

fn run_verbatim(
    root: &Path,
    bin: &Path,
    pipeline: &Path,
    csv: &Path,
    out: &Path,
    cache: &Path,
    cache_flag: &mut bool,
) -> Measured {
    let command = |with_cache: bool| {
        let mut cmd = Command::new(bin);
        cmd.current_dir(root)
            .arg("run")
            .arg(pipeline)
            .arg("--input")
            .arg(csv)
            .arg("--out")
            .arg(out)
            .arg("--quiet");
        if with_cache {
            cmd.arg("--cache").arg(cache);
        }
        cmd
    };
    let mut run = run_measured(&mut command(*cache_flag), None, None);
    if *cache_flag && run.code == Some(2) && run.stderr.contains("--cache") {
        println!("cache: n/a (this binary has no --cache flag; running without it)");
        *cache_flag = false;
        run = run_measured(&mut command(false), None, None);
    }
    if !run.succeeded() {
        eprintln!(
            "verbatim run failed ({}):\n{}",
            run.failure(),
            tail(&run.stderr, 40)
        );
    }
    run
}

fn tail(text: &str, lines: usize) -> String {
    let all: Vec<&str> = text.lines().collect();
    all[all.len().saturating_sub(lines)..].join("\n")
}

/// Copies the pipeline with `resolution = 1.0` → `2.0` and the input path made absolute
/// (relative paths in a pipeline resolve against its own folder).
fn write_rerun_pipeline(pipeline: &Path, csv: &Path, dest: &Path) -> PathBuf {
    let text = fs::read_to_string(pipeline).expect("read the pipeline");
    assert_eq!(
        text.matches("resolution = 1.0").count(),
        1,
        "{} should set `resolution = 1.0` exactly once",
        pipeline.display()
    );
    let csv_abs = fs::canonicalize(csv).expect("absolute CSV path");
    let mut in_input = false;
    let mut out = String::new();
    for line in text.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with('[') {
            in_input = trimmed.starts_with("[input]");
        }
        if in_input && trimmed.starts_with("path =") {
            let _ = writeln!(out, "path = {}", toml_string(&csv_abs.to_string_lossy()));
        } else if trimmed.starts_with("resolution = 1.0") {
            out.push_str(&line.replacen("resolution = 1.0", "resolution = 2.0", 1));
            out.push('\n');
        } else {
            out.push_str(line);
            out.push('\n');
        }
    }
    fs::write(dest, out).expect("write rerun.toml");
    dest.to_path_buf()
}

fn toml_string(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// One Verbatim run as a table row, read leniently from its measurements and output files.
struct VerbatimRow {
    run: Measured,
    rows: Option<u64>,
    segments: Option<u64>,
    stages: Vec<(String, f64)>,
    cache: Option<(u64, u64)>,
    cache_flag: bool,
    fit_sample: Option<String>,
    themes: Option<u64>,
    uncoded_share: Option<f64>,
}

impl VerbatimRow {
    fn from_run(
        run: &Measured,
        out: &Path,
        generated_rows: usize,
        cache_flag: bool,
    ) -> VerbatimRow {
        let run = Measured {
            stdout: String::new(),
            stderr: String::new(),
            ..*run
        };
        if !run.succeeded() {
            return VerbatimRow {
                run,
                rows: Some(generated_rows as u64),
                segments: None,
                stages: Vec::new(),
                cache: None,
                cache_flag,
                fit_sample: None,
                themes: None,
                uncoded_share: None,
            };
        }
        let timings = read_json(&out.join("timings.json"));
        let run_json = read_json(&out.join("run.json"));
        let rows = timings["rows"]
            .as_u64()
            .or_else(|| run_json["rows"]["read"].as_u64())
            .or(Some(generated_rows as u64));
        let segments = timings["segments"]
            .as_u64()
            .or_else(|| run_json["segments"]["total"].as_u64())
            .or_else(|| run_json["counters"]["embed"]["segments"].as_u64());
        let mut stages = parse_stages(&timings["stages"]);
        if stages.is_empty() {
            stages = parse_stages(&run_json["timings"]);
        }
        // The embedding cache's counts: timings.json `embedding_cache: {hits, misses}`, or
        // run.json `counters.embed.{cache_hits, cache_misses}`.
        let embed = &run_json["counters"]["embed"];
        let cache = [
            (&timings["embedding_cache"], "hits", "misses"),
            (&run_json["embedding_cache"], "hits", "misses"),
            (embed, "cache_hits", "cache_misses"),
        ]
        .into_iter()
        .find_map(|(v, hits, misses)| v[hits].as_u64().zip(v[misses].as_u64()));
        let fit = [
            &run_json["counters"]["themes"]["fit_sample"],
            &run_json["themes"]["fit_sample"],
        ]
        .into_iter()
        .find(|v| !v.is_null())
        .map(|v| match v {
            Value::Number(n) => group(n.as_f64().unwrap_or(0.0)),
            other => other.to_string(),
        });
        let uncoded_share = run_json["rows"]["uncoded"]
            .as_f64()
            .zip(run_json["rows"]["read"].as_f64())
            .filter(|(_, read)| *read > 0.0)
            .map(|(u, read)| u / read);
        VerbatimRow {
            run,
            rows,
            segments,
            stages,
            cache,
            cache_flag,
            fit_sample: fit,
            themes: run_json["themes"]["count"].as_u64(),
            uncoded_share,
        }
    }
}

fn read_json(path: &Path) -> Value {
    fs::read_to_string(path)
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or(Value::Null)
}

/// Stages as `[{"name"|"stage": …, "seconds": …}]`, `[[name, seconds]]` or `{name: seconds}`.
fn parse_stages(v: &Value) -> Vec<(String, f64)> {
    match v {
        Value::Array(items) => items
            .iter()
            .filter_map(|item| match item {
                Value::Object(o) => {
                    let name = o.get("name").or_else(|| o.get("stage"))?.as_str()?;
                    Some((name.to_owned(), o.get("seconds")?.as_f64()?))
                }
                Value::Array(pair) if pair.len() == 2 => {
                    Some((pair[0].as_str()?.to_owned(), pair[1].as_f64()?))
                }
                _ => None,
            })
            .collect(),
        Value::Object(o) => o
            .iter()
            .filter_map(|(k, v)| Some((k.clone(), v.as_f64()?)))
            .collect(),
        _ => Vec::new(),
    }
}

// ---------------------------------------------------------------------------------------------
// BERTopic

#[derive(Clone)]
struct BertopicRun {
    load_before: f64,
    wall: f64,
    max_rss_kib: i64,
    rows: u64,
    topics: Option<u64>,
    outlier_share: Option<f64>,
    stages: Vec<(String, f64)>,
    version: String,
    failure: Option<String>,
}

enum BertopicOutcome {
    NotAsked,
    Skipped(String),
    Ran(BertopicRun),
}

fn run_bertopic(root: &Path, csv: &Path) -> BertopicOutcome {
    let python = std::env::var_os("BERTOPIC_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join(".cache/bertopic-scale-venv/bin/python"));
    if !python.exists() {
        return BertopicOutcome::Skipped(format!(
            "not run: {} is missing (run benches/bertopic/setup-scale.sh)",
            python.display()
        ));
    }
    let timeout = std::env::var("BENCH_BERTOPIC_TIMEOUT")
        .ok()
        .and_then(|s| s.parse::<u64>().ok())
        .map(Duration::from_secs);
    let mut cmd = Command::new(&python);
    cmd.current_dir(root)
        .arg("benches/bertopic/scale.py")
        .arg(csv);
    let run = run_measured(&mut cmd, timeout, Some("  bertopic | "));
    let result = run
        .stdout
        .lines()
        .rev()
        .find_map(|l| l.strip_prefix("RESULT "))
        .and_then(|j| serde_json::from_str::<Value>(j).ok())
        .unwrap_or(Value::Null);
    for line in run.stdout.lines().filter(|l| !l.starts_with("RESULT ")) {
        println!("  bertopic | {line}");
    }
    let failure = (!run.succeeded()).then(|| run.failure());
    if let Some(f) = &failure {
        eprintln!("BERTopic failed ({f})");
    }
    BertopicOutcome::Ran(BertopicRun {
        load_before: run.load_before,
        wall: run.wall,
        max_rss_kib: run.max_rss_kib,
        rows: result["rows"].as_u64().unwrap_or(0),
        topics: result["topics"].as_u64(),
        outlier_share: result["outlier_share"].as_f64(),
        stages: parse_stages(&result["stages"]),
        version: result["versions"]["bertopic"]
            .as_str()
            .unwrap_or("?")
            .to_owned(),
        failure,
    })
}

fn skipped_note(rows: usize, at_100k: Option<&BertopicRun>) -> String {
    let mut note =
        "not run (set BENCH_BERTOPIC_1M=1 to try; BENCH_BERTOPIC_TIMEOUT=SECS bounds it)"
            .to_owned();
    if let Some(run) = at_100k.filter(|r| r.failure.is_none() && r.rows > 0) {
        let scale = rows as f64 / run.rows as f64;
        let embed = run
            .stages
            .iter()
            .find(|(n, _)| n == "embed")
            .map(|(_, s)| *s);
        if let Some(embed) = embed {
            let _ = write!(
                note,
                "; from the 100k run, its embedding step alone would take ~{:.0} s here, \
                 UMAP and HDBSCAN grow faster than linearly",
                embed * scale
            );
        }
    }
    note
}

// ---------------------------------------------------------------------------------------------
// Report

fn header(root: &Path, bin: &Path, sources: &Sources) -> String {
    let cpu = fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|t| {
            t.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|s| s.trim().to_owned())
        })
        .unwrap_or_else(|| "?".into());
    let mem_gib = fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|t| {
            t.lines()
                .find(|l| l.starts_with("MemTotal:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map_or("?".into(), |kb| format!("{:.0} GiB", kb / 1024.0 / 1024.0));
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let capture = |cmd: &mut Command| {
        cmd.output()
            .ok()
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
            .unwrap_or_default()
    };
    let date = capture(Command::new("date").args(["-u", "+%Y-%m-%d %H:%M UTC"]));
    let git = capture(
        Command::new("git")
            .current_dir(root)
            .args(["describe", "--always", "--dirty"]),
    );
    let version = capture(Command::new(bin).arg("--version"));
    format!(
        "# Scale benchmark, {date}\n\n\
         Machine: {cpu}, {cores} cores, {mem_gib}. {version} (git {git}), \
         `pipelines/survey-comments.toml` unchanged with `--input`.\n\
         Comments recombine {}.\n\
         Wall and peak RSS: the whole child process, measured by the bench (`wait4`). Rows/s = \
         rows / wall. Verbatim segments sentences (and contrast clauses); BERTopic embeds each \
         comment whole, its default. Stage seconds come from each tool's own report.\n\n",
        sources.description()
    )
}

fn size_table(
    cold: &VerbatimRow,
    rerun: Option<&VerbatimRow>,
    bertopic: &BertopicOutcome,
) -> String {
    let mut t = String::new();
    t.push_str(
        "| run | rows | segments | wall s | rows/s | peak RSS MiB | cache hit rate | fit sample \
         | themes / topics | uncoded / outlier rows | stages (s) |\n\
         |---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n",
    );
    t.push_str(&verbatim_line("Verbatim, cold cache", cold, None));
    if let Some(r) = rerun {
        t.push_str(&verbatim_line(
            "Verbatim re-run, resolution 2.0",
            r,
            Some(cold.run.wall),
        ));
    }
    match bertopic {
        BertopicOutcome::NotAsked => {}
        BertopicOutcome::Skipped(note) => {
            let _ = writeln!(t, "| BERTopic | | | {note} | | | | | | | |");
        }
        BertopicOutcome::Ran(b) => {
            let name = format!("BERTopic {} (per comment)", b.version);
            if let Some(f) = &b.failure {
                let _ = writeln!(
                    t,
                    "| {name} | {} | | {f} | | {} | | | | | {} |",
                    group(b.rows as f64),
                    group(b.max_rss_kib as f64 / 1024.0),
                    stages_text(&b.stages)
                );
            } else {
                let _ = writeln!(
                    t,
                    "| {name} | {} | — | {:.1} | {} | {} | — | — | {} | {} | {} |",
                    group(b.rows as f64),
                    b.wall,
                    group(b.rows as f64 / b.wall),
                    group(b.max_rss_kib as f64 / 1024.0),
                    b.topics.map_or("n/a".into(), |n| n.to_string()),
                    b.outlier_share.map_or("n/a".into(), percent),
                    stages_text(&b.stages)
                );
            }
        }
    }
    t.push('\n');
    if let Some(r) = rerun.filter(|r| r.run.succeeded() && cold.run.succeeded()) {
        let share = 100.0 * r.run.wall / cold.run.wall;
        let verdict = if share <= RERUN_TARGET_PERCENT {
            "met"
        } else {
            "NOT met"
        };
        let _ = writeln!(
            t,
            "- Re-run with only `themes.resolution` changed (1.0 → 2.0), same cache: {:.1} s = \
             **{share:.1}%** of the cold run (target ≤ {RERUN_TARGET_PERCENT:.0}% at 100k: {verdict}).",
            r.run.wall
        );
    }
    let mut loads = vec![format!("cold {:.1}", cold.run.load_before)];
    if let Some(r) = rerun {
        loads.push(format!("re-run {:.1}", r.run.load_before));
    }
    if let BertopicOutcome::Ran(b) = bertopic {
        loads.push(format!("BERTopic {:.1}", b.load_before));
    }
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let _ = writeln!(
        t,
        "- 1-minute load average just before each run: {} ({cores} cores; well above 0 means \
         other work shared the CPU and the timings are inflated).",
        loads.join(", ")
    );
    if let BertopicOutcome::Ran(b) = bertopic {
        if b.failure.is_none() && cold.run.succeeded() {
            let _ = writeln!(
                t,
                "- Verbatim / BERTopic: wall **{:.2}×**, peak RSS **{:.2}×** (below 1 = Verbatim \
                 is faster / smaller).",
                cold.run.wall / b.wall,
                cold.run.max_rss_kib as f64 / b.max_rss_kib as f64
            );
        }
    }
    t.push('\n');
    t
}

fn verbatim_line(name: &str, row: &VerbatimRow, first_wall: Option<f64>) -> String {
    let run = &row.run;
    let na = || "n/a".to_owned();
    if !run.succeeded() {
        return format!(
            "| {name} | {} | | {} | | {} | | | | | |\n",
            row.rows.map_or_else(na, |r| group(r as f64)),
            run.failure(),
            group(run.max_rss_kib as f64 / 1024.0)
        );
    }
    let wall = match first_wall {
        Some(first) => format!("{:.1} ({:.1}% of cold)", run.wall, 100.0 * run.wall / first),
        None => format!("{:.1}", run.wall),
    };
    let cache = match (row.cache_flag, row.cache) {
        (false, _) => "n/a (no --cache)".to_owned(),
        (true, Some((hits, misses))) if hits + misses > 0 => format!(
            "{} ({}/{})",
            percent(hits as f64 / (hits + misses) as f64),
            group(hits as f64),
            group((hits + misses) as f64)
        ),
        _ => na(),
    };
    format!(
        "| {name} | {} | {} | {wall} | {} | {} | {cache} | {} | {} | {} | {} |\n",
        row.rows.map_or_else(na, |r| group(r as f64)),
        row.segments.map_or_else(na, |s| group(s as f64)),
        row.rows.map_or_else(na, |r| group(r as f64 / run.wall)),
        group(run.max_rss_kib as f64 / 1024.0),
        row.fit_sample.clone().unwrap_or_else(na),
        row.themes.map_or_else(na, |n| n.to_string()),
        row.uncoded_share.map_or_else(na, percent),
        if row.stages.is_empty() {
            na()
        } else {
            stages_text(&row.stages)
        },
    )
}

fn stages_text(stages: &[(String, f64)]) -> String {
    stages
        .iter()
        .map(|(name, secs)| format!("{name} {secs:.1}"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn percent(x: f64) -> String {
    format!("{:.1}%", 100.0 * x)
}

/// Rounds to an integer with thousands separators.
fn group(x: f64) -> String {
    let n = x.round() as i64;
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 {
        format!("-{out}")
    } else {
        out
    }
}
