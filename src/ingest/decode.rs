//! Bytes → `String`: BOM handling, encoding detection and line-ending normalisation.
//!
//! Rules:
//! - A byte-order mark (UTF-8, UTF-16LE, UTF-16BE) decides the encoding and is stripped,
//!   whatever `input.encoding` says.
//! - `encoding = "auto"`: valid UTF-8 is UTF-8; anything else is detected with `chardetng`
//!   (typically windows-1252 from Excel's "CSV" export) and decoded with that encoding.
//! - An explicit label (`"utf-8"`, `"windows-1252"`, `"latin1"`, …) is decoded with exactly
//!   that encoding.
//! - Bytes that are malformed in the chosen encoding are an error naming the file and the line
//!   (1-based physical line) of the first bad byte; nothing is silently replaced.

use crate::error::{Error, Result};
use encoding_rs::{DecoderResult, Encoding, UTF_8};
use std::borrow::Cow;
use std::path::Path;

/// Text decoded from a file, with the name of the encoding it was decoded from
/// (`encoding_rs` names: "UTF-8", "windows-1252", "UTF-16LE", …).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    pub encoding: &'static str,
}

/// Decodes `bytes` read from `file` according to `label` ("auto" or an encoding label).
/// Line endings are left as they are; see [`normalize_newlines`].
pub fn decode(file: &Path, bytes: &[u8], label: &str) -> Result<Decoded> {
    let bom = Encoding::for_bom(bytes);
    if bom.is_none() {
        if let Some(what) = not_text(bytes) {
            return Err(Error::input(file, None, None, what));
        }
    }
    let (encoding, body) = if let Some((enc, bom_len)) = bom {
        (enc, &bytes[bom_len..])
    } else if label.eq_ignore_ascii_case("auto") {
        if std::str::from_utf8(bytes).is_ok() || mostly_utf8(bytes) {
            // Mostly UTF-8 with a few bad bytes: those bytes are named (below), not the whole
            // file re-read as another encoding (every `£` would become `Â£`).
            (UTF_8, bytes)
        } else {
            let mut detector =
                chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
            detector.feed(bytes, true);
            (detector.guess(None, chardetng::Utf8Detection::Deny), bytes)
        }
    } else {
        let enc = Encoding::for_label(label.trim().as_bytes()).ok_or_else(|| {
            Error::config(format!(
                "input.encoding: unknown encoding label '{label}'; use \"auto\", \"utf-8\", \"windows-1252\", …"
            ))
        })?;
        (enc, bytes)
    };
    let text = decode_strict(file, encoding, body)?;
    Ok(Decoded {
        text,
        encoding: encoding.name(),
    })
}

/// What a file without a byte-order mark is when it is not text at all: a ZIP archive (an
/// XLSX workbook or DOCX document under another extension), UTF-16 without a byte-order mark,
/// or other binary data (NUL bytes). Judged on the first 64 KiB; never quotes the bytes.
fn not_text(bytes: &[u8]) -> Option<&'static str> {
    let head = &bytes[..bytes.len().min(64 << 10)];
    if head.starts_with(b"PK\x03\x04") {
        return Some(
            "this looks like a ZIP archive (an XLSX workbook or DOCX document under another \
             extension?), not text; give the file its real extension or set input.format",
        );
    }
    let nuls = |parity: usize| {
        head.iter()
            .skip(parity)
            .step_by(2)
            .filter(|&&b| b == 0)
            .count()
    };
    let (even, odd) = (nuls(0), nuls(1));
    let half = head.len() / 2;
    if half >= 2 && (even * 10 >= half * 3 || odd * 10 >= half * 3) && even.min(odd) * 10 < half {
        return Some(
            "this looks like UTF-16 text without a byte-order mark; save it as UTF-8 (or as \
             UTF-16 with a byte-order mark)",
        );
    }
    if even + odd > 0 {
        return Some("this looks like a binary file (it holds NUL bytes), not text");
    }
    None
}

