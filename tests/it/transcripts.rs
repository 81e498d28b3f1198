//! Focus-group transcripts (plain text, WebVTT, SRT) through `pipelines/focus-groups.toml`.

use crate::common::*;
use std::collections::BTreeSet;
use std::fs;

/// Speaker names as written in the fixture transcripts, and a name mentioned inside a turn.
const REAL_NAMES: &[&str] = &[
    "Hannah", "Marcus", "Priya", "Grace", "Olu", "Beth", "Karim", "Sian", "Lena", "Marek", "Ailsa",
    "Jamie", "Fiona", "Callum", "Rory", "Morag", "Steve",
];

/// Runs the shipped focus-group pipeline into `dir/name`.
fn focus_groups(dir: &std::path::Path, name: &str) -> std::path::PathBuf {
    let out = dir.join(name);
    verbatim_ok(&[
        "run",
        "pipelines/focus-groups.toml",
        "--out",
        out.to_str().unwrap(),
        "--quiet",
    ]);
    out
}

#[test]
fn focus_groups_are_coded_per_participant() {
    let tmp = tempfile::tempdir().unwrap();
    let out = focus_groups(tmp.path(), "fg");
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
    // The report speaks of turns and participants, and shows no empty KPI columns.
    assert!(html.contains("turns from 3 transcripts (18 participants)"));
    assert!(html.contains("Turns analysed") && html.contains("% participants"));
    assert!(
        !html.contains("KPI without"),
        "no KPI mapped, no KPI columns"
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
    let out = focus_groups(tmp.path(), "fg");
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
    let out = focus_groups(tmp.path(), "fg");
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

/// Reads every entry of a zip archive as text.
fn unzip_all(path: &std::path::Path) -> Vec<(String, String)> {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(fs::File::open(path).unwrap()).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut entry = zip.by_index(i).unwrap();
            let mut text = String::new();
            entry.read_to_string(&mut text).unwrap();
            (entry.name().to_owned(), text)
        })
        .collect()
}

fn zip_all(path: &std::path::Path, entries: &[(String, String)]) {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(fs::File::create(path).unwrap());
    for (name, text) in entries {
        zip.start_file(name.as_str(), zip::write::SimpleFileOptions::default())
            .unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    }
    zip.finish().unwrap();
}

