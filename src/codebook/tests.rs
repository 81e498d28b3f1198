//! Codebook files: round trips, import forgiveness, validation messages.

use super::centroid::{base64_decode, base64_encode};
use super::toml_format::toml_float;
use super::*;
use std::path::PathBuf;

fn code(id: &str, parent: Option<&str>) -> Code {
    Code {
        id: id.into(),
        name: format!("Name of {id}"),
        description: String::new(),
        parent: parent.map(str::to_owned),
        examples: Vec::new(),
        keywords: Vec::new(),
        threshold: None,
        new: false,
        centroid: None,
    }
}

fn book(codes: Vec<Code>) -> Codebook {
    Codebook {
        version: FORMAT_VERSION,
        model: None,
        codes,
    }
}

/// A codebook using every field, awkward strings included.
fn full() -> Codebook {
    let mut late = code("delivery-late", Some("delivery"));
    late.name = "Late \"delivery\"".into();
    late.description = "Arrived after the slot; C:\\path\tand\nnew line, é ✓".into();
    late.examples = vec!["two hours late".into(), "still waiting".into()];
    late.keywords = vec!["late".into(), "delay".into()];
    late.threshold = Some(0.45);
    late.centroid = Some(Centroid::new(vec![
        0.1,
        -1e-7,
        f32::MIN_POSITIVE,
        -0.0,
        1.0,
        f32::MAX,
        f32::from_bits(1), // smallest subnormal
        std::f32::consts::PI,
    ]));
    let mut candidate = code("T3", Some("delivery"));
    candidate.name = "=HYPERLINK(\"http://x.example\",\"see\")".into();
    candidate.new = true;
    candidate.threshold = Some(-0.999_999_9);
    candidate.examples = vec!["van came at 7am".into()];
    candidate.centroid = Some(Centroid::new(vec![
        1.0, 2.0, 3.0, 0.3, -0.5, 1e-30, 7.0, 8.0,
    ]));
    let mut subs = code("subs", None);
    subs.description = "Substitutions.".into();
    subs.threshold = Some(1.0);
    Codebook {
        version: FORMAT_VERSION,
        model: Some("all-MiniLM-L6-v2/int8 sha256:abcd".into()),
        codes: vec![code("delivery", None), late, candidate, subs],
    }
}

