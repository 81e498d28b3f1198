//! Focus-group transcripts (plain text, WebVTT, SRT) through `pipelines/focus-groups.toml`.

mod common;

use common::*;
use std::collections::BTreeSet;
use std::fs;

/// Speaker names as written in the fixture transcripts, and a name mentioned inside a turn.
const REAL_NAMES: &[&str] = &[
    "Hannah", "Marcus", "Priya", "Grace", "Olu", "Beth", "Karim", "Sian", "Lena", "Marek", "Ailsa",
    "Jamie", "Fiona", "Callum", "Rory", "Morag", "Steve",
];

#[test]
fn focus_groups_are_coded_per_participant() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("fg");
    verbatim_ok(&[
        "run",
        "pipelines/focus-groups.toml",
        "--out",
        out.to_str().unwrap(),
        "--quiet",
    ]);
    let coded = read_csv(&out.join("coded.csv"));
    let (role, speaker, status) = (
        column(&coded, "role"),
        column(&coded, "speaker"),
        column(&coded, "status"),
    );
    let groups: BTreeSet<String> = column(&coded, "group").into_iter().collect();
    assert_eq!(groups.len(), 3, "one group per file, whatever its format");
    for i in 0..role.len() {
        match role[i].as_str() {
            "participant" => assert!(
                speaker[i].len() == 3 && speaker[i].starts_with('P'),
                "pseudonym {}",
                speaker[i]
            ),
            "moderator" => {
                assert_eq!(speaker[i], "MOD");
                assert_eq!(status[i], "skipped:context", "moderators are not coded");
            }
            "context" => assert_eq!(status[i], "skipped:context"),
            other => panic!("role {other}"),
        }
    }
    let people: BTreeSet<&String> = (0..role.len())
        .filter(|&i| role[i] == "participant")
        .map(|i| &speaker[i])
        .collect();
    assert_eq!(people.len(), 18, "6 participants in each of 3 groups");
    // Turns keep their timestamps; continuation lines and cues join their turn.
    assert!(column(&coded, "timestamp").iter().any(|t| t == "00:00:58"));
    assert!(column(&coded, "text")
        .iter()
        .any(|t| t.contains("butter") || t.contains("three days")));

    // Per theme: participants and groups raising it agree with the matrix and coded.csv.
    let table = read_csv(&out.join("participants.csv"));
    let matrix = read_csv(&out.join("participant_matrix.csv"));
    assert_eq!(matrix.len() - 1, 18);
    for row in &table[1..] {
        assert_eq!(row[3], "18");
        assert_eq!(row[6], "3");
        let col = matrix[0].iter().position(|h| *h == row[0]).unwrap();
        let raised = matrix[1..].iter().filter(|r| r[col] != "0").count();
        assert_eq!(row[2], raised.to_string(), "{}", row[0]);
        let turns: usize = matrix[1..]
            .iter()
            .map(|r| r[col].parse::<usize>().unwrap())
            .sum();
        assert_eq!(row[8], turns.to_string());
    }

    // No speaker name reaches any output; quotes are attributed to pseudonyms.
    for entry in fs::read_dir(&out).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "xlsx") {
            continue;
        }
        let text = fs::read_to_string(&path).unwrap();
        for name in REAL_NAMES {
            assert!(!text.contains(name), "{} contains {name}", path.display());
        }
    }
    let html = fs::read_to_string(out.join("report.html")).unwrap();
    assert!(
        html.contains("<cite>P"),
        "quotes attributed as P.., group, time"
    );
}
