//! Phone numbers, validated by hand (no libphonenumber):
//! - international: `+` or `00`, a real country-code prefix (E.164 is prefix-free), then a
//!   national number of the right length for common countries (UK 44, NANP 1, FR 33, IN 91,
//!   DE 49, IE 353, AU 61) or 6–12 digits elsewhere; a "(0)" trunk is dropped;
//! - UK national: 0 + 9/10 digits with valid leading ranges (01/02/03/05/07/08/09), freephone
//!   0800/0808 short forms, "(020) 7946 0000", "(0)7700 900123";
//! - French national "01 23 45 67 89";
//! - NANP: (415) 555-0132, 415-555-0132, 415.555.0132, 415 555 0132, 1-800-555-0199; 10 bare
//!   digits only after a phone cue.
//!
//! Candidates come from `numeric`.

use super::number_span::NumberSpan;

const TWO_DIGIT_CC: &[&[u8]] = &[
    b"20", b"27", b"30", b"31", b"32", b"33", b"34", b"36", b"39", b"40", b"41", b"43", b"44",
    b"45", b"46", b"47", b"48", b"49", b"51", b"52", b"53", b"54", b"55", b"56", b"57", b"58",
    b"60", b"61", b"62", b"63", b"64", b"65", b"66", b"81", b"82", b"84", b"86", b"90", b"91",
    b"92", b"93", b"94", b"95", b"98",
];

/// Length of the country code at the start of `d` (digits after `+`).
fn country_code_len(d: &[u8]) -> Option<usize> {
    match d.first()? {
        b'0' => None,
        b'1' | b'7' => Some(1),
        _ if d.len() >= 2 && TWO_DIGIT_CC.contains(&&d[..2]) => Some(2),
        _ => Some(3),
    }
}

fn nanp_ok(d: &[u8]) -> bool {
    d.len() == 10 && d[0] >= b'2' && d[3] >= b'2'
}

/// Score for a phone candidate with digits `d`; `cue` = a phone cue is nearby.
pub(crate) fn score(n: &NumberSpan, d: &[u8], cue: bool) -> Option<f32> {
    let g = n.groups.len();
    let mut any_dot = false;
    for k in 1..g {
        let sep = n.sep(k);
        any_dot |= sep.contains('.');
    }
    if any_dot && !n.seps_all(".") {
        return None;
    }
    let s = if n.plus || d.starts_with(b"00") {
        international(n, cue)?
    } else if d[0] == b'0' {
        uk_or_fr_national(n, d, cue)?
    } else {
        nanp_national(n, d, cue)?
    };
    Some(s)
}

fn international(n: &NumberSpan, cue: bool) -> Option<f32> {
    let g = n.groups.len();
    if g > 7 {
        return None;
    }
    // Digits after + / 00, without a "(0)" trunk group.
    let b = n.text.as_bytes();
    let mut buf = [0u8; 24];
    let mut len = 0;
    for k in 0..g {
        let (s, e) = n.groups[k];
        let trunk = k >= 1
            && e - s == 1
            && b[s] == b'0'
            && n.sep(k).ends_with('(')
            && k + 1 < g
            && n.sep(k + 1).starts_with(')');
        if trunk {
            continue;
        }
        if len + (e - s) > buf.len() {
            return None;
        }
        buf[len..len + e - s].copy_from_slice(&b[s..e]);
        len += e - s;
    }
    let mut rest = &buf[..len];
    if !n.plus {
        rest = &rest[2..];
    }
    if !(8..=15).contains(&rest.len()) {
        return None;
    }
    let cc_len = country_code_len(rest)?;
    let cc = &rest[..cc_len];
    let mut nat = &rest[cc_len..];
    let mut adj = 0.0;
    if nat.first() == Some(&b'0') && cc != b"39" {
        // "+44 07700 …": a stray trunk zero.
        nat = &nat[1..];
        adj = 0.05;
    }
    if nat.is_empty() {
        return None;
    }
    let base: f32 = match cc {
        b"44" => {
            let ok = (nat.len() == 10 || (nat.len() == 9 && nat[0] == b'1'))
                && b"1235789".contains(&nat[0]);
            if !ok {
                return None;
            }
            0.95
        }
        b"1" => {
            if !nanp_ok(nat) {
                return None;
            }
            0.95
        }
        b"33" if nat.len() == 9 => 0.95,
        b"91" if nat.len() == 10 => 0.95,
        b"61" if nat.len() == 9 => 0.95,
        b"49" if (6..=13).contains(&nat.len()) => 0.9,
        b"353" if (7..=10).contains(&nat.len()) => 0.9,
        b"33" | b"91" | b"61" => return None,
        _ if (6..=12).contains(&nat.len()) => 0.85,
        _ => return None,
    };
    Some((base + if cue { 0.03 } else { 0.0 } - adj).min(1.0))
}

