//! Redaction of personal data: the first stage after ingest. Everything downstream (embeddings,
//! themes, quotes, outputs, logs) sees only redacted text.
//!
//! Each detector finds one family of personal data; the [`Redactor`] runs them all, drops
//! allow-listed and low-scoring detections, resolves overlaps (longest span wins, then the
//! higher score) and applies the operator configured for each kind, keeping every change's
//! offsets in both texts.

pub mod config;
pub mod detect;
pub mod entity;
pub mod file;
pub mod operator;

use crate::error::{Error, Result};
use crate::redact::config::RedactConfig;
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
pub use detect::Detector;
pub use entity::{Detection, EntityKind};
use operator::{Operator, Pseudonyms};
use std::collections::{BTreeMap, HashMap};
use std::ops::Range;

/// One replaced span: where it was in the original text and where its replacement is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub original: Range<usize>,
    pub redacted: Range<usize>,
    pub kind: EntityKind,
}

/// A redacted text with the changes that made it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redacted {
    pub text: String,
    pub changes: Vec<Change>,
}

pub struct Redactor {
    detectors: Vec<Box<dyn Detector>>,
    enabled: Vec<EntityKind>,
    operators: HashMap<EntityKind, Operator>,
    default_operator: Operator,
    allow: Option<AhoCorasick>,
    min_score: f32,
    /// Custom pattern names, indexed by `EntityKind::Custom(i)`.
    custom_names: Vec<String>,
    pseudonyms: Pseudonyms,
}

impl Redactor {
    /// Builds every enabled detector; errors name a bad key or pattern.
    pub fn new(config: &RedactConfig) -> Result<Redactor> {
        Error::check_config(config.validate())?;
        let custom_names: Vec<String> = config.patterns.iter().map(|p| p.name.clone()).collect();
        let kind_of = |name: &str| {
            EntityKind::from_name(name).or_else(|| {
                custom_names
                    .iter()
                    .position(|n| n == name)
                    .map(EntityKind::Custom)
            })
        };
        let mut enabled: Vec<EntityKind> = match &config.entities {
            Some(names) => names.iter().filter_map(|n| kind_of(n)).collect(),
            None => entity::BUILTIN
                .iter()
                .map(|(k, _)| *k)
                .chain((0..custom_names.len()).map(EntityKind::Custom))
                .collect(),
        };
        enabled.push(EntityKind::Denied);
        let mut operators = HashMap::new();
        for (name, spec) in &config.operators {
            let kind = if name == "deny" {
                Some(EntityKind::Denied)
            } else {
                kind_of(name)
            };
            if let Some(kind) = kind {
                operators.insert(kind, spec.operator());
            }
        }
        let allow: Vec<&str> = config
            .allow
            .iter()
            .map(|a| a.trim())
            .filter(|a| !a.is_empty())
            .collect();
        let allow = (!allow.is_empty()).then(|| {
            AhoCorasickBuilder::new()
                .ascii_case_insensitive(true)
                .match_kind(MatchKind::LeftmostLongest)
                .build(&allow)
                .expect("literal phrases always build")
        });
        Ok(Redactor {
            detectors: detect::build(config, &enabled)?,
            enabled,
            operators,
            default_operator: config.default_operator.operator(),
            allow,
            min_score: config.min_score,
            custom_names,
            pseudonyms: Pseudonyms::new(),
        })
    }

    /// Also finds these names as persons wherever they stand as whole words (the names
    /// transcripts give their speakers, which a participant may use for another), even when
    /// the person detector is off.
    pub fn add_names(&mut self, names: &[String]) {
        if let Some(detector) = detect::deny::DenyDetector::with_kind(names, EntityKind::Person) {
            self.detectors.push(Box::new(detector));
            if !self.enabled.contains(&EntityKind::Person) {
                self.enabled.push(EntityKind::Person);
            }
        }
    }

    /// The config name of a kind (`email`, `order_number`, `deny`).
    pub fn kind_name(&self, kind: EntityKind) -> String {
        match kind {
            EntityKind::Custom(i) => self.custom_names[i].clone(),
            EntityKind::Denied => "deny".to_owned(),
            other => other.builtin_name().unwrap_or("unknown").to_owned(),
        }
    }

    /// Final, non-overlapping detections in text order.
    pub fn detect(&self, text: &str) -> Vec<Detection> {
        let mut found = Vec::new();
        for detector in &self.detectors {
            detector.detect(text, &mut found);
        }
        let protected: Vec<Range<usize>> = self
            .allow
            .as_ref()
            .map(|ac| {
                ac.find_iter(text)
                    .filter(|m| detect::deny::whole_word(text, m.start(), m.end()))
                    .map(|m| m.range())
                    .collect()
            })
            .unwrap_or_default();
        found.retain(|d| {
            d.score >= self.min_score
                && d.start < d.end
                && self.enabled.contains(&d.kind)
                && !protected
                    .iter()
                    .any(|p| p.start <= d.start && d.end <= p.end)
        });
        resolve_overlaps(found)
    }

    /// Redacts a text.
    pub fn redact(&mut self, text: &str) -> Redacted {
        let detections = self.detect(text);
        self.apply(text, detections)
    }

