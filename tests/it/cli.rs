//! End-to-end tests of `verbatim run` through the real binary.

use crate::common::*;
use similar_asserts::assert_eq;
use std::fs;
use std::path::Path;

const PIPELINE: &str = "pipelines/survey-comments.toml";
const OUTPUTS: &[&str] = &[
    "coded.csv",
    "segments.csv",
    "themes.csv",
    "frequencies.csv",
    "kpis.csv",
    "trends.csv",
    "drivers.csv",
    "priorities.csv",
    "report.html",
    "report.xlsx",
    "project.qdpx",
    "codebook.qdc",
    "run.json",
    "timings.json",
];

fn run_json(dir: &Path) -> serde_json::Value {
    serde_json::from_str(&fs::read_to_string(dir.join("run.json")).unwrap()).unwrap()
}

#[test]
fn sample_pipeline_accounts_for_every_row() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("survey");
    let run = verbatim_ok(&["run", PIPELINE, "--out", out.to_str().unwrap(), "--quiet"]);
    assert!(stdout(&run).is_empty(), "--quiet prints nothing");
    for file in OUTPUTS {
        assert!(out.join(file).is_file(), "{file} written");
    }

    let input = read_csv(&repo().join("fixtures/survey_comments.csv"));
    let coded = read_csv(&out.join("coded.csv"));
    assert_eq!(coded.len(), input.len(), "one coded.csv row per input row");
    assert_eq!(column(&coded, "id"), column(&input, "response_id"));
    assert_eq!(column(&coded, "channel"), column(&input, "channel"));

    let status = column(&coded, "status");
    let n = |s: &str| status.iter().filter(|x| x.as_str() == s).count();
    let skipped = status.iter().filter(|s| s.starts_with("skipped:")).count();
    assert_eq!(n("coded") + n("uncoded") + skipped, input.len() - 1);
    assert_eq!(n("skipped:empty"), 6, "blank comments are kept as skipped");
    assert!(n("coded") > 350, "most comments get a theme");

    let meta = run_json(&out);
    assert_eq!(meta["rows"]["read"], 432);
    assert_eq!(meta["rows"]["coded"], n("coded"));
    assert_eq!(meta["rows"]["skipped"], skipped);
    assert_eq!(meta["model"]["name"], "all-MiniLM-L6-v2");
    assert_eq!(meta["input"]["encoding"], "UTF-8");

    // Every segment points back into its comment's text.
    // (A leading `'` before = + - @ is CSV-injection neutralisation, not part of the text.)
    let plain = |cell: &str| match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest.to_owned(),
        _ => cell.to_owned(),
    };
    let segments = read_csv(&out.join("segments.csv"));
    let texts: std::collections::HashMap<String, String> = column(&coded, "id")
        .into_iter()
        .zip(column(&coded, "text").iter().map(|t| plain(t)))
        .collect();
    for row in &segments[1..] {
        let (start, end): (usize, usize) = (row[2].parse().unwrap(), row[3].parse().unwrap());
        let text: String = texts[&row[0]]
            .chars()
            .skip(start)
            .take(end - start)
            .collect();
        assert_eq!(text, plain(&row[4]));
    }

    let themes = read_csv(&out.join("themes.csv"));
    let k = meta["themes"]["count"].as_u64().unwrap() as usize;
    assert_eq!(themes.len() - 1, k);
    assert!(
        (4..=20).contains(&k),
        "a readable number of themes for 432 comments, got {k}"
    );
    for (name, (keywords, exemplar)) in column(&themes, "name").iter().zip(
        column(&themes, "keywords")
            .iter()
            .zip(column(&themes, "exemplar_1")),
    ) {
        assert!(
            !name.is_empty() && !keywords.is_empty(),
            "every theme has a name and keywords"
        );
        assert!(!exemplar.is_empty(), "every theme has an exemplar");
    }
    // Cross-tables carry a chi-square test per theme, residual flags and small-cell
    // suppression; no cell can start a spreadsheet formula.
    let freq = read_csv(&out.join("frequencies.csv"));
    let cols = column(&freq, "column");
    let comments_col = column(&freq, "comments");
    let p_values = column(&freq, "p_value");
    let theme_ids = column(&freq, "theme_id");
    for (((col, comments), p), theme) in cols
        .iter()
        .zip(&comments_col)
        .zip(&p_values)
        .zip(&theme_ids)
    {
        if col == "channel" && theme != "uncoded" {
            assert!(p.parse::<f64>().is_ok(), "channel rows carry a p-value");
        }
        if let Ok(n) = comments.parse::<usize>() {
            assert!(n == 0 || n >= 5, "counts under 5 are suppressed, got {n}");
        }
    }
    assert!(comments_col.iter().any(|c| c == "<5"));
    assert!(column(&freq, "flag")
        .iter()
        .any(|f| f == "above" || f == "below"));
    for file in ["coded.csv", "segments.csv", "themes.csv", "frequencies.csv"] {
        for row in read_csv(&out.join(file)) {
            for cell in row {
                assert!(
                    !cell.starts_with(['=', '+', '@'])
                        && (!cell.starts_with('-') || cell.parse::<f64>().is_ok()),
                    "{file}: formula-like cell {cell:?}"
                );
            }
        }
    }
    // NPS with its interval: overall over every respondent, per theme and per channel.
    let kpis = read_csv(&out.join("kpis.csv"));
    let scope = column(&kpis, "scope");
    assert_eq!(scope[0], "all");
    let n_all: usize = column(&kpis, "n")[0].parse().unwrap();
    let answered = column(&input, "nps_score")
        .iter()
        .filter(|v| !v.is_empty())
        .count();
    assert_eq!(n_all, answered);
    let kinds = column(&kpis, "kpi");
    for kind in ["nps", "csat", "ces", "fcr"] {
        let per_theme = (0..kinds.len())
            .filter(|&i| kinds[i] == kind && scope[i] == "theme")
            .count();
        assert_eq!(per_theme, k, "{kind} per theme");
    }
    for (low, high) in column(&kpis, "low_95").iter().zip(column(&kpis, "high_95")) {
        // Groups under the disclosure threshold have no figures.
        let (Ok(low), Ok(high)) = (low.parse::<f64>(), high.parse::<f64>()) else {
            continue;
        };
        assert!((-100.0..=100.0).contains(&low) && low <= high && high <= 100.0);
    }
    // Two-level hierarchy: every theme sits under a parent theme.
    assert!(column(&themes, "parent_id")
        .iter()
        .all(|p| p.starts_with('P')));
    let uncoded = meta["segments"]["uncoded"].as_u64().unwrap() as f64;
    let segments_n = (segments.len() - 1) as f64;
    assert!(
        uncoded / segments_n <= 0.10,
        "at most 10% of segments uncoded"
    );
    analytics_match_coded_csv(&out, &coded);
    report_page_is_self_contained(&out, &themes);
    workbook_matches_the_csvs(&out, &themes);
}

