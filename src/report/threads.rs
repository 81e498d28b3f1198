use super::{fixed, theme_label, Output, RunOutput, SafeCsv, Sink};
use crate::error::Result;
use crate::figures::percent;
use crate::figures::threads::{median, Thread};

pub(super) fn wanted(run: &RunOutput<'_>) -> bool {
    run.state
        .config
        .social
        .as_ref()
        .is_some_and(|s| s.parent_column.is_some())
}

fn score(x: Option<f64>) -> String {
    x.map_or(String::new(), |x| fixed(x, 4))
}

/// One row of the request summary: all requests, or those of one theme.
pub(super) struct SummaryRow {
    pub id: String,
    pub name: String,
    pub requests: usize,
    pub answered: usize,
    pub median_minutes: Option<f64>,
    pub followed_up: usize,
    /// Requests with the customer's sentiment known before and after the reply.
    pub judged: usize,
    pub improved: usize,
}

/// The request summary: all requests, then each theme that has any.
pub(super) fn summary(run: &RunOutput<'_>) -> Vec<SummaryRow> {
    let all = &run.stats.threads;
    let mut groups: Vec<(String, String, Vec<&Thread>)> =
        vec![("all".into(), "all requests".into(), all.iter().collect())];
    if let Some(model) = &run.state.themes {
        for theme in &model.themes {
            let (id, name) = theme_label(run.state, Some(theme.id));
            let of_theme: Vec<&Thread> = all
                .iter()
                .filter(|t| run.stats.record_themes[t.root].contains(&theme.id))
                .collect();
            if !of_theme.is_empty() {
                groups.push((id, name, of_theme));
            }
        }
    }
    groups
        .into_iter()
        .map(|(id, name, group)| {
            let mut times: Vec<i64> = group.iter().filter_map(|t| t.response_minutes).collect();
            let judged: Vec<bool> = group.iter().filter_map(|t| t.improved()).collect();
            SummaryRow {
                id,
                name,
                requests: group.len(),
                answered: group.iter().filter(|t| t.answered).count(),
                median_minutes: median(&mut times),
                followed_up: group.iter().filter(|t| t.followed_up).count(),
                judged: judged.len(),
                improved: judged.iter().filter(|&&b| b).count(),
            }
        })
        .collect()
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

    fn write(&self, run: &RunOutput<'_>, out: &mut dyn Output) -> Result<()> {
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
            .position(|c| Some(c) == social.author_column.as_ref())
            .expect("validated: threads need the author column");
        for t in &run.stats.threads {
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

    fn write(&self, run: &RunOutput<'_>, out: &mut dyn Output) -> Result<()> {
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
        for row in summary(run) {
            w.write_record([
                row.id,
                row.name,
                row.requests.to_string(),
                row.answered.to_string(),
                fixed(percent(row.answered, row.requests), 2),
                row.median_minutes.map_or(String::new(), |m| fixed(m, 1)),
                row.followed_up.to_string(),
                row.judged.to_string(),
                row.improved.to_string(),
                fixed(percent(row.improved, row.judged), 2),
            ])?;
        }
        w.finish()
    }
}
