//! UK National Insurance numbers: two prefix letters, six digits, suffix A–D, optional single
//! spaces ("AB123456C", "AB 12 34 56 C"). Prefix rules (HMRC NIM39110): first letter not
//! D, F, I, Q, U, V; second letter not D, F, I, O, Q, U, V; prefixes BG, GB, KN, NK, NT, TN and
//! ZZ are never allocated. Upper-case scores 0.95, all lower-case 0.85, mixed case is rejected.

use crate::redact::detect::text::{char_after, char_before, is_word, Hit};
use crate::redact::entity::EntityKind;

pub(crate) const PATTERN: &str = r"[A-Za-z]{2} ?[0-9]{2} ?[0-9]{2} ?[0-9]{2} ?[A-Da-d]";

/// Prefix rules over two upper-case letters.
pub fn prefix_ok(a: u8, b: u8) -> bool {
    !b"DFIQUV".contains(&a)
        && !b"DFIOQUV".contains(&b)
        && ![*b"BG", *b"GB", *b"KN", *b"NK", *b"NT", *b"TN", *b"ZZ"].contains(&[a, b])
}

/// Validates the candidate `text[start..end]`.
pub(crate) fn validate(text: &str, start: usize, end: usize) -> Option<Hit> {
    if is_word(char_before(text, start)) || is_word(char_after(text, end)) {
        return None;
    }
    let letters: Vec<u8> = text[start..end]
        .bytes()
        .filter(u8::is_ascii_alphabetic)
        .collect();
    let upper = letters.iter().all(u8::is_ascii_uppercase);
    let lower = letters.iter().all(u8::is_ascii_lowercase);
    if !(upper || lower) {
        return None;
    }
    let (a, b) = (
        letters[0].to_ascii_uppercase(),
        letters[1].to_ascii_uppercase(),
    );
    if !prefix_ok(a, b) {
        return None;
    }
    Some(Hit::new(
        start,
        end,
        EntityKind::UkNino,
        if upper { 0.95 } else { 0.85 },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::redact::detect::identifiers::tests::find;
    use crate::redact::entity::EntityKind::UkNino;

    #[test]
    fn prefix_rules() {
        assert!(prefix_ok(b'A', b'B'));
        assert!(prefix_ok(b'J', b'G'));
        assert!(!prefix_ok(b'D', b'A'));
        assert!(!prefix_ok(b'A', b'O'));
        assert!(!prefix_ok(b'G', b'B'));
        assert!(!prefix_ok(b'Z', b'Z'));
        assert!(!prefix_ok(b'Q', b'Q'));
    }

    #[test]
    fn nino_positives() {
        let t = "NI: AB123456C, AB 12 34 56 C, JG 123456 D, ce123456a.";
        assert_eq!(
            find(UkNino, t),
            vec!["AB123456C", "AB 12 34 56 C", "JG 123456 D", "ce123456a"]
        );
    }

    #[test]
    fn nino_near_misses() {
        for t in [
            "QQ123456C",  // Q prefix
            "GB123456A",  // excluded pair
            "AO123456A",  // O second
            "AB123456E",  // suffix
            "AB12345C",   // five digits
            "Ab123456C",  // mixed case
            "XAB123456C", // inside a word
            "AB123456CD", // runs on
        ] {
            assert_eq!(find(UkNino, t), Vec::<&str>::new(), "{t}");
        }
    }
}