/// A person codes the exported project in a QDA tool (simulated: a user "Ana" adds codings to
/// one group's source, the machine's own codings stay in the file); `agree --human x.qdpx`
/// gives exactly what the same coding written as a CSV gives, and a project whose text was
/// changed is refused.
#[test]
fn agreement_from_a_coded_qdpx_equals_the_same_coding_as_csv() {
    let tmp = tempfile::tempdir().unwrap();
    let run = focus_groups(tmp.path(), "fg");
    let segments = read_csv(&run.join("segments.csv"));
    let col = |name: &str| column(&segments, name);
    let (ids, starts, ends) = (col("id"), col("start"), col("end"));
    let (themes, names, sources) = (col("theme_id"), col("theme_name"), col("qda_source"));
    let (qda_starts, qda_ends) = (col("qda_start"), col("qda_end"));
    let num = |s: &String| s.parse::<usize>().unwrap();
    let entries = unzip_all(&run.join("project.qdpx"));
    let mut qde = entries[0].1.clone();
    assert_eq!(entries[0].0, "project.qde");
    let guid_of = |name: &str| {
        let at = qde.find(&format!("\" name=\"{name}\" isCodable")).unwrap();
        qde[at - 36..at].to_owned()
    };
    let other_name = |mine: &str| {
        names
            .iter()
            .find(|n| *n != mine && *n != "uncoded")
            .unwrap()
    };

    let ana = "aaaaaaaa-0000-4000-8000-000000000001";
    let mut csv = String::from("id,coder,code,start,end\n");
    let mut selections = String::new();
    let mut reviewed = BTreeSet::new();
    let mut coded = 0;
    for i in 0..ids.len() {
        if sources[i] != "group-1-leeds" {
            continue;
        }
        if reviewed.insert(ids[i].clone()) {
            csv.push_str(&format!("{},Ana,,,\n", ids[i]));
        }
        if themes[i] == "uncoded" || i % 3 == 2 {
            continue;
        }
        // Agree on every third coded segment, pick another code on the next; each span is
        // the segment less one character at each end (still more than half of it).
        let code = if i % 3 == 0 {
            names[i].clone()
        } else {
            other_name(&names[i]).clone()
        };
        csv.push_str(&format!(
            "{},Ana,{code},{},{}\n",
            ids[i],
            num(&starts[i]) + 1,
            num(&ends[i]) - 1
        ));
        selections.push_str(&format!(
            "<PlainTextSelection guid=\"aaaaaaaa-0000-4000-8000-{:012}\" startPosition=\"{}\" \
             endPosition=\"{}\" creatingUser=\"{ana}\"><Coding guid=\"aaaaaaaa-0000-4000-9000-{:012}\" \
             creatingUser=\"{ana}\"><CodeRef targetGUID=\"{}\"/></Coding></PlainTextSelection>",
            i,
            num(&qda_starts[i]) + 1,
            num(&qda_ends[i]) - 1,
            i,
            guid_of(&code)
        ));
        coded += 1;
    }
    assert!(coded >= 5, "the test codes a handful of segments: {coded}");
    qde = qde.replacen(
        "</Users>",
        &format!("<User guid=\"{ana}\" name=\"Ana\"/></Users>"),
        1,
    );
    let leeds = qde.find("name=\"group-1-leeds\"").unwrap();
    let close = leeds + qde[leeds..].find("</TextSource>").unwrap();
    qde.insert_str(close, &selections);
    validate_qde(tmp.path(), &qde).expect("the simulated QDA tool's project is valid QDA-XML");
    let mut coded_entries = entries.clone();
    coded_entries[0].1 = qde;
    let human_qdpx = tmp.path().join("coded.qdpx");
    zip_all(&human_qdpx, &coded_entries);
    let human_csv = tmp.path().join("coded.csv");
    fs::write(&human_csv, csv).unwrap();

    let agree = |human: &std::path::Path, out: &str| {
        let out = tmp.path().join(out);
        verbatim_ok(&[
            "agree",
            "--human",
            human.to_str().unwrap(),
            "--machine",
            run.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ]);
        fs::read_to_string(out.join("agreement.csv")).unwrap()
    };
    let from_qdpx = agree(&human_qdpx, "a-qdpx");
    let from_csv = agree(&human_csv, "a-csv");
    similar_asserts::assert_eq!(from_qdpx, from_csv);
    let rows = read_csv(&tmp.path().join("a-qdpx/agreement.csv"));
    let coders: BTreeSet<String> = column(&rows, "coder").into_iter().collect();
    assert_eq!(
        coders,
        BTreeSet::from(["Ana".to_owned()]),
        "the machine's own codings are not a coder"
    );

    // The same codings on a source whose text differs are refused.
    let mut tampered = coded_entries.clone();
    let leeds_guid = {
        let qde = &tampered[0].1;
        let at = qde.find("name=\"group-1-leeds\"").unwrap();
        let tag = &qde[qde[..at].rfind("<TextSource").unwrap()..at];
        tag[tag.find("guid=\"").unwrap() + 6..][..36].to_owned()
    };
    let source = tampered
        .iter_mut()
        .find(|(name, _)| name == &format!("sources/{leeds_guid}.txt"))
        .unwrap();
    source.1 = format!("Intro. {}", source.1);
    let bad = tmp.path().join("tampered.qdpx");
    zip_all(&bad, &tampered);
    let out = verbatim(&[
        "agree",
        "--human",
        bad.to_str().unwrap(),
        "--machine",
        run.to_str().unwrap(),
        "--out",
        tmp.path().join("a-bad").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(3), "input error: {}", stderr(&out));
    assert!(
        stderr(&out).contains("does not hold the machine run's text"),
        "{}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("tampered.qdpx"), "{}", stderr(&out));
}

/// The exported codebook goes back in as a deductive codebook: the codes keep their names,
/// grouping and keywords, and the run codes with them.
#[test]
fn exported_qdc_codebook_imports_for_deductive_coding() {
    let tmp = tempfile::tempdir().unwrap();
    let first = focus_groups(tmp.path(), "first");
    for book in ["codebook.qdc", "project.qdpx"] {
        let again = tmp.path().join(book.replace('.', "-"));
        verbatim_ok(&[
            "run",
            "pipelines/focus-groups.toml",
            "--codebook",
            first.join(book).to_str().unwrap(),
            "--out",
            again.to_str().unwrap(),
            "--quiet",
        ]);
        let names = |dir: &std::path::Path| -> BTreeSet<String> {
            let themes = read_csv(&dir.join("themes.csv"));
            column(&themes, "name").into_iter().collect()
        };
        assert_eq!(names(&first), names(&again), "{book}: same code names");
        let imported = fs::read_to_string(again.join("codebook.toml")).unwrap();
        assert!(imported.contains("keywords = ["), "{book}: keywords kept");
        assert!(imported.contains("parent = "), "{book}: hierarchy kept");
        let coded = read_csv(&again.join("coded.csv"));
        let statuses = column(&coded, "status");
        assert!(
            statuses.iter().filter(|s| *s == "coded").count() >= 10,
            "{book}: the imported codes code the groups"
        );
    }
    // A file that is not a codebook is refused with its name.
    let bad = tmp.path().join("notes.qdc");
    fs::write(&bad, "<Notes><Note/></Notes>").unwrap();
    let out = verbatim(&[
        "run",
        "pipelines/focus-groups.toml",
        "--codebook",
        bad.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(3), "input error: {}", stderr(&out));
    assert!(stderr(&out).contains("notes.qdc"), "{}", stderr(&out));
}

/// Writes `text` as a Word document, one paragraph per line, each split into two runs the way
/// Word fragments text, with the package parts Word writes.
fn write_docx(path: &std::path::Path, text: &str) {
    let escape = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    };
    let mut body = String::new();
    for line in text.lines() {
        let cut = line
            .char_indices()
            .nth(line.chars().count() / 2)
            .map_or(0, |(i, _)| i);
        body.push_str(&format!(
            "<w:p><w:pPr><w:pStyle w:val=\"Normal\"/></w:pPr><w:r><w:t xml:space=\"preserve\">{}</w:t></w:r>\
             <w:proofErr w:type=\"spellStart\"/><w:r><w:rPr><w:b/></w:rPr><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p>\n",
            escape(&line[..cut]),
            escape(&line[cut..])
        ));
    }
    let document = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document \
         xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>\n\
         {body}<w:sectPr/></w:body></w:document>"
    );
    let types = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
                 <Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
                 <Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>";
    let rels = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
                <Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/></Relationships>";
    zip_all(
        path,
        &[
            ("[Content_Types].xml".to_owned(), types.to_owned()),
            ("_rels/.rels".to_owned(), rels.to_owned()),
            ("word/document.xml".to_owned(), document),
        ],
    );
}

/// A transcript delivered as a Word document reads exactly like the same transcript as plain
/// text: same turns, rows (paragraph = line), speakers, roles, timestamps, coding.
#[test]
fn docx_transcripts_read_like_plain_text() {
    let tmp = tempfile::tempdir().unwrap();
    let text = fs::read_to_string(repo().join("fixtures/transcripts/group-1-leeds.txt")).unwrap();
    let (as_txt, as_docx) = (tmp.path().join("txt"), tmp.path().join("docx"));
    fs::create_dir_all(&as_txt).unwrap();
    fs::create_dir_all(&as_docx).unwrap();
    fs::write(as_txt.join("group-1-leeds.txt"), &text).unwrap();
    write_docx(&as_docx.join("group-1-leeds.docx"), &text);
    let run = |input: &std::path::Path, out: &str| {
        let out = tmp.path().join(out);
        verbatim_ok(&[
            "run",
            "pipelines/focus-groups.toml",
            "--input",
            input.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--quiet",
        ]);
        out
    };
    let (from_txt, from_docx) = (run(&as_txt, "out-txt"), run(&as_docx, "out-docx"));
    for file in ["coded.csv", "segments.csv", "participants.csv"] {
        similar_asserts::assert_eq!(
            fs::read_to_string(from_docx.join(file)).unwrap(),
            fs::read_to_string(from_txt.join(file)).unwrap(),
            "{file}"
        );
    }
    let coded = read_csv(&from_docx.join("coded.csv"));
    assert!(column(&coded, "role").contains(&"moderator".to_owned()));
    // The single file on its own, by extension.
    let single = tmp.path().join("out-single");
    verbatim_ok(&[
        "run",
        "pipelines/focus-groups.toml",
        "--input",
        as_docx.join("group-1-leeds.docx").to_str().unwrap(),
        "--format",
        "docx",
        "--out",
        single.to_str().unwrap(),
        "--quiet",
    ]);
    similar_asserts::assert_eq!(
        fs::read_to_string(single.join("coded.csv")).unwrap(),
        fs::read_to_string(from_txt.join("coded.csv")).unwrap()
    );
}

/// A transcript's file name names its group and prefixes its turns' ids: one holding personal
/// data (here a participant's email and a full name) becomes `transcript-N` in every output,
/// the QDA project included; a file name without any keeps its name.
#[test]
fn transcript_file_names_with_personal_data_are_replaced() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    fs::create_dir_all(&input).unwrap();
    let fixtures = repo().join("fixtures/transcripts");
    for (from, to) in [
        ("group-1-leeds.txt", "interview Sarah Johnson.txt"),
        ("group-2-bristol.vtt", "sarah.johnson@example.com.vtt"),
        ("group-3-glasgow.srt", "group-3-glasgow.srt"),
    ] {
        fs::copy(fixtures.join(from), input.join(to)).unwrap();
    }
    let out = tmp.path().join("out");
    verbatim_ok(&[
        "run",
        "pipelines/focus-groups.toml",
        "--input",
        input.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--quiet",
    ]);
    let coded = read_csv(&out.join("coded.csv"));
    let groups: BTreeSet<String> = column(&coded, "group").into_iter().collect();
    let expected = ["group-3-glasgow", "transcript-2", "transcript-3"];
    assert_eq!(groups, expected.map(str::to_owned).into());
    assert!(column(&coded, "id")
        .iter()
        .all(|id| expected.iter().any(|g| id.starts_with(&format!("{g}-")))));
    let run: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(out.join("run.json")).unwrap()).unwrap();
    assert_eq!(run["counters"]["redact"]["transcripts_renamed"], 2);
    let mut texts: Vec<(String, String)> = unzip_all(&out.join("project.qdpx"));
    for file in fs::read_dir(&out).unwrap() {
        let path = file.unwrap().path();
        if let Ok(text) = fs::read_to_string(&path) {
            texts.push((path.display().to_string(), text));
        }
    }
    for (name, text) in texts {
        assert!(
            !text.contains("Johnson") && !text.contains("johnson"),
            "a file name in {name}"
        );
    }
}
