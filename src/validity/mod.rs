//! Validity checks for social-media feedback: is a post genuine, relevant customer opinion?
//! A copy-pasted campaign, a bot burst or an empty link post is not one more customer.
//!
//! Each check is one file and flags posts with a reason; [`check`] runs them in a fixed order
//! and keeps the first flag a post gets. Flags never drop a post: `coded.csv` shows every post
//! with its `validity`, and flagged posts are left out of the analysis unless
//! `social.exclude_flagged = false`.

mod bursts;
pub mod config;
mod content;
mod duplicates;
mod language;
pub mod off_topic;

use crate::validity::config::SocialConfig;

/// What a check found wrong with a post.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Check {
    /// Link-only, emoji-only or otherwise wordless.
    NoContent,
    /// Written in a language outside `social.languages`.
    OtherLanguage,
    /// An exact or near copy of an earlier post by another author.
    DuplicateCampaign,
    /// Part of a burst: many posts from one author, or one text many times, in a short window.
    BotLike,
    /// Fits no theme and is not about the organisation (judged after the themes are found).
    OffTopic,
}

impl Check {
    /// Every check, in the order they run.
    pub const ALL: [Check; 5] = [
        Check::NoContent,
        Check::OtherLanguage,
        Check::DuplicateCampaign,
        Check::BotLike,
        Check::OffTopic,
    ];

    /// What the check found, in a few words for readers.
    pub fn meaning(self) -> &'static str {
        match self {
            Check::NoContent => "no words besides links, handles, tags or emoji",
            Check::OtherLanguage => "written in a language not analysed",
            Check::DuplicateCampaign => "a copy of an earlier post by another author",
            Check::BotLike => "part of a burst of posts from one author or of one text",
            Check::OffTopic => "fits no theme and is not about the organisation",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Check::NoContent => "no_content",
            Check::OtherLanguage => "other_language",
            Check::DuplicateCampaign => "duplicate_campaign",
            Check::BotLike => "bot_like",
            Check::OffTopic => "off_topic",
        }
    }
}

/// A flag on one post.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flag {
    pub check: Check,
    /// Why, in words that quote no text (`near copy of post T0012; 14 posts by 14 authors`).
    pub reason: String,
}

/// One post as the checks see it: its (redacted) text, pseudonymous author (empty when
/// unknown) and time.
#[derive(Debug, Clone, Copy)]
pub struct Post<'a> {
    pub id: &'a str,
    pub text: &'a str,
    pub author: &'a str,
    /// Minutes since 1970-01-01 UTC, when the post has a readable timestamp.
    pub minute: Option<i64>,
}

/// Runs the checks that need only the posts (all but [`Check::OffTopic`], which needs the
/// themes: [`off_topic`]); per post, the first flag found (in [`Check::ALL`] order).
pub fn check(posts: &[Post<'_>], config: &SocialConfig) -> Vec<Option<Flag>> {
    let mut flags: Vec<Option<Flag>> = vec![None; posts.len()];
    let set = |found: Vec<Option<String>>, check: Check, flags: &mut [Option<Flag>]| {
        for (flag, reason) in flags.iter_mut().zip(found) {
            if let (None, Some(reason)) = (&flag, reason) {
                *flag = Some(Flag { check, reason });
            }
        }
    };
    set(content::check(posts), Check::NoContent, &mut flags);
    set(
        language::check(posts, &config.languages, config.language_confidence),
        Check::OtherLanguage,
        &mut flags,
    );
    // Posts already flagged (empty, foreign) neither start nor join a campaign.
    let eligible: Vec<bool> = flags.iter().map(Option::is_none).collect();
    set(
        duplicates::check(posts, &eligible, &config.duplicates),
        Check::DuplicateCampaign,
        &mut flags,
    );
    set(
        bursts::check(posts, &config.bursts),
        Check::BotLike,
        &mut flags,
    );
    flags
}

/// The words of a text for comparing posts: lower-case runs of letters and digits, with
/// redaction tags (`[URL]`, `[HANDLE_3]`) kept as one word each.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '[' || c == ']' || c == '_'))
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .map(str::to_lowercase)
        .collect()
}

/// The label organisation accounts get in place of their handle.
pub const ORG_AUTHOR: &str = "ORG";

/// Readies a social dataset: replaces each author with a pseudonym (`U0001`, `U0002`… in order
/// of first post; the same author, ignoring case, always gets the same one; a blank author
/// stays blank; the organisation's handles become [`ORG_AUTHOR`]) and reads every post time. A
/// blank time leaves the post out of burst detection; an unreadable one is an input error
/// naming the file, row and column, never the value. Returns the times in minutes.
pub fn prepare(
    config: &SocialConfig,
    dataset: &mut crate::record::Dataset,
) -> crate::error::Result<Vec<Option<i64>>> {
    let at = |column: &str| dataset.meta_index(column);
    let author = config.author_column.as_deref().and_then(at);
    let time = config.timestamp_column.as_deref().and_then(at);
    let org: Vec<String> = config
        .org_handles
        .iter()
        .map(|h| h.trim().trim_start_matches('@').to_lowercase())
        .collect();
    let mut pseudonyms: std::collections::HashMap<String, String> = Default::default();
    let mut minutes = Vec::with_capacity(dataset.records.len());
    for record in &mut dataset.records {
        if let Some(author) = author {
            let name = std::mem::take(&mut record.meta[author]);
            let key = name.trim().to_lowercase();
            if org.contains(&key.trim_start_matches('@').to_owned()) {
                record.meta[author] = ORG_AUTHOR.to_owned();
            } else if !key.is_empty() {
                let next = format!("U{:04}", pseudonyms.len() + 1);
                record.meta[author] = pseudonyms.entry(key).or_insert(next).clone();
            }
        }
        let minute = match time.map(|t| record.meta[t].trim()) {
            None | Some("") => None,
            Some(cell) => Some(crate::figures::period::minutes_since_epoch(cell).map_err(
                |why| {
                    crate::error::Error::input(
                        &dataset.source,
                        Some(record.row),
                        config.timestamp_column.as_deref(),
                        why,
                    )
                },
            )?),
        };
        minutes.push(minute);
    }
    Ok(minutes)
}
