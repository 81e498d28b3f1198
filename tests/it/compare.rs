//! `verbatim compare` on two halves of the sample, coded with the same codebook.

use crate::common::*;
use std::fs;
use std::path::Path;

const PIPELINE: &str = "pipelines/survey-comments.toml";

/// Writes the sample's rows dated before / from 2026-04-01 into two files.
pub(crate) fn split_sample(dir: &Path) -> (String, String) {
    let rows = read_csv(&repo().join("fixtures/survey_comments.csv"));
    let date = rows[0].iter().position(|h| h == "date").unwrap();
    let mut files = Vec::new();
    for (name, early) in [("q1.csv", true), ("q2.csv", false)] {
        let path = dir.join(name);
        let mut w = csv::Writer::from_path(&path).unwrap();
        w.write_record(&rows[0]).unwrap();
        for row in rows[1..]
            .iter()
            .filter(|r| (r[date].as_str() < "2026-04") == early)
        {
            w.write_record(row).unwrap();
        }
        w.flush().unwrap();
        files.push(path.to_str().unwrap().to_owned());
    }
    (files[0].clone(), files[1].clone())
}

/// % of analysed comments in a coded.csv raising `code`.
fn share(coded: &[Vec<String>], code: &str) -> f64 {
    let status = column(coded, "status");
    let themes = column(coded, "theme_ids");
    let analysed: Vec<usize> = (0..status.len())
        .filter(|&i| status[i] == "coded" || status[i] == "uncoded")
        .collect();
    let raising = analysed
        .iter()
        .filter(|&&i| themes[i].split(';').any(|t| t == code))
        .count();
    100.0 * raising as f64 / analysed.len() as f64
}

#[test]
fn halves_coded_with_one_codebook_compare() {
    let tmp = tempfile::tempdir().unwrap();
    let (q1, q2) = split_sample(tmp.path());
    let dir = |name: &str| tmp.path().join(name).to_str().unwrap().to_owned();
    let (a, b, c) = (dir("A"), dir("B"), dir("C"));
    verbatim_ok(&["run", PIPELINE, "--input", &q1, "--out", &a, "--quiet"]);
    let codebook = format!("{a}/codebook.toml");
    verbatim_ok(&[
        "run",
        PIPELINE,
        "--input",
        &q2,
        "--out",
        &b,
        "--codebook",
        &codebook,
        "--quiet",
    ]);
    let out = verbatim_ok(&["compare", &a, &b, "--out", &c, "--labels", "Q1,Q2"]);
    assert!(stdout(&out).contains("Q1 vs Q2"));

    let rows = read_csv(&Path::new(&c).join("compare.csv"));
    let get = |name: &str| column(&rows, name);
    let (measure, id) = (get("measure"), get("id"));
    let themes = read_csv(&Path::new(&a).join("themes.csv"));
    let codes = column(&themes, "theme_id");
    let shares: Vec<usize> = (0..measure.len())
        .filter(|&i| measure[i] == "theme_share")
        .collect();
    assert_eq!(shares.len(), codes.len(), "one theme_share row per code");
    let (coded_a, coded_b) = (
        read_csv(&Path::new(&a).join("coded.csv")),
        read_csv(&Path::new(&b).join("coded.csv")),
    );
    let (before, after) = (get("before_value"), get("after_value"));
    for &i in &shares {
        let b: f64 = before[i].parse().unwrap();
        let a: f64 = after[i].parse().unwrap();
        assert!((b - share(&coded_a, &id[i])).abs() < 0.006, "{}", id[i]);
        assert!((a - share(&coded_b, &id[i])).abs() < 0.006, "{}", id[i]);
        let d: f64 = get("difference")[i].parse().unwrap();
        assert!((d - (a - b)).abs() < 0.011);
    }
    let (kpi, scope) = (get("kpi"), get("scope"));
    assert!((0..kpi.len()).any(|i| kpi[i] == "nps" && scope[i] == "all"));
    for (p, flag) in get("p_value").iter().zip(get("flag")) {
        if let Ok(p) = p.parse::<f64>() {
            assert!((0.0..=1.0).contains(&p));
            assert_eq!(flag == "rise" || flag == "fall", p < 0.05);
        }
    }
    let html = fs::read_to_string(Path::new(&c).join("compare.html")).unwrap();
    assert!(html.contains("<h1>Q1 vs Q2</h1>") && !html.contains("<script"));
    assert!(html.contains("<svg"));

    // An independently coded second half has other themes under the same ids: refused.
    let d = dir("D");
    verbatim_ok(&["run", PIPELINE, "--input", &q2, "--out", &d, "--quiet"]);
    let refused = verbatim(&["compare", &a, &d, "--out", &dir("E")]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(
        stderr(&refused).contains("--codebook"),
        "{}",
        stderr(&refused)
    );
    assert!(!Path::new(&dir("E")).exists(), "nothing written");
}
