//! One-pass detector for structured identifiers (email, phone, card, IBAN, NINO, NHS, SSN,
//! postcode, IP, URL, social handle, date of birth).
//!
//! Each text is scanned once with a single multi-pattern [`regex_automata::meta::Regex`] over
//! *candidate shapes*. Every match is dispatched by pattern id to the validator in the type's
//! own module under [`patterns`](super::patterns) (`email.rs`, `iban.rs`, …). Digit runs are
//! one generic shape (`patterns::numeric`) that a cascade classifies (card → international phone →
//! NHS / US phone → SSN → phone), trying whitespace-delimited sub-spans when the whole run is
//! not an identifier.
//!
//! Matching is leftmost-first, so when the validator rejects the shape found at a position the
//! lower-priority shapes are tried there too (anchored searches), before the scan moves on.
//! Texts with no ASCII digit, no `@` and no `www.` / `://` are skipped without a regex search.

use regex_automata::{meta::Regex, Anchored, Input, PatternID};

use super::patterns::{dob, email, handle, iban, ip, nino, numeric, phone, postcode, url};
use super::text::Hit;
use super::Detector;
use crate::redact::entity::{Detection, EntityKind};

/// The kinds this detector can produce.
pub const SUPPORTED: &[EntityKind] = &[
    EntityKind::Email,
    EntityKind::Phone,
    EntityKind::CreditCard,
    EntityKind::Iban,
    EntityKind::UkNino,
    EntityKind::NhsNumber,
    EntityKind::UsSsn,
    EntityKind::UkPostcode,
    EntityKind::IpAddress,
    EntityKind::Url,
    EntityKind::SocialHandle,
    EntityKind::DateOfBirth,
];

/// Candidate shapes, in priority order (the pattern id is the index).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Shape {
    Email,
    Url,
    DobCue,
    Iban,
    Nino,
    Postcode,
    Ipv6,
    Ipv4,
    Number,
    Handle,
}

const SHAPES: [Shape; 10] = [
    Shape::Email,
    Shape::Url,
    Shape::DobCue,
    Shape::Iban,
    Shape::Nino,
    Shape::Postcode,
    Shape::Ipv6,
    Shape::Ipv4,
    Shape::Number,
    Shape::Handle,
];

impl Shape {
    fn pattern(self) -> &'static str {
        match self {
            Shape::Email => email::PATTERN,
            Shape::Url => url::PATTERN,
            Shape::DobCue => dob::CUE_PATTERN,
            Shape::Iban => iban::PATTERN,
            Shape::Nino => nino::PATTERN,
            Shape::Postcode => postcode::PATTERN,
            Shape::Ipv6 => ip::V6_PATTERN,
            Shape::Ipv4 => ip::V4_PATTERN,
            Shape::Number => numeric::PATTERN,
            Shape::Handle => handle::PATTERN,
        }
    }

    /// Whether a match of this shape can begin with byte `b` (skips pointless fallbacks).
    fn can_start(self, b: u8) -> bool {
        match self {
            Shape::Email => b.is_ascii_alphanumeric() || b"._%+'-".contains(&b),
            Shape::Url => matches!(b, b'h' | b'H' | b'w' | b'W'),
            Shape::DobCue => matches!(b, b'd' | b'D' | b'b' | b'B'),
            Shape::Iban | Shape::Nino | Shape::Postcode => b.is_ascii_alphabetic(),
            Shape::Ipv6 => b.is_ascii_hexdigit() || b == b':',
            Shape::Ipv4 => b.is_ascii_digit(),
            Shape::Number => b.is_ascii_digit() || b == b'+' || b == b'(',
            Shape::Handle => b == b'@',
        }
    }
}