fn write(dir: &tempfile::TempDir, name: &str, text: &str) -> PathBuf {
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn bits(c: &Codebook) -> Vec<Vec<u32>> {
    c.codes
        .iter()
        .map(|c| {
            c.centroid
                .iter()
                .flat_map(|c| c.as_slice().iter().map(|x| x.to_bits()))
                .collect()
        })
        .collect()
}

fn load_err(dir: &tempfile::TempDir, name: &str, text: &str) -> Error {
    Codebook::load(&write(dir, name, text)).unwrap_err()
}

#[test]
fn toml_round_trip_is_exact() {
    let dir = tempfile::tempdir().unwrap();
    let original = full();
    original.validate().unwrap();
    let text = original.to_toml();
    assert!(text.starts_with("# Verbatim codebook"));
    assert!(text.contains("remove `new = true`"));
    let loaded = Codebook::load(&write(&dir, "book.toml", &text)).unwrap();
    assert_eq!(loaded, original);
    assert_eq!(bits(&loaded), bits(&original));
    assert_eq!(loaded.to_toml(), text, "deterministic");
    let path = dir.path().join("saved.toml");
    original.save(&path).unwrap();
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
}

#[test]
fn thresholds_read_back_exactly() {
    // TOML readers go through f64: every threshold must survive that.
    for i in 0..200_000u32 {
        let x = f32::from_bits(0x3f80_0000 - i * 5_323); // 1.0 downwards, over many scales
        let text = toml_float(x);
        let parsed: toml::Table = toml::from_str(&format!("t = {text}")).unwrap();
        let back = parsed["t"].as_float().unwrap() as f32;
        assert_eq!(back.to_bits(), x.to_bits(), "{x:?} written as {text}");
    }
    assert_eq!(toml_float(0.45), "0.45");
    assert_eq!(toml_float(1.0), "1.0");
}

#[test]
fn centroid_string_form() {
    let c = Centroid::new(vec![1.0]);
    assert_eq!(c.to_string(), "f32le-base64:AACAPw==");
    assert_eq!("f32le-base64:AACAPw==".parse::<Centroid>().unwrap(), c);
    for (raw, b64) in [
        ("", ""),
        ("f", "Zg=="),
        ("fo", "Zm8="),
        ("foo", "Zm9v"),
        ("foob", "Zm9vYg=="),
        ("foobar", "Zm9vYmFy"),
    ] {
        assert_eq!(base64_encode(raw.as_bytes()), b64);
        assert_eq!(base64_decode(b64).unwrap(), raw.as_bytes());
    }
    let all: Vec<u8> = (0..=255).collect();
    assert_eq!(base64_decode(&base64_encode(&all)).unwrap(), all);
    for (bad, why) in [
        ("AACAPw==", "starting with"),
        ("f32le-base64:AACAPw=", "multiple of 4"),
        ("f32le-base64:AACA Pw=", "alphabet"),
        ("f32le-base64:AA==AACA", "padding"),
        ("f32le-base64:AACAP===", "padding"),
        ("f32le-base64:AACAPx==", "non-canonical"),
        ("f32le-base64:Zm9v", "whole number of f32"),
    ] {
        let e = bad.parse::<Centroid>().unwrap_err();
        assert!(e.message().contains(why), "{bad}: {e}");
        assert_eq!(e.kind(), ErrorKind::Config);
    }
}

#[test]
fn bad_centroid_in_toml_names_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let text = "version = 1\n\n[[codes]]\nid = \"a\"\nname = \"A\"\ncentroid = \"f32le-base64:AAC*Pw==\"\n";
    let e = load_err(&dir, "book.toml", text);
    let shown = e.to_string();
    assert_eq!(e.kind(), ErrorKind::Input);
    assert!(shown.contains("book.toml, row 6:"), "{shown}");
    assert!(shown.contains("invalid centroid"), "{shown}");
    assert!(shown.contains("alphabet"), "{shown}");
}

#[test]
fn toml_errors_carry_the_parse_message_without_quoting_text() {
    let dir = tempfile::tempdir().unwrap();
    let text =
        "version = 1\n[[codes]]\nid = \"a\"\nname = \"A\"\nexamples = \"John Smith was rude\"\n";
    let e = load_err(&dir, "book.toml", text);
    let shown = e.to_string();
    assert!(shown.contains("row 5"), "{shown}");
    assert!(shown.contains("invalid type"), "{shown}");
    assert!(!shown.contains("John"), "{shown}");

    let e = load_err(
        &dir,
        "book.toml",
        "version = 1\n[[codes]]\nid = \"a\"\ncolour = 1\n",
    );
    assert!(e.to_string().contains("unknown field `colour`"), "{e}");
    let e = load_err(&dir, "book.toml", "version = 1\n[[codes]\n");
    assert!(e.to_string().contains("book.toml, row 2"), "{e}");
    let e = load_err(&dir, "book.yaml", "");
    assert!(e.to_string().contains(".toml, .csv, .qdc or .qdpx"), "{e}");
}

#[test]
fn csv_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let mut original = full();
    original.model = None;
    for c in &mut original.codes {
        c.centroid = None;
    }
    let text = original.to_csv();
    assert!(text.starts_with("id,name,description,parent,examples,keywords,threshold,new\n"));
    assert!(text.contains("two hours late | still waiting"));
    // A formula-like name is neutralised for spreadsheets and restored on import.
    assert!(text.contains("\"'=HYPERLINK("), "{text}");
    let loaded = Codebook::load(&write(&dir, "book.csv", &text)).unwrap();
    assert_eq!(loaded, original);
    assert_eq!(loaded.to_csv(), text, "deterministic");
    // The full codebook exports the same rows: centroids and model are simply left out.
    assert_eq!(full().to_csv(), text);
}

