//! Fuzzing the readers (`make fuzz`, or `cargo bench --bench fuzz -- [TARGET…]`): every input
//! a user can hand Verbatim — CSV/TSV, JSONL, XLSX, DOCX, WebVTT/SRT and plain transcripts,
//! codebooks (TOML, CSV, QDC), REFI-QDA projects — and the redactor, fed mutated copies of a
//! seed corpus for a set time each. A panic is a failure: the input is saved under
//! `target/fuzz/crashes/` and the run exits non-zero. Errors are fine: they are the answer to
//! a bad file.
//!
//! cargo-fuzz needs a nightly compiler this project does not assume; this is a plain
//! mutation fuzzer (byte flips, inserted delimiters, quotes, NUL and invalid UTF-8 bytes,
//! deleted, repeated and spliced ranges) with a fixed seed, so a run is reproducible.
//! Mutated ZIP bytes mostly fail the archive's checksums before any XML is parsed, so for the
//! zip-based formats every other input instead mutates one entry inside a seed archive and
//! zips it again: the XML readers behind the archive see as many mutations as the archive code.
//! `FUZZ_SECONDS` sets the time per target (default 60).
//!
//! Seeds: `benches/fuzz/corpus/<target>/`, plus the project's fixtures for that format.

use rand_xoshiro::rand_core::{RngCore, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use verbatim::codebook::Codebook;
use verbatim::ingest::config::{InputConfig, TranscriptConfig};
use verbatim::qda::{self, Project};
use verbatim::record::Format;
use verbatim::redact::config::RedactConfig;
use verbatim::redact::Redactor;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// What one target feeds its input to.
enum Sink {
    /// `ingest::read` on a file with this extension, read as this format.
    Ingest(Format, &'static str),
    /// `Codebook::load` on a file with this extension.
    Codebook(&'static str),
    /// A REFI-QDA project read as human coding.
    Qdpx,
    /// The redactor, on the input as text.
    Redact,
}

struct Target {
    name: &'static str,
    sink: Sink,
    /// Fixture files used as seeds besides the committed corpus.
    fixtures: &'static [&'static str],
}

const TARGETS: &[Target] = &[
    Target {
        name: "csv",
        sink: Sink::Ingest(Format::Csv, "csv"),
        fixtures: &["fixtures/survey_comments.csv", "fixtures/social/posts.csv"],
    },
    Target {
        name: "tsv",
        sink: Sink::Ingest(Format::Tsv, "tsv"),
        fixtures: &[],
    },
    Target {
        name: "jsonl",
        sink: Sink::Ingest(Format::Jsonl, "jsonl"),
        fixtures: &[],
    },
    Target {
        name: "xlsx",
        sink: Sink::Ingest(Format::Xlsx, "xlsx"),
        fixtures: &[],
    },
    Target {
        name: "docx",
        sink: Sink::Ingest(Format::Docx, "docx"),
        fixtures: &[],
    },
    Target {
        name: "vtt",
        sink: Sink::Ingest(Format::Vtt, "vtt"),
        fixtures: &["fixtures/transcripts/group-2-bristol.vtt"],
    },
    Target {
        name: "srt",
        sink: Sink::Ingest(Format::Srt, "srt"),
        fixtures: &["fixtures/transcripts/group-3-glasgow.srt"],
    },
    Target {
        name: "transcript",
        sink: Sink::Ingest(Format::Transcript, "txt"),
        fixtures: &["fixtures/transcripts/group-1-leeds.txt"],
    },
    Target {
        name: "codebook-toml",
        sink: Sink::Codebook("toml"),
        fixtures: &["pipelines/codebooks/service-feedback.toml"],
    },
    Target {
        name: "codebook-csv",
        sink: Sink::Codebook("csv"),
        fixtures: &[],
    },
    Target {
        name: "codebook-qdc",
        sink: Sink::Codebook("qdc"),
        fixtures: &[],
    },
    Target {
        name: "qdpx",
        sink: Sink::Qdpx,
        fixtures: &[],
    },
    Target {
        name: "redact",
        sink: Sink::Redact,
        fixtures: &[],
    },
];

/// Bytes worth inserting: the delimiters and markers the readers branch on.
const TOKENS: &[&[u8]] = &[
    b"\"",
    b",",
    b";",
    b"\t",
    b"\n",
    b"\r\n",
    b"\r",
    b"\0",
    b"\xff",
    b"\xc3",
    b"\xef\xbb\xbf",
    b"{",
    b"}",
    b"[",
    b"]",
    b":",
    b"<",
    b">",
    b"&",
    b"=",
    b"-->",
    b"00:00:01,000",
    b"P1: ",
    b"@",
    b"+44 ",
    b"\"\"",
    b"<v Ann>",
    b"PK\x03\x04",
    b"\xe2\x80\xae",
];

fn mutate(rng: &mut Xoshiro256PlusPlus, seeds: &[Vec<u8>]) -> Vec<u8> {
    let pick = |rng: &mut Xoshiro256PlusPlus, n: usize| (rng.next_u64() % n.max(1) as u64) as usize;
    let mut data = seeds[pick(rng, seeds.len())].clone();
    for _ in 0..1 + pick(rng, 8) {
        let at = pick(rng, data.len() + 1);
        match pick(rng, 6) {
            0 if !data.is_empty() => {
                let i = pick(rng, data.len());
                data[i] ^= 1 << pick(rng, 8);
            }
            1 => {
                let token = TOKENS[pick(rng, TOKENS.len())];
                data.splice(at..at, token.iter().copied());
            }
            2 if !data.is_empty() => {
                let end = (at + 1 + pick(rng, 64)).min(data.len());
                data.drain(at.min(end)..end);
            }
            3 if !data.is_empty() => {
                let start = pick(rng, data.len());
                let end = (start + 1 + pick(rng, 256)).min(data.len());
                let copy = data[start..end].to_vec();
                data.splice(at..at, copy);
            }
            4 => {
                let other = &seeds[pick(rng, seeds.len())];
                let from = pick(rng, other.len() + 1);
                data.truncate(at);
                data.extend_from_slice(&other[from..]);
            }
            _ => data.truncate(at),
        }
    }
    data.truncate(1 << 20);
    data
}

/// Mutates one entry of a seed that is a ZIP archive and zips the entries again; `None` when
/// no seed is an archive.
fn mutate_inside(rng: &mut Xoshiro256PlusPlus, seeds: &[Vec<u8>]) -> Option<Vec<u8>> {
    use std::io::{Read, Write};
    let zips: Vec<&Vec<u8>> = seeds
        .iter()
        .filter(|s| s.starts_with(b"PK\x03\x04"))
        .collect();
    if zips.is_empty() {
        return None;
    }
    let seed = zips[(rng.next_u64() % zips.len() as u64) as usize];
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(seed.as_slice())).ok()?;
    let mut entries = Vec::new();
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).ok()?;
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes).ok()?;
        entries.push((file.name().to_owned(), bytes));
    }
    if entries.is_empty() {
        return None;
    }
    let target = (rng.next_u64() % entries.len() as u64) as usize;
    let texts: Vec<Vec<u8>> = entries.iter().map(|(_, b)| b.clone()).collect();
    let mut mutated = mutate(rng, &texts[target..=target]);
    // Now and then, another entry's text spliced in: a worksheet's XML inside the shared
    // strings, a project file inside a source.
    if rng.next_u64().is_multiple_of(4) {
        let other = &texts[(rng.next_u64() % texts.len() as u64) as usize];
        let at = (rng.next_u64() % (mutated.len() as u64 + 1)) as usize;
        mutated.splice(at..at, other.iter().copied());
    }
    entries[target].1 = mutated;
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, bytes) in &entries {
        writer
            .start_file(name.as_str(), zip::write::SimpleFileOptions::default())
            .ok()?;
        writer.write_all(bytes).ok()?;
    }
    Some(writer.finish().ok()?.into_inner())
}

