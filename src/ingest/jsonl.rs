//! JSON Lines: one JSON object per line; columns are top-level keys.
//!
//! Row numbers are physical line numbers (1-based). Blank lines are skipped but counted.
//! The text, id and metadata keys must all appear in the first object (checked before reading
//! further); on later lines a missing text key or id key is an error, a missing metadata key
//! reads as "".
//!
//! Values: strings as they are, numbers and booleans as JSON text (`3`, `2.5`, `true`), `null`
//! as "", nested objects and arrays as compact JSON text.

use super::{missing_column, text_column, Collector};
use crate::error::{Error, Result};
use crate::ingest::config::InputConfig;
use crate::record::{Format, Record};
use serde_json::{Map, Value};

/// Reads a JSONL file; returns the encoding name and the records.
pub fn read(config: &InputConfig) -> Result<(String, Vec<Record>)> {
    let file = config.path.as_path();
    let (text, encoding) = super::read_text(config)?;
    let text_key = text_column(config, Format::Jsonl)?;
    let id_key = config.id_column.as_deref();
    let mut out = Collector::new(file, text_key, id_key, &config.metadata_columns);
    let mut checked = false;

    for (i, line) in text.split('\n').enumerate() {
        let row = i + 1;
        let line = line.trim_start_matches('\u{feff}');
        if line.trim().is_empty() {
            continue;
        }
        if line.len() > 16 * super::MAX_FIELD_BYTES {
            return Err(Error::input(
                file,
                Some(row),
                None,
                "line is over 16 MB (binary data?)",
            ));
        }
        let value: Value = serde_json::from_str(line).map_err(|e| {
            // serde_json's syntax errors describe the problem, never the input text.
            Error::input(
                file,
                Some(row),
                None,
                format!("invalid JSON at character {}: {}", e.column(), classify(&e)),
            )
        })?;
        let Value::Object(obj) = value else {
            return Err(Error::input(
                file,
                Some(row),
                None,
                format!("expected a JSON object, found {}", kind(&value)),
            ));
        };
        if !checked {
            let keys: Vec<String> = obj.keys().cloned().collect();
            let wanted = std::iter::once(text_key)
                .chain(id_key)
                .chain(config.metadata_columns.iter().map(String::as_str));
            for key in wanted {
                if !obj.contains_key(key) {
                    return Err(missing_column(file, Some(row), key, &keys));
                }
            }
            checked = true;
        }
        let text = field(&obj, text_key).ok_or_else(|| {
            Error::input(
                file,
                Some(row),
                Some(text_key),
                "the text key is missing from this object",
            )
        })?;
        let id = match id_key {
            Some(key) => Some(field(&obj, key).ok_or_else(|| {
                Error::input(
                    file,
                    Some(row),
                    Some(key),
                    "the id key is missing from this object",
                )
            })?),
            None => None,
        };
        let meta = config
            .metadata_columns
            .iter()
            .map(|k| field(&obj, k).unwrap_or_default())
            .collect();
        out.push(row, id, text, meta)?;
    }
    Ok((encoding, out.finish()))
}

/// A key's value as text, `None` when the key is absent.
fn field(obj: &Map<String, Value>, key: &str) -> Option<String> {
    obj.get(key).map(value_to_string)
}

/// A JSON value as text; see the module documentation.
pub fn value_to_string(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::Array(_) | Value::Object(_) => value.to_string(),
    }
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// The error description without serde_json's own "at line 1 column N" suffix.
fn classify(e: &serde_json::Error) -> String {
    let msg = e.to_string();
    match msg.rfind(" at line ") {
        Some(i) => msg[..i].to_owned(),
        None => msg,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::testutil::{config, rec, write};

    fn read_jsonl(bytes: &[u8], id: Option<&str>, meta: &[&str]) -> Result<(String, Vec<Record>)> {
        let dir = tempfile::tempdir().unwrap();
        let path = write(dir.path(), "posts.jsonl", bytes);
        read(&config(path, Some("text"), id, meta))
    }

    #[test]
    fn values_are_rendered() {
        let input = concat!(
            "{\"id\": 1, \"text\": \"Late again\", \"score\": 2.5, \"ok\": true, \"tags\": [\"a\", 1], \"who\": {\"k\": null}}\n",
            "\n",
            "   \n",
            "{\"id\": \"x2\", \"text\": \"caf\u{e9} \\\"quoted\\\"\\nnext\", \"score\": null, \"ok\": false, \"tags\": [], \"who\": \"me\"}\r\n",
            "{\"id\": 3, \"text\": \"\", \"ok\": 0}\n",
        );
        let (enc, recs) = read_jsonl(
            input.as_bytes(),
            Some("id"),
            &["score", "ok", "tags", "who"],
        )
        .unwrap();
        assert_eq!(enc, "UTF-8");
        assert_eq!(
            recs,
            vec![
                rec(
                    1,
                    "1",
                    "Late again",
                    &["2.5", "true", "[\"a\",1]", "{\"k\":null}"]
                ),
                rec(4, "x2", "café \"quoted\"\nnext", &["", "false", "[]", "me"]),
                rec(5, "3", "", &["", "0", "", ""]),
            ]
        );
    }

    #[test]
    fn without_id_ids_are_line_numbers() {
        let (_, recs) = read_jsonl(b"\n{\"text\": \"a\"}\n{\"text\": \"  \"}", None, &[]).unwrap();
        assert_eq!(recs, vec![rec(2, "2", "a", &[]), rec(3, "3", "  ", &[])]);
    }

    #[test]
    fn bad_json_line_names_row() {
        let err = read_jsonl(
            b"{\"text\": \"a\"}\n\n{\"text\": \"secret, oops}\n",
            None,
            &[],
        )
        .unwrap_err();
        let msg = err.to_string();
        assert_eq!(err.location().unwrap().row, Some(3));
        assert!(
            msg.contains("posts.jsonl, row 3: invalid JSON at character"),
            "{msg}"
        );
        assert!(!msg.contains("secret"), "{msg}");
    }

    #[test]
    fn non_object_line_is_an_error() {
        let err = read_jsonl(b"{\"text\": \"a\"}\n[1, 2]\n", None, &[]).unwrap_err();
        assert!(
            err.to_string()
                .ends_with("posts.jsonl, row 2: expected a JSON object, found an array"),
            "{err}"
        );
    }

    #[test]
    fn missing_key_in_first_object_lists_keys() {
        let err = read_jsonl(b"{\"date\": 1, \"text\": \"a\"}\n", None, &["region"]).unwrap_err();
        assert!(
            err.to_string()
                .ends_with("posts.jsonl, row 1: column 'region' not found; available: date, text"),
            "{err}"
        );
    }

    #[test]
    fn missing_text_on_later_line_names_row_and_column() {
        let err = read_jsonl(b"{\"text\": \"a\"}\n{\"body\": \"b\"}\n", None, &[]).unwrap_err();
        assert!(
            err.to_string().ends_with(
                "posts.jsonl, row 2, column 'text': the text key is missing from this object"
            ),
            "{err}"
        );
    }

    #[test]
    fn duplicate_id_is_an_error() {
        let err = read_jsonl(
            b"{\"id\": 7, \"text\": \"a\"}\n{\"id\": \"7\", \"text\": \"b\"}\n",
            Some("id"),
            &[],
        )
        .unwrap_err();
        assert!(err.to_string().ends_with("row 2, column 'id': duplicate id: rows 1 and 2 have the same id; ids must be unique"), "{err}");
    }
}
