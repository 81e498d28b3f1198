//! Tests of `ingest/delimited.rs`.

use super::*;
use crate::ingest::testutil::{config, rec, write};

fn read_csv(
    bytes: &[u8],
    text: &str,
    id: Option<&str>,
    meta: &[&str],
) -> Result<(String, Vec<Record>)> {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "data.csv", bytes);
    read(&config(path, Some(text), id, meta), Format::Csv)
}

/// `input.quoting = false`: quotes are characters of the text, and no row is merged.
#[test]
fn without_quoting_quotes_are_text() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "data.tsv",
        b"id\tcomment\n1\t\"stray\n2\tsaid \"hi\"\n",
    );
    let mut cfg = config(path.clone(), Some("comment"), Some("id"), &[]);
    assert!(
        read(&cfg, Format::Tsv).is_err(),
        "with quoting, row 2 opens a quote"
    );
    cfg.quoting = false;
    let (_, recs) = read(&cfg, Format::Tsv).unwrap();
    let texts: Vec<&str> = recs.iter().map(|r| r.text.as_str()).collect();
    assert_eq!(texts, ["\"stray", "said \"hi\""]);
}

#[test]
fn comma_csv_with_id_and_meta() {
    let (enc, recs) = read_csv(
        b"response_id,date,channel,comment\nR1,2026-01-05,web,Great service\nR2,2026-01-06,app,Slow app\n",
        "comment",
        Some("response_id"),
        &["channel", "date"],
    )
    .unwrap();
    assert_eq!(enc, "UTF-8");
    assert_eq!(
        recs,
        vec![
            rec(2, "R1", "Great service", &["web", "2026-01-05"]),
            rec(3, "R2", "Slow app", &["app", "2026-01-06"]),
        ]
    );
}

#[test]
fn semicolon_is_sniffed() {
    let (_, recs) = read_csv(
        b"id;comment;score\n1;Prices, honestly, too high;3\n2;ok;9\n",
        "comment",
        Some("id"),
        &["score"],
    )
    .unwrap();
    assert_eq!(
        recs,
        vec![
            rec(2, "1", "Prices, honestly, too high", &["3"]),
            rec(3, "2", "ok", &["9"])
        ]
    );
}

#[test]
fn sniffing_prefers_consistent_split() {
    assert_eq!(sniff_delimiter("a|b|c\n1|x,y|3\n", true), b'|');
    assert_eq!(sniff_delimiter("a\tb\n1\t2\n", true), b'\t');
    assert_eq!(sniff_delimiter("comment\nhello; world\n", true), b',');
    // Both split consistently; ';' gives more fields (3 against 2).
    assert_eq!(sniff_delimiter("a;b,c;d\n1;2,x;3\n", true), b';');
}

#[test]
fn tsv_defaults_to_tab() {
    let dir = tempfile::tempdir().unwrap();
    // Commas in the header would win a sniff; TSV must use tab regardless.
    let path = write(dir.path(), "data.tsv", b"id\ttext, free\n7\ta, b, c\n8\t\n");
    let (_, recs) = read(
        &config(path, Some("text, free"), Some("id"), &[]),
        Format::Tsv,
    )
    .unwrap();
    assert_eq!(
        recs,
        vec![rec(2, "7", "a, b, c", &[]), rec(3, "8", "", &[])]
    );
}

#[test]
fn explicit_delimiter_is_used() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "data.csv", b"a,b;text\n1,2;hi\n");
    let mut cfg = config(path, Some("text"), None, &["a,b"]);
    cfg.delimiter = Some(';');
    let (_, recs) = read(&cfg, Format::Csv).unwrap();
    assert_eq!(recs, vec![rec(2, "2", "hi", &["1,2"])]);
    cfg.delimiter = Some('é');
    assert_eq!(
        read(&cfg, Format::Csv).unwrap_err().kind(),
        crate::ErrorKind::Config
    );
}

