//! Helpers for driving the real `verbatim` binary.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs the binary with an embedding cache of its own, so that no test's vectors depend on
/// what another test cached (tests that are about the cache pass `--cache`).
pub fn verbatim(args: &[&str]) -> Output {
    let cache = tempfile::tempdir().expect("temporary cache folder");
    Command::new(env!("CARGO_BIN_EXE_verbatim"))
        .args(args)
        .env("VERBATIM_CACHE", cache.path())
        .current_dir(repo())
        .output()
        .expect("verbatim runs")
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Runs and asserts success, showing stderr when it fails.
pub fn verbatim_ok(args: &[&str]) -> Output {
    let out = verbatim(args);
    assert!(
        out.status.success(),
        "verbatim {args:?} failed:\n{}",
        stderr(&out)
    );
    out
}

/// Reads a CSV output into rows of strings (header first).
pub fn read_csv(path: &Path) -> Vec<Vec<String>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_path(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

pub fn column(rows: &[Vec<String>], name: &str) -> Vec<String> {
    let idx = rows[0]
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("no column {name}"));
    rows[1..].iter().map(|r| r[idx].clone()).collect()
}

/// Short feedback about three clearly different topics, written for these tests.
pub fn small_comments() -> Vec<String> {
    let delivery = [
        "The delivery arrived three hours late",
        "My order came late again this week",
        "Driver turned up way after the delivery slot",
        "Delivery was two hours late with no warning",
        "Late delivery again, the slot means nothing",
        "The courier was late and the food was warm",
        "Groceries arrived much later than promised",
        "Another late delivery, very frustrating",
    ];
    let app = [
        "The app crashes every time I open my basket",
        "App keeps logging me out when I pay",
        "The app freezes at checkout on my phone",
        "Since the update the app crashes constantly",
        "Cannot log in to the app, it just spins",
        "The app is slow and crashes when searching",
        "App froze twice while I was ordering",
        "The mobile app logs me out all the time",
    ];
    let refund = [
        "I was charged twice and still have no refund",
        "Still waiting for my refund after two weeks",
        "Refund for missing items never arrived",
        "Double charged on my card, refund please",
        "The refund took a month to reach my account",
        "They charged me for items I never received",
        "Billing error, I was overcharged again",
        "My refund has not been processed yet",
    ];
    delivery
        .iter()
        .chain(&app)
        .chain(&refund)
        .map(|s| s.to_string())
        .collect()
}