/// report.xlsx: a sheet per table with the CSVs' rows, numbers as numbers, text never a formula.
fn workbook_matches_the_csvs(out: &Path, themes: &[Vec<String>]) {
    use calamine::{Data, Reader, Xlsx};
    let mut book: Xlsx<_> = calamine::open_workbook(out.join("report.xlsx")).unwrap();
    assert_eq!(
        book.sheet_names(),
        [
            "Summary",
            "Themes",
            "Frequencies",
            "KPIs",
            "Trends",
            "Drivers",
            "Priorities"
        ]
    );
    let sheet = book.worksheet_range("Themes").unwrap();
    assert_eq!(
        sheet.height(),
        themes.len(),
        "one row per theme plus the header"
    );
    assert_eq!(sheet.get((0, 0)), Some(&Data::String("theme_id".into())));
    let comments = themes[0].iter().position(|h| h == "comments").unwrap();
    assert_eq!(
        sheet.get((1, comments)),
        Some(&Data::Float(themes[1][comments].parse().unwrap())),
        "counts are numbers"
    );
    let freq = book.worksheet_range("Frequencies").unwrap();
    let csv_rows = read_csv(&out.join("frequencies.csv"));
    assert_eq!(freq.height(), csv_rows.len());
    let mut small = 0;
    for name in book.sheet_names() {
        for cell in book.worksheet_range(&name).unwrap().used_cells() {
            if let (_, _, Data::String(s)) = cell {
                small += usize::from(s == "<5");
                // Numbers are numeric cells; text is exact (no CSV neutralising quote left) and
                // stored with Excel's quote prefix, so it is never a formula.
                assert!(
                    !s.starts_with('\'') && s.parse::<f64>().is_err(),
                    "{name}: text cell {s:?}"
                );
            }
        }
    }
    assert!(small > 0, "suppressed counts are text");
}

/// report.html: one file, no scripts or remote resources, every section, every theme.
fn report_page_is_self_contained(out: &Path, themes: &[Vec<String>]) {
    let html = fs::read_to_string(out.join("report.html")).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>") && html.trim_end().ends_with("</html>"));
    assert!(!html.contains("<script"), "no scripts");
    assert!(!html.contains("src=\"http") && !html.contains("href=\"http"));
    for section in [
        "Summary",
        "Priorities",
        "Themes",
        "KPIs",
        "Key drivers",
        "Trends",
        "Themes by segment",
    ] {
        assert!(html.contains(&format!("<h2>{section}</h2>")), "{section}");
    }
    assert!(html.contains("not evidence of cause"));
    assert!(html.matches("<svg").count() >= 5, "charts are inline SVG");
    for name in column(themes, "name") {
        let escaped = name
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('\'', "&#39;");
        assert!(html.contains(&escaped), "theme {name} appears");
    }
}

