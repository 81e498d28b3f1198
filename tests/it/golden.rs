//! Golden outputs: every shipped pipeline on its bundled input, and each subcommand on the
//! fixtures, must write exactly the bytes recorded in `tests/golden/` (sha256 per file;
//! `timings.json` is left out, it holds wall times). A refactor that changes any byte fails
//! here, naming the files. After a deliberate change of output, record the new digests with
//! `VERBATIM_BLESS=1 cargo test golden` and say why in the commit.

use crate::common::{repo, verbatim_ok};
use sha2::{Digest, Sha256};
use std::fs;
use std::path::Path;

const PIPELINES: &[&str] = &[
    "survey-comments",
    "survey-deductive",
    "survey-hybrid",
    "focus-groups",
    "social-media",
];

/// `digest  name` per file of a folder (or one file), sorted by name; `tmp`, the test's own
/// temporary folder (in run.json as an input's path), is hashed as `$TMP`.
fn digests(path: &Path, tmp: &Path) -> String {
    let mut files: Vec<_> = if path.is_dir() {
        fs::read_dir(path)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.file_name().unwrap() != "timings.json")
            .collect()
    } else {
        vec![path.to_path_buf()]
    };
    files.sort();
    files
        .iter()
        .map(|file| {
            let mut bytes = fs::read(file).unwrap();
            if let Ok(text) = std::str::from_utf8(&bytes) {
                bytes = text.replace(tmp.to_str().unwrap(), "$TMP").into_bytes();
            }
            let hash: String = Sha256::digest(bytes)
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect();
            let name = file.file_name().unwrap().to_string_lossy();
            format!("{hash}  {name}\n")
        })
        .collect()
}

/// Compares what `case` wrote with `tests/golden/<case>.sha256`, or records it when
/// `VERBATIM_BLESS` is set; returns the names of the files that differ.
fn check(case: &str, written: &Path, tmp: &Path) -> Vec<String> {
    let manifest = repo().join("tests/golden").join(format!("{case}.sha256"));
    let actual = digests(written, tmp);
    if std::env::var_os("VERBATIM_BLESS").is_some() {
        fs::create_dir_all(manifest.parent().unwrap()).unwrap();
        fs::write(&manifest, &actual).unwrap();
        return Vec::new();
    }
    let expected = fs::read_to_string(&manifest).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (record it with VERBATIM_BLESS=1)",
            manifest.display()
        )
    });
    let lines = |s: &str| -> Vec<String> { s.lines().map(str::to_owned).collect() };
    let (want, got) = (lines(&expected), lines(&actual));
    let name = |line: &String| line.split_once("  ").map(|(_, n)| n.to_owned()).unwrap();
    let mut differ: Vec<String> = want
        .iter()
        .filter(|l| !got.contains(l))
        .chain(got.iter().filter(|l| !want.contains(l)))
        .map(|l| format!("{case}/{}", name(l)))
        .collect();
    differ.dedup();
    differ
}

#[test]
fn every_output_is_byte_identical_to_the_recorded_golden_digests() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = |name: &str| tmp.path().join(name);
    let path = |name: &str| dir(name).to_str().unwrap().to_owned();
    let mut differ = Vec::new();

    for pipeline in PIPELINES {
        let toml = format!("pipelines/{pipeline}.toml");
        verbatim_ok(&["run", &toml, "--out", &path(pipeline), "--quiet"]);
        differ.extend(check(pipeline, &dir(pipeline), tmp.path()));
    }

    // Two quarters of the sample, the second coded with the first's codebook, then compared.
    let (q1, q2) = crate::compare::split_sample(tmp.path());
    verbatim_ok(&[
        "run",
        "pipelines/survey-comments.toml",
        "--input",
        &q1,
        "--out",
        &path("q1"),
        "--quiet",
    ]);
    differ.extend(check("q1", &dir("q1"), tmp.path()));
    let codebook = format!("{}/codebook.toml", path("q1"));
    verbatim_ok(&[
        "run",
        "pipelines/survey-comments.toml",
        "--input",
        &q2,
        "--codebook",
        &codebook,
        "--out",
        &path("q2"),
        "--quiet",
    ]);
    differ.extend(check("q2", &dir("q2"), tmp.path()));
    verbatim_ok(&[
        "compare",
        &path("q1"),
        &path("q2"),
        "--out",
        &path("compare"),
        "--quiet",
    ]);
    differ.extend(check("compare", &dir("compare"), tmp.path()));

    verbatim_ok(&[
        "agree",
        "--human",
        "fixtures/agreement/human_codes.csv",
        "--machine",
        &path("survey-deductive"),
        "--out",
        &path("agreement"),
        "--quiet",
    ]);
    differ.extend(check("agreement", &dir("agreement"), tmp.path()));

    let sheet = dir("audit-sample.csv");
    let sheet = sheet.to_str().unwrap();
    verbatim_ok(&[
        "sample",
        &path("survey-comments"),
        "--out",
        sheet,
        "--quiet",
    ]);
    differ.extend(check("sample", Path::new(sheet), tmp.path()));

    let redacted = dir("redacted.csv");
    let redacted = redacted.to_str().unwrap();
    verbatim_ok(&[
        "redact",
        "--input",
        "fixtures/survey_comments.csv",
        "--column",
        "comment",
        "--out",
        redacted,
        "--quiet",
    ]);
    differ.extend(check("redact", Path::new(redacted), tmp.path()));

    assert!(
        differ.is_empty(),
        "outputs differ from tests/golden/: {differ:#?}\n(after a deliberate change: \
         VERBATIM_BLESS=1 cargo test golden)"
    );
}