/// Whether bytes that are not valid UTF-8 are still UTF-8 with a few bad bytes: it holds
/// well-formed multi-byte sequences, at least as many as bad bytes. Text in a legacy
/// encoding almost never forms one by chance.
fn mostly_utf8(bytes: &[u8]) -> bool {
    let (mut good, mut bad) = (0usize, 0usize);
    let mut rest = bytes;
    while !rest.is_empty() {
        match std::str::from_utf8(rest) {
            Ok(s) => {
                good += s.chars().filter(|c| !c.is_ascii()).count();
                break;
            }
            Err(e) => {
                let (valid, after) = rest.split_at(e.valid_up_to());
                good += std::str::from_utf8(valid)
                    .map_or(0, |s| s.chars().filter(|c| !c.is_ascii()).count());
                bad += 1;
                rest = &after[e.error_len().unwrap_or(after.len()).min(after.len())..];
            }
        }
    }
    good >= 2 && good >= bad
}

/// Decodes without replacement characters; the first malformed sequence is an error naming
/// its line and byte offset (never its content).
fn decode_strict(file: &Path, encoding: &'static Encoding, bytes: &[u8]) -> Result<String> {
    if encoding == UTF_8 {
        return match std::str::from_utf8(bytes) {
            Ok(s) => Ok(s.to_owned()),
            Err(e) => {
                let good = &bytes[..e.valid_up_to()];
                // The prefix is valid UTF-8, so counting line breaks in it is exact.
                let prefix = std::str::from_utf8(good).unwrap_or_default();
                Err(malformed(file, encoding, prefix, e.valid_up_to()))
            }
        };
    }
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let capacity = decoder
        .max_utf8_buffer_length_without_replacement(bytes.len())
        .unwrap_or(bytes.len().saturating_mul(3));
    let mut out = String::with_capacity(capacity);
    let (result, read) = decoder.decode_to_string_without_replacement(bytes, &mut out, true);
    match result {
        DecoderResult::InputEmpty => Ok(out),
        DecoderResult::Malformed(bad, extra) => {
            let offset = read.saturating_sub(bad as usize + extra as usize);
            Err(malformed(file, encoding, &out, offset))
        }
        DecoderResult::OutputFull => Err(Error::input(
            file,
            None,
            None,
            format!("cannot decode the file as {}", encoding.name()),
        )),
    }
}

fn malformed(
    file: &Path,
    encoding: &'static Encoding,
    decoded_prefix: &str,
    offset: usize,
) -> Error {
    let line = line_count(decoded_prefix) + 1;
    Error::input(
        file,
        Some(line),
        None,
        format!(
            "invalid {} byte sequence at line {line} (byte offset {offset}); \
             set input.encoding to the file's encoding (e.g. \"windows-1252\") or \"auto\"",
            encoding.name()
        ),
    )
}

/// Number of line breaks (`\r\n`, `\n` or a lone `\r`) in `s`.
fn line_count(s: &str) -> usize {
    let b = s.as_bytes();
    b.iter()
        .enumerate()
        .filter(|&(i, &c)| c == b'\n' || (c == b'\r' && b.get(i + 1) != Some(&b'\n')))
        .count()
}

