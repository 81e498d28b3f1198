//! Text helpers shared by the identifier patterns: the [`Hit`] they return and the checks they
//! make around a candidate (word edges, cue words nearby). A leaf: it imports no sibling, so
//! every pattern module and the identifier detector can use it without an import circle.

use crate::redact::entity::EntityKind;

/// An accepted identifier (before the enabled-kinds filter).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Hit {
    pub start: usize,
    pub end: usize,
    pub kind: EntityKind,
    pub score: f32,
}

impl Hit {
    pub(crate) fn new(start: usize, end: usize, kind: EntityKind, score: f32) -> Hit {
        Hit {
            start,
            end,
            kind,
            score,
        }
    }
}

pub(crate) fn char_before(text: &str, pos: usize) -> Option<char> {
    text[..pos].chars().next_back()
}

pub(crate) fn char_after(text: &str, pos: usize) -> Option<char> {
    text[pos..].chars().next()
}

/// Letter, digit or underscore (any script).
pub(crate) fn is_word(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_alphanumeric() || c == '_')
}

/// Whether one of `cues` occurs (ASCII case-insensitive, as a whole word when it starts/ends
/// with a letter or digit) within the `window` bytes before `pos`.
pub(crate) fn cue_before(text: &str, pos: usize, window: usize, cues: &[&str]) -> bool {
    let hay = &text.as_bytes()[pos.saturating_sub(window)..pos];
    cues.iter().any(|c| contains_word_ci(hay, c.as_bytes()))
}

/// Whether one of `cues` occurs within the `window` bytes after `pos`.
pub(crate) fn cue_after(text: &str, pos: usize, window: usize, cues: &[&str]) -> bool {
    let hay = &text.as_bytes()[pos..(pos + window).min(text.len())];
    cues.iter().any(|c| contains_word_ci(hay, c.as_bytes()))
}

fn contains_word_ci(hay: &[u8], needle: &[u8]) -> bool {
    let n = needle.len();
    if n == 0 || hay.len() < n {
        return false;
    }
    let word_start = needle[0].is_ascii_alphanumeric();
    let word_end = needle[n - 1].is_ascii_alphanumeric();
    for i in 0..=hay.len() - n {
        if !hay[i..i + n].eq_ignore_ascii_case(needle) {
            continue;
        }
        if word_start && i > 0 && hay[i - 1].is_ascii_alphanumeric() {
            continue;
        }
        if word_end && i + n < hay.len() && hay[i + n].is_ascii_alphanumeric() {
            continue;
        }
        return true;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cue_matching_respects_word_edges() {
        assert!(cue_before("my order 123", 9, 20, &["order"]));
        assert!(!cue_before("I prefer 123", 9, 20, &["ref"]));
        assert!(cue_before("ORDER#", 6, 20, &["#"]));
        assert!(cue_after("123 (mobile)", 3, 20, &["mobile"]));
    }
}