/// Trends, drivers, priorities and respondent counts agree with what `coded.csv` says.
fn analytics_match_coded_csv(out: &Path, coded: &[Vec<String>]) {
    let status = column(coded, "status");
    let analysed: Vec<usize> = (0..status.len())
        .filter(|&i| status[i] == "coded" || status[i] == "uncoded")
        .collect();
    let themes_of: Vec<Vec<String>> = column(coded, "theme_ids")
        .iter()
        .map(|t| {
            t.split(';')
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect()
        })
        .collect();
    let months: Vec<String> = column(coded, "date")
        .iter()
        .map(|d| d[..7].to_owned())
        .collect();
    let nps: Vec<Option<f64>> = column(coded, "nps_score")
        .iter()
        .map(|v| v.parse().ok())
        .collect();

    // Frequencies: respondents counted once however often they answered.
    let freq = read_csv(&out.join("frequencies.csv"));
    let customers = column(coded, "customer_id");
    let distinct: std::collections::BTreeSet<&String> =
        analysed.iter().map(|&i| &customers[i]).collect();
    let first = &freq[1];
    let at = |name: &str| freq[0].iter().position(|h| h == name).unwrap();
    assert_eq!(first[at("respondent_base")], distinct.len().to_string());
    assert!(
        distinct.len() < analysed.len(),
        "the fixture has repeat respondents"
    );

    // Trends: each theme's monthly count and base, and flags only where p < 0.05.
    let trends = read_csv(&out.join("trends.csv"));
    let t = |name: &str| trends[0].iter().position(|h| h == name).unwrap();
    let mut theme_rows = 0;
    for row in &trends[1..] {
        let p: Option<f64> = row[t("p_value")].parse().ok();
        assert_eq!(
            !row[t("flag")].is_empty(),
            p.is_some_and(|p| p < 0.05),
            "flag agrees with p in {row:?}"
        );
        if row[t("measure")] != "theme" || row[t("count")].starts_with('<') {
            continue;
        }
        theme_rows += 1;
        let in_month: Vec<usize> = analysed
            .iter()
            .copied()
            .filter(|&i| months[i] == row[t("period")])
            .collect();
        let raising = in_month
            .iter()
            .filter(|&&i| themes_of[i].contains(&row[t("id")]))
            .count();
        assert_eq!(row[t("base")], in_month.len().to_string(), "{row:?}");
        assert_eq!(row[t("count")], raising.to_string(), "{row:?}");
    }
    assert!(theme_rows > 30, "six months of theme shares");
    assert!(
        trends[1..].iter().any(|r| !r[t("flag")].is_empty()),
        "some change is flagged"
    );

    // Drivers: NPS among comments raising a theme, recomputed; every row says it is no cause.
    let drivers = read_csv(&out.join("drivers.csv"));
    let d = |name: &str| drivers[0].iter().position(|h| h == name).unwrap();
    let nps_of = |rows: &[usize]| {
        let answers: Vec<f64> = rows.iter().filter_map(|&i| nps[i]).collect();
        let share = |f: &dyn Fn(f64) -> bool| answers.iter().filter(|&&v| f(v)).count() as f64;
        100.0 * (share(&|v| v >= 9.0) - share(&|v| v <= 6.0)) / answers.len() as f64
    };
    for row in drivers[1..].iter().filter(|r| r[d("kpi")] == "nps") {
        let (with, without): (Vec<usize>, Vec<usize>) = analysed
            .iter()
            .partition(|&&i| themes_of[i].contains(&row[d("theme_id")]));
        let kpi_with: f64 = row[d("kpi_with")].parse().unwrap();
        let kpi_without: f64 = row[d("kpi_without")].parse().unwrap();
        assert!((kpi_with - nps_of(&with)).abs() < 0.006, "{row:?}");
        assert!((kpi_without - nps_of(&without)).abs() < 0.006, "{row:?}");
        let impact: f64 = row[d("impact")].parse().unwrap();
        assert!((impact - (nps_of(&analysed) - nps_of(&without))).abs() < 0.006);
        assert!(row[d("note")].contains("not evidence of cause"));
    }

    // Priorities: ranked by score = volume × negativity × drag, quotes from the comments.
    let prio = read_csv(&out.join("priorities.csv"));
    let q = |name: &str| prio[0].iter().position(|h| h == name).unwrap();
    assert!(prio.len() > 2, "the sample has priorities");
    let texts = column(coded, "text");
    let ids = column(coded, "id");
    let mut last = f64::INFINITY;
    for (rank, row) in prio[1..].iter().enumerate() {
        assert_eq!(row[q("rank")], (rank + 1).to_string());
        let f = |name: &str| row[q(name)].parse::<f64>().unwrap();
        let score = f("volume_pct") / 100.0 * f("negative_pct") / 100.0 * (-f("impact")).max(0.0);
        assert!((score - f("score")).abs() < 1e-3, "{row:?}");
        assert!(f("score") <= last);
        last = f("score");
        for k in 1..=3 {
            let quote = &row[q(&format!("quote_{k}"))];
            let id = &row[q(&format!("quote_{k}_id"))];
            let at = ids
                .iter()
                .position(|x| x == id)
                .expect("quote id is a comment id");
            assert!(
                texts[at].contains(quote.as_str()),
                "quote is from its comment"
            );
        }
    }
}

fn timings(dir: &Path) -> serde_json::Value {
    serde_json::from_str(&fs::read_to_string(dir.join("timings.json")).unwrap()).unwrap()
}

fn assert_same_outputs(a: &Path, b: &Path) {
    for file in OUTPUTS.iter().filter(|f| **f != "timings.json") {
        let (left, right) = (
            fs::read(a.join(file)).unwrap(),
            fs::read(b.join(file)).unwrap(),
        );
        match (
            String::from_utf8(left.clone()),
            String::from_utf8(right.clone()),
        ) {
            (Ok(l), Ok(r)) => assert_eq!(l, r, "{file} differs between identical runs"),
            _ => assert!(left == right, "{file} differs between identical runs"),
        }
    }
}