#[test]
fn csv_import_is_forgiving_about_layout() {
    let dir = tempfile::tempdir().unwrap();
    let text = "\u{feff}ID, Name ,parent,examples,threshold,New\n\
                grp,Group,,,,\n\
                a,Alpha,grp,one|two |  three,,TRUE\n\
                ,,,,,\n\
                b,Beta,grp,,0.5,\n";
    let loaded = Codebook::load(&write(&dir, "book.csv", text)).unwrap();
    assert_eq!(loaded.codes.len(), 3);
    let a = &loaded.codes[1];
    assert_eq!(a.parent.as_deref(), Some("grp"));
    assert_eq!(a.examples, ["one", "two", "three"]);
    assert!(a.new);
    assert_eq!(loaded.codes[2].threshold, Some(0.5));
    assert_eq!(loaded.codes[0].description, "");
}

#[test]
fn csv_errors_name_row_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let e = load_err(&dir, "book.csv", "id,name,colour\na,A,red\n");
    assert_eq!(e.kind(), ErrorKind::Input);
    let loc = e.location().unwrap();
    assert_eq!((loc.row, loc.column.as_deref()), (Some(1), Some("colour")));
    assert!(e
        .to_string()
        .contains("book.csv, row 1, column 'colour': unknown column"));

    let e = load_err(&dir, "book.csv", "id,name,threshold\na,A,0.2\nb,B,high\n");
    assert!(
        e.to_string()
            .contains("row 3, column 'threshold': not a number"),
        "{e}"
    );

    let e = load_err(&dir, "book.csv", "id,name,new\na,A,yes\n");
    assert!(e.to_string().contains("row 2, column 'new'"), "{e}");

    let e = load_err(&dir, "book.csv", "id,name\na,A\nb\n");
    assert!(e.to_string().contains("row 3: expected 2 fields"), "{e}");

    let e = load_err(&dir, "book.csv", "name,description\nA,x\n");
    assert!(
        e.to_string()
            .contains("row 1: the header has no 'id' column"),
        "{e}"
    );

    let e = load_err(&dir, "book.csv", "id,name,ID\n");
    assert!(
        e.to_string()
            .contains("column 'id': the column appears twice"),
        "{e}"
    );

    // Validation errors point at the code's row and the field's column too.
    let e = load_err(&dir, "book.csv", "id,name,parent\na,A,\nb,B,a\na,Again,\n");
    assert!(
        e.to_string()
            .contains("book.csv, row 4, column 'id': code 'a': duplicate id"),
        "{e}"
    );
    let e = load_err(&dir, "book.csv", "id,name,parent\na,A,\nb,B,zz\n");
    assert!(e.to_string().contains("row 3, column 'parent'"), "{e}");
}

fn invalid(c: &Codebook) -> String {
    let e = c.validate().unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Config);
    e.message().to_owned()
}