#[test]
fn utf8_bom_not_in_header_name() {
    let (enc, recs) = read_csv(
        b"\xEF\xBB\xBFid,text\n1,caf\xC3\xA9\n",
        "text",
        Some("id"),
        &[],
    )
    .unwrap();
    assert_eq!(enc, "UTF-8");
    assert_eq!(recs, vec![rec(2, "1", "café", &[])]);
}

#[test]
fn header_names_are_trimmed_and_stray_bom_removed() {
    // A BOM after explicit-label decoding of a doubly-BOMed file, plus padded names.
    let (_, recs) = read_csv(
        b"\xEF\xBB\xBF\xEF\xBB\xBF id , text \n1,x\n",
        "text",
        Some("id"),
        &[],
    )
    .unwrap();
    assert_eq!(recs, vec![rec(2, "1", "x", &[])]);
}

#[test]
fn crlf_file() {
    let (_, recs) = read_csv(
        b"id,text,region\r\n1,first,North\r\n2,\"two\r\nlines\",South\r\n",
        "text",
        Some("id"),
        &["region"],
    )
    .unwrap();
    assert_eq!(
        recs,
        vec![
            rec(2, "1", "first", &["North"]),
            rec(3, "2", "two\nlines", &["South"])
        ]
    );
}

#[test]
fn quoted_newlines_and_doubled_quotes() {
    let (_, recs) = read_csv(
        b"id,text\n1,\"line one\nline two, with comma\"\n2,\"she said \"\"hi\"\"\"\n3,plain\n",
        "text",
        None,
        &[],
    )
    .unwrap();
    // Row numbers are record ordinals (header = 1), not physical lines.
    assert_eq!(
        recs,
        vec![
            rec(2, "2", "line one\nline two, with comma", &[]),
            rec(3, "3", "she said \"hi\"", &[]),
            rec(4, "4", "plain", &[]),
        ]
    );
}

#[test]
fn cp1252_file_is_detected_and_decoded() {
    let (enc, recs) = read_csv(
        b"id;comentario\n1;Caf\xE9 con leche, el conductor no lleg\xF3\n2;The driver\x92s fee was \x805 more than the caf\xE9 said\n",
        "comentario",
        Some("id"),
        &[],
    )
    .unwrap();
    assert_eq!(enc, "windows-1252");
    assert_eq!(
        recs,
        vec![
            rec(2, "1", "Café con leche, el conductor no llegó", &[]),
            rec(
                3,
                "2",
                "The driver’s fee was €5 more than the café said",
                &[]
            ),
        ]
    );
}

#[test]
fn declared_utf8_but_invalid_names_row() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "data.csv", b"id,text\n1,ok\n2,caf\xE9\n");
    let mut cfg = config(path, Some("text"), None, &[]);
    cfg.encoding = "utf-8".into();
    let err = read(&cfg, Format::Csv).unwrap_err();
    let msg = err.to_string();
    assert!(msg.contains("data.csv, row 3: invalid UTF-8"), "{msg}");
    assert!(!msg.contains("caf"), "{msg}");
}

#[test]
fn ragged_row_is_an_error() {
    let err = read_csv(
        b"id,text,region\n1,a,North\n2,\"multi\nline\",South\n3,short\n4,d,East\n",
        "text",
        Some("id"),
        &[],
    )
    .unwrap_err();
    let msg = err.to_string();
    assert!(msg.contains("data.csv"), "{msg}");
    assert!(
        msg.ends_with(", row 4: expected 3 fields as in the header, found 2"),
        "{msg}"
    );
    assert_eq!(err.location().unwrap().row, Some(4));
    assert!(!msg.contains("short"), "{msg}");
}

