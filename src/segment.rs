//! Segmentation: split each comment into the units that get embedded and themed, keeping byte
//! ranges into the comment's text so every quote and coded span maps back to its source.

use crate::defaults::default_true;
use crate::record::Record;
use serde::{Deserialize, Serialize};
use unicode_segmentation::UnicodeSegmentation;

/// What one coded unit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Unit {
    /// Each sentence is embedded and themed; a comment carries every theme its sentences got.
    #[default]
    Sentence,
    /// Each comment is embedded and themed whole.
    Comment,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SegmentConfig {
    #[serde(default)]
    pub unit: Unit,
    /// Sentences shorter than this many characters (after trimming) are merged into the
    /// previous sentence of the same comment, so "Thanks!" does not become its own theme.
    #[serde(default = "default_min_chars")]
    pub min_chars: usize,
    /// Also split sentences before "but", "however", "although", "though", "whereas", so
    /// each side of a mixed sentence gets its own theme and sentiment.
    #[serde(default = "default_true")]
    pub split_contrast: bool,
}

fn default_min_chars() -> usize {
    12
}

impl Default for SegmentConfig {
    fn default() -> Self {
        SegmentConfig {
            unit: Unit::default(),
            min_chars: default_min_chars(),
            split_contrast: true,
        }
    }
}

/// One unit of analysis: a byte range of one record's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Segment {
    /// Index into the dataset's records.
    pub record: usize,
    /// Byte range into that record's text (always on char boundaries, trimmed).
    pub start: usize,
    pub end: usize,
}

impl Segment {
    pub fn text<'a>(&self, records: &'a [Record]) -> &'a str {
        &records[self.record].text[self.start..self.end]
    }
}

/// Why a record is not analysed. Skipped records still appear in every per-row output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SkipReason {
    /// Empty or whitespace-only text.
    Empty,
    /// No letters or digits at all ("-", "...", "??").
    NoText,
    /// A conventional non-answer such as "n/a" or "nothing".
    NonAnswer,
    /// Kept for context only: a moderator's turn, or text before a transcript's first turn.
    Context,
    /// A social post flagged by a validity check (with `social.exclude_flagged`).
    Invalid(crate::validity::Check),
    /// A post by the organisation itself (`social.org_handles`): a reply, not feedback.
    Organisation,
}

impl SkipReason {
    pub fn as_str(self) -> &'static str {
        match self {
            SkipReason::Empty => "empty",
            SkipReason::NoText => "no_text",
            SkipReason::NonAnswer => "non_answer",
            SkipReason::Context => "context",
            SkipReason::Invalid(check) => check.as_str(),
            SkipReason::Organisation => "organisation",
        }
    }
}

/// Answers that survey respondents type to get past a mandatory box.
const NON_ANSWERS: &[&str] = &[
    "n/a",
    "na",
    "n.a.",
    "none",
    "nothing",
    "no",
    "nope",
    "nil",
    "no comment",
    "no comments",
    "nothing to add",
    "nothing else",
    "not applicable",
    "no idea",
    "dont know",
    "don't know",
];

/// Decides whether a record is analysed at all.
pub fn skip_reason(text: &str) -> Option<SkipReason> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Some(SkipReason::Empty);
    }
    if !trimmed.chars().any(char::is_alphanumeric) {
        return Some(SkipReason::NoText);
    }
    let lowered = trimmed
        .trim_end_matches(['.', '!', '?'])
        .trim()
        .to_lowercase();
    if NON_ANSWERS.contains(&lowered.as_str()) {
        return Some(SkipReason::NonAnswer);
    }
    None
}

/// Splits one record's text into segments (the record is assumed not skipped).
pub fn split(record: usize, text: &str, config: &SegmentConfig) -> Vec<Segment> {
    let whole = trimmed_range(text, 0, text.len());
    let Some((start, end)) = whole else {
        return Vec::new();
    };
    if config.unit == Unit::Comment {
        return vec![Segment { record, start, end }];
    }
    let mut out: Vec<Segment> = Vec::new();
    let mut pending_short: Option<(usize, usize)> = None;
    let pieces = text
        .split_sentence_bound_indices()
        .filter_map(|(offset, sentence)| trimmed_range(text, offset, offset + sentence.len()))
        .flat_map(|(s, e)| {
            if config.split_contrast {
                clauses(text, s, e, config.min_chars)
            } else {
                vec![(s, e)]
            }
        })
        .collect::<Vec<_>>();
    for (s, e) in pieces {
        // A sentence without letters ("!!", "😡") belongs to its neighbour, never alone.
        let short = text[s..e].chars().count() < config.min_chars
            || !text[s..e].chars().any(char::is_alphanumeric);
        if let Some((ps, _)) = pending_short.take() {
            out.push(Segment {
                record,
                start: ps,
                end: e,
            });
            continue;
        }
        if short {
            match out.last_mut() {
                Some(last) => last.end = e,
                None => pending_short = Some((s, e)),
            }
        } else {
            out.push(Segment {
                record,
                start: s,
                end: e,
            });
        }
    }
    if let Some((s, e)) = pending_short {
        out.push(Segment {
            record,
            start: s,
            end: e,
        });
    }
    out
}

