//! Phone numbers, read against libphonenumber's numbering plans ([`plans`]):
//! - international (`+` or `00`): the country calling code picks the plans; a number in an
//!   allocated range scores highest, one of the plan's general shape (length and leading
//!   digits: fictional ranges, generated test data) a little lower; a "(0)" trunk is dropped;
//! - national (no country code): read first as the home region's (`redact.default_region`),
//!   then as any region's, where the written shape must also look like a phone number
//!   (a trunk "0", a bracketed area code, three or more groups, or a phone cue), so product
//!   codes, quantities ("1 234 567") and dates ("2024-03-12") are not taken;
//! - extensions after the number ("x4587", "ext. 12") belong to it.
//!
//! Candidates come from `numeric`.

mod plans;

use super::number_span::NumberSpan;
use plans::{Fit, PLANS};

/// The region whose national formats are read first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Home(usize);

impl Home {
    /// The home region for an ISO 3166 alpha-2 code ("GB", "de"), if libphonenumber knows it.
    pub fn new(region: &str) -> Option<Home> {
        PLANS.index(&region.to_ascii_uppercase()).map(Home)
    }
}

impl Default for Home {
    fn default() -> Self {
        Home::new("GB").expect("libphonenumber has a plan for GB")
    }
}

/// Score for a phone candidate with digits `d`; `cue` = a phone cue is nearby.
pub(crate) fn score(n: &NumberSpan, d: &[u8], cue: bool, home: Home) -> Option<f32> {
    let g = n.groups.len();
    let any_dot = (1..g).any(|k| n.sep(k).contains('.'));
    // "06519/97684572" has one slash; "31506/09/3440" is a reference.
    let slashes = (1..g).filter(|&k| n.sep(k).contains('/')).count();
    if any_dot && !n.seps_all(".") || slashes > 1 || looks_like_date(n) {
        return None;
    }
    if n.plus || d.starts_with(b"00") {
        international(n, cue)
    } else {
        national(n, d, cue, home)
    }
}

/// "2024-03-12", "12.03.2024", "3 12 2024": a date, whatever plan it fits.
fn looks_like_date(n: &NumberSpan) -> bool {
    if n.groups.len() != 3 || !["-", ".", "/", " "].iter().any(|sep| n.seps_all(sep)) {
        return false;
    }
    let value = |k: usize| {
        let (s, e) = n.groups[k];
        n.text[s..e].parse::<u32>().unwrap_or(0)
    };
    let year = |k: usize| n.group_len(k) == 4 && (1900..2100).contains(&value(k));
    let day_month = |a: u32, b: u32| (1..=31).contains(&a) && (1..=12).contains(&b);
    let short = |k: usize| n.group_len(k) <= 2;
    (year(0) && short(1) && short(2) && day_month(value(2), value(1)))
        || (year(2)
            && short(0)
            && short(1)
            && (day_month(value(0), value(1)) || day_month(value(1), value(0))))
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
    if !(7..=15).contains(&rest.len()) {
        return None;
    }
    let (code, code_len) = PLANS.code_at(rest)?;
    let national = &rest[code_len..];
    let among = PLANS.with_code(code).iter().copied();
    let mut fit = PLANS.best_fit(among.clone(), national, false);
    let mut adj: f32 = 0.0;
    if fit == Fit::No && national.first() == Some(&b'0') {
        // "+44 07700 …": a stray trunk zero.
        fit = PLANS.best_fit(among, &national[1..], false);
        adj = 0.05;
    }
    let base: f32 = match fit {
        Fit::Valid => 0.95,
        Fit::Possible => 0.85,
        // A number the plans do not know (generated test data, a new range): the "+" and
        // a real country code still say phone.
        Fit::No if PLANS.length_fits(code, national.len()) => 0.7,
        Fit::No => return None,
    };
    Some((base + if cue { 0.03 } else { 0.0 } - adj).min(1.0))
}

