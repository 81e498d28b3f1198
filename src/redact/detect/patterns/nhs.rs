//! NHS numbers: 10 digits with a mod-11 check digit, written 3-3-4 (uniform spaces or dashes)
//! or contiguous. A 10-digit 3-3-4 number can also be a US phone number: `numeric`
//! decides using cues ("NHS", "patient" / "call", "phone") and the fictional 555 exchange.

use super::number_span::NumberSpan;

/// Mod-11 check over 10 ASCII digits (weights 10..2; check 11 → 0, 10 → invalid).
pub fn mod11_ok(d: &[u8]) -> bool {
    if d.len() != 10 || !d.iter().all(u8::is_ascii_digit) {
        return false;
    }
    let sum: u32 = d[..9]
        .iter()
        .zip((2..=10u32).rev())
        .map(|(&c, w)| u32::from(c - b'0') * w)
        .sum();
    let check = match 11 - sum % 11 {
        11 => 0,
        10 => return false,
        c => c,
    };
    check == u32::from(d[9] - b'0')
}

/// Score for an NHS-number candidate (context-free), or `None`.
pub(crate) fn score(n: &NumberSpan, d: &[u8]) -> Option<f32> {
    if n.plus || n.paren_first || d.len() != 10 {
        return None;
    }
    let grouped = n.lens_are(&[3, 3, 4]) && n.plain_uniform_seps();
    if !(grouped || n.groups.len() == 1) || d.iter().all(|&c| c == d[0]) || !mod11_ok(d) {
        return None;
    }
    Some(if grouped { 0.9 } else { 0.85 })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::redact::detect::identifiers::tests::{find, find_all};
    use crate::redact::entity::EntityKind::{NhsNumber, Phone};

    #[test]
    fn mod11_known_values() {
        assert!(mod11_ok(b"9434765919"));
        assert!(mod11_ok(b"4010232137"));
        assert!(!mod11_ok(b"9434765918"));
        assert!(!mod11_ok(b"943476591"));
    }

    #[test]
    fn nhs_positives() {
        let t = "NHS number 943 476 5919; also 943-476-5919 and 9434765919. Patient 401 023 2137.";
        assert_eq!(
            find(NhsNumber, t),
            vec!["943 476 5919", "943-476-5919", "9434765919", "401 023 2137"]
        );
    }

    #[test]
    fn nhs_near_misses() {
        for t in [
            "943 476 5918",     // check digit wrong
            "9434 765 919",     // wrong grouping
            "943 476-5919",     // mixed separators
            "1111111111",       // repeated digit
            "order 9434765919", // reference number
        ] {
            assert_eq!(find(NhsNumber, t), Vec::<&str>::new(), "{t}");
        }
    }

    #[test]
    fn nhs_versus_us_phone() {
        // 415-555-0132 style numbers are phones even if mod-11 happened to pass.
        assert_eq!(find_all("call 943 476 5919"), vec![("943 476 5919", Phone)]);
        assert_eq!(
            find_all("my NHS no is 943 476 5919"),
            vec![("943 476 5919", NhsNumber)]
        );
        assert_eq!(find_all("415-555-0132"), vec![("415-555-0132", Phone)]);
    }
}
