//! IBANs: country code, 2 check digits, BBAN; contiguous or in groups of four separated by
//! single spaces. Validated against the per-country length table (SWIFT IBAN registry) and the
//! ISO 7064 mod-97 check. The candidate pattern may run on past the IBAN's end; the span is cut
//! at the country's length, which must fall on a token boundary.

use crate::redact::detect::text::{char_after, char_before, is_word, Hit};
use crate::redact::entity::EntityKind;

pub(crate) const PATTERN: &str =
    r"[A-Za-z]{2}[0-9]{2}(?: ?[A-Za-z0-9]{4}){2,7}(?: ?[A-Za-z0-9]{1,4})?";

/// IBAN length per country (SWIFT IBAN registry).
const LENGTHS: &[(&str, usize)] = &[
    ("AD", 24),
    ("AE", 23),
    ("AL", 28),
    ("AT", 20),
    ("AZ", 28),
    ("BA", 20),
    ("BE", 16),
    ("BG", 22),
    ("BH", 22),
    ("BI", 27),
    ("BR", 29),
    ("BY", 28),
    ("CH", 21),
    ("CR", 22),
    ("CY", 28),
    ("CZ", 24),
    ("DE", 22),
    ("DJ", 27),
    ("DK", 18),
    ("DO", 28),
    ("EE", 20),
    ("EG", 29),
    ("ES", 24),
    ("FI", 18),
    ("FK", 18),
    ("FO", 18),
    ("FR", 27),
    ("GB", 22),
    ("GE", 22),
    ("GI", 23),
    ("GL", 18),
    ("GR", 27),
    ("GT", 28),
    ("HR", 21),
    ("HU", 28),
    ("IE", 22),
    ("IL", 23),
    ("IQ", 23),
    ("IS", 26),
    ("IT", 27),
    ("JO", 30),
    ("KW", 30),
    ("KZ", 20),
    ("LB", 28),
    ("LC", 32),
    ("LI", 21),
    ("LT", 20),
    ("LU", 20),
    ("LV", 21),
    ("LY", 25),
    ("MC", 27),
    ("MD", 24),
    ("ME", 22),
    ("MK", 19),
    ("MN", 20),
    ("MR", 27),
    ("MT", 31),
    ("MU", 30),
    ("NI", 28),
    ("NL", 18),
    ("NO", 15),
    ("OM", 23),
    ("PK", 24),
    ("PL", 28),
    ("PS", 29),
    ("PT", 25),
    ("QA", 29),
    ("RO", 24),
    ("RS", 22),
    ("RU", 33),
    ("SA", 24),
    ("SC", 31),
    ("SD", 18),
    ("SE", 24),
    ("SI", 19),
    ("SK", 24),
    ("SM", 27),
    ("SO", 23),
    ("ST", 25),
    ("SV", 28),
    ("TL", 23),
    ("TN", 24),
    ("TR", 26),
    ("UA", 29),
    ("VA", 22),
    ("VG", 24),
    ("XK", 20),
    ("YE", 30),
];

/// Expected IBAN length for a country code (upper-case).
pub fn country_length(cc: &str) -> Option<usize> {
    LENGTHS.iter().find(|(c, _)| *c == cc).map(|(_, l)| *l)
}

/// Full IBAN check of a compact (no spaces) string: country length, check digits 02–98,
/// mod-97 == 1. Case-insensitive.
pub fn is_valid(compact: &str) -> bool {
    let b = compact.as_bytes();
    if b.len() < 5 || !b.iter().all(u8::is_ascii_alphanumeric) {
        return false;
    }
    let cc = compact[..2].to_ascii_uppercase();
    if country_length(&cc) != Some(b.len()) || !b[2].is_ascii_digit() || !b[3].is_ascii_digit() {
        return false;
    }
    let check = (b[2] - b'0') * 10 + (b[3] - b'0');
    if !(2..=98).contains(&check) {
        return false;
    }
    let mut rem = 0u32;
    for &c in b[4..].iter().chain(&b[..4]) {
        let c = c.to_ascii_uppercase();
        if c.is_ascii_digit() {
            rem = (rem * 10 + u32::from(c - b'0')) % 97;
        } else {
            rem = (rem * 100 + u32::from(c - b'A' + 10)) % 97;
        }
    }
    rem == 1
}

/// Validates the candidate `text[start..end]`.
pub(crate) fn validate(text: &str, start: usize, end: usize) -> Option<Hit> {
    if is_word(char_before(text, start)) {
        return None;
    }
    let cand = &text[start..end];
    let cc = cand[..2].to_ascii_uppercase();
    let want = country_length(&cc)?;
    // Walk to the `want`-th alphanumeric character.
    let mut compact = String::with_capacity(want);
    let mut cut = None;
    for (i, c) in cand.char_indices() {
        if c == ' ' {
            continue;
        }
        compact.push(c);
        if compact.len() == want {
            cut = Some(start + i + 1);
            break;
        }
    }
    let cut = cut?;
    if is_word(char_after(text, cut)) {
        return None;
    }
    if !is_valid(&compact) {
        return None;
    }
    let upper = compact.bytes().all(|b| !b.is_ascii_lowercase());
    Some(Hit::new(
        start,
        cut,
        EntityKind::Iban,
        if upper { 0.99 } else { 0.9 },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::redact::detect::identifiers::tests::find;
    use crate::redact::entity::EntityKind::Iban;

    #[test]
    fn iban_check() {
        assert!(is_valid("GB82WEST12345698765432"));
        assert!(is_valid("DE89370400440532013000"));
        assert!(is_valid("NO9386011117947"));
        assert!(is_valid("gb82west12345698765432"));
        assert!(!is_valid("GB82WEST12345698765433"));
        assert!(!is_valid("GB82WEST1234569876543"));
        assert!(!is_valid("XX82WEST12345698765432"));
    }

    #[test]
    fn iban_positives() {
        let t = "Pay GB82 WEST 1234 5698 7654 32 or DE89370400440532013000, \
                 FR14 2004 1010 0505 0001 3M02 606. NO93 8601 1117 947.";
        assert_eq!(
            find(Iban, t),
            vec![
                "GB82 WEST 1234 5698 7654 32",
                "DE89370400440532013000",
                "FR14 2004 1010 0505 0001 3M02 606",
                "NO93 8601 1117 947",
            ]
        );
    }

    #[test]
    fn iban_near_misses() {
        for t in [
            "GB82 WEST 1234 5698 7654 33", // checksum
            "GB82WEST12345698765432X",     // runs on
            "XGB82WEST12345698765432",     // starts mid-word
            "GB82 WEST 1234",              // too short
            "SW1A 1AA and AB12 3456 7890", // other shapes
        ] {
            assert_eq!(find(Iban, t), Vec::<&str>::new(), "{t}");
        }
    }
}