fn national(n: &NumberSpan, d: &[u8], cue: bool, home: Home) -> Option<f32> {
    let g = n.groups.len();
    if g > 6 || !(7..=13).contains(&d.len()) {
        return None;
    }
    let plan = PLANS.plan(home.0);
    let grouped = g >= 2 || n.paren_first;
    let trunk = d[0] == b'0';
    // What follows another number is part of something longer ("4539 1488 0343 6468",
    // "+0 123 456 7890"), unless it is a trunk-led number of its own ("2024 07700 900123").
    let after_number = n.text[..n.start]
        .trim_end_matches(' ')
        .ends_with(|c: char| c.is_ascii_digit() || c == '+');
    if (n.part || after_number) && !trunk && !cue {
        return None;
    }
    // "1 234 567", "12.500.000", "250 000": a quantity ("603 427 568" is a Polish mobile).
    let last = n.groups[g - 1];
    let thousands = !trunk
        && g >= 2
        && !n.paren_first
        && n.group_len(0) <= 3
        && (1..g).all(|k| n.group_len(k) == 3)
        && (n.group_len(0) <= 2 || &n.text[last.0..last.1] == "000");
    // "10.0.24003.948", "131.0.6779.105": a version.
    let version = !trunk
        && g >= 3
        && n.seps_all(".")
        && (n.group_len(0) <= 2 || (1..g).any(|k| n.group_len(k) == 1));
    if (thousands || version) && !cue {
        return None;
    }
    // "4539 1488 0343" (part of a card number that failed its check digit) and
    // "136.221.53.130" (an IPv4 address) are not another region's phone numbers.
    let card_like = g >= 3 && (0..g).all(|k| n.group_len(k) == 4);
    let ip_like = g == 4 && n.seps_all(".") && (0..g).all(|k| n.group_len(k) <= 3);
    let base = match plan.fit(d, true) {
        Fit::Valid if grouped || trunk || cue => 0.9,
        Fit::Possible if grouped && (plan.starts_with_trunk(d) || n.paren_first || cue) => 0.75,
        _ => {
            // Another region's number, written as phone numbers are written.
            let strong = trunk || n.paren_first || g >= 3 || cue;
            // "0480858186": a bare trunk-led number as long as a full national number.
            let bare_national = !grouped && trunk && d.len() >= 10;
            if n.part
                || after_number
                || !(grouped || cue || bare_national)
                || !strong
                || ip_like
                || card_like && !cue
            {
                return None;
            }
            match PLANS.best_fit(0..PLANS.len(), d, true) {
                Fit::Valid => 0.75,
                Fit::Possible if g >= 3 && d.len() >= 9 || cue => 0.6,
                _ => return None,
            }
        }
    };
    Some(if cue { base + 0.05 } else { base })
}

/// Where a phone number ending at `end` ends with its extension ("x4587", " ext. 12",
/// " extension 204"), or `end` when none follows.
pub(crate) fn extension_end(text: &str, end: usize) -> usize {
    let rest = &text[end..];
    let trimmed = rest.trim_start_matches(' ');
    let lower = trimmed
        .get(..10.min(trimmed.len()))
        .unwrap_or("")
        .to_ascii_lowercase();
    let marker = ["extension", "ext.", "ext", "x"]
        .into_iter()
        .find(|m| lower.starts_with(m));
    let Some(marker) = marker else {
        return end;
    };
    // A bare "x" belongs only when it touches the number: "3560x4587", not "2 x 500g".
    if marker == "x" && trimmed.len() != rest.len() {
        return end;
    }
    let after = trimmed[marker.len()..].trim_start_matches([' ', ':']);
    let digits = after.bytes().take_while(u8::is_ascii_digit).count();
    let next_is_word = after[digits..]
        .chars()
        .next()
        .is_some_and(char::is_alphanumeric);
    if !(1..=6).contains(&digits) || next_is_word {
        return end;
    }
    text.len() - after.len() + digits
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
    fn other_regions_national_formats_and_extensions() {
        let t = "DK 60-56-85-91, LT (37) 788-063, AU 0490 75 40 81, US +1-984-182-0190, \
                 KY 345-899-3560x4587, FI 040 1234567, DE 030 901820 ext. 12, \
                 FR 01.23.45.67.89, US 415.555.0132 x 22 today.";
        assert_eq!(
            find(Phone, t),
            vec![
                "60-56-85-91",
                "(37) 788-063",
                "0490 75 40 81",
                "+1-984-182-0190",
                "345-899-3560x4587",
                "040 1234567",
                "030 901820 ext. 12",
                "01.23.45.67.89",
                "415.555.0132",
            ]
        );
    }

    #[test]
    fn seven_digit_numbers_after_a_cue() {
        assert_eq!(find(Phone, "Phone: 717 8116 ext 80\n"), ["717 8116 ext 80"]);
        assert_eq!(find(Phone, "can u call me 694 4882"), ["694 4882"]);
    }

    #[test]
    fn home_region_reads_national_numbers_first() {
        use crate::redact::detect::{Detector, IdentifierDetector};
        let us = IdentifierDetector::new(&[Phone]).with_home(super::Home::new("us").unwrap());
        let mut out = Vec::new();
        us.detect("call 2025550143 today", &mut out);
        assert_eq!(out.len(), 1);
        assert!(super::Home::new("XX").is_none());
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
            "+44 7700 9001",      // too short for +44
            "+0 123 456 7890",    // no country code 0
            "Order 07700 900123", // reference context
            "1000000 views",
            "on 2024-03-12 and 12.03.2024", // dates fit some plans
            "4490-7781 in stock",           // two groups of four: a code
            "1 234 567 downloads",          // a quantity
            "1920x1080 screen",
            "Chrome 131.0.6779.105 on Windows",
        ] {
            assert_eq!(find(Phone, t), Vec::<&str>::new(), "{t}");
        }
    }
}