#[test]
fn validation_errors() {
    let e = invalid(&book(vec![
        code("a", None),
        code("b", None),
        code("a", None),
    ]));
    assert!(
        e.contains("code 'a': duplicate id (code #1 has it too)"),
        "{e}"
    );

    let e = invalid(&book(vec![code("a", Some("nope"))]));
    assert!(
        e.contains("parent \"nope\" is not the id of any code"),
        "{e}"
    );

    let e = invalid(&book(vec![
        code("root", None),
        code("a", Some("c")),
        code("b", Some("a")),
        code("c", Some("b")),
    ]));
    assert!(e.contains("parent cycle: a -> c -> b -> a"), "{e}");
    let e = invalid(&book(vec![code("self", Some("self"))]));
    assert!(e.contains("parent cycle: self -> self"), "{e}");

    for t in [1.5, -1.0, f32::NAN] {
        let mut c = code("a", None);
        c.threshold = Some(t);
        let e = invalid(&book(vec![c]));
        assert!(e.contains("must be in (-1, 1]"), "{e}");
    }

    let e = invalid(&book(vec![code("bad id", None)]));
    assert!(e.contains("code #1: id \"bad id\""), "{e}");
    let e = invalid(&book(vec![code("", None)]));
    assert!(e.contains("must be non-empty"), "{e}");

    let mut c = code("a", None);
    c.name = "  ".into();
    assert!(invalid(&book(vec![c])).contains("name is empty"));

    let mut c = code("a", None);
    c.examples = vec!["my neighbour Jane".into(), " ".into()];
    let e = invalid(&book(vec![c]));
    assert!(
        e.contains("code 'a': example 2 is blank") && !e.contains("Jane"),
        "{e}"
    );

    let mut a = code("a", None);
    a.centroid = Some(Centroid::new(vec![1.0, 0.0]));
    let mut b = code("b", None);
    b.centroid = Some(Centroid::new(vec![1.0, 0.0, 0.0]));
    let e = invalid(&book(vec![a.clone(), b]));
    assert!(
        e.contains("code 'b': centroid has 3 values but code 'a' has 2"),
        "{e}"
    );
    let mut b = code("b", None);
    b.centroid = Some(Centroid::new(vec![1.0, f32::INFINITY]));
    assert!(invalid(&book(vec![a, b])).contains("centroid value 2 is not finite"));

    assert!(invalid(&book(vec![])).contains("no codes"));
    let mut c = book(vec![code("a", None)]);
    c.version = 2;
    assert!(invalid(&c).contains("unsupported codebook version 2"));

    // A group needs no description, examples or centroid.
    book(vec![code("group", None), code("leaf", Some("group"))])
        .validate()
        .unwrap();
}

#[test]
fn depth_first_is_tree_order() {
    let c = book(vec![
        code("b-child", Some("b")),
        code("a", None),
        code("b", None),
        code("a1", Some("a")),
        code("a1x", Some("a1")),
        code("a2", Some("a")),
        code("b-child-2", Some("b")),
    ]);
    c.validate().unwrap();
    let order: Vec<(&str, usize)> = c
        .depth_first()
        .into_iter()
        .map(|(i, d)| (c.codes[i].id.as_str(), d))
        .collect();
    assert_eq!(
        order,
        [
            ("a", 0),
            ("a1", 1),
            ("a1x", 2),
            ("a2", 1),
            ("b", 0),
            ("b-child", 1),
            ("b-child-2", 1)
        ]
    );
    assert!(c.is_parent(1) && !c.is_parent(0));
    assert_eq!(c.index_of("a2"), Some(5));

    // Invalid codebooks still list every code once.
    let cyclic = book(vec![
        code("x", Some("y")),
        code("y", Some("x")),
        code("z", None),
    ]);
    assert_eq!(cyclic.depth_first(), [(2, 0), (0, 0), (1, 1)]);
}

#[test]
fn prototype_texts() {
    let mut c = code("a", None);
    c.name = "Late delivery".into();
    assert_eq!(c.prototype_texts(), ["Late delivery"]);
    c.description = "Arrived after the slot.".into();
    c.examples = vec!["two hours late".into(), "still waiting".into()];
    assert_eq!(
        c.prototype_texts(),
        [
            "Late delivery: Arrived after the slot.",
            "two hours late",
            "still waiting"
        ]
    );
}

#[test]
fn shipped_service_feedback_codebook_is_valid() {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("pipelines/codebooks/service-feedback.toml");
    let c = Codebook::load(&path).unwrap();
    assert!(
        (10..=14).contains(&c.codes.len()),
        "{} codes",
        c.codes.len()
    );
    assert_eq!(c.model, None);
    let depths = c.depth_first();
    assert!(depths.iter().all(|&(_, d)| d <= 1), "two levels");
    let groups = (0..c.codes.len()).filter(|&i| c.is_parent(i)).count();
    assert!((3..=4).contains(&groups), "{groups} groups");
    for (i, code) in c.codes.iter().enumerate() {
        if c.is_parent(i) {
            continue;
        }
        assert!(
            code.parent.is_some(),
            "{}: leaves sit under a group",
            code.id
        );
        assert!(!code.description.is_empty(), "{}", code.id);
        assert!((3..=5).contains(&code.examples.len()), "{}", code.id);
        assert!(!code.keywords.is_empty(), "{}", code.id);
        assert!(code.centroid.is_none() && !code.new);
    }
}