/// Identical runs give identical outputs whether their vectors were embedded afresh or read
/// back from the embedding cache; the second run embeds nothing.
#[test]
fn same_input_config_and_seed_give_identical_outputs_with_or_without_the_cache() {
    let tmp = tempfile::tempdir().unwrap();
    let cache = tmp.path().join("cache");
    let [cold, warm, none] = ["cold", "warm", "none"].map(|n| tmp.path().join(n));
    for out in [&cold, &warm] {
        let args = ["run", PIPELINE, "--out", out.to_str().unwrap()];
        let cache_args = ["--cache", cache.to_str().unwrap(), "--quiet"];
        verbatim_ok(&[&args[..], &cache_args[..]].concat());
    }
    verbatim_ok(&[
        "run",
        PIPELINE,
        "--out",
        none.to_str().unwrap(),
        "--no-cache",
        "--quiet",
    ]);
    assert_same_outputs(&cold, &warm);
    assert_same_outputs(&cold, &none);

    let (cold, warm, none) = (timings(&cold), timings(&warm), timings(&none));
    let distinct = cold["embedding_cache"]["misses"].as_u64().unwrap();
    assert!(distinct > 600, "the sample's distinct segments: {distinct}");
    assert_eq!(cold["embedding_cache"]["hits"], 0);
    assert_eq!(warm["embedding_cache"]["hits"], distinct);
    assert_eq!(warm["embedding_cache"]["misses"], 0);
    assert_eq!(warm["embedding_cache"]["hit_rate"], 1.0);
    assert!(none["embedding_cache"].is_null());
    assert!(cold["peak_rss_bytes"].as_u64().unwrap() > 10 << 20);
    assert_eq!(cold["rows"], 432);
    let stages: Vec<&str> = cold["stages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["stage"].as_str().unwrap())
        .collect();
    assert_eq!(
        stages,
        [
            "load_model",
            "ingest",
            "redact",
            "segment",
            "embed",
            "themes",
            "sentiment",
            "stats"
        ]
    );
    // Only hashes and vectors are cached, never the (redacted) texts.
    let packs = fs::read_dir(cache.join("embeddings"))
        .unwrap()
        .flat_map(|ns| fs::read_dir(ns.unwrap().path()).unwrap())
        .map(|p| fs::read(p.unwrap().path()).unwrap())
        .collect::<Vec<_>>();
    assert_eq!(packs.len(), 1, "the warm run wrote no pack");
    let needle = b"delivery";
    assert!(!packs[0].windows(needle.len()).any(|w| w == needle));
}

/// `--out` never empties a folder of the user's: a folder holding files Verbatim did not write
/// is refused before any work (exit 5), and everything in it stays as it was.
#[test]
fn out_never_replaces_a_folder_verbatim_did_not_write() {
    let tmp = tempfile::tempdir().unwrap();
    let project = tmp.path().join("project");
    fs::create_dir(&project).unwrap();
    let pipeline = project.join("p.toml");
    fs::copy(repo().join(PIPELINE), &pipeline).unwrap();
    fs::write(project.join("notes.txt"), "my notes").unwrap();
    let input = repo().join("fixtures/survey_comments.csv");
    let refused = verbatim(&[
        "run",
        pipeline.to_str().unwrap(),
        "--input",
        input.to_str().unwrap(),
        "--out",
        project.to_str().unwrap(),
    ]);
    assert_eq!(refused.status.code(), Some(5), "{}", stderr(&refused));
    assert!(stderr(&refused).contains("Verbatim only replaces output folders it wrote"));
    assert!(!stderr(&refused).contains("notes"), "no file is named");
    assert_eq!(
        fs::read_to_string(project.join("notes.txt")).unwrap(),
        "my notes"
    );
    assert!(pipeline.is_file());
    assert_eq!(fs::read_dir(&project).unwrap().count(), 2);
    assert_eq!(
        fs::read_dir(tmp.path()).unwrap().count(),
        1,
        "nothing staged"
    );

    // Last run's folder is replaced; once a user adds a file to it, it is not.
    let out = tmp.path().join("out");
    let args = ["run", PIPELINE, "--out", out.to_str().unwrap(), "--quiet"];
    verbatim_ok(&args);
    verbatim_ok(&args);
    fs::write(out.join("summary for the board.docx"), "mine").unwrap();
    assert_eq!(verbatim(&args).status.code(), Some(5));
    assert!(out.join("summary for the board.docx").is_file());
    assert!(out.join("coded.csv").is_file());
}

/// Above `themes.fit_sample` segments, themes are found on a sample and every segment is coded
/// with the learned codebook: run.json says how many were sampled, no row is lost, and coding
/// the same file with the run's codebook reproduces its coding.
#[test]
fn large_runs_find_themes_on_a_sample_and_code_the_rest_alike() {
    let tmp = tempfile::tempdir().unwrap();
    let pipeline = tmp.path().join("sampled.toml");
    let text = fs::read_to_string(repo().join(PIPELINE)).unwrap();
    fs::write(
        &pipeline,
        text.replace(
            "silhouette_sample = 2000",
            "silhouette_sample = 2000\nfit_sample = 300",
        ),
    )
    .unwrap();
    let out = tmp.path().join("sampled");
    let reuse = tmp.path().join("reuse");
    let input = repo().join("fixtures/survey_comments.csv");
    let base = [
        "run",
        pipeline.to_str().unwrap(),
        "--input",
        input.to_str().unwrap(),
        "--quiet",
    ];
    verbatim_ok(&[&base[..], &["--out", out.to_str().unwrap()]].concat());
    let codebook = out.join("codebook.toml");
    verbatim_ok(
        &[
            &base[..],
            &[
                "--out",
                reuse.to_str().unwrap(),
                "--codebook",
                codebook.to_str().unwrap(),
            ],
        ]
        .concat(),
    );
    let meta = run_json(&out);
    assert_eq!(meta["counters"]["themes"]["fit_sample"], 300);
    assert_eq!(meta["segments"]["total"], 703);
    assert_eq!(meta["rows"]["read"], 432);
    let rows = &meta["rows"];
    assert_eq!(
        rows["coded"].as_u64().unwrap()
            + rows["uncoded"].as_u64().unwrap()
            + rows["skipped"].as_u64().unwrap(),
        432
    );
    let themes = |dir: &Path| column(&read_csv(&dir.join("segments.csv")), "theme_id");
    let sampled = themes(&out);
    assert!(sampled.iter().filter(|t| !t.is_empty()).count() > 600);
    assert_eq!(sampled, themes(&reuse), "a reuse run codes exactly alike");
}

#[test]
fn a_failing_run_leaves_previous_outputs_untouched() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    fs::create_dir(&out).unwrap();
    fs::write(out.join("coded.csv"), "previous run").unwrap();
    // As an earlier run leaves it: the marker lists what Verbatim wrote.
    fs::write(out.join(".verbatim-output"), "coded.csv\n").unwrap();
    let bad = tmp.path().join("ragged.csv");
    fs::write(
        &bad,
        "id,comment,channel\n1,fine,web\n2,too few fields\n3,ok,app\n",
    )
    .unwrap();

    let run = verbatim(&[
        "run",
        PIPELINE,
        "--input",
        bad.to_str().unwrap(),
        "--text-column",
        "comment",
        "--id-column",
        "id",
        "--metadata-columns",
        "channel",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.status.code(), Some(3));
    let err = stderr(&run);
    assert!(
        err.contains("ragged.csv, row 3"),
        "error names file and row: {err}"
    );
    assert_eq!(
        fs::read_to_string(out.join("coded.csv")).unwrap(),
        "previous run"
    );
    let leftovers: Vec<_> = fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        leftovers.len(),
        2,
        "no staging folder left behind: {leftovers:?}"
    );
}