fn seeds(target: &Target) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    let dir = repo().join("benches/fuzz/corpus").join(target.name);
    if let Ok(entries) = std::fs::read_dir(&dir) {
        let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
        paths.sort();
        out.extend(paths.iter().filter_map(|p| std::fs::read(p).ok()));
    }
    out.extend(
        target
            .fixtures
            .iter()
            .filter_map(|f| std::fs::read(repo().join(f)).ok()),
    );
    out.extend(archives(target.name));
    if out.is_empty() {
        out.push(Vec::new());
    }
    out
}

/// Seeds for the zip-based formats, built here rather than committed as binaries: a small
/// workbook, a Word document with speaker turns, and a coded REFI-QDA project.
fn archives(target: &str) -> Vec<Vec<u8>> {
    use std::io::Write;
    let zip = |entries: &[(&str, &str)]| {
        let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        for (name, text) in entries {
            writer
                .start_file(*name, zip::write::SimpleFileOptions::default())
                .expect("zip entry");
            writer.write_all(text.as_bytes()).expect("zip write");
        }
        writer.finish().expect("zip").into_inner()
    };
    match target {
        "xlsx" => {
            let mut book = rust_xlsxwriter::Workbook::new();
            let sheet = book.add_worksheet();
            for (r, row) in [
                ["id", "region", "comment"],
                ["1", "North", "Late again"],
                ["2", "", "=1+1"],
            ]
            .iter()
            .enumerate()
            {
                for (c, cell) in row.iter().enumerate() {
                    sheet.write_string(r as u32, c as u16, *cell).expect("cell");
                }
            }
            sheet.write_number(3, 0, 3.0).expect("cell");
            vec![book.save_to_buffer().expect("workbook")]
        }
        "docx" => vec![zip(&[
            (
                "[Content_Types].xml",
                r#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>"#,
            ),
            (
                "word/document.xml",
                r#"<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Moderator: Welcome.</w:t></w:r></w:p><w:p><w:r><w:t xml:space="preserve">P1: The app </w:t></w:r><w:r><w:t>crashed.</w:t></w:r></w:p></w:body></w:document>"#,
            ),
        ])],
        "qdpx" => vec![zip(&[
            (
                "project.qde",
                r#"<?xml version="1.0" encoding="utf-8"?><Project xmlns="urn:QDA-XML:project:1.0" name="p"><CodeBook><Codes><Code guid="00000000-0000-5000-a000-000000000001" name="Late" isCodable="true"/></Codes></CodeBook><Sources><TextSource guid="00000000-0000-5000-a000-000000000002" name="s" plainTextPath="internal://00000000-0000-5000-a000-000000000002.txt"><PlainTextSelection guid="00000000-0000-5000-a000-000000000003" startPosition="0" endPosition="4"><Coding guid="00000000-0000-5000-a000-000000000004"><CodeRef targetGUID="00000000-0000-5000-a000-000000000001"/></Coding></PlainTextSelection></TextSource><TextSource guid="00000000-0000-5000-a000-000000000005" name="t"><PlainTextContent>Inline text</PlainTextContent></TextSource></Sources></Project>"#,
            ),
            (
                "sources/00000000-0000-5000-a000-000000000002.txt",
                "Late again, and cold.",
            ),
        ])],
        _ => Vec::new(),
    }
}