/// Turns `\r\n` and lone `\r` into `\n` (also inside quoted CSV fields, so multi-line comments
/// have one line-ending convention). Borrows when there is nothing to change.
pub fn normalize_newlines(text: &str) -> Cow<'_, str> {
    if !text.contains('\r') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' {
            if chars.peek() == Some(&'\n') {
                chars.next();
            }
            out.push('\n');
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p() -> &'static Path {
        Path::new("in.csv")
    }

    #[test]
    fn files_that_are_not_text_are_named_as_such() {
        let err = |bytes: &[u8]| decode(p(), bytes, "auto").unwrap_err().to_string();
        assert!(err(b"PK\x03\x04\x14\x00rest").contains("ZIP archive"));
        let utf16: Vec<u8> = "id,text\n1,Ann\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert!(err(&utf16).contains("UTF-16 text without a byte-order mark"));
        let msg = err(b"id,text\n1,\x00\x01\x02secret\n");
        assert!(
            msg.contains("binary file") && !msg.contains("secret"),
            "{msg}"
        );
    }

    #[test]
    fn utf8_with_a_few_bad_bytes_is_not_reread_as_another_encoding() {
        let mut bytes = "id,text\n1,£5 off\n2,café\n3,naïve\n".as_bytes().to_vec();
        bytes.extend_from_slice(b"4,bad \xff byte\n");
        let msg = decode(p(), &bytes, "auto").unwrap_err().to_string();
        assert!(
            msg.contains("invalid UTF-8 byte sequence at line 5"),
            "{msg}"
        );
        // A windows-1252 file (no UTF-8 sequences) is still detected and decoded.
        let d = decode(p(), b"id,text\n1,\xa35 off caf\xe9\n", "auto").unwrap();
        assert_eq!(
            (d.text.as_str(), d.encoding),
            ("id,text\n1,£5 off café\n", "windows-1252")
        );
    }

    #[test]
    fn utf8_bom_is_stripped() {
        let d = decode(p(), b"\xEF\xBB\xBFid,text\n", "auto").unwrap();
        assert_eq!(d.text, "id,text\n");
        assert_eq!(d.encoding, "UTF-8");
    }

    #[test]
    fn utf16le_bom_is_decoded() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "a,é\n".encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        let d = decode(p(), &bytes, "utf-8").unwrap();
        assert_eq!(d.text, "a,é\n");
        assert_eq!(d.encoding, "UTF-16LE");
    }

    #[test]
    fn utf16be_bom_is_decoded() {
        let mut bytes = vec![0xFE, 0xFF];
        for u in "x€\n".encode_utf16() {
            bytes.extend_from_slice(&u.to_be_bytes());
        }
        let d = decode(p(), &bytes, "auto").unwrap();
        assert_eq!(d.text, "x€\n");
        assert_eq!(d.encoding, "UTF-16BE");
    }

    #[test]
    fn auto_detects_windows_1252() {
        let bytes = b"id,text\n1,Caf\xE9 was great, the driver\x92s van \x80 5 cheaper than the caf\xE9 next door\n";
        let d = decode(p(), bytes, "auto").unwrap();
        assert_eq!(d.encoding, "windows-1252");
        assert_eq!(
            d.text,
            "id,text\n1,Café was great, the driver’s van € 5 cheaper than the café next door\n"
        );
    }

    #[test]
    fn explicit_label_is_used() {
        let d = decode(p(), b"caf\xE9", "latin1").unwrap();
        // WHATWG maps latin1 to windows-1252.
        assert_eq!(d.encoding, "windows-1252");
        assert_eq!(d.text, "café");
    }

    #[test]
    fn invalid_utf8_names_line() {
        let err = decode(p(), b"id,text\n1,ok\r\n2,caf\xE9\n", "utf-8").unwrap_err();
        let msg = err.to_string();
        assert_eq!(err.location().unwrap().row, Some(3), "{msg}");
        assert!(
            msg.starts_with(
                "in.csv, row 3: invalid UTF-8 byte sequence at line 3 (byte offset 19)"
            ),
            "{msg}"
        );
        assert!(!msg.contains("caf"), "must not echo content: {msg}");
    }

    #[test]
    fn unknown_label_is_config_error() {
        let err = decode(p(), b"x", "klingon").unwrap_err();
        assert_eq!(err.kind(), crate::error::ErrorKind::Config);
    }

    #[test]
    fn newlines_are_normalised() {
        assert_eq!(normalize_newlines("a\r\nb\rc\n"), "a\nb\nc\n");
        assert!(matches!(normalize_newlines("a\nb"), Cow::Borrowed(_)));
    }
}