#[test]
fn config_errors_name_the_key_and_exit_2() {
    let tmp = tempfile::tempdir().unwrap();
    let pipeline = tmp.path().join("p.toml");
    let text = fs::read_to_string(repo().join(PIPELINE))
        .unwrap()
        .replace("[themes]", "[themes]\nmin_simlarity = 0.4")
        .replace(
            "../fixtures",
            &repo().join("fixtures").display().to_string(),
        );
    fs::write(&pipeline, text).unwrap();
    let run = verbatim(&["run", pipeline.to_str().unwrap()]);
    assert_eq!(run.status.code(), Some(2));
    assert!(stderr(&run).contains("min_simlarity"), "{}", stderr(&run));
}

#[test]
fn missing_column_is_reported_before_any_work() {
    let run = verbatim(&["run", PIPELINE, "--text-column", "comentario", "--quiet"]);
    assert_eq!(run.status.code(), Some(3));
    let err = stderr(&run);
    assert!(
        err.contains("survey_comments.csv") && err.contains("'comentario'"),
        "{err}"
    );
    assert!(err.contains("available: response_id, date"), "{err}");
}

#[test]
fn a_bad_kpi_score_names_file_row_and_column_not_the_value() {
    let tmp = tempfile::tempdir().unwrap();
    let csv = tmp.path().join("scores.csv");
    fs::write(
        &csv,
        "response_id,date,customer_id,channel,region,nps_score,csat,effort,resolved,comment\n\
         A1,2026-01-05,C1,web,West,9,5,6,,Great service\n\
         A2,2026-01-06,C2,app,South,eleventy,2,3,,Driver was rude\n",
    )
    .unwrap();
    let run = verbatim(&["run", PIPELINE, "--input", csv.to_str().unwrap(), "--quiet"]);
    assert_eq!(run.status.code(), Some(3));
    let err = stderr(&run);
    assert!(
        err.contains("scores.csv") && err.contains("row 3") && err.contains("nps_score"),
        "{err}"
    );
    assert!(!err.contains("eleventy"), "{err}");

    // An unreadable date is reported the same way; a blank one only leaves trends.
    fs::write(
        &csv,
        "response_id,date,customer_id,channel,region,nps_score,csat,effort,resolved,comment\n\
         A1,,C1,web,West,9,5,6,,Great service\n\
         A2,31/02/2026,C2,app,South,3,2,3,,Driver was rude\n",
    )
    .unwrap();
    let run = verbatim(&["run", PIPELINE, "--input", csv.to_str().unwrap(), "--quiet"]);
    assert_eq!(run.status.code(), Some(3));
    let err = stderr(&run);
    assert!(
        err.contains("row 3") && err.contains("'date'") && err.contains("2026-03-31"),
        "{err}"
    );
    assert!(!err.contains("31/02"), "{err}");
}

/// Writes the small test comments in each format and runs them through the CLI overrides.
#[test]
fn every_input_format_runs_end_to_end() {
    let tmp = tempfile::tempdir().unwrap();
    let comments = small_comments();
    let n = comments.len();

    let mut csv_text = String::from("\u{feff}ref,text,channel\r\n");
    let mut tsv_text = String::from("ref\ttext\tchannel\n");
    let mut jsonl_text = String::new();
    let mut txt_text = String::new();
    for (i, c) in comments.iter().enumerate() {
        csv_text.push_str(&format!("C{i},\"{c}\",web\r\n"));
        tsv_text.push_str(&format!("C{i}\t{c}\tapp\n"));
        jsonl_text.push_str(
            &serde_json::json!({"ref": format!("C{i}"), "text": c, "channel": "email"}).to_string(),
        );
        jsonl_text.push('\n');
        txt_text.push_str(c);
        txt_text.push('\n');
    }
    fs::write(tmp.path().join("bom.csv"), csv_text).unwrap();
    fs::write(tmp.path().join("c.tsv"), tsv_text).unwrap();
    fs::write(tmp.path().join("c.jsonl"), jsonl_text).unwrap();
    fs::write(tmp.path().join("c.txt"), txt_text).unwrap();
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet().set_name("Responses").unwrap();
    for (col, h) in ["ref", "text", "channel"].iter().enumerate() {
        sheet.write_string(0, col as u16, *h).unwrap();
    }
    for (i, c) in comments.iter().enumerate() {
        sheet
            .write_string(i as u32 + 1, 0, format!("C{i}"))
            .unwrap();
        sheet.write_string(i as u32 + 1, 1, c).unwrap();
        sheet.write_string(i as u32 + 1, 2, "store").unwrap();
    }
    book.save(tmp.path().join("c.xlsx")).unwrap();

    for (file, expected_channel) in [
        ("bom.csv", Some("web")),
        ("c.tsv", Some("app")),
        ("c.jsonl", Some("email")),
        ("c.xlsx", Some("store")),
        ("c.txt", None),
    ] {
        let out = tmp.path().join(format!("out-{file}"));
        let input = tmp.path().join(file);
        let mut args = vec![
            "run",
            PIPELINE,
            "--input",
            input.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--quiet",
        ];
        if expected_channel.is_some() {
            args.extend([
                "--text-column",
                "text",
                "--id-column",
                "ref",
                "--metadata-columns",
                "channel",
            ]);
        }
        verbatim_ok(&args);
        let coded = read_csv(&out.join("coded.csv"));
        assert_eq!(coded.len(), n + 1, "{file}: one row per comment");
        assert_eq!(
            column(&coded, "text"),
            comments,
            "{file}: texts read exactly"
        );
        if let Some(channel) = expected_channel {
            assert_eq!(coded[0][0], "id", "{file}: BOM never reaches a header");
            assert!(
                column(&coded, "channel").iter().all(|c| c == channel),
                "{file}"
            );
            assert_eq!(column(&coded, "id")[0], "C0");
        } else {
            assert_eq!(column(&coded, "id")[0], "1", "{file}: ids are line numbers");
        }
        let themes = read_csv(&out.join("themes.csv"));
        assert!(themes.len() > 2, "{file}: several themes found");
    }
}

