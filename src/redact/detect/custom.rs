//! User-defined patterns from the config (`redact.patterns`): a regex, an optional named
//! validator ("luhn", "iban", "nhs", "none") and a score. Pattern `i` reports
//! `EntityKind::Custom(first_custom_index + i)`.
//!
//! Every pattern finds its own matches (one pattern never hides another); a single
//! multi-pattern pass first tells which patterns match a text at all.

use regex_automata::{
    meta::{self, Regex},
    Input, MatchKind, PatternSet,
};
use serde::{Deserialize, Serialize};

use super::patterns::{card, iban, nhs};
use super::Detector;
use crate::redact::entity::{Detection, EntityKind};

/// One user pattern, as written in the config.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CustomPattern {
    pub name: String,
    pub regex: String,
    /// "luhn", "iban", "nhs" or "none" (the default).
    #[serde(default)]
    pub validator: Option<String>,
    #[serde(default = "default_score")]
    pub score: f32,
}

fn default_score() -> f32 {
    0.8
}

/// A named check applied to the matched text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Validator {
    None,
    /// 12–19 digits (spaces and dashes ignored) passing the Luhn check.
    Luhn,
    /// A full IBAN check (spaces ignored).
    Iban,
    /// 10 digits (spaces and dashes ignored) passing the NHS mod-11 check.
    Nhs,
}

impl Validator {
    /// Parses a validator name; `None` means "none".
    pub fn from_name(name: Option<&str>) -> Option<Validator> {
        match name.map(|n| n.trim().to_ascii_lowercase()).as_deref() {
            None | Some("") | Some("none") => Some(Validator::None),
            Some("luhn") => Some(Validator::Luhn),
            Some("iban") => Some(Validator::Iban),
            Some("nhs") => Some(Validator::Nhs),
            Some(_) => None,
        }
    }

    pub fn check(self, matched: &str) -> bool {
        let ignorable = |c: char| c == ' ' || c == '-';
        match self {
            Validator::None => true,
            Validator::Luhn => {
                let d: Vec<u8> = matched
                    .bytes()
                    .filter(|b| !ignorable(char::from(*b)))
                    .collect();
                (12..=19).contains(&d.len()) && card::luhn(&d)
            }
            Validator::Iban => {
                let c: String = matched.chars().filter(|c| *c != ' ').collect();
                iban::is_valid(&c)
            }
            Validator::Nhs => {
                let d: Vec<u8> = matched
                    .bytes()
                    .filter(|b| !ignorable(char::from(*b)))
                    .collect();
                nhs::mod11_ok(&d)
            }
        }
    }
}

struct Compiled {
    regex: Regex,
    validator: Validator,
    score: f32,
    kind: EntityKind,
}

/// Detector over the user's patterns.
pub struct CustomDetector {
    /// All patterns at once (MatchKind::All), to learn which patterns match a text.
    any: Option<Regex>,
    patterns: Vec<Compiled>,
}

impl CustomDetector {
    /// Compiles `patterns`; pattern `i` reports `Custom(first_custom_index + i)`.
    ///
    /// Errors name the pattern: a bad regex, an unknown validator, a score outside [0, 1], or
    /// a regex that can match the empty string.
    pub fn new(
        patterns: &[CustomPattern],
        first_custom_index: usize,
    ) -> Result<CustomDetector, String> {
        let mut compiled = Vec::with_capacity(patterns.len());
        for (i, p) in patterns.iter().enumerate() {
            let what = format!("redact pattern {:?} (#{})", p.name, first_custom_index + i);
            let regex = Regex::new(&p.regex)
                .map_err(|e| format!("{what}: invalid regex {:?}: {e}", p.regex))?;
            if regex.is_match("") {
                return Err(format!(
                    "{what}: regex {:?} matches the empty string",
                    p.regex
                ));
            }
            let validator = Validator::from_name(p.validator.as_deref()).ok_or_else(|| {
                format!(
                    "{what}: unknown validator {:?} (expected \"luhn\", \"iban\", \"nhs\" or \"none\")",
                    p.validator.as_deref().unwrap_or("")
                )
            })?;
            if !(0.0..=1.0).contains(&p.score) {
                return Err(format!("{what}: score {} is outside [0, 1]", p.score));
            }
            compiled.push(Compiled {
                regex,
                validator,
                score: p.score,
                kind: EntityKind::Custom(first_custom_index + i),
            });
        }
        let any = if compiled.len() > 1 {
            let sources: Vec<&str> = patterns.iter().map(|p| p.regex.as_str()).collect();
            let re = meta::Builder::new()
                .configure(meta::Config::new().match_kind(MatchKind::All))
                .build_many(&sources)
                .map_err(|e| format!("redact patterns: {e}"))?;
            Some(re)
        } else {
            None
        };
        Ok(CustomDetector {
            any,
            patterns: compiled,
        })
    }

    pub fn is_empty(&self) -> bool {
        self.patterns.is_empty()
    }

