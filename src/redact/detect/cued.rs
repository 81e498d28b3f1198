//! Personal data known by the words around it rather than its shape: ages ("79 years old",
//! "aged 79", "a 79-year-old customer") and identifiers that only a cue tells apart from an
//! order or product number ("driving licence MORGA753116SM9IJ", "passport no. C01X00T47",
//! "customer number 88213407").
//!
//! "N years old" counts only with a person in the clause before it ("my mum is 79 years old",
//! not "the boiler is 20 years old").

use regex_automata::meta::Regex;
use regex_automata::Input;

use super::Detector;
use crate::redact::entity::{Detection, EntityKind};

/// Cue patterns; the pattern id indexes [`CUES`].
const CUES: &[(EntityKind, &str)] = &[
    // Not "cheddar aged 18 months": cheese and whisky age too.
    (
        EntityKind::Age,
        r"(?i)\baged?:?\s+\d{1,3}\b(?:\s+(?:months?|weeks?|days?)\b)?",
    ),
    (
        EntityKind::Age,
        r"(?i)\b\d{1,3}(?:\s+|-)(?:years?|yrs?)(?:\s+|-)old\b",
    ),
    (
        EntityKind::DriverLicence,
        r"(?i)\b(?:driv(?:ing|ers?|er's)\s+licen[cs]e|licen[cs]e)(?:\s+(?:no\.?|number|num|#|id))?(?:\s+(?:is|was|given\s+as|reads)|\s*[:#(])?\s*",
    ),
    (
        EntityKind::Passport,
        r"(?i)\bpassport(?:\s+(?:no\.?|number|num|#|id))?(?:\s+(?:is|was|given\s+as|reads)|\s*[:#(])?\s*",
    ),
    (
        EntityKind::AccountNumber,
        r"(?i)\b(?:(?:account|acct|a/c)(?:\s+(?:no\.?|number|num|#|id|ref))?|(?:customer|client|member(?:ship)?|loyalty(?:\s+card)?|subscriber|patient|policy)\s+(?:no\.?|number|num|#|id|ref))(?:\s+(?:is|was|given\s+as|reads)|\s*[:#(])?\s*",
    ),
];

/// Words for a person that make the clause's "N years old" someone's age.
const PERSON_WORDS: &[&str] = &[
    "i",
    "i'm",
    "im",
    "i’m",
    "am",
    "he",
    "she",
    "he's",
    "she's",
    "who",
    "who's",
    "mum",
    "mom",
    "mother",
    "dad",
    "father",
    "son",
    "daughter",
    "wife",
    "husband",
    "partner",
    "gran",
    "nan",
    "grandma",
    "grandpa",
    "grandmother",
    "grandfather",
    "grandson",
    "granddaughter",
    "child",
    "kid",
    "baby",
    "boy",
    "girl",
    "sister",
    "brother",
    "aunt",
    "uncle",
    "neighbour",
    "neighbor",
    "customer",
    "patient",
    "resident",
    "man",
    "woman",
    "lady",
    "gentleman",
    "friend",
    "tenant",
];

/// How far back (bytes) a person word makes "N years old" an age.
const PERSON_WINDOW: usize = 48;

/// Finds ages and cued identifiers.
pub struct CuedDetector {
    regex: Regex,
    enabled: Vec<EntityKind>,
}

impl CuedDetector {
    /// A detector for the enabled kinds among age, driving licence, passport and account
    /// numbers; `None` when none is enabled.
    pub fn new(enabled: &[EntityKind]) -> Option<CuedDetector> {
        let enabled: Vec<EntityKind> = [
            EntityKind::Age,
            EntityKind::DriverLicence,
            EntityKind::Passport,
            EntityKind::AccountNumber,
        ]
        .into_iter()
        .filter(|k| enabled.contains(k))
        .collect();
        if enabled.is_empty() {
            return None;
        }
        let patterns: Vec<&str> = CUES.iter().map(|(_, p)| *p).collect();
        let regex = Regex::new_many(&patterns).expect("built-in cue patterns compile");
        Some(CuedDetector { regex, enabled })
    }
}

/// The identifier right after a cue: letters and digits, groups joined by one "-" or by a
/// space between digit groups ("D123-4567-8901", "1234 5678"); (end, digit count).
fn identifier_at(text: &str, start: usize) -> Option<(usize, usize)> {
    let b = text.as_bytes();
    let mut i = start;
    let mut len = 0;
    let mut digits = 0;
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_alphanumeric() {
            len += 1;
            digits += usize::from(c.is_ascii_digit());
            i += 1;
        } else if (c == b'-' || c == b' ')
            && i > start
            && b.get(i + 1).is_some_and(u8::is_ascii_alphanumeric)
            && (c == b'-' || b[i - 1].is_ascii_digit() && b[i + 1].is_ascii_digit())
        {
            i += 1;
        } else {
            break;
        }
    }
    // A word running on ("licence fee"): not an identifier.
    let ends_clean = text[i..]
        .chars()
        .next()
        .is_none_or(|c| !c.is_alphanumeric());
    ((5..=20).contains(&len) && ends_clean).then_some((i, digits))
}

