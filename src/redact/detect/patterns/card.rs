//! Payment card numbers: 13–19 digits, a known issuer prefix (2221–2720, 30/34–38, 4, 5, 6),
//! contiguous or in the printed groupings (4-4-4-4[-3], Amex 4-6-5, Diners 4-6-4) with uniform
//! spaces or dashes, and a valid Luhn check digit. Candidates come from `numeric`.

use super::number_span::NumberSpan;

/// Luhn (mod 10) check over ASCII digits.
pub fn luhn(digits: &[u8]) -> bool {
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return false;
    }
    let mut sum = 0u32;
    for (i, &c) in digits.iter().rev().enumerate() {
        let mut v = u32::from(c - b'0');
        if i % 2 == 1 {
            v *= 2;
            if v > 9 {
                v -= 9;
            }
        }
        sum += v;
    }
    sum.is_multiple_of(10)
}

/// Issuer prefixes: 2 (Mastercard 2-series and others), 30/34–38 (Diners, Amex, JCB),
/// 4 (Visa), 5 and 6 (Mastercard, Maestro, Discover, UnionPay), 0604 (Maestro).
fn known_prefix(d: &[u8]) -> bool {
    match d[0] {
        b'2' | b'4' | b'5' | b'6' => true,
        b'3' => d[1] == b'0' || (b'4'..=b'8').contains(&d[1]),
        b'0' => d.starts_with(b"0604"),
        _ => false,
    }
}

/// 12-digit cards are Maestro only.
fn maestro_prefix(d: &[u8]) -> bool {
    d.starts_with(b"50") || (d[0] == b'5' && d[1] >= b'6') || d[0] == b'6' || d.starts_with(b"0604")
}

fn grouping_ok(n: &NumberSpan) -> bool {
    let g = n.groups.len();
    if g == 1 {
        return true;
    }
    if !n.plain_uniform_seps() {
        return false;
    }
    if n.lens_are(&[4, 6, 5]) || n.lens_are(&[4, 6, 4]) {
        return true;
    }
    g >= 4 && (0..g - 1).all(|k| n.group_len(k) == 4) && (1..=4).contains(&n.group_len(g - 1))
}

/// Score for a card candidate with digits `d`, or `None`. `reference` = the number follows a
/// reference word ("order", "barcode", …): only a grouped number is then still a card.
pub(crate) fn score(n: &NumberSpan, d: &[u8], reference: bool) -> Option<f32> {
    if n.plus || n.paren_first || !(12..=19).contains(&d.len()) {
        return None;
    }
    let grouped = n.groups.len() > 1;
    if (d.len() == 12 && !maestro_prefix(d)) || (reference && !grouped) {
        return None;
    }
    if !known_prefix(d) || !grouping_ok(n) || d.iter().all(|&c| c == d[0]) || !luhn(d) {
        return None;
    }
    Some(match (d.len(), grouped) {
        (12, _) => 0.85,
        (_, true) => 0.98,
        (_, false) => 0.95,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::redact::detect::identifiers::tests::find;
    use crate::redact::entity::EntityKind::CreditCard;

    #[test]
    fn luhn_known_values() {
        assert!(luhn(b"4539148803436467"));
        assert!(luhn(b"4111111111111111"));
        assert!(luhn(b"378282246310005"));
        assert!(!luhn(b"4539148803436468"));
        assert!(!luhn(b""));
    }

    #[test]
    fn card_positives() {
        let t = "Visa 4539 1488 0343 6467, MC 5555-5555-5555-4444, amex 3782 822463 10005, \
                 plain 4111111111111111.";
        assert_eq!(
            find(CreditCard, t),
            vec![
                "4539 1488 0343 6467",
                "5555-5555-5555-4444",
                "3782 822463 10005",
                "4111111111111111"
            ]
        );
        assert_eq!(
            find(CreditCard, "card: 2223003122003222"),
            vec!["2223003122003222"]
        );
        assert_eq!(
            find(CreditCard, "card 2641026373636329 exp"),
            vec!["2641026373636329"]
        );
        assert_eq!(
            find(CreditCard, "maestro 502049016616, 060406431670"),
            vec!["502049016616", "060406431670"]
        );
    }

    #[test]
    fn card_near_misses() {
        for t in [
            "4539 1488 0343 6468",    // Luhn fails
            "4539-1488 0343-6467",    // mixed separators
            "45391 48803 43646 7",    // odd grouping
            "9780 1234 5678 9123",    // no issuer prefix
            "+4539148803436467",      // international phone shape
            "4539148803436467123456", // too long
            "account 1234 5678 9012 3456",
            "Barcode 5041710023309 scanned", // EAN after a reference word
            "401234567899",                  // 12 digits, not Maestro
        ] {
            assert_eq!(find(CreditCard, t), Vec::<&str>::new(), "{t}");
        }
    }
}
