//! The `[social]` section: who wrote posts and when, and the checks that a post is genuine
//! customer feedback (see [`crate::validity`]).

use crate::defaults::default_true;
use serde::{Deserialize, Serialize};

/// Social-media posts: who wrote them and when, and the checks that a post is genuine customer
/// feedback (see [`crate::validity`]).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SocialConfig {
    /// Metadata column with the author's id or handle; authors are pseudonymised (`U0001`…,
    /// in order of first post) before anything else happens. Without it, a campaign is any
    /// group of copies, author bursts are not looked for, and there are no threads.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author_column: Option<String>,
    /// Metadata column with the post time (`2026-03-02T14:05`, optionally with seconds and a
    /// `Z` or `±hh:mm` offset); needed for burst detection.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timestamp_column: Option<String>,
    /// Metadata column with the id of the post a post replies to; posts are collated into
    /// conversations (`threads.csv`) through it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent_column: Option<String>,
    /// The organisation's own accounts (`@FreshBasketHelp`, case-insensitive): their posts are
    /// replies to customers, never coded as feedback, and shown as author `ORG`.
    #[serde(default)]
    pub org_handles: Vec<String>,
    /// ISO 639-3 codes of the languages to analyse (`eng`, `cym`, `fra`…); posts confidently
    /// in another language are flagged `other_language`. Empty: any language.
    #[serde(default = "default_languages")]
    pub languages: Vec<String>,
    /// Confidence (whatlang's, 0–1) a post's language needs before it is flagged.
    #[serde(default = "default_language_confidence")]
    pub language_confidence: f64,
    /// What the organisation and its service are, in a sentence or a list of keywords: posts
    /// close to it are on topic even when they fit no theme.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub topic: Option<String>,
    /// Cosine a post needs to its nearest theme or to `topic` not to be `off_topic`; 0 turns
    /// the check off.
    #[serde(default = "default_off_topic_similarity")]
    pub off_topic_similarity: f32,
    /// Leave flagged posts out of coding and counts (they stay in `coded.csv` with their flag).
    #[serde(default = "default_true")]
    pub exclude_flagged: bool,
    #[serde(default)]
    pub duplicates: DuplicateConfig,
    #[serde(default)]
    pub bursts: BurstConfig,
}

fn default_off_topic_similarity() -> f32 {
    0.4
}

fn default_language_confidence() -> f64 {
    0.5
}

fn default_languages() -> Vec<String> {
    vec!["eng".to_owned()]
}

/// When near-identical posts by several authors are a campaign.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DuplicateConfig {
    /// Jaccard similarity of word 3-grams at which two posts are copies, in (0, 1].
    #[serde(default = "default_duplicate_threshold")]
    pub threshold: f64,
    /// Posts with fewer words are never campaign copies ("great service" is common speech).
    #[serde(default = "default_duplicate_words")]
    pub min_words: usize,
    /// Copies (the canonical post included) that make a campaign, from two authors or more.
    #[serde(default = "default_duplicate_posts")]
    pub min_posts: usize,
}

fn default_duplicate_threshold() -> f64 {
    0.8
}

fn default_duplicate_words() -> usize {
    6
}

fn default_duplicate_posts() -> usize {
    3
}

impl Default for DuplicateConfig {
    fn default() -> Self {
        DuplicateConfig {
            threshold: default_duplicate_threshold(),
            min_words: default_duplicate_words(),
            min_posts: default_duplicate_posts(),
        }
    }
}

/// When many posts in a short time are bot-like.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BurstConfig {
    /// Posts (from one author, or of one text) that make a burst.
    #[serde(default = "default_burst_posts")]
    pub posts: usize,
    /// Window, in minutes, from a burst's first post to its last.
    #[serde(default = "default_burst_minutes")]
    pub minutes: i64,
}

fn default_burst_posts() -> usize {
    5
}

fn default_burst_minutes() -> i64 {
    10
}

impl Default for BurstConfig {
    fn default() -> Self {
        BurstConfig {
            posts: default_burst_posts(),
            minutes: default_burst_minutes(),
        }
    }
}

impl SocialConfig {
    /// Problems with the social settings (`social.key: why`); whether the columns are carried
    /// is checked with every other column reference.
    pub fn validate(&self) -> Vec<String> {
        let mut problems = Vec::new();
        let mut bad = |key: &str, why: &str| problems.push(format!("social.{key}: {why}"));
        if self.author_column.is_none()
            && (self.parent_column.is_some() || !self.org_handles.is_empty())
        {
            bad(
                "author_column",
                "is needed for threads (parent_column) and org_handles",
            );
        }
        for code in self.languages.iter().filter(|c| !super::language::known(c)) {
            bad(
                "languages",
                &format!("'{code}' is not an ISO 639-3 language code (e.g. \"eng\", \"fra\")"),
            );
        }
        if !(0.0..1.0).contains(&self.off_topic_similarity) {
            bad("off_topic_similarity", "must be in [0, 1)");
        }
        if !(0.0..=1.0).contains(&self.language_confidence) {
            bad("language_confidence", "must be in [0, 1]");
        }
        let d = &self.duplicates;
        if !(d.threshold > 0.0 && d.threshold <= 1.0) {
            bad("duplicates.threshold", "must be in (0, 1]");
        }
        if d.min_posts < 2 {
            bad("duplicates.min_posts", "must be at least 2");
        }
        if self.bursts.posts < 2 || self.bursts.minutes < 1 {
            bad("bursts", "posts must be at least 2 and minutes at least 1");
        }
        problems
    }
}
