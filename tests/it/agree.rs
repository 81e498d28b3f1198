//! `verbatim agree` against the hand-coded sample comments in fixtures/agreement/.

use crate::common::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Codes the sample with the shipped codebook (stable code ids) into `dir/run`.
fn deductive_run(dir: &Path) -> std::path::PathBuf {
    let run = dir.join("run");
    verbatim_ok(&[
        "run",
        "pipelines/survey-deductive.toml",
        "--out",
        run.to_str().unwrap(),
        "--quiet",
    ]);
    run
}

#[test]
fn agreement_with_human_coders_matches_recomputation() {
    let tmp = tempfile::tempdir().unwrap();
    let run = deductive_run(tmp.path());
    let out = tmp.path().join("agreement");
    let printed = verbatim_ok(&[
        "agree",
        "--human",
        "fixtures/agreement/human_codes.csv",
        "--machine",
        run.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(
        stdout(&printed).contains("agreement per comment"),
        "no spans: comment level"
    );

    // Recompute coder_a's pooled kappa by hand from coded.csv and the human file.
    let human = read_csv(&repo().join("fixtures/agreement/human_codes.csv"));
    let mut coded_by_a: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for row in &human[1..] {
        if row[1] == "coder_a" {
            let set = coded_by_a.entry(row[0].clone()).or_default();
            if !row[2].is_empty() {
                set.insert(row[2].clone());
            }
        }
    }
    let coded = read_csv(&run.join("coded.csv"));
    let machine: BTreeMap<String, BTreeSet<String>> = column(&coded, "id")
        .into_iter()
        .zip(column(&coded, "theme_ids"))
        .map(|(id, t)| {
            (
                id,
                t.split(';')
                    .filter(|s| !s.is_empty())
                    .map(str::to_owned)
                    .collect(),
            )
        })
        .collect();
    let mut codes: BTreeSet<String> = coded_by_a.values().flatten().cloned().collect();
    for id in coded_by_a.keys() {
        codes.extend(machine[id].iter().cloned());
    }
    let (mut both, mut h_only, mut m_only, mut neither) = (0.0, 0.0, 0.0, 0.0);
    for (id, h) in &coded_by_a {
        for code in &codes {
            match (h.contains(code), machine[id].contains(code)) {
                (true, true) => both += 1.0,
                (true, false) => h_only += 1.0,
                (false, true) => m_only += 1.0,
                (false, false) => neither += 1.0,
            }
        }
    }
    let n: f64 = both + h_only + m_only + neither;
    let po = (both + neither) / n;
    let (ph, pm) = ((both + h_only) / n, (both + m_only) / n);
    let pe = ph * pm + (1.0 - ph) * (1.0 - pm);
    let kappa = (po - pe) / (1.0 - pe);

    let rows = read_csv(&out.join("agreement.csv"));
    let (code, coder) = (column(&rows, "code"), column(&rows, "coder"));
    let i = (0..code.len())
        .find(|&i| code[i] == "all" && coder[i] == "coder_a")
        .expect("a pooled row for coder_a");
    let reported: f64 = column(&rows, "kappa")[i].parse().unwrap();
    assert!((reported - kappa).abs() < 1e-4, "{reported} vs {kappa}");
    assert_eq!(column(&rows, "units")[i], (n as usize).to_string());
    assert!(
        kappa > 0.3,
        "zero-shot codebook coding agrees better than chance: {kappa}"
    );
    // Two human coders: alpha across coder_a, coder_b and the machine on the pooled row.
    let alpha: f64 = column(&rows, "alpha")[i].parse().unwrap();
    assert!((-1.0..=1.0).contains(&alpha));
    assert!(coder.iter().any(|c| c == "coder_b"));

    // The audit sample: stratified, reproducible, and a review sheet `agree` reads back. A
    // reviewer who confirms every machine code gives kappa 1 at segment level.
    let sheet = tmp.path().join("sample.csv");
    let args = |seed: &str, out: &Path| {
        verbatim_ok(&[
            "sample",
            run.to_str().unwrap(),
            "--per-theme",
            "3",
            "--seed",
            seed,
            "--out",
            out.to_str().unwrap(),
            "--quiet",
        ])
    };
    args("7", &sheet);
    let again = tmp.path().join("again.csv");
    args("7", &again);
    assert_eq!(
        std::fs::read(&sheet).unwrap(),
        std::fs::read(&again).unwrap()
    );
    let drawn = read_csv(&sheet);
    let strata = column(&drawn, "stratum");
    let mut per: BTreeMap<&str, usize> = BTreeMap::new();
    for s in &strata {
        *per.entry(s.as_str()).or_default() += 1;
    }
    assert!(per.values().all(|&n| n <= 3) && per.len() > 5, "{per:?}");
    let confirmed = tmp.path().join("confirmed.csv");
    let mut w = csv::Writer::from_path(&confirmed).unwrap();
    w.write_record(&drawn[0]).unwrap();
    let code_at = drawn[0].iter().position(|h| h == "code").unwrap();
    let segments = read_csv(&run.join("segments.csv"));
    assert_eq!(segments[0][7], "other_theme_ids");
    let others: BTreeMap<(String, String), String> = segments[1..]
        .iter()
        .map(|r| ((r[0].clone(), r[1].clone()), r[7].clone()))
        .collect();
    for row in &drawn[1..] {
        // The stratum is the segment's best code; its other codes are confirmed too.
        let stratum = row[5].clone();
        let mut codes = vec![if stratum == "uncoded" {
            String::new()
        } else {
            stratum
        }];
        let key = (row[0].clone(), row[1].clone());
        codes.extend(
            others[&key]
                .split(';')
                .filter(|c| !c.is_empty())
                .map(str::to_owned),
        );
        for code in codes {
            let mut row = row.clone();
            row[code_at] = code;
            w.write_record(&row).unwrap();
        }
    }
    w.flush().unwrap();
    let check = tmp.path().join("check");
    let printed = verbatim_ok(&[
        "agree",
        "--human",
        confirmed.to_str().unwrap(),
        "--machine",
        run.to_str().unwrap(),
        "--out",
        check.to_str().unwrap(),
    ]);
    assert!(stdout(&printed).contains("agreement per segment"));
    let rows = read_csv(&check.join("agreement.csv"));
    let code = column(&rows, "code");
    let pooled = code.iter().position(|c| c == "all").unwrap();
    assert_eq!(column(&rows, "kappa")[pooled], "1.0000");
}

#[test]
fn unknown_comment_ids_are_reported_with_the_file() {
    let tmp = tempfile::tempdir().unwrap();
    let run = deductive_run(tmp.path());
    let human = tmp.path().join("human.csv");
    std::fs::write(&human, "id,code\nR0003,app-website\nNOPE,driver\n").unwrap();
    let out = verbatim(&[
        "agree",
        "--human",
        human.to_str().unwrap(),
        "--machine",
        run.to_str().unwrap(),
        "--out",
        tmp.path().join("a").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(3));
    assert!(stderr(&out).contains("human.csv") && stderr(&out).contains("NOPE"));
    assert!(!Path::new(&tmp.path().join("a")).exists());
}