fn person_before(text: &str, start: usize) -> bool {
    let mut from = start.saturating_sub(PERSON_WINDOW);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let before = &text[from..start];
    // Only the clause the age is in.
    let clause = before
        .rfind(['.', '!', '?', ';', '\n'])
        .map_or(before, |k| &before[k + 1..]);
    clause
        .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
        .any(|w| PERSON_WORDS.contains(&w.to_lowercase().as_str()))
}

/// "a 79-year-old customer": the word after the age.
fn person_after(text: &str, end: usize) -> bool {
    let next = text[end..]
        .trim_start()
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    PERSON_WORDS.contains(&next.to_lowercase().as_str())
}

impl Detector for CuedDetector {
    fn name(&self) -> &'static str {
        "cued"
    }

    fn detect(&self, text: &str, out: &mut Vec<Detection>) {
        if !text.bytes().any(|b| b.is_ascii_digit()) {
            return;
        }
        for m in self.regex.find_iter(Input::new(text)) {
            let (kind, _) = CUES[m.pattern().as_usize()];
            if !self.enabled.contains(&kind) {
                continue;
            }
            let (start, end, score) = match kind {
                EntityKind::Age => {
                    let phrase = &text[m.start()..m.end()];
                    let aged = phrase.to_ascii_lowercase().starts_with("age");
                    let years: u32 = phrase
                        .chars()
                        .skip_while(|c| !c.is_ascii_digit())
                        .take_while(char::is_ascii_digit)
                        .collect::<String>()
                        .parse()
                        .unwrap_or(0);
                    let lower = phrase.to_ascii_lowercase();
                    if ["month", "week", "day"].iter().any(|u| lower.contains(u)) {
                        continue;
                    }
                    let hyphenated = phrase.contains("-year");
                    let person = person_before(text, m.start())
                        || hyphenated && (person_after(text, m.end()) || years >= 18);
                    if !(aged || person) || years > 120 {
                        continue;
                    }
                    (m.start(), m.end(), if aged { 0.8 } else { 0.85 })
                }
                _ => {
                    let Some((end, digits)) = identifier_at(text, m.end()) else {
                        continue;
                    };
                    // Passports and licences mix capitals and digits ("C01X00T47",
                    // "CRJKG7VN2"); a lower-case word after the cue is no identifier.
                    let code = !text[m.end()..end].chars().any(char::is_lowercase);
                    let enough = match kind {
                        EntityKind::AccountNumber => digits >= 5,
                        _ => code && (digits >= 4 || digits >= 1 && end - m.end() >= 8),
                    };
                    if !enough {
                        continue;
                    }
                    (m.end(), end, 0.85)
                }
            };
            out.push(Detection {
                start,
                end,
                kind,
                score,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find(text: &str) -> Vec<(&str, EntityKind)> {
        let d = CuedDetector::new(&[
            EntityKind::Age,
            EntityKind::DriverLicence,
            EntityKind::Passport,
            EntityKind::AccountNumber,
        ])
        .unwrap();
        let mut out = Vec::new();
        d.detect(text, &mut out);
        out.iter()
            .map(|d| (&text[d.start..d.end], d.kind))
            .collect()
    }

    #[test]
    fn ages_of_people() {
        use EntityKind::Age;
        assert_eq!(
            find("My mum is 79 years old and was left waiting"),
            [("79 years old", Age)]
        );
        assert_eq!(find("customer aged 84 called"), [("aged 84", Age)]);
        assert_eq!(find("a 67-year-old man"), [("67-year-old", Age)]);
        assert_eq!(find("I'm 34 yrs old"), [("34 yrs old", Age)]);
        assert!(find("the boiler is 20 years old.").is_empty());
        assert!(find("cheddar aged 18 months").is_empty());
        assert!(find("We were 2 years old as a company. It works").is_empty());
    }

    #[test]
    fn identifiers_after_their_cue() {
        use EntityKind::*;
        assert_eq!(
            find("driving licence MORGA753116SM9IJ attached"),
            [("MORGA753116SM9IJ", DriverLicence)]
        );
        assert_eq!(
            find("Driver's License No. D123-4567-8901."),
            [("D123-4567-8901", DriverLicence)]
        );
        assert_eq!(
            find("passport number: C01X00T47"),
            [("C01X00T47", Passport)]
        );
        assert_eq!(
            find("Passport number given as XI3026555 for the booking"),
            [("XI3026555", Passport)]
        );
        assert_eq!(
            find("ID check - passport CRJKG7VN2, DOB"),
            [("CRJKG7VN2", Passport)]
        );
        assert_eq!(
            find("refused my driving licence (HM481725) saying"),
            [("HM481725", DriverLicence)]
        );
        assert_eq!(
            find("customer number 8821 3407 please"),
            [("8821 3407", AccountNumber)]
        );
        assert_eq!(
            find("my account 12345678 was charged"),
            [("12345678", AccountNumber)]
        );
        for near in [
            "the licence fee 2024 went up",
            "account settings were lost",
            "order number 88213407",
            "passport photo booth 3",
        ] {
            assert!(find(near).is_empty(), "{near}");
        }
    }
}
