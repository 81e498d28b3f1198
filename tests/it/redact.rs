//! Redaction guarantees, through the real binary: planted personal data never reaches any
//! output file, log line or error message.

use crate::common::*;
use std::fs;
use std::io::Write;
use std::process::{Command, Stdio};

/// Values planted in the canary rows; none may appear in any output byte.
const CANARIES: &[&str] = &[
    "priya.sharma@example.co.uk",
    "07700 900123",
    "+44 20 7946 0958",
    "4111 1111 1111 1111",
    "GB82 WEST 1234 5698 7654 32",
    "JG 10 37 48 D",
    "943 476 5919",
    "LS6 2AB",
    "192.168.14.201",
    "https://shop.example.com/orders?id=88231&user=992",
    "@SarahJ_88",
    "12/03/1987",
    "Wojciech Kowalczyk",
    "Oluwaseun",
    "Siobhan O'Neill",
    "14 Acacia Avenue",
    "ORD-558812",
];

fn canary_rows() -> Vec<(String, String)> {
    vec![
        ("C1".into(), "Please email me at priya.sharma@example.co.uk or ring 07700 900123 about the missing eggs.".into()),
        ("C2".into(), "The driver, Wojciech Kowalczyk, was brilliant and carried everything in.".into()),
        ("C3".into(), "I was charged twice on card 4111 1111 1111 1111, refund to GB82 WEST 1234 5698 7654 32 please.".into()),
        ("C4".into(), "My NI number is JG 10 37 48 D and NHS number 943 476 5919, DOB 12/03/1987, why do you need them?".into()),
        ("C5".into(), "Deliver to 14 Acacia Avenue, Leeds LS6 2AB not next door. Order ORD-558812 again late.".into()),
        ("C6".into(), "Spoke to Oluwaseun on +44 20 7946 0958 who was lovely. Thanks, Siobhan O'Neill".into()),
        ("C7".into(), "Tracking link https://shop.example.com/orders?id=88231&user=992 never loads from 192.168.14.201".into()),
        ("C8".into(), "Tweeted you as @SarahJ_88 three times and nobody answered.".into()),
    ]
}

/// The sample fixture plus the canary rows, with a canary in a metadata column too.
fn write_input(dir: &std::path::Path) -> std::path::PathBuf {
    let sample = read_csv(&repo().join("fixtures/survey_comments.csv"));
    let path = dir.join("with_pii.csv");
    let mut w = csv::Writer::from_path(&path).unwrap();
    w.write_record(&sample[0]).unwrap();
    for row in &sample[1..] {
        w.write_record(row).unwrap();
    }
    for (i, (id, text)) in canary_rows().into_iter().enumerate() {
        let region = if i == 0 { "call 07700 900123" } else { "North" };
        w.write_record([
            id.as_str(),
            "2026-06-28",
            &format!("X{i}"),
            "email",
            region,
            "3",
            "2",
            "3",
            "no",
            text.as_str(),
        ])
        .unwrap();
    }
    w.flush().unwrap();
    path
}

/// Parts of planted values that are personal on their own (theme keywords are lower-cased
/// single words, so a name could leak as one).
const CANARY_PARTS: &[&str] = &[
    "wojciech",
    "kowalczyk",
    "oluwaseun",
    "siobhan",
    "o'neill",
    "priya",
    "sharma",
    "sarahj",
    "acacia",
    "88231",
    "558812",
];

fn assert_no_canary(what: &str, bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes).to_lowercase();
    for value in CANARIES.iter().chain(CANARY_PARTS) {
        assert!(
            !text.contains(&value.to_lowercase()),
            "{what} contains planted value {value:?}"
        );
    }
}

