use super::{fixed, theme_label, RunOutput, SafeCsv, Sink};
use crate::error::Result;
use crate::stats::percent;
use crate::threads::{collate, median, PostInfo, Thread};
use std::io::Write;

/// The request threads of a social run with a `social.parent_column`.
fn threads(run: &RunOutput<'_>) -> Vec<Thread> {
    let state = run.state;
    let Some(social) = &state.config.social else {
        return Vec::new();
    };
    let columns = &state.dataset.meta_columns;
    let at = |name: &str| columns.iter().position(|c| c == name);
    let (Some(parent), Some(author)) = (
        social.parent_column.as_deref().and_then(at),
        at(&social.author_column),
    ) else {
        return Vec::new();
    };
    let posts: Vec<PostInfo<'_>> = state
        .dataset
        .records
        .iter()
        .enumerate()
        .map(|(i, r)| PostInfo {
            id: &r.id,
            parent: r.meta[parent].trim(),
            author: &r.meta[author],
            org: r.meta[author] == crate::validity::ORG_AUTHOR,
            minute: state.post_minutes.get(i).copied().flatten(),
            sentiment: state.skipped[i]
                .is_none()
                .then(|| run.stats.comment_sentiment[i].map(|s| s.score))
                .flatten(),
        })
        .collect();
    collate(&posts)
}

fn wanted(run: &RunOutput<'_>) -> bool {
    run.state
        .config
        .social
        .as_ref()
        .is_some_and(|s| s.parent_column.is_some())
}

fn score(x: Option<f64>) -> String {
    x.map_or(String::new(), |x| fixed(x, 4))
}

/// `threads.csv`: one row per request thread (a customer's post that drew replies).
pub struct Threads;

impl Sink for Threads {
    fn file_name(&self) -> &'static str {
        "threads.csv"
    }

    fn wanted(&self, run: &RunOutput<'_>) -> bool {
        wanted(run)
    }

    fn write(&self, run: &RunOutput<'_>, out: &mut dyn Write) -> Result<()> {
        let mut w = SafeCsv::new(out);
        w.write_record([
            "thread_id",
            "customer",
            "theme_ids",
            "posts",
            "customer_posts",
            "org_replies",
            "answered",
            "response_minutes",
            "followed_up",
            "sentiment_before",
            "sentiment_after",
            "improved",
        ])?;
        let social = run.state.config.social.as_ref().expect("wanted: social");
        let author = run
            .state
            .dataset
            .meta_columns
            .iter()
            .position(|c| *c == social.author_column)
            .expect("validated");
        for t in threads(run) {
            let record = &run.state.dataset.records[t.root];
            let themes: Vec<String> = run.stats.record_themes[t.root]
                .iter()
                .map(|&id| theme_label(run.state, Some(id)).0)
                .collect();
            w.write_record([
                record.id.clone(),
                record.meta[author].clone(),
                themes.join(";"),
                t.posts.to_string(),
                t.customer_posts.to_string(),
                t.org_replies.to_string(),
                t.answered.to_string(),
                t.response_minutes.map_or(String::new(), |m| m.to_string()),
                t.followed_up.to_string(),
                score(t.before),
                score(t.after),
                t.improved().map_or(String::new(), |b| b.to_string()),
            ])?;
        }
        w.finish()
    }
}

/// `thread_summary.csv`: for all requests and per theme of the request (themes with none are
/// left out), the share answered, the median response time and the share whose customer's
/// sentiment improved after the reply.
pub struct ThreadSummary;

impl Sink for ThreadSummary {
    fn file_name(&self) -> &'static str {
        "thread_summary.csv"
    }

    fn wanted(&self, run: &RunOutput<'_>) -> bool {
        wanted(run)
    }

    fn write(&self, run: &RunOutput<'_>, out: &mut dyn Write) -> Result<()> {
        let mut w = SafeCsv::new(out);
        w.write_record([
            "theme_id",
            "theme_name",
            "requests",
            "answered",
            "percent_answered",
            "median_response_minutes",
            "followed_up",
            "with_sentiment_both_sides",
            "improved",
            "percent_improved",
        ])?;
        let all = threads(run);
        let mut groups: Vec<(String, String, Vec<&Thread>)> =
            vec![("all".into(), "all requests".into(), all.iter().collect())];
        if let Some(model) = &run.state.themes {
            for theme in &model.themes {
                let (id, name) = theme_label(run.state, Some(theme.id));
                let of_theme = all
                    .iter()
                    .filter(|t| run.stats.record_themes[t.root].contains(&theme.id))
                    .collect();
                let of_theme: Vec<&Thread> = of_theme;
                if !of_theme.is_empty() {
                    groups.push((id, name, of_theme));
                }
            }
        }
        for (id, name, group) in groups {
            let answered = group.iter().filter(|t| t.answered).count();
            let mut times: Vec<i64> = group.iter().filter_map(|t| t.response_minutes).collect();
            let judged: Vec<bool> = group.iter().filter_map(|t| t.improved()).collect();
            let improved = judged.iter().filter(|&&b| b).count();
            w.write_record([
                id,
                name,
                group.len().to_string(),
                answered.to_string(),
                fixed(percent(answered, group.len()), 2),
                median(&mut times).map_or(String::new(), |m| fixed(m, 1)),
                group.iter().filter(|t| t.followed_up).count().to_string(),
                judged.len().to_string(),
                improved.to_string(),
                fixed(percent(improved, judged.len()), 2),
            ])?;
        }
        w.finish()
    }
}