fn bit(kind: EntityKind) -> u32 {
    match kind {
        EntityKind::Email => 1 << 0,
        EntityKind::Phone => 1 << 1,
        EntityKind::CreditCard => 1 << 2,
        EntityKind::Iban => 1 << 3,
        EntityKind::UkNino => 1 << 4,
        EntityKind::NhsNumber => 1 << 5,
        EntityKind::UsSsn => 1 << 6,
        EntityKind::UkPostcode => 1 << 7,
        EntityKind::IpAddress => 1 << 8,
        EntityKind::Url => 1 << 9,
        EntityKind::SocialHandle => 1 << 10,
        EntityKind::DateOfBirth => 1 << 11,
        EntityKind::Person
        | EntityKind::StreetAddress
        | EntityKind::PostalCode
        | EntityKind::Age
        | EntityKind::DriverLicence
        | EntityKind::Passport
        | EntityKind::AccountNumber
        | EntityKind::Denied
        | EntityKind::Custom(_) => 0,
    }
}

/// Detects every supported identifier kind in one pass; emits only the enabled kinds.
///
/// All shapes are always matched (so a disabled kind still "claims" its span and is not
/// re-read as something else, e.g. a card number is never reported as a phone).
pub struct IdentifierDetector {
    regex: Regex,
    dates: dob::DateFinder,
    enabled: u32,
    home: phone::Home,
}

impl IdentifierDetector {
    /// A detector emitting the given kinds; kinds it does not handle (person, street address,
    /// custom) are ignored.
    pub fn new(enabled: &[EntityKind]) -> IdentifierDetector {
        let patterns: Vec<&str> = SHAPES.iter().map(|s| s.pattern()).collect();
        let regex = Regex::new_many(&patterns).expect("built-in identifier patterns compile");
        IdentifierDetector {
            regex,
            dates: dob::DateFinder::new(),
            enabled: enabled.iter().fold(0, |acc, k| acc | bit(*k)),
            home: phone::Home::default(),
        }
    }

    /// Reads phone numbers written without a country code as `home`'s first.
    pub fn with_home(self, home: phone::Home) -> IdentifierDetector {
        IdentifierDetector { home, ..self }
    }

    /// A detector emitting every kind in [`SUPPORTED`].
    pub fn all() -> IdentifierDetector {
        IdentifierDetector::new(SUPPORTED)
    }

    pub fn is_enabled(&self, kind: EntityKind) -> bool {
        self.enabled & bit(kind) != 0
    }

    /// Validates a candidate of `shape` at `start..end`; on acceptance emits its hits and
    /// returns where scanning resumes.
    fn accept(
        &self,
        shape: Shape,
        text: &str,
        start: usize,
        end: usize,
        emit: &mut dyn FnMut(Hit),
    ) -> Option<usize> {
        let hit = match shape {
            Shape::Email => email::validate(text, start, end),
            Shape::Url => match url::validate(text, start, end)? {
                url::UrlVerdict::Redact(h) => Some(h),
                url::UrlVerdict::Keep { end, ip } => {
                    if let Some(h) = ip {
                        emit(h);
                    }
                    return Some(end);
                }
            },
            Shape::DobCue => {
                let cue_end = dob::validate_cue(text, start, end)?;
                Some(self.dates.find(text, cue_end)?)
            }
            Shape::Iban => iban::validate(text, start, end),
            Shape::Nino => nino::validate(text, start, end),
            Shape::Postcode => postcode::validate(text, start, end),
            Shape::Ipv6 => ip::validate_v6(text, start, end),
            Shape::Ipv4 => ip::validate_v4(text, start, end),
            Shape::Number => {
                // Always "accepted": a rejected run says where the scan resumes.
                return Some(numeric::classify(text, start, end, self.home, emit));
            }
            Shape::Handle => handle::validate(text, start, end),
        }?;
        emit(hit);
        Some(hit.end)
    }
}

impl Default for IdentifierDetector {
    fn default() -> Self {
        IdentifierDetector::all()
    }
}

/// Cheap gate: every shape needs a digit, an `@`, `www.` or `://`.
fn worth_scanning(b: &[u8]) -> bool {
    for (i, &c) in b.iter().enumerate() {
        if c.is_ascii_digit() || c == b'@' {
            return true;
        }
        if c == b'.' && i >= 3 && b[i - 3..i].eq_ignore_ascii_case(b"www") {
            return true;
        }
        if c == b':' && b[i + 1..].starts_with(b"//") {
            return true;
        }
    }
    false
}

