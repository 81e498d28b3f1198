//! Phrases redacted wherever they stand as whole words: the configured deny list, and the
//! names transcripts give their speakers (found as persons).

use super::Detector;
use crate::redact::entity::{Detection, EntityKind};
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

pub struct DenyDetector {
    matcher: AhoCorasick,
    kind: EntityKind,
}

impl DenyDetector {
    /// The deny list; `None` when it is empty.
    pub fn new(phrases: &[String]) -> Option<DenyDetector> {
        DenyDetector::with_kind(phrases, EntityKind::Denied)
    }

    /// Phrases found as `kind`; `None` when there are none.
    pub fn with_kind(phrases: &[String], kind: EntityKind) -> Option<DenyDetector> {
        let phrases: Vec<&str> = phrases
            .iter()
            .map(|p| p.trim())
            .filter(|p| !p.is_empty())
            .collect();
        if phrases.is_empty() {
            return None;
        }
        let matcher = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .build(&phrases)
            .expect("literal phrases always build");
        Some(DenyDetector { matcher, kind })
    }
}

/// Whether `text[start..end]` is not glued to letters or digits on either side.
pub fn whole_word(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}

impl Detector for DenyDetector {
    fn name(&self) -> &'static str {
        "deny_list"
    }

    fn detect(&self, text: &str, out: &mut Vec<Detection>) {
        for m in self.matcher.find_iter(text) {
            if whole_word(text, m.start(), m.end()) {
                out.push(Detection {
                    start: m.start(),
                    end: m.end(),
                    kind: self.kind,
                    score: 1.0,
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_whole_words_case_insensitively() {
        let d = DenyDetector::new(&["Project Falcon".into(), "Kev".into()]).unwrap();
        let text = "project falcon rollout; Kevin and kev agreed";
        let mut out = Vec::new();
        d.detect(text, &mut out);
        let found: Vec<&str> = out.iter().map(|d| &text[d.start..d.end]).collect();
        assert_eq!(found, vec!["project falcon", "kev"]);
    }
}