#[test]
fn windows_1252_exports_are_decoded() {
    let tmp = tempfile::tempdir().unwrap();
    let mut bytes = b"id,comment\n".to_vec();
    for (i, c) in small_comments().iter().enumerate() {
        bytes.extend(format!("{i},\"").as_bytes());
        bytes.extend(c.as_bytes());
        // "caf\xe9 \x80" is "café €" in windows-1252 and invalid UTF-8.
        bytes.extend(b" at the caf\xe9 \x80 5\"\n");
    }
    let input = tmp.path().join("excel.csv");
    fs::write(&input, bytes).unwrap();
    let out = tmp.path().join("out");
    verbatim_ok(&[
        "run",
        PIPELINE,
        "--input",
        input.to_str().unwrap(),
        "--text-column",
        "comment",
        "--id-column",
        "id",
        "--metadata-columns",
        "",
        "--out",
        out.to_str().unwrap(),
        "--quiet",
    ]);
    let coded = read_csv(&out.join("coded.csv"));
    assert!(column(&coded, "text")[0].ends_with("at the café € 5"));
    assert_eq!(run_json(&out)["input"]["encoding"], "windows-1252");
}

#[test]
fn help_documents_every_option() {
    let help = stdout(&verbatim_ok(&["run", "--help"]));
    for flag in [
        "--out",
        "--input",
        "--format",
        "--text-column",
        "--id-column",
        "--metadata-columns",
        "--seed",
        "--cache",
        "--no-cache",
        "--quiet",
    ] {
        assert!(help.contains(flag), "run --help mentions {flag}");
    }
}

/// Comment text is data, never markup: a hostile comment is escaped in report.html.
#[test]
fn report_html_escapes_comment_text() {
    let tmp = tempfile::tempdir().unwrap();
    let mut csv_text = String::from("ref,text\n");
    let hostile =
        "<script>alert(1)</script><img src=x onerror=alert(2)> The app crashes at checkout";
    for (i, c) in small_comments()
        .iter()
        .map(String::as_str)
        .chain(std::iter::repeat_n(hostile, 6))
        .enumerate()
    {
        csv_text.push_str(&format!("C{i},\"{c}\"\n"));
    }
    let input = tmp.path().join("hostile.csv");
    fs::write(&input, csv_text).unwrap();
    let out = tmp.path().join("out");
    verbatim_ok(&[
        "run",
        PIPELINE,
        "--input",
        input.to_str().unwrap(),
        "--text-column",
        "text",
        "--id-column",
        "ref",
        "--metadata-columns",
        "",
        "--out",
        out.to_str().unwrap(),
        "--quiet",
    ]);
    let html = fs::read_to_string(out.join("report.html")).unwrap();
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "the quote is shown"
    );
    assert!(
        !html.contains("<script") && !html.contains("<img"),
        "and never runs"
    );
}

/// A CSV field holding `text`, quoted.
fn quoted(text: &str) -> String {
    format!("\"{}\"", text.replace('"', "\"\""))
}

/// Writes `rows` comment rows with the sample's columns; `field` gives row i's comment field
/// as it appears in the file.
fn comments_csv(path: &Path, rows: usize, field: impl Fn(usize, &str) -> String) {
    let mut text = String::from(
        "response_id,date,customer_id,channel,region,nps_score,csat,effort,resolved,comment\n",
    );
    for (i, comment) in small_comments().iter().cycle().take(rows).enumerate() {
        text.push_str(&format!(
            "R{i:04},2026-01-05,C{i:04},web,West,8,3,4,,{}\n",
            field(i, comment)
        ));
    }
    fs::write(path, text).unwrap();
}

/// An opening quote that never closes would read every later row into one field: it is an
/// error at the row where it opens, in `run` and in `redact`, and no cell is quoted.
#[test]
fn an_unclosed_quote_is_an_error_not_merged_rows() {
    let tmp = tempfile::tempdir().unwrap();
    let csv = tmp.path().join("broken.csv");
    comments_csv(&csv, 50, |i, c| {
        if i == 13 {
            format!("\"Call me on 07700 900123 {c}")
        } else {
            quoted(c)
        }
    });
    let out = tmp.path().join("out");
    let run = verbatim(&[
        "run",
        PIPELINE,
        "--input",
        csv.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--quiet",
    ]);
    assert_eq!(run.status.code(), Some(3), "{}", stderr(&run));
    let err = stderr(&run);
    assert!(
        err.contains("row 15, column 'comment': a quote opens this field and is not closed"),
        "{err}"
    );
    assert!(!err.contains("07700") && !out.exists(), "{err}");
    let redact = verbatim(&[
        "redact",
        "--input",
        csv.to_str().unwrap(),
        "--column",
        "comment",
    ]);
    assert_eq!(redact.status.code(), Some(3), "{}", stderr(&redact));
    assert!(stderr(&redact).contains("row 15"), "{}", stderr(&redact));
    assert!(redact.stdout.is_empty(), "nothing half-redacted is written");
}

