//! UK postcodes: every outward form (A9, A99, AA9, AA99, A9A, AA9A) with the Royal Mail letter
//! rules, an inward code of digit + two letters (not C, I, K, M, O, V), and "GIR 0AA"; with or
//! without the space. Upper-case scores 0.95 (0.9 without the space); all lower-case is
//! accepted only with the space (0.75); mixed case is rejected.

use crate::redact::detect::text::{char_after, char_before, is_word, Hit};
use crate::redact::entity::EntityKind;

pub(crate) const PATTERN: &str =
    r"[A-Za-z]{1,2}[0-9][A-Za-z0-9]? ?[0-9][A-Za-z]{2}|[Gg][Ii][Rr] ?0[Aa][Aa]";

/// Whether an upper-case, space-free postcode is valid.
pub fn is_valid(compact: &str) -> bool {
    let b = compact.as_bytes();
    if compact == "GIR0AA" {
        return true;
    }
    if !(5..=7).contains(&b.len()) || !b.iter().all(u8::is_ascii_alphanumeric) {
        return false;
    }
    let (out, inw) = b.split_at(b.len() - 3);
    if !inw[0].is_ascii_digit()
        || !inw[1..]
            .iter()
            .all(|c| c.is_ascii_uppercase() && !b"CIKMOV".contains(c))
    {
        return false;
    }
    let l = |c: u8| c.is_ascii_uppercase();
    let d = |c: u8| c.is_ascii_digit();
    if !l(out[0]) || b"QVX".contains(&out[0]) {
        return false;
    }
    let second_ok = |c: u8| l(c) && !b"IJZ".contains(&c);
    match *out {
        [_, b] => d(b),
        [_, b, c] => {
            (d(b) && d(c)) // A99
                || (second_ok(b) && d(c)) // AA9
                || (d(b) && b"ABCDEFGHJKPSTUW".contains(&c)) // A9A
        }
        [_, b, c, e] => {
            second_ok(b) && d(c) && (d(e) || b"ABEHMNPRVWXY".contains(&e)) // AA99, AA9A
        }
        _ => false,
    }
}

/// Validates the candidate `text[start..end]`.
pub(crate) fn validate(text: &str, start: usize, end: usize) -> Option<Hit> {
    if is_word(char_before(text, start)) || is_word(char_after(text, end)) {
        return None;
    }
    let cand = &text[start..end];
    let spaced = cand.contains(' ');
    let upper = !cand.bytes().any(|b| b.is_ascii_lowercase());
    let lower = !cand.bytes().any(|b| b.is_ascii_uppercase());
    let score = match (upper, lower, spaced) {
        (true, _, true) => 0.95,
        (true, _, false) => 0.9,
        (false, true, true) => 0.75,
        _ => return None,
    };
    let compact: String = cand
        .chars()
        .filter(|c| *c != ' ')
        .map(|c| c.to_ascii_uppercase())
        .collect();
    is_valid(&compact).then(|| Hit::new(start, end, EntityKind::UkPostcode, score))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::redact::detect::identifiers::tests::find;
    use crate::redact::entity::EntityKind::UkPostcode;

    #[test]
    fn postcode_forms() {
        for p in [
            "M11AE", "B338TH", "CR26XH", "DN551PT", "W1A0AX", "EC1A1BB", "SW1A1AA", "GIR0AA",
        ] {
            assert!(is_valid(p), "{p}");
        }
        for p in [
            "QA11AA", "AI11AA", "W1L1AA", "EC1C1BB", "SW1A1AC", "M1AE", "1M1AE",
        ] {
            assert!(!is_valid(p), "{p}");
        }
    }

    #[test]
    fn postcode_positives() {
        let t = "Send to SW1A 1AA, M1 1AE or B33 8TH (CR2 6XH). Also EC1A1BB, GIR 0AA, ls1 4ap.";
        assert_eq!(
            find(UkPostcode, t),
            vec!["SW1A 1AA", "M1 1AE", "B33 8TH", "CR2 6XH", "EC1A1BB", "GIR 0AA", "ls1 4ap"]
        );
    }

    #[test]
    fn postcode_near_misses() {
        for t in [
            "model XJ-2200",
            "ls14ap",    // lower-case without space
            "Sw1a 1aa",  // mixed case
            "SW1A 1AC",  // C in inward
            "QW1A 1AA",  // Q first
            "ASW1A 1AA", // inside a word
            "2 x 500g, A4 paper",
        ] {
            assert_eq!(find(UkPostcode, t), Vec::<&str>::new(), "{t}");
        }
    }
}