#[test]
fn missing_column_lists_available_columns() {
    let err = read_csv(
        b"response_id,date,comment\n1,2,3\n",
        "comentario",
        None,
        &[],
    )
    .unwrap_err();
    let msg = err.to_string();
    assert!(
        msg.ends_with(
            "data.csv: column 'comentario' not found; available: response_id, date, comment"
        ),
        "{msg}"
    );
    let err = read_csv(b"response_id,date,comment\n", "comment", None, &["region"]).unwrap_err();
    assert!(
        err.to_string().contains("column 'region' not found"),
        "{err}"
    );
    let err = read_csv(b"response_id,date,comment\n", "comment", Some("id"), &[]).unwrap_err();
    assert!(err.to_string().contains("column 'id' not found"), "{err}");
}

#[test]
fn a_missing_header_is_named_without_printing_the_first_row() {
    let file = b"17,Ann Example,ann@example.com,+44 7700 900123,Loved the app\n";
    let msg = read_csv(file, "comment", None, &[])
        .unwrap_err()
        .to_string();
    assert!(
        msg.contains("looks like data") && msg.contains("header row"),
        "{msg}"
    );
    for value in ["Ann", "example.com", "7700", "Loved"] {
        assert!(!msg.contains(value), "{msg}");
    }
}

#[test]
fn missing_column_detected_before_rows() {
    // Row 3 is ragged, but the column error comes first.
    let err = read_csv(b"a,b\n1,2\n3\n", "text", None, &[]).unwrap_err();
    assert!(err.to_string().contains("column 'text' not found"), "{err}");
}

#[test]
fn duplicate_header_is_an_error() {
    let err = read_csv(b"id,text,id\n1,a,2\n", "text", None, &[]).unwrap_err();
    assert!(
        err.to_string().ends_with(
            "data.csv, row 1, column 'id': column name appears twice in the header (columns 1 and 3); names must be unique"
        ),
        "{err}"
    );
}

#[test]
fn duplicate_id_is_an_error() {
    let err = read_csv(b"id,text\nA,x\nB,y\nA,z\n", "text", Some("id"), &[]).unwrap_err();
    let msg = err.to_string();
    assert!(
        msg.ends_with("data.csv, row 4, column 'id': duplicate id: rows 2 and 4 have the same id; ids must be unique"),
        "{msg}"
    );
}

#[test]
fn empty_id_is_an_error() {
    let err = read_csv(b"id,text\nA,x\n  ,y\n", "text", Some("id"), &[]).unwrap_err();
    assert!(err.to_string().ends_with("data.csv, row 3, column 'id': empty id; every row needs an id when input.id_column is set"), "{err}");
}

#[test]
fn empty_and_whitespace_texts_are_kept() {
    let (_, recs) = read_csv(
        b"id,text\n1,\n2,   \n3,\"\t\"\n4,real\n",
        "text",
        Some("id"),
        &[],
    )
    .unwrap();
    assert_eq!(
        recs,
        vec![
            rec(2, "1", "", &[]),
            rec(3, "2", "   ", &[]),
            rec(4, "3", "\t", &[]),
            rec(5, "4", "real", &[])
        ]
    );
}

#[test]
fn without_id_column_ids_are_row_numbers() {
    let (_, recs) = read_csv(b"text\nfirst\nsecond\n", "text", None, &[]).unwrap();
    assert_eq!(
        recs,
        vec![rec(2, "2", "first", &[]), rec(3, "3", "second", &[])]
    );
}

