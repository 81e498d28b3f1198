//! The learned centre of a code, written as exact base64 of its little-endian `f32`s.

use crate::error::{Error, Result};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

const CENTROID_PREFIX: &str = "f32le-base64:";

/// A learned code centre: one `f32` per embedding dimension.
///
/// It is written as `"f32le-base64:<standard base64 of the little-endian f32 bytes>"` rather
/// than as a list of decimal numbers so that the round trip is exact, bit for bit: a run that
/// reuses a learned codebook then computes exactly the similarities, and so exactly the
/// assignments, of the run that learned it.
#[derive(Debug, Clone, PartialEq)]
pub struct Centroid(Vec<f32>);

impl Centroid {
    pub fn new(values: Vec<f32>) -> Self {
        Centroid(values)
    }

    pub fn as_slice(&self) -> &[f32] {
        &self.0
    }

    pub fn into_vec(self) -> Vec<f32> {
        self.0
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl From<Vec<f32>> for Centroid {
    fn from(values: Vec<f32>) -> Self {
        Centroid(values)
    }
}

impl fmt::Display for Centroid {
    /// The exact string form, `f32le-base64:…`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let bytes: Vec<u8> = self.0.iter().flat_map(|x| x.to_le_bytes()).collect();
        write!(f, "{CENTROID_PREFIX}{}", base64_encode(&bytes))
    }
}

impl FromStr for Centroid {
    type Err = Error;

    /// Parses the exact string form; anything else (another prefix, invalid or non-canonical
    /// base64, a byte count that is not a multiple of 4) is a configuration error.
    fn from_str(s: &str) -> Result<Self> {
        let bad = |why: String| Error::config(format!("invalid centroid: {why}"));
        let data = s.strip_prefix(CENTROID_PREFIX).ok_or_else(|| {
            bad(format!(
                "expected a string starting with \"{CENTROID_PREFIX}\""
            ))
        })?;
        let bytes = base64_decode(data).map_err(bad)?;
        if !bytes.len().is_multiple_of(4) {
            return Err(bad(format!(
                "{} bytes is not a whole number of f32 values",
                bytes.len()
            )));
        }
        Ok(Centroid(
            bytes
                .chunks_exact(4)
                .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
                .collect(),
        ))
    }
}

impl Serialize for Centroid {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Centroid {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        s.parse()
            .map_err(|e: Error| serde::de::Error::custom(e.message()))
    }
}

const BASE64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Standard base64 (RFC 4648 alphabet) with `=` padding.
pub(super) fn base64_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = |i: usize| u32::from(chunk.get(i).copied().unwrap_or(0));
        let n = (b(0) << 16) | (b(1) << 8) | b(2);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(BASE64[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Strict inverse of [`base64_encode`]: padding is required, and the unused bits of the last
/// group must be zero, so every byte string has exactly one accepted text.
pub(super) fn base64_decode(text: &str) -> std::result::Result<Vec<u8>, String> {
    fn value(c: u8) -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        } as u32)
    }
    let bytes = text.as_bytes();
    if !bytes.len().is_multiple_of(4) {
        return Err(format!(
            "base64 text of {} characters is not a multiple of 4 (is the `=` padding missing?)",
            bytes.len()
        ));
    }
    let mut out = Vec::with_capacity(bytes.len() / 4 * 3);
    let groups = bytes.len() / 4;
    for (g, quad) in bytes.chunks_exact(4).enumerate() {
        let pad = quad.iter().rev().take_while(|&&c| c == b'=').count();
        if pad > 2 || (pad > 0 && g + 1 < groups) {
            return Err("misplaced `=` padding in the base64 text".to_owned());
        }
        let mut n = 0u32;
        for (i, &c) in quad[..4 - pad].iter().enumerate() {
            let v = value(c).ok_or_else(|| {
                format!(
                    "character {} of the base64 text is not in the standard alphabet",
                    g * 4 + i + 1
                )
            })?;
            n |= v << (18 - 6 * i);
        }
        let group = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        let keep = 3 - pad;
        if group[keep..].iter().any(|&b| b != 0) {
            return Err("non-canonical base64: unused bits of the last group are not zero".into());
        }
        out.extend_from_slice(&group[..keep]);
    }
    Ok(out)
}