/// Words that turn a sentence: "the staff were lovely but I waited an hour" holds two
/// opinions, each with its own theme and sentiment.
const CONTRAST: &[&str] = &["but", "however", "although", "though", "whereas"];

/// Splits a trimmed sentence before each contrastive conjunction, when both sides keep at
/// least `min_chars` characters and the left side at least three words.
fn clauses(text: &str, start: usize, end: usize, min_chars: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut from = start;
    for (offset, word) in text[start..end].unicode_word_indices() {
        let at = start + offset;
        if at == from || !CONTRAST.iter().any(|c| word.eq_ignore_ascii_case(c)) {
            continue;
        }
        let left = trimmed_range(text, from, at);
        let right = trimmed_range(text, at, end);
        let (Some((ls, le)), Some((rs, re))) = (left, right) else {
            continue;
        };
        let left_text = text[ls..le].trim_end_matches([',', ';', ' ']);
        if left_text.chars().count() >= min_chars
            && left_text.unicode_words().count() >= 3
            && text[rs..re].chars().count() >= min_chars
        {
            out.push((ls, ls + left_text.len()));
            from = at;
        }
    }
    if let Some(rest) = trimmed_range(text, from, end) {
        out.push(rest);
    }
    out
}

/// The byte range of `text[start..end]` without surrounding whitespace, or None if blank.
fn trimmed_range(text: &str, start: usize, end: usize) -> Option<(usize, usize)> {
    let slice = &text[start..end];
    let lead = slice.len() - slice.trim_start().len();
    let trimmed = slice.trim();
    if trimmed.is_empty() {
        None
    } else {
        Some((start + lead, start + lead + trimmed.len()))
    }
}

/// Converts a byte offset in `text` to a count of Unicode scalar values (code points), the
/// unit QDA tools and most languages other than Rust use for offsets.
pub fn char_offset(text: &str, byte: usize) -> usize {
    text[..byte].chars().count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str, config: &SegmentConfig) -> Vec<String> {
        split(0, text, config)
            .iter()
            .map(|s| text[s.start..s.end].to_owned())
            .collect()
    }

    #[test]
    fn splits_sentences_and_keeps_offsets() {
        let text = "  The driver was lovely. But the eggs were smashed again!  ";
        let segs = split(3, text, &SegmentConfig::default());
        assert_eq!(segs.len(), 2);
        assert_eq!(segs[0].record, 3);
        assert_eq!(&text[segs[0].start..segs[0].end], "The driver was lovely.");
        assert_eq!(
            &text[segs[1].start..segs[1].end],
            "But the eggs were smashed again!"
        );
    }

    #[test]
    fn short_sentences_merge_into_neighbours() {
        let config = SegmentConfig::default();
        assert_eq!(
            texts(
                "Thanks! The app crashes every time I log in. Fix it!",
                &config
            ),
            vec!["Thanks! The app crashes every time I log in. Fix it!"]
        );
        assert_eq!(texts("Great service", &config), vec!["Great service"]);
        assert_eq!(
            texts("Delivery was late again. 😡😡", &config),
            vec!["Delivery was late again. 😡😡"]
        );
    }

    #[test]
    fn contrast_words_split_mixed_sentences() {
        let config = SegmentConfig::default();
        assert_eq!(
            texts(
                "The staff were lovely but I waited an hour for my slot.",
                &config
            ),
            vec!["The staff were lovely", "but I waited an hour for my slot."]
        );
        assert_eq!(
            texts(
                "Driver was polite, however the eggs were smashed again.",
                &config
            ),
            vec!["Driver was polite", "however the eggs were smashed again."]
        );
        // Too short on either side: kept whole.
        assert_eq!(
            texts("Fine but late again.", &config),
            vec!["Fine but late again."]
        );
        let off = SegmentConfig {
            split_contrast: false,
            ..SegmentConfig::default()
        };
        assert_eq!(
            texts("The staff were lovely but I waited an hour.", &off).len(),
            1
        );
    }

    #[test]
    fn newlines_end_sentences() {
        let text = "Slots are always full at weekends\nand the app logs me out constantly";
        assert_eq!(texts(text, &SegmentConfig::default()).len(), 2);
    }

    #[test]
    fn comment_unit_keeps_whole_trimmed_comment() {
        let config = SegmentConfig {
            unit: Unit::Comment,
            ..SegmentConfig::default()
        };
        assert_eq!(
            texts(" One. Two three four five. ", &config),
            vec!["One. Two three four five."]
        );
    }

    #[test]
    fn skip_reasons() {
        assert_eq!(skip_reason("   \t "), Some(SkipReason::Empty));
        assert_eq!(skip_reason("-"), Some(SkipReason::NoText));
        assert_eq!(skip_reason("N/A"), Some(SkipReason::NonAnswer));
        assert_eq!(skip_reason("Nothing."), Some(SkipReason::NonAnswer));
        assert_eq!(skip_reason("nothing works"), None);
    }

    #[test]
    fn char_offsets_count_code_points() {
        let text = "café 😀 late";
        let byte = text.find("late").unwrap();
        assert_eq!(char_offset(text, byte), 7);
    }
}