fn uk_or_fr_national(n: &NumberSpan, d: &[u8], cue: bool) -> Option<f32> {
    let g = n.groups.len();
    let len = d.len();
    if d.len() < 2 {
        return None;
    }
    // French "01 23 45 67 89".
    if len == 10 && n.lens_are(&[2, 2, 2, 2, 2]) && d[1] != b'0' {
        return Some(0.85);
    }
    if g > 4 {
        return None;
    }
    // Every group has ≥ 2 digits, except a "(0)" trunk in front.
    let trunk_first = n.paren_first && n.group_len(0) == 1;
    if (0..g).any(|k| n.group_len(k) < 2 && !(k == 0 && trunk_first)) {
        return None;
    }
    let ok = match d[1] {
        b'7' | b'2' | b'3' | b'5' | b'9' => len == 11,
        b'1' => len == 11 || len == 10,
        b'8' => len == 11 || (len == 10 && d[2] == b'0' && (d[3] == b'0' || d[3] == b'8')),
        _ => false,
    };
    if !ok {
        return None;
    }
    Some(if cue { 0.95 } else { 0.9 })
}

fn nanp_national(n: &NumberSpan, d: &[u8], cue: bool) -> Option<f32> {
    let (nat, prefixed) = match d.len() {
        10 => (d, false),
        11 if d[0] == b'1' => (&d[1..], true),
        _ => return None,
    };
    if !nanp_ok(nat) {
        return None;
    }
    let base = if prefixed {
        if !(n.lens_are(&[1, 3, 3, 4]) && (n.seps_all("-") || n.seps_all(" ") || n.seps_all(".")))
            && !(n.groups.len() == 1 && cue)
        {
            return None;
        }
        0.85
    } else if n.paren_first {
        // "(415) 555-0132", "(415)555-0132"
        if !n.lens_are(&[3, 3, 4])
            || !matches!(n.sep(1), ") " | ")")
            || !matches!(n.sep(2), "-" | " ")
        {
            return None;
        }
        0.9
    } else if n.lens_are(&[3, 3, 4]) {
        if !(n.seps_all("-") || n.seps_all(".") || n.seps_all(" ")) {
            return None;
        }
        0.85
    } else if n.groups.len() == 1 && cue {
        0.8
    } else {
        return None;
    };
    Some(if cue { base + 0.05 } else { base })
}

#[cfg(test)]
mod tests {
    use crate::redact::detect::identifiers::tests::find;
    use crate::redact::entity::EntityKind::Phone;

    #[test]
    fn uk_phones() {
        let t =
            "Ring 07700 900123 or 07700900123, +44 7700 900123, +447700900123, (0)7700 900 123, \
                 landline 020 7946 0000, (020) 7946 0000, 0113 496 0000, 01632 960123, \
                 +44 (0)20 7946 0000, freephone 0800 123 4567 / 0808 157 0192 / 0800 123 456.";
        assert_eq!(
            find(Phone, t),
            vec![
                "07700 900123",
                "07700900123",
                "+44 7700 900123",
                "+447700900123",
                "(0)7700 900 123",
                "020 7946 0000",
                "(020) 7946 0000",
                "0113 496 0000",
                "01632 960123",
                "+44 (0)20 7946 0000",
                "0800 123 4567",
                "0808 157 0192",
                "0800 123 456",
            ]
        );
    }

    #[test]
    fn international_and_us_phones() {
        let t = "US +1 415 555 0132, (415) 555-0132, 415-555-0132, 415.555.0132, 1-800-555-0199; \
                 FR +33 1 23 45 67 89, 01 23 45 67 89; IN +91 98765 43210; DE +49 30 901820; \
                 IE 00353 1 234 5678; call 4155550132.";
        assert_eq!(
            find(Phone, t),
            vec![
                "+1 415 555 0132",
                "(415) 555-0132",
                "415-555-0132",
                "415.555.0132",
                "1-800-555-0199",
                "+33 1 23 45 67 89",
                "01 23 45 67 89",
                "+91 98765 43210",
                "+49 30 901820",
                "00353 1 234 5678",
                "4155550132",
            ]
        );
    }

    #[test]
    fn phone_near_misses() {
        for t in [
            "SKU 4412-883-201",
            "model XJ-2200",
            "£1,234.56",
            "at 10:30 on 12/03/2026",
            "v2.3.1 and iOS 17.4.1",
            "2 x 500g",
            "12-34-56 / 12345678",
            "4155550132",         // bare 10 digits, no cue
            "06 12 34",           // too short
            "0412 345 6789",      // no 04 range
            "07700 90012",        // mobile too short
            "+44 7700 9001",      // too short for +44
            "+0 123 456 7890",    // no country code 0
            "+1 123 456 7890",    // NANP area cannot start with 1
            "Order 07700 900123", // reference context
            "1000000 views",
        ] {
            assert_eq!(find(Phone, t), Vec::<&str>::new(), "{t}");
        }
    }
}
