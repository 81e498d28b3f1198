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
        // Archives are checked by their contents (qdpx below, xlsx in tests/redact.rs).
        if path.extension().is_some_and(|e| e == "xlsx" || e == "qdpx") {
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

/// project.qdpx: a zip with project.qde and one source text per group; every selection points
/// at its segment's text, every CodeRef at a code, elements in schema order.
#[test]
fn qdpx_export_round_trips_selections() {
    use quick_xml::events::Event;
    use std::collections::BTreeMap;
    use std::io::Read;
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("fg");
    verbatim_ok(&[
        "run",
        "pipelines/focus-groups.toml",
        "--out",
        out.to_str().unwrap(),
        "--quiet",
    ]);
    let file = fs::File::open(out.join("project.qdpx")).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut read = |name: &str| {
        let mut s = String::new();
        zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
        s
    };
    let qde = read("project.qde");
    let mut reader = quick_xml::Reader::from_str(&qde);
    let (mut stack, mut order): (Vec<String>, Vec<String>) = (Vec::new(), Vec::new());
    let mut codes = BTreeSet::new();
    let mut refs = Vec::new();
    let mut sources: BTreeMap<String, String> = BTreeMap::new();
    let mut selections = Vec::new();
    let mut current = String::new();
    loop {
        let event = reader.read_event().unwrap();
        let (start, empty) = match &event {
            Event::Start(e) => (Some(e.clone()), false),
            Event::Empty(e) => (Some(e.clone()), true),
            Event::End(_) => {
                stack.pop();
                continue;
            }
            Event::Eof => break,
            _ => continue,
        };
        let e = start.unwrap();
        let name = e.name().as_ref().to_owned();
        let attr = |key: &str| {
            e.attributes()
                .flatten()
                .find(|a| a.key.as_ref() == key)
                .map(|a| a.value.into_owned())
        };
        if stack.len() == 1 {
            order.push(name.clone());
        }
        // QDA-XML 1.0: GUIDs are 8-4-4-4-12 hex; codes need a name and isCodable.
        for key in ["guid", "targetGUID", "creatingUser", "creatingUserGUID"] {
            if let Some(g) = attr(key) {
                let lens: Vec<usize> = g.split('-').map(str::len).collect();
                assert_eq!(lens, [8, 4, 4, 4, 12], "{key}={g}");
                assert!(g.chars().all(|c| c == '-' || c.is_ascii_hexdigit()));
            }
        }
        if name == "Code" {
            assert!(attr("name").is_some());
            assert!(matches!(
                attr("isCodable").as_deref(),
                Some("true" | "false")
            ));
        }
        match name.as_str() {
            "Project" => assert_eq!(attr("xmlns").as_deref(), Some("urn:QDA-XML:project:1.0")),
            "Code" => {
                codes.insert(attr("guid").unwrap());
            }
            "CodeRef" => refs.push(attr("targetGUID").unwrap()),
            "TextSource" => {
                let path = attr("plainTextPath").unwrap();
                let guid = path.strip_prefix("internal://").unwrap().to_owned();
                current = guid.clone();
                sources.insert(guid.clone(), read(&format!("sources/{guid}")));
            }
            "PlainTextSelection" => {
                let n = |k: &str| attr(k).unwrap().parse::<usize>().unwrap();
                selections.push((current.clone(), n("startPosition"), n("endPosition")));
            }
            _ => {}
        }
        if !empty {
            stack.push(name);
        }
    }
    assert_eq!(
        order,
        ["Users", "CodeBook", "Sources"],
        "schema order under Project"
    );
    assert_eq!(sources.len(), 3, "one TextSource per group");
    assert!(
        refs.iter().all(|r| codes.contains(r)),
        "every CodeRef targets a code"
    );
    // Every selection's text is one of the run's coded segments.
    let segments = read_csv(&out.join("segments.csv"));
    let texts: BTreeSet<String> = column(&segments, "text").into_iter().collect();
    assert!(!selections.is_empty());
    for (source, start, end) in &selections {
        let text: String = sources[source]
            .chars()
            .skip(*start)
            .take(end - start)
            .collect();
        assert!(texts.contains(&text), "selection {start}..{end}: {text:?}");
    }
    let qdc = fs::read_to_string(out.join("codebook.qdc")).unwrap();
    assert!(qdc.contains("urn:QDA-XML:codebook:1.0"));
    for text in sources.values() {
        for name in REAL_NAMES {
            assert!(!text.contains(name), "source text contains {name}");
        }
    }
}

/// Runs `xmllint --schema tests/schema/Project.xsd` on a project.qde text; Ok when it validates,
/// Err with xmllint's complaint when it does not.
fn validate_qde(dir: &std::path::Path, qde: &str) -> Result<(), String> {
    let file = dir.join("project.qde");
    fs::write(&file, qde).unwrap();
    let out = std::process::Command::new("xmllint")
        .args(["--noout", "--schema"])
        .arg(repo().join("tests/schema/Project.xsd"))
        .arg(&file)
        .output()
        .expect("xmllint (Debian libxml2-utils) is needed: `make test` installs it");
    if out.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    }
}

/// The exported project.qde is valid against the published QDA-XML 1.0 schema, and the check
/// would catch elements out of the schema's order.
#[test]
fn qde_validates_against_the_qda_xml_schema() {
    use std::io::Read;
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("fg");
    verbatim_ok(&[
        "run",
        "pipelines/focus-groups.toml",
        "--out",
        out.to_str().unwrap(),
        "--quiet",
    ]);
    let mut zip = zip::ZipArchive::new(fs::File::open(out.join("project.qdpx")).unwrap()).unwrap();
    let mut qde = String::new();
    zip.by_name("project.qde")
        .unwrap()
        .read_to_string(&mut qde)
        .unwrap();
    if let Err(why) = validate_qde(tmp.path(), &qde) {
        panic!("project.qde does not validate:\n{why}");
    }
    // Users after CodeBook breaks the schema's sequence: xmllint must say so.
    let users_end = qde.find("</Users>").unwrap() + "</Users>".len();
    let users_start = qde.find("<Users>").unwrap();
    let users = &qde[users_start..users_end];
    let book_end = qde.find("</CodeBook>").unwrap() + "</CodeBook>".len();
    let swapped = format!(
        "{}{}{}{}",
        &qde[..users_start],
        &qde[users_end..book_end],
        users,
        &qde[book_end..]
    );
    let why = validate_qde(tmp.path(), &swapped).expect_err("out-of-order Users must fail");
    assert!(why.contains("Users"), "{why}");
}