    /// [`Redactor::detect`] on many texts, split over `threads` threads; in the texts' order.
    /// Detection needs no state, so a large input is searched in parallel and only the
    /// replacing ([`Redactor::apply`], which numbers pseudonyms in order) stays sequential.
    pub fn detect_all(&self, texts: &[&str], threads: usize) -> Vec<Vec<Detection>> {
        let per_thread = texts.len().div_ceil(threads.max(1)).max(1);
        std::thread::scope(|scope| {
            let workers: Vec<_> = texts
                .chunks(per_thread)
                .map(|part| scope.spawn(move || part.iter().map(|t| self.detect(t)).collect()))
                .collect();
            workers
                .into_iter()
                .flat_map(|w| -> Vec<Vec<Detection>> { w.join().expect("detection panicked") })
                .collect()
        })
    }

    /// Replaces `detections` (from [`Redactor::detect`] on `text`) by each kind's operator.
    pub fn apply(&mut self, text: &str, detections: Vec<Detection>) -> Redacted {
        let mut out = String::with_capacity(text.len());
        let mut changes = Vec::with_capacity(detections.len());
        let mut last = 0;
        for d in detections {
            out.push_str(&text[last..d.start]);
            let value = &text[d.start..d.end];
            let operator = self
                .operators
                .get(&d.kind)
                .unwrap_or(&self.default_operator)
                .clone();
            let tag = self.kind_name(d.kind).to_uppercase();
            let replacement = match operator {
                Operator::Replace => format!("[{tag}]"),
                Operator::Pseudonym => format!("[{tag}_{}]", self.pseudonyms.number(d.kind, value)),
                Operator::Mask { keep } => operator::mask(value, keep),
                Operator::Remove => String::new(),
            };
            let start = out.len();
            out.push_str(&replacement);
            changes.push(Change {
                original: d.start..d.end,
                redacted: start..out.len(),
                kind: d.kind,
            });
            last = d.end;
        }
        out.push_str(&text[last..]);
        Redacted { text: out, changes }
    }

    /// Counts of changes by kind name, for logs and run.json.
    pub fn tally(&self, changes: &[Change]) -> BTreeMap<String, usize> {
        let mut counts = BTreeMap::new();
        for c in changes {
            *counts.entry(self.kind_name(c.kind)).or_default() += 1;
        }
        counts
    }
}

/// Keeps the longest detection where detections overlap (then the higher score, then the
/// earlier one), and returns the kept ones in text order.
fn resolve_overlaps(mut found: Vec<Detection>) -> Vec<Detection> {
    found.sort_by(|a, b| {
        (b.end - b.start)
            .cmp(&(a.end - a.start))
            .then(b.score.total_cmp(&a.score))
            .then(a.start.cmp(&b.start))
            .then(a.kind.cmp(&b.kind))
    });
    let mut kept: Vec<Detection> = Vec::with_capacity(found.len());
    for d in found {
        if kept.iter().all(|k| d.end <= k.start || k.end <= d.start) {
            kept.push(d);
        }
    }
    kept.sort_by_key(|d| d.start);
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    fn det(start: usize, end: usize, kind: EntityKind, score: f32) -> Detection {
        Detection {
            start,
            end,
            kind,
            score,
        }
    }

    #[test]
    fn longest_then_highest_score_wins() {
        let kept = resolve_overlaps(vec![
            det(0, 5, EntityKind::Person, 0.8),
            det(0, 12, EntityKind::StreetAddress, 0.7),
            det(20, 25, EntityKind::Phone, 0.6),
            det(20, 25, EntityKind::UsSsn, 0.9),
        ]);
        assert_eq!(
            kept,
            vec![
                det(0, 12, EntityKind::StreetAddress, 0.7),
                det(20, 25, EntityKind::UsSsn, 0.9)
            ]
        );
    }

    /// Searching in parallel finds what one pass finds, in the texts' order, whatever the
    /// number of threads.
    #[test]
    fn detect_all_matches_one_pass() {
        let r = Redactor::new(&RedactConfig::default()).unwrap();
        let texts: Vec<String> = (0..23)
            .map(|i| match i % 3 {
                0 => format!("mail me{i}@example.com please"),
                1 => format!("call 07700 900{i:03} today"),
                _ => "nothing here".to_owned(),
            })
            .collect();
        let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
        let one: Vec<Vec<Detection>> = texts.iter().map(|t| r.detect(t)).collect();
        assert_eq!(one.iter().filter(|d| !d.is_empty()).count(), 16);
        for threads in [0, 1, 2, 3, 64] {
            assert_eq!(r.detect_all(&texts, threads), one, "{threads} threads");
        }
        assert!(r.detect_all(&[], 2).is_empty());
    }

    #[test]
    fn operators_and_offsets() {
        let config: RedactConfig = toml::from_str(
            r#"
            deny = ["Kev Smith", "Falcon"]
            allow = ["Falcon Foods"]
            operators = { deny = "pseudonym" }
            "#,
        )
        .unwrap();
        let mut r = Redactor::new(&config).unwrap();
        let text = "Kev Smith at Falcon Foods said kev smith would call. Falcon!";
        let red = r.redact(text);
        assert_eq!(
            red.text,
            "[DENY_1] at Falcon Foods said [DENY_1] would call. [DENY_2]!"
        );
        for c in &red.changes {
            assert!(!red.text[c.redacted.clone()].contains("Kev"));
            assert!(text[c.original.clone()].len() >= 6);
        }
        assert_eq!(r.tally(&red.changes).get("deny"), Some(&3));
    }
}