impl Detector for IdentifierDetector {
    fn name(&self) -> &'static str {
        "identifiers"
    }

    fn detect(&self, text: &str, out: &mut Vec<Detection>) {
        if self.enabled == 0 || !worth_scanning(text.as_bytes()) {
            return;
        }
        let enabled = self.enabled;
        let mut emit = |h: Hit| {
            if enabled & bit(h.kind) != 0 {
                out.push(Detection {
                    start: h.start,
                    end: h.end,
                    kind: h.kind,
                    score: h.score,
                });
            }
        };
        let bytes = text.as_bytes();
        let len = text.len();
        let mut pos = 0;
        while pos < len {
            let Some(m) = self.regex.search(&Input::new(text).span(pos..len)) else {
                break;
            };
            let (s, e) = (m.start(), m.end());
            let pid = m.pattern().as_usize();
            let mut resume = self.accept(SHAPES[pid], text, s, e, &mut emit);
            if resume.is_none() {
                // Leftmost-first hid the lower-priority shapes at `s`: try them, anchored.
                for (q, shape) in SHAPES.iter().enumerate().skip(pid + 1) {
                    if !shape.can_start(bytes[s]) {
                        continue;
                    }
                    let input = Input::new(text)
                        .span(s..len)
                        .anchored(Anchored::Pattern(PatternID::must(q)));
                    if let Some(m2) = self.regex.search(&input) {
                        resume = self.accept(*shape, text, s, m2.end(), &mut emit);
                        if resume.is_some() {
                            break;
                        }
                    }
                }
            }
            // Every shape starts with an ASCII byte, so `s + 1` is a char boundary.
            pos = resume.unwrap_or(e).max(s + 1);
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Runs a detector that emits only `kind`; returns the matched substrings.
    pub(crate) fn find(kind: EntityKind, text: &str) -> Vec<&str> {
        let det = IdentifierDetector::new(&[kind]);
        let mut out = Vec::new();
        det.detect(text, &mut out);
        out.iter().map(|d| &text[d.start..d.end]).collect()
    }

    /// Runs the full detector; returns (substring, kind).
    pub(crate) fn find_all(text: &str) -> Vec<(&str, EntityKind)> {
        let det = IdentifierDetector::all();
        let mut out = Vec::new();
        det.detect(text, &mut out);
        out.iter()
            .map(|d| (&text[d.start..d.end], d.kind))
            .collect()
    }

    #[test]
    fn realistic_feedback_with_several_identifiers() {
        let text = "Hi, I'm still waiting on my refund (order 4412-883-201, £1,234.56). \
                    Email me at jane.doe+refunds@example.co.uk or call 07700 900123 / \
                    +44 (0)20 7946 0000 after 10:30. Card used: 4539 1488 0343 6467. \
                    NI number QQ 12 34 56 C is wrong, mine is AB 12 34 56 C. \
                    NHS no. 943 476 5919, postcode SW1A 1AA, DOB: 12/03/1987. \
                    IBAN GB82 WEST 1234 5698 7654 32, login from 192.168.0.17 \
                    on app v2.3.1 (iOS 17.4.1). See https://shop.example.com/orders?id=991 \
                    or www.example.com, tweet @jane_doe @ 5pm.";
        let got = find_all(text);
        let expected = vec![
            ("jane.doe+refunds@example.co.uk", EntityKind::Email),
            ("07700 900123", EntityKind::Phone),
            ("+44 (0)20 7946 0000", EntityKind::Phone),
            ("4539 1488 0343 6467", EntityKind::CreditCard),
            ("AB 12 34 56 C", EntityKind::UkNino),
            ("943 476 5919", EntityKind::NhsNumber),
            ("SW1A 1AA", EntityKind::UkPostcode),
            ("12/03/1987", EntityKind::DateOfBirth),
            ("GB82 WEST 1234 5698 7654 32", EntityKind::Iban),
            ("192.168.0.17", EntityKind::IpAddress),
            ("https://shop.example.com/orders?id=991", EntityKind::Url),
            ("@jane_doe", EntityKind::SocialHandle),
        ];
        assert_eq!(got, expected);
    }

    #[test]
    fn ordinary_numbers_are_not_flagged() {
        for text in [
            "SKU 4412-883-201 arrived broken, model XJ-2200.",
            "Paid £1,234.56 on 12/03/2026 at 10:30, 2 x 500g, 45% off.",
            "Updated to v2.3.1 on iOS 17.4.1 in 2024; build 1.2.3.",
            "Card 4539 1488 0343 6468 was declined (bad number).",
            "Sort code 12-34-56, account 12345678.",
            "Meet @ 5pm, 3 of 10 stars, 1000000 views, 12,345 users.",
            "Tracking 1Z999AA10123456784, ticket #1234567890.",
            "I was born in 1987 and lived at flat 4 for 12 years.",
        ] {
            assert_eq!(find_all(text), vec![], "{text}");
        }
    }

    #[test]
    fn enabled_kinds_filter_output() {
        let det = IdentifierDetector::new(&[EntityKind::Email, EntityKind::Person]);
        let mut out = Vec::new();
        det.detect("a@b.com 07700 900123", &mut out);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].kind, EntityKind::Email);
        assert!(det.is_enabled(EntityKind::Email));
        assert!(!det.is_enabled(EntityKind::Phone));
        let none = IdentifierDetector::new(&[]);
        out.clear();
        none.detect("a@b.com", &mut out);
        assert!(out.is_empty());
    }

    #[test]
    fn offsets_are_char_boundaries_with_non_ascii_text() {
        let text = "Café ☕ — ring 07700 900123 ou écrivez à zoë@exämple.com, merci €5";
        let got = find_all(text);
        assert_eq!(got, vec![("07700 900123", EntityKind::Phone)]);
    }

    /// Speed check: `cargo test --release --lib identifiers_speed -- --ignored --nocapture`.
    #[test]
    #[ignore]
    fn identifiers_speed() {
        let plain = [
            "The delivery was late and the driver was rude.",
            "Great service, would recommend to friends and family!",
            "App keeps crashing since the last update, very frustrating.",
            "Staff at the Leeds branch were helpful and friendly.",
            "Waited 45 minutes on hold, then got cut off twice.",
            "Ordered 2 x 500g bags, only one arrived on 12/03/2026.",
            "Price went up to £12.99 which is 20% more than last year.",
            "Version 2.3.1 fixed the login bug on iOS 17.4.1, thanks.",
            "Not happy. Refund of £1,234.56 still pending after 3 weeks.",
            "Lovely people, quick checkout, 5 stars.",
        ];
        let pii = [
            "Please call me on 07700 900123 about order 4412-883-201.",
            "My email is jane.doe@example.com, reply there please.",
            "Card 4539 1488 0343 6467 was charged twice!",
            "DOB: 12/03/1987, NHS number 943 476 5919.",
            "I live at SW1A 1AA, tweet me @jane_doe.",
        ];
        let mut texts = Vec::new();
        for i in 0..20_000usize {
            if i % 10 == 0 {
                texts.push(pii[(i / 10) % pii.len()]);
            } else {
                texts.push(plain[i % plain.len()]);
            }
        }
        let det = IdentifierDetector::all();
        let mut out = Vec::new();
        let t = std::time::Instant::now();
        let rounds = 5;
        let mut found = 0;
        for _ in 0..rounds {
            for text in &texts {
                out.clear();
                det.detect(text, &mut out);
                found += out.len();
            }
        }
        let secs = t.elapsed().as_secs_f64();
        let n = (texts.len() * rounds) as f64;
        println!(
            "identifiers: {:.0} texts/s on one core ({} texts, {found} detections, {secs:.3}s)",
            n / secs,
            n
        );
        assert!(found > 0);
    }
}