/// In a two-column TSV a stray quote closed only by a later row's quote swallows the rows in
/// between (50 records read as 40 before): an error at the row where it opens.
#[test]
fn a_stray_quote_in_a_narrow_file_is_an_error_not_merged_rows() {
    let tmp = tempfile::tempdir().unwrap();
    let tsv = tmp.path().join("narrow.tsv");
    let mut text = String::from("id\tcomment\n");
    for (i, comment) in small_comments().iter().cycle().take(50).enumerate() {
        let comment = match i {
            13 => format!("\"{comment}"),
            23 => format!("they said \"fine\" {comment}"),
            _ => comment.to_string(),
        };
        text.push_str(&format!("{}\t{comment}\n", i + 1));
    }
    fs::write(&tsv, text).unwrap();
    let redact = verbatim(&[
        "redact",
        "--input",
        tsv.to_str().unwrap(),
        "--column",
        "comment",
    ]);
    assert_eq!(redact.status.code(), Some(3), "{}", stderr(&redact));
    assert!(
        stderr(&redact).contains("row 15, column 'comment'"),
        "{}",
        stderr(&redact)
    );
    assert!(redact.stdout.is_empty(), "nothing half-redacted is written");
    assert!(
        stderr(&redact).contains("--no-quoting"),
        "{}",
        stderr(&redact)
    );
    // The file never meant its quotes to wrap fields: read and written as characters.
    let redact = verbatim(&[
        "redact",
        "--input",
        tsv.to_str().unwrap(),
        "--column",
        "comment",
        "--no-quoting",
        "--quiet",
    ]);
    assert_eq!(redact.status.code(), Some(0), "{}", stderr(&redact));
    let out = String::from_utf8(redact.stdout).unwrap();
    assert_eq!(out.lines().count(), 51, "every record, one line each");
    assert!(out.lines().nth(14).unwrap().starts_with("14\t\""), "{out}");
    // `run` says the same, and reads every record with --no-quoting.
    let out_dir = tmp.path().join("out");
    let run = [
        "run",
        PIPELINE,
        "--input",
        tsv.to_str().unwrap(),
        "--id-column",
        "id",
        "--metadata-columns",
        "",
        "--quiet",
        "--out",
        out_dir.to_str().unwrap(),
    ];
    let refused = verbatim(&run);
    assert_eq!(refused.status.code(), Some(3), "{}", stderr(&refused));
    assert!(
        stderr(&refused).contains("--no-quoting"),
        "{}",
        stderr(&refused)
    );
    verbatim_ok(&[&run[..], &["--no-quoting"]].concat());
    assert_eq!(run_json(&out_dir)["rows"]["read"], 50);
}

/// A file without a header row: the first row is somebody's data and is never printed.
#[test]
fn a_missing_header_row_is_named_without_printing_the_first_row() {
    let tmp = tempfile::tempdir().unwrap();
    let csv = tmp.path().join("export.csv");
    fs::write(
        &csv,
        "R1,2026-01-05,Ann Example,ann@example.com,+44 7700 900123,Slow delivery\n\
         R2,2026-01-06,Bo Person,bo@example.org,+44 7700 900456,Great app\n",
    )
    .unwrap();
    let run = verbatim(&["run", PIPELINE, "--input", csv.to_str().unwrap(), "--quiet"]);
    assert_eq!(run.status.code(), Some(3));
    let err = stderr(&run);
    assert!(err.contains("needs a header row"), "{err}");
    for value in ["Ann", "example.com", "7700", "Slow"] {
        assert!(!err.contains(value), "{err}");
    }
}

/// `--out` of `redact` and `sample` never replaces a file unasked, and never the input.
#[test]
fn single_file_outputs_never_replace_a_file_unasked() {
    let tmp = tempfile::tempdir().unwrap();
    let csv = tmp.path().join("comments.csv");
    comments_csv(&csv, 5, |_, c| quoted(c));
    let original = fs::read_to_string(&csv).unwrap();
    let mine = tmp.path().join("mine.csv");
    fs::write(&mine, "my coding work").unwrap();
    let redact = |out: &Path, extra: &[&str]| {
        let mut args = vec![
            "redact",
            "--input",
            csv.to_str().unwrap(),
            "--column",
            "comment",
            "--quiet",
            "--out",
            out.to_str().unwrap(),
        ];
        args.extend(extra);
        verbatim(&args)
    };
    let refused = redact(&mine, &[]);
    assert_eq!(refused.status.code(), Some(5));
    assert!(
        stderr(&refused).contains("--overwrite"),
        "{}",
        stderr(&refused)
    );
    assert_eq!(fs::read_to_string(&mine).unwrap(), "my coding work");
    for extra in [&[][..], &["--overwrite"][..]] {
        let same = redact(&csv, extra);
        assert_eq!(same.status.code(), Some(5));
        assert!(
            stderr(&same).contains("is the input file"),
            "{}",
            stderr(&same)
        );
        assert_eq!(fs::read_to_string(&csv).unwrap(), original);
    }
    assert!(redact(&mine, &["--overwrite"]).status.success());
    assert!(fs::read_to_string(&mine)
        .unwrap()
        .starts_with("response_id"));

    let run = tmp.path().join("run");
    verbatim_ok(&["run", PIPELINE, "--out", run.to_str().unwrap(), "--quiet"]);
    let sheet = tmp.path().join("sheet.csv");
    fs::write(&sheet, "reviewed by a coder").unwrap();
    let sample = |extra: &[&str]| {
        let mut args = vec![
            "sample",
            run.to_str().unwrap(),
            "--out",
            sheet.to_str().unwrap(),
            "--quiet",
        ];
        args.extend(extra);
        verbatim(&args)
    };
    assert_eq!(sample(&[]).status.code(), Some(5));
    assert_eq!(fs::read_to_string(&sheet).unwrap(), "reviewed by a coder");
    assert!(sample(&["--overwrite"]).status.success());
}