    fn detect_with(&self, p: &Compiled, text: &str, out: &mut Vec<Detection>) {
        for m in p.regex.find_iter(text) {
            if m.is_empty() || !p.validator.check(&text[m.range()]) {
                continue;
            }
            out.push(Detection {
                start: m.start(),
                end: m.end(),
                kind: p.kind,
                score: p.score,
            });
        }
    }
}

impl Detector for CustomDetector {
    fn name(&self) -> &'static str {
        "custom"
    }

    fn detect(&self, text: &str, out: &mut Vec<Detection>) {
        match &self.any {
            None => {
                for p in &self.patterns {
                    self.detect_with(p, text, out);
                }
            }
            Some(any) => {
                let mut set = PatternSet::new(any.pattern_len());
                any.which_overlapping_matches(&Input::new(text), &mut set);
                for pid in set.iter() {
                    self.detect_with(&self.patterns[pid.as_usize()], text, out);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pat(name: &str, regex: &str, validator: Option<&str>, score: f32) -> CustomPattern {
        CustomPattern {
            name: name.into(),
            regex: regex.into(),
            validator: validator.map(Into::into),
            score,
        }
    }

    fn run(det: &CustomDetector, text: &str) -> Vec<(String, EntityKind, f32)> {
        let mut out = Vec::new();
        det.detect(text, &mut out);
        out.sort_by_key(|d| d.start);
        out.iter()
            .map(|d| (text[d.start..d.end].to_string(), d.kind, d.score))
            .collect()
    }

    #[test]
    fn custom_patterns_with_validators() {
        let det = CustomDetector::new(
            &[
                pat("employee_id", r"\bEMP-[0-9]{6}\b", None, 0.9),
                pat("card", r"\b[0-9]{4}(?: [0-9]{4}){3}\b", Some("luhn"), 0.99),
                pat("nhs", r"\b[0-9]{3} [0-9]{3} [0-9]{4}\b", Some("nhs"), 0.9),
                pat(
                    "iban",
                    r"\bGB[0-9]{2}(?: ?[A-Z0-9]{4}){4} ?[0-9]{2}\b",
                    Some("iban"),
                    0.95,
                ),
            ],
            3,
        )
        .unwrap();
        let got = run(
            &det,
            "EMP-123456 paid with 4539 1488 0343 6467 not 4539 1488 0343 6468, \
             NHS 943 476 5919 / 943 476 5918, GB82 WEST 1234 5698 7654 32",
        );
        assert_eq!(
            got,
            vec![
                ("EMP-123456".to_string(), EntityKind::Custom(3), 0.9),
                (
                    "4539 1488 0343 6467".to_string(),
                    EntityKind::Custom(4),
                    0.99
                ),
                ("943 476 5919".to_string(), EntityKind::Custom(5), 0.9),
                (
                    "GB82 WEST 1234 5698 7654 32".to_string(),
                    EntityKind::Custom(6),
                    0.95
                ),
            ]
        );
        assert!(run(&det, "nothing here").is_empty());
    }

    #[test]
    fn overlapping_patterns_each_report() {
        let det = CustomDetector::new(&[pat("a", "ab+", None, 0.5), pat("b", "b+c", None, 0.6)], 0)
            .unwrap();
        let got = run(&det, "xabbbc");
        assert_eq!(got.len(), 2);
        let single = CustomDetector::new(&[pat("a", "ab+", None, 0.5)], 7).unwrap();
        assert_eq!(
            run(&single, "ab"),
            vec![("ab".to_string(), EntityKind::Custom(7), 0.5)]
        );
    }

    #[test]
    fn custom_errors_name_the_pattern() {
        let Err(e) = CustomDetector::new(
            &[pat("ok", "a", None, 0.5), pat("broken", "(", None, 0.5)],
            0,
        ) else {
            panic!("bad regex accepted")
        };
        assert!(
            e.contains("\"broken\"") && e.contains("invalid regex"),
            "{e}"
        );
        let Err(e) = CustomDetector::new(&[pat("v", "a", Some("mod7"), 0.5)], 0) else {
            panic!("bad validator accepted")
        };
        assert!(
            e.contains("\"v\"") && e.contains("unknown validator \"mod7\""),
            "{e}"
        );
        assert!(CustomDetector::new(&[pat("s", "a", None, 1.5)], 0).is_err());
        assert!(CustomDetector::new(&[pat("e", "a*", None, 0.5)], 0).is_err());
        assert!(CustomDetector::new(&[], 0).unwrap().is_empty());
    }

    #[test]
    fn validator_names() {
        assert_eq!(Validator::from_name(None), Some(Validator::None));
        assert_eq!(Validator::from_name(Some("LUHN")), Some(Validator::Luhn));
        assert_eq!(Validator::from_name(Some("iban")), Some(Validator::Iban));
        assert_eq!(Validator::from_name(Some("nhs")), Some(Validator::Nhs));
        assert_eq!(Validator::from_name(Some("x")), None);
    }
}