/// Feeds one input; only a panic counts as a failure (errors are answers). Returns whether the
/// reader accepted the input, which shows how deep the mutations reach.
fn feed(sink: &Sink, data: &[u8], scratch: &Path, redactor: &mut Redactor) -> bool {
    let file = |ext: &str| {
        let path = scratch.join(format!("input.{ext}"));
        std::fs::write(&path, data).expect("scratch file");
        path
    };
    match sink {
        Sink::Ingest(format, ext) => {
            let config = InputConfig {
                path: file(ext),
                format: Some(*format),
                text_column: Some("comment".to_owned()),
                id_column: Some("id".to_owned()),
                metadata_columns: vec!["region".to_owned()],
                respondent_column: None,
                sheet: None,
                delimiter: None,
                quoting: true,
                encoding: "auto".to_owned(),
            };
            verbatim::ingest::read(&config, *format, &TranscriptConfig::default()).is_ok()
        }
        Sink::Codebook(ext) => Codebook::load(&file(ext)).is_ok(),
        Sink::Qdpx => {
            // What `agree --human project.qdpx` and a codebook import read: the selections,
            // every source's text and the codebook.
            let Ok(mut project) = Project::from_bytes(Path::new("input.qdpx"), data) else {
                return false;
            };
            let selections = qda::selections(&project).is_ok();
            let texts = qda::source_texts(&mut project).is_ok();
            let codebook = Codebook::load(&file("qdpx")).is_ok();
            selections && texts && codebook
        }
        Sink::Redact => {
            let _ = redactor.redact(&String::from_utf8_lossy(data));
            true
        }
    }
}

fn main() {
    let wanted: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    let seconds: u64 = std::env::var("FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(60);
    let crashes = repo().join("target/fuzz/crashes");
    let scratch = tempfile::tempdir().expect("scratch folder");
    let mut redactor = Redactor::new(&RedactConfig::default()).expect("default redactor");
    // Panics are caught and counted; their messages would only flood the output.
    std::panic::set_hook(Box::new(|_| {}));
    let mut failed = 0;
    println!("| target | seeds | executions | executions/s | accepted | panics |");
    println!("|---|---:|---:|---:|---:|---:|");
    for target in TARGETS
        .iter()
        .filter(|t| wanted.is_empty() || wanted.iter().any(|w| w == t.name))
    {
        let seeds = seeds(target);
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(0x5eed);
        let started = Instant::now();
        let (mut runs, mut panics, mut accepted) = (0u64, 0u64, 0u64);
        while started.elapsed() < Duration::from_secs(seconds) {
            let data = if (runs as usize) < seeds.len() {
                seeds[runs as usize].clone()
            } else if !runs.is_multiple_of(2) {
                mutate_inside(&mut rng, &seeds).unwrap_or_else(|| mutate(&mut rng, &seeds))
            } else {
                mutate(&mut rng, &seeds)
            };
            let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                feed(&target.sink, &data, scratch.path(), &mut redactor)
            }));
            runs += 1;
            accepted += u64::from(matches!(outcome, Ok(true)));
            if outcome.is_err() {
                panics += 1;
                std::fs::create_dir_all(&crashes).expect("crash folder");
                let path = crashes.join(format!("{}-{panics}", target.name));
                std::fs::write(&path, &data).expect("crash file");
            }
        }
        let rate = runs as f64 / started.elapsed().as_secs_f64();
        println!(
            "| {} | {} | {runs} | {rate:.0} | {accepted} | {panics} |",
            target.name,
            seeds.len()
        );
        if panics > 0 {
            failed += 1;
        }
    }
    if failed > 0 {
        let _ = std::panic::take_hook();
        eprintln!(
            "{failed} target(s) panicked; inputs saved in {}",
            crashes.display()
        );
        std::process::exit(1);
    }
}