#[test]
fn unclosed_quote_is_an_error_at_its_row_not_merged_rows() {
    let file =
        "id,comment,region\n1,fine,N\n\n2,\"it said \"\"hi\"\"\",S\n3,\"never closed,N\n4,lost,S\n";
    let msg = read_csv(file.as_bytes(), "comment", Some("id"), &[])
        .unwrap_err()
        .to_string();
    assert!(
        msg.contains("row 4, column 'comment': a quote opens this field and is not closed"),
        "{msg}"
    );
    // Quotes inside a field, doubled quotes and quoted newlines are not broken.
    assert_eq!(broken_quote("a,b\n\"x\ny\",q\"r\n", b',', true, 2), None);
    // A file read without quoting has no quotes to break.
    assert_eq!(broken_quote("a\tb\r\nx\t\"open\r\n", b'\t', false, 2), None);
    assert_eq!(
        broken_quote("a\tb\r\nx\t\"open\r\n", b'\t', true, 2),
        Some((2, 1))
    );
    // Closed only by the next row's quote: the line in between looks like a row.
    let wide = "a,b,c,d,e\nR1,2026-01-05,web,4,\"open\nR2,2026-01-06,app,5,\"fine\"\n";
    assert_eq!(broken_quote(wide, b',', true, 5), Some((2, 4)));
    // A quoted comment over several lines is fine, even with a row's worth of commas.
    let prose = "a,b,c,d,e\nR1,2026-01-05,web,4,\"first line, then\n2, more, and, more, yes\"\n";
    assert_eq!(broken_quote(prose, b',', true, 5), None);
    // Narrow files: two rows swallowed in a row, their ids rising, are a broken quote...
    let narrow = "id,comment\n1,fine\n2,\"stray\n3,ok\n4,good\n5,said \"so\"\n6,end\n";
    assert_eq!(broken_quote(narrow, b',', true, 2), Some((3, 1)));
    let tsv = "id\tcomment\tregion\n1\tfine\tN\n2\t\"stray\tS\n3\tok\tN\n4\tgood\tS\n5\tx\"\tN\n";
    assert_eq!(broken_quote(tsv, b'\t', true, 3), Some((3, 1)));
    // ...while a numbered list inside a comment is not: its numbers restart below the id.
    let list = "id,comment\n7,fine\n8,\"Issues:\n1, slow\n2, crashes\"\n9,ok\n";
    assert_eq!(broken_quote(list, b',', true, 2), None);
    // One line alone is not enough in a narrow file, unless it carries the next id.
    let one = "id,comment\n1,fine\n2,\"Dear team,\n5, things\nRegards\"\n";
    assert_eq!(broken_quote(one, b',', true, 2), None);
    let next = "id,comment\n1,fine\n2,\"stray\n3,said \"hi\"\n4,ok\n";
    assert_eq!(broken_quote(next, b',', true, 2), Some((3, 1)));
}

#[test]
fn header_only_and_empty_file() {
    let (_, recs) = read_csv(b"id,text\n", "text", None, &[]).unwrap();
    assert!(recs.is_empty());
    let err = read_csv(b"", "text", None, &[]).unwrap_err();
    assert!(
        err.to_string()
            .ends_with("data.csv: file is empty; a header row is required"),
        "{err}"
    );
}

#[test]
fn huge_field_is_an_error() {
    let mut bytes = b"id,text\n1,".to_vec();
    bytes.extend(std::iter::repeat_n(b'x', 1_000_001));
    bytes.push(b'\n');
    let err = read_csv(&bytes, "text", None, &[]).unwrap_err();
    let msg = err.to_string();
    assert!(msg.ends_with("data.csv, row 2, column 'text': field is 1000001 bytes, over the 1000000-byte limit (binary data or a broken quote?)"), "{}", &msg[..200.min(msg.len())]);
}

#[test]
fn sample_fixture_reads() {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/survey_comments.csv");
    let cfg = config(
        path,
        Some("comment"),
        Some("response_id"),
        &["channel", "region", "nps_score"],
    );
    let (enc, recs) = read(&cfg, Format::Csv).unwrap();
    assert_eq!(enc, "UTF-8");
    assert_eq!(recs.len(), 432);
    assert_eq!(recs[0].id, "R0001");
    assert_eq!(recs[0].row, 2);
    assert_eq!(recs[431].id, "R0432");
    assert_eq!(recs[431].row, 433);
    assert_eq!(recs.iter().filter(|r| r.text.trim().is_empty()).count(), 6);
    assert_eq!(recs.iter().filter(|r| r.text.contains('\n')).count(), 5);
}
