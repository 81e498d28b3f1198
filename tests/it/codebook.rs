//! Codebooks through the real CLI: reuse across waves, deductive and hybrid coding, CSV import.

use crate::common::*;
use similar_asserts::assert_eq;
use std::fs;
use std::path::Path;

fn run(pipeline: &str, out: &Path, extra: &[&str]) {
    let mut args = vec!["run", pipeline, "--out", out.to_str().unwrap(), "--quiet"];
    args.extend_from_slice(extra);
    verbatim_ok(&args);
}

fn assignments(out: &Path) -> Vec<(String, String)> {
    let segments = read_csv(&out.join("segments.csv"));
    column(&segments, "theme_id")
        .into_iter()
        .zip(column(&segments, "other_theme_ids"))
        .collect()
}

#[test]
fn a_learned_codebook_recodes_the_same_data_identically() {
    // BERTopic's #905: transform disagreeing with fit. Here the codebook a run writes codes
    // the same segments exactly as that run did, and is written back unchanged.
    let tmp = tempfile::tempdir().unwrap();
    let (learn, reuse) = (tmp.path().join("learn"), tmp.path().join("reuse"));
    run("pipelines/survey-comments.toml", &learn, &[]);
    let codebook = learn.join("codebook.toml");
    run(
        "pipelines/survey-comments.toml",
        &reuse,
        &["--codebook", codebook.to_str().unwrap()],
    );
    assert_eq!(assignments(&learn), assignments(&reuse));
    assert_eq!(
        fs::read_to_string(&codebook).unwrap(),
        fs::read_to_string(reuse.join("codebook.toml")).unwrap()
    );
    let meta: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(reuse.join("run.json")).unwrap()).unwrap();
    assert_eq!(meta["themes"]["mode"], "deductive");

    // A new wave (half the rows) gets exactly the learned codes, no others.
    let input = fs::read_to_string(repo().join("fixtures/survey_comments.csv")).unwrap();
    let half: Vec<&str> = input.lines().take(200).collect();
    let wave = tmp.path().join("wave2.csv");
    fs::write(&wave, half.join("\n") + "\n").unwrap();
    let wave_out = tmp.path().join("wave2");
    run(
        "pipelines/survey-comments.toml",
        &wave_out,
        &[
            "--codebook",
            codebook.to_str().unwrap(),
            "--input",
            wave.to_str().unwrap(),
        ],
    );
    let learned = column(&read_csv(&learn.join("themes.csv")), "theme_id");
    assert_eq!(
        column(&read_csv(&wave_out.join("themes.csv")), "theme_id"),
        learned
    );
}

#[test]
fn deductive_coding_uses_only_codebook_codes_with_their_hierarchy() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("deductive");
    run("pipelines/survey-deductive.toml", &out, &[]);
    let themes = read_csv(&out.join("themes.csv"));
    let ids = column(&themes, "theme_id");
    assert_eq!(
        ids.len(),
        11,
        "every leaf code of the shipped codebook, in file order"
    );
    assert_eq!(ids[0], "delivery-timing");
    assert!(column(&themes, "new").iter().all(|n| n == "false"));
    assert!(column(&themes, "parent_id")
        .iter()
        .all(|p| ["delivery", "order", "shopping"].contains(&p.as_str())));
    let coded = assignments(&out);
    assert!(
        coded.iter().any(|(_, others)| !others.is_empty()),
        "max_codes = 2 gives some segments two codes"
    );
    assert!(coded
        .iter()
        .all(|(id, _)| id == "uncoded" || ids.contains(id)));
    // The learning codebook names the model its centroids belong to.
    let written = fs::read_to_string(out.join("codebook.toml")).unwrap();
    assert!(written.contains("model = \"all-MiniLM-L6-v2/int8/384\""));
}

#[test]
fn hybrid_coding_adds_new_candidate_themes_for_what_no_code_fits() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("hybrid");
    run("pipelines/survey-hybrid.toml", &out, &[]);
    let themes = read_csv(&out.join("themes.csv"));
    let ids = column(&themes, "theme_id");
    let new = column(&themes, "new");
    let n_new = new.iter().filter(|n| *n == "true").count();
    assert!(n_new >= 1, "some candidate themes");
    for (id, new) in ids.iter().zip(&new) {
        assert_eq!(id.starts_with('N'), new == "true", "{id}");
    }
    let segments = assignments(&out);
    let uncoded = segments.iter().filter(|(id, _)| id == "uncoded").count();
    assert!(
        uncoded * 10 <= segments.len(),
        "hybrid leaves at most 10% uncoded"
    );

    // Its codebook (codes + candidates) reproduces the run when coding deductively:
    // candidates only take what the accepted codes leave. (The deductive pipeline allows two
    // codes per segment; the best code is the one compared.)
    let again = tmp.path().join("again");
    let codebook = out.join("codebook.toml");
    run(
        "pipelines/survey-deductive.toml",
        &again,
        &["--codebook", codebook.to_str().unwrap()],
    );
    let firsts = |v: &[(String, String)]| v.iter().map(|p| p.0.clone()).collect::<Vec<_>>();
    assert_eq!(firsts(&assignments(&again)), firsts(&segments));
}

#[test]
fn a_csv_codebook_imports_and_a_foreign_model_codebook_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let csv = tmp.path().join("codes.csv");
    fs::write(
        &csv,
        "id,name,description,parent,examples,keywords,threshold\n\
         late,Late delivery,The order arrived after its slot,,arrived hours late | missed my slot,late,\n\
         app,App problems,The app or website failed,,app keeps crashing | checkout froze,app,0.3\n",
    )
    .unwrap();
    let out = tmp.path().join("csv");
    run(
        "pipelines/survey-comments.toml",
        &out,
        &["--codebook", csv.to_str().unwrap()],
    );
    assert_eq!(
        column(&read_csv(&out.join("themes.csv")), "theme_id"),
        ["late", "app"]
    );
    let exported = read_csv(&out.join("codebook.csv"));
    assert_eq!(column(&exported, "id"), ["late", "app"]);

    // Centroids from another model would compare vectors from different spaces.
    let toml = fs::read_to_string(out.join("codebook.toml"))
        .unwrap()
        .replace("all-MiniLM-L6-v2/int8/384", "other-model/fp32/768");
    let foreign = tmp.path().join("foreign.toml");
    fs::write(&foreign, toml).unwrap();
    let refused = verbatim(&[
        "run",
        "pipelines/survey-comments.toml",
        "--out",
        tmp.path().join("x").to_str().unwrap(),
        "--codebook",
        foreign.to_str().unwrap(),
    ]);
    assert_eq!(refused.status.code(), Some(2), "{}", stderr(&refused));
    assert!(stderr(&refused).contains("other-model/fp32/768"));
}