#[test]
fn canary_values_reach_no_output_log_or_error() {
    let tmp = tempfile::tempdir().unwrap();
    let input = write_input(tmp.path());
    let out = tmp.path().join("out");
    let run = verbatim_ok(&[
        "run",
        "pipelines/survey-comments.toml",
        "--input",
        input.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_no_canary("stdout", &run.stdout);
    assert_no_canary("stderr", &run.stderr);
    let mut files = 0;
    for entry in fs::read_dir(&out).unwrap() {
        let path = entry.unwrap().path();
        assert_no_canary(&path.display().to_string(), &fs::read(&path).unwrap());
        if path.extension().is_some_and(|e| e == "qdpx") {
            // The REFI-QDA archive is compressed: check every file in it.
            let mut zip = zip::ZipArchive::new(fs::File::open(&path).unwrap()).unwrap();
            for k in 0..zip.len() {
                let mut bytes = Vec::new();
                std::io::Read::read_to_end(&mut zip.by_index(k).unwrap(), &mut bytes).unwrap();
                assert_no_canary("project.qdpx", &bytes);
            }
        }
        if path.extension().is_some_and(|e| e == "xlsx") {
            // The workbook is compressed: check its cells.
            use calamine::Reader;
            let mut book: calamine::Xlsx<_> = calamine::open_workbook(&path).unwrap();
            for name in book.sheet_names() {
                let range = book.worksheet_range(&name).unwrap();
                for (_, _, cell) in range.used_cells() {
                    assert_no_canary(&name, cell.to_string().as_bytes());
                }
            }
        }
        files += 1;
    }
    assert!(files >= 7, "all outputs written, redactions.csv included");

    // Every canary row is still there (redacted, not dropped) and redactions are counted.
    let coded = read_csv(&out.join("coded.csv"));
    assert_eq!(coded.len(), 433 + 8);
    let redactions = read_csv(&out.join("redactions.csv"));
    assert_eq!(redactions[0], ["id", "field", "entity_type", "count"]);
    let ids: std::collections::BTreeSet<&str> =
        redactions[1..].iter().map(|r| r[0].as_str()).collect();
    for (id, _) in canary_rows() {
        assert!(ids.contains(id.as_str()), "{id} has redactions logged");
    }
    assert!(redactions[1..]
        .iter()
        .any(|r| r[0] == "C1" && r[1] == "region" && r[2] == "phone"));
    let meta: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(out.join("run.json")).unwrap()).unwrap();
    assert!(meta["redaction"]["total"].as_u64().unwrap() >= CANARIES.len() as u64);
    assert!(meta["redaction"]["rows_with_pii"].as_u64().unwrap() >= 8);
}

#[test]
fn errors_never_quote_personal_data() {
    let tmp = tempfile::tempdir().unwrap();
    let bad = tmp.path().join("bad.csv");
    fs::write(
        &bad,
        "response_id,comment\nR1,fine\nR2,\"ring 07700 900123\",extra field from priya.sharma@example.co.uk\n",
    )
    .unwrap();
    let run = verbatim(&[
        "run",
        "pipelines/survey-comments.toml",
        "--input",
        bad.to_str().unwrap(),
        "--metadata-columns",
        "",
    ]);
    assert_eq!(run.status.code(), Some(3));
    assert!(stderr(&run).contains("bad.csv, row 3"), "{}", stderr(&run));
    assert_no_canary("stderr", &run.stderr);
}

#[test]
fn redact_command_rewrites_only_named_columns() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("export.csv");
    fs::write(
        &input,
        "ticket;agent_note;customer_text\nT1;call back 07700 900123;Email me at priya.sharma@example.co.uk please\nT2;;Nothing personal here\n",
    )
    .unwrap();
    let out = tmp.path().join("redacted.csv");
    let run = verbatim_ok(&[
        "redact",
        "--input",
        input.to_str().unwrap(),
        "--column",
        "customer_text",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(
        stderr(&run).contains("redacted 2 rows, 1 with personal data: email 1"),
        "{}",
        stderr(&run)
    );
    similar_asserts::assert_eq!(
        fs::read_to_string(&out).unwrap(),
        "ticket;agent_note;customer_text\nT1;call back 07700 900123;Email me at [EMAIL] please\nT2;;Nothing personal here\n"
    );
}

#[test]
fn redact_command_filters_standard_input() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_verbatim"))
        .args(["redact", "--quiet"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"ring 07700 900123 now\nno pii here\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    similar_asserts::assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "ring [PHONE] now\nno pii here\n"
    );
}