/// Inputs a careless user gives: a comment column as ids, a JSONL file to `redact --input`,
/// a header-only file, and output piped into `head`.
#[test]
fn careless_inputs_get_clear_answers() {
    let tmp = tempfile::tempdir().unwrap();
    let ids = verbatim(&["run", PIPELINE, "--id-column", "comment", "--quiet"]);
    assert_eq!(ids.status.code(), Some(2), "{}", stderr(&ids));
    assert!(stderr(&ids).contains("input.id_column: is the text column"));

    let jsonl = tmp.path().join("posts.jsonl");
    fs::write(
        &jsonl,
        "{\"id\": 1, \"text\": \"Ann Example, 07700 900123\"}\n",
    )
    .unwrap();
    let redact = verbatim(&[
        "redact",
        "--input",
        jsonl.to_str().unwrap(),
        "--column",
        "text",
    ]);
    assert_eq!(redact.status.code(), Some(2));
    assert!(!stderr(&redact).contains("Ann"), "{}", stderr(&redact));

    let empty = tmp.path().join("empty.csv");
    comments_csv(&empty, 0, |_, c| quoted(c));
    let out = tmp.path().join("out");
    let run = verbatim_ok(&[
        "run",
        PIPELINE,
        "--input",
        empty.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(
        stdout(&run).contains("rows read 0: coded 0"),
        "{}",
        stdout(&run)
    );
    assert_eq!(run_json(&out)["rows"]["read"], 0);

    // A reader that goes away (`| head`) ends the run quietly, without a panic.
    use std::io::Write as _;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_verbatim"))
        .arg("redact")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let mut stdin = child.stdin.take().unwrap();
    let _ = stdin.write_all("call me on 07700 900123\n".repeat(100_000).as_bytes());
    drop(stdin);
    let done = child.wait_with_output().unwrap();
    assert!(
        !String::from_utf8_lossy(&done.stderr).contains("panicked"),
        "{}",
        String::from_utf8_lossy(&done.stderr)
    );
    assert_ne!(done.status.code(), Some(101));
}

/// Starts the sample run into `out` (with a cache of its own, returned to outlive it) and
/// waits until its staging folder exists beside `out`.
fn run_until_staged(out: &Path) -> (std::process::Child, tempfile::TempDir) {
    let cache = tempfile::tempdir().unwrap();
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_verbatim"))
        .args(["run", PIPELINE, "--out", out.to_str().unwrap(), "--quiet"])
        .env("VERBATIM_CACHE", cache.path())
        .current_dir(repo())
        .spawn()
        .unwrap();
    let parent = out.parent().unwrap();
    let started = std::time::Instant::now();
    while fs::read_dir(parent).unwrap().count() == 0 && started.elapsed().as_secs() < 30 {
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    (child, cache)
}

/// A run killed mid-way (kill -9) leaves its staging folder; the next run removes it and
/// gives the same outputs as an uninterrupted run.
#[test]
fn a_killed_run_leaves_nothing_the_next_run_does_not_clean() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let (mut child, _cache) = run_until_staged(&out);
    let staged = || {
        fs::read_dir(tmp.path())
            .unwrap()
            .flatten()
            .any(|e| e.file_name().to_string_lossy().starts_with(".out.partial-"))
    };
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(staged(), "the run had started staging");
    verbatim_ok(&["run", PIPELINE, "--out", out.to_str().unwrap(), "--quiet"]);
    let names: Vec<String> = fs::read_dir(tmp.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["out"]);
    let again = tmp.path().join("again");
    verbatim_ok(&["run", PIPELINE, "--out", again.to_str().unwrap(), "--quiet"]);
    assert_same_outputs(&out, &again);
}

/// Ids, header names and the input's file name reach every output, so with redaction on, an
/// id holding personal data becomes its row number, such a header name `column-N`, and the
/// file name is shown redacted.
#[test]
fn personal_data_in_ids_header_names_and_the_file_name_is_redacted() {
    let tmp = tempfile::tempdir().unwrap();
    let csv = tmp.path().join("export for jo.bloggs@example.com.csv");
    // A header cell holding an email, carried as a metadata column.
    let mut text = String::from("email,comment,ann.other@example.net\n");
    for (i, comment) in small_comments().iter().take(12).enumerate() {
        let region = ["North", "South"][i % 2];
        text.push_str(&format!(
            "person{i}@example.org,{},{region}\n",
            quoted(comment)
        ));
    }
    fs::write(&csv, text).unwrap();
    let out = tmp.path().join("out");
    verbatim_ok(&[
        "run",
        PIPELINE,
        "--input",
        csv.to_str().unwrap(),
        "--id-column",
        "email",
        "--metadata-columns",
        "ann.other@example.net",
        "--out",
        out.to_str().unwrap(),
        "--quiet",
    ]);
    let coded = read_csv(&out.join("coded.csv"));
    let ids = column(&coded, "id");
    assert_eq!(ids, (2..14).map(|r| format!("row-{r}")).collect::<Vec<_>>());
    assert_eq!(column(&coded, "column-3")[..2], ["North", "South"]);
    let counters = &run_json(&out)["counters"]["redact"];
    assert_eq!(counters["ids_replaced"], 12);
    assert_eq!(counters["columns_renamed"], 1);
    for file in [
        "run.json",
        "report.html",
        "segments.csv",
        "coded.csv",
        "frequencies.csv",
    ] {
        let text = fs::read_to_string(out.join(file)).unwrap();
        assert!(!text.contains("example.org"), "an id in {file}");
        assert!(!text.contains("jo.bloggs"), "the file name in {file}");
        assert!(!text.contains("ann.other"), "a header name in {file}");
    }
}

/// SIGTERM (or Ctrl-C) mid-run removes the staging folder at once and ends with 128 + signal.
#[test]
fn an_interrupted_run_removes_its_staging_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let (mut child, _cache) = run_until_staged(&out);
    // SAFETY: sends a signal to the child this test started.
    assert_eq!(unsafe { libc::kill(child.id() as i32, libc::SIGTERM) }, 0);
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(128 + libc::SIGTERM), "{status:?}");
    assert_eq!(fs::read_dir(tmp.path()).unwrap().count(), 0, "nothing left");
}