/// Scores the detector against a labelled JSONL set (`{"text", "spans": [{start, end, type}]}`,
/// byte offsets): `VERBATIM_PII_EVAL=path cargo test --lib identifiers_eval -- --ignored
/// --nocapture`. Exact-span matches count; per-kind precision and recall are printed, with
/// misses and false alarms.
#[cfg(test)]
mod eval {
    use super::*;
    use crate::redact::entity::EntityKind;

    #[test]
    #[ignore]
    fn identifiers_eval() {
        let Ok(path) = std::env::var("VERBATIM_PII_EVAL") else {
            eprintln!("set VERBATIM_PII_EVAL to a labelled JSONL file");
            return;
        };
        let det = IdentifierDetector::all();
        let data = std::fs::read_to_string(path).unwrap();
        // Offsets may be Unicode code points (Python) or bytes: code points when any span is
        // not a valid byte range.
        let rows: Vec<serde_json::Value> = data
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        let chars = rows.iter().any(|v| {
            let text = v["text"].as_str().unwrap();
            v["spans"].as_array().unwrap().iter().any(|s| {
                let (a, b) = (s["start"].as_u64().unwrap(), s["end"].as_u64().unwrap());
                text.get(a as usize..b as usize).is_none()
            })
        });
        let to_byte = |text: &str, i: usize| {
            if chars {
                text.char_indices().nth(i).map_or(text.len(), |(b, _)| b)
            } else {
                i
            }
        };
        let mut tp = std::collections::BTreeMap::<&str, (usize, usize, usize)>::new();
        let verbose = std::env::var("VERBATIM_PII_EVAL_VERBOSE").is_ok();
        for v in &rows {
            let text = v["text"].as_str().unwrap();
            let gold: Vec<(usize, usize, String)> = v["spans"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| {
                    (
                        to_byte(text, s["start"].as_u64().unwrap() as usize),
                        to_byte(text, s["end"].as_u64().unwrap() as usize),
                        s["type"].as_str().unwrap().to_string(),
                    )
                })
                .filter(|(_, _, t)| {
                    EntityKind::from_name(t).is_some_and(|k| SUPPORTED.contains(&k))
                })
                .collect();
            let mut out = Vec::new();
            det.detect(text, &mut out);
            for d in &out {
                let name = d.kind.builtin_name().unwrap();
                let e = tp.entry(name).or_default();
                if gold
                    .iter()
                    .any(|g| (g.0, g.1, g.2.as_str()) == (d.start, d.end, name))
                {
                    e.0 += 1;
                } else {
                    e.1 += 1;
                    if verbose {
                        println!("FP {name}: {:?} in {text:?}", &text[d.start..d.end]);
                    }
                }
            }
            for g in &gold {
                let hit = out.iter().any(|d| {
                    (d.start, d.end) == (g.0, g.1) && d.kind.builtin_name() == Some(g.2.as_str())
                });
                if !hit {
                    let name = EntityKind::from_name(&g.2).unwrap().builtin_name().unwrap();
                    tp.entry(name).or_default().2 += 1;
                    if verbose {
                        println!("FN {}: {:?} in {text:?}", g.2, &text[g.0..g.1]);
                    }
                }
            }
        }
        let t0 = std::time::Instant::now();
        let mut out = Vec::new();
        for v in &rows {
            out.clear();
            det.detect(v["text"].as_str().unwrap(), &mut out);
        }
        let secs = t0.elapsed().as_secs_f64();
        println!(
            "{} texts in {secs:.4}s: {:.0} texts/s",
            rows.len(),
            rows.len() as f64 / secs
        );
        for (name, (t, fp, fn_)) in &tp {
            let p = *t as f64 / (t + fp).max(1) as f64;
            let r = *t as f64 / (t + fn_).max(1) as f64;
            println!("{name:15} tp {t:4} fp {fp:3} fn {fn_:3}  precision {p:.3} recall {r:.3}");
        }
    }
}
