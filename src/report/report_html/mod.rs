//! `report.html`: the run as one self-contained page a manager reads — summary, priorities
//! with evidence, themes, sentiment, KPIs, drivers, trends and cross-tables, each chart next to
//! its table. The figures are the CSV outputs' own (same structs, same suppression).

mod figures;
use figures::{kpi_title, kpi_value};
mod themes;

use super::page::Page;
use super::{theme_label, unit_noun, Output, RunOutput, Sink};
use crate::error::{Error, ErrorKind, Result};
use crate::figures::percent;
use crate::figures::stats::RecordStatus;
use crate::sentiment;
use std::collections::{BTreeMap, BTreeSet};

pub struct ReportHtml;

impl Sink for ReportHtml {
    fn file_name(&self) -> &'static str {
        "report.html"
    }

    fn write(&self, run: &RunOutput<'_>, out: &mut dyn Output) -> Result<()> {
        let page = build(run);
        out.write_all(page.render().as_bytes())
            .map_err(|e| Error::new(ErrorKind::Output, format!("writing report.html: {e}")))
    }
}

fn build(run: &RunOutput<'_>) -> Page {
    let state = run.state;
    let config = &state.config;
    let title = config
        .report
        .title
        .clone()
        .unwrap_or_else(|| config.name.clone());
    let mut page = Page::new(title);
    let source = state.source_name.clone();
    let periods: Vec<&String> = state.periods.iter().flatten().flatten().collect();
    let span = match (periods.iter().min(), periods.iter().max()) {
        (Some(a), Some(b)) if a != b => format!(", {a} to {b}"),
        (Some(a), _) => format!(", {a}"),
        _ => String::new(),
    };
    let what = if state.dataset.format.is_transcript() {
        let groups: BTreeSet<&str> = state
            .dataset
            .records
            .iter()
            .map(|r| r.meta[0].as_str())
            .collect();
        format!(
            "{} turns from {} transcripts ({} participants)",
            state.dataset.records.len(),
            groups.len(),
            participants(run)
        )
    } else {
        format!(
            "{} {}s from {source}",
            state.dataset.records.len(),
            unit_noun(state)
        )
    };
    page.lead(format!(
        "{what}{span}. Personal data was redacted before analysis; every quote below is \
         redacted text."
    ));
    page.lead(format!(
        "Verbatim {} · model {} · seed {}",
        env!("CARGO_PKG_VERSION"),
        state.model.as_ref().map_or("none", |m| m.name.as_str()),
        config.seed
    ));
    summary(run, &mut page);
    themes::priorities(run, &mut page);
    themes::themes(run, &mut page);
    figures::kpis(run, &mut page);
    figures::drivers(run, &mut page);
    figures::trends(run, &mut page);
    figures::cross_tables(run, &mut page);
    figures::social(run, &mut page);
    method(run, &mut page);
    page
}

/// Distinct participants (pseudonyms) with a turn in a transcript run.
fn participants(run: &RunOutput<'_>) -> usize {
    let records = &run.state.dataset.records;
    let context = &run.state.dataset.context_only;
    let speakers: BTreeSet<&str> = records
        .iter()
        .enumerate()
        .filter(|(i, _)| !context.get(*i).copied().unwrap_or(false))
        .map(|(_, r)| r.meta[1].as_str())
        .collect();
    speakers.len()
}

fn summary(run: &RunOutput<'_>, page: &mut Page) {
    let stats = run.stats;
    let unit = unit_noun(run.state);
    page.section("Summary");
    let coded = stats.count(|s| *s == RecordStatus::Coded);
    let mut tiles = vec![(
        format!("{}s analysed", capitalised(unit)),
        stats.analysed.to_string(),
        format!(
            "{:.0}% coded to at least one theme",
            percent(coded, stats.analysed)
        ),
    )];
    if let Some(model) = &run.state.themes {
        tiles.push((
            "Themes".to_owned(),
            model.themes.len().to_string(),
            format!("under {} parent themes", model.parents.len()),
        ));
    }
    let labels: Vec<&str> = stats
        .comment_sentiment
        .iter()
        .flatten()
        .map(|r| r.label)
        .collect();
    if !labels.is_empty() {
        let negative = labels.iter().filter(|l| **l == sentiment::NEGATIVE).count();
        tiles.push((
            format!("Negative {unit}s"),
            format!("{:.0}%", percent(negative, labels.len())),
            format!("of {} with sentiment", labels.len()),
        ));
    }
    for row in stats.kpis.iter().filter(|r| r.scope == "all") {
        tiles.push((
            kpi_title(row.kpi).to_owned(),
            kpi_value(row.kpi, row.estimate.value),
            format!(
                "95% CI {} to {} · n = {}",
                kpi_value(row.kpi, row.estimate.low),
                kpi_value(row.kpi, row.estimate.high),
                row.n
            ),
        ));
    }
    page.tiles(&tiles);
    if let Some(model) = &run.state.themes {
        if let Some(top) = model
            .themes
            .iter()
            .max_by_key(|t| (stats.theme_comments[t.id - 1], std::cmp::Reverse(t.id)))
        {
            page.paragraph(&format!(
                "The most frequent theme is \"{}\", raised in {:.1}% of analysed {unit}s.",
                top.name,
                percent(stats.theme_comments[top.id - 1], stats.analysed)
            ));
        }
    }
    if let Some(p) = stats.priorities.first() {
        let (_, name) = theme_label(run.state, Some(p.theme));
        page.paragraph(&format!(
            "The first improvement priority is \"{name}\" (see Priorities for how it is scored)."
        ));
    }
}

fn method(run: &RunOutput<'_>, page: &mut Page) {
    let state = run.state;
    let stats = run.stats;
    page.section("Data and method");
    let mut skipped: BTreeMap<&str, usize> = BTreeMap::new();
    for s in &stats.status {
        if let RecordStatus::Skipped(reason) = s {
            *skipped.entry(reason.as_str()).or_default() += 1;
        }
    }
    let skipped: Vec<String> = skipped.iter().map(|(k, v)| format!("{v} {k}")).collect();
    page.paragraph(&format!(
        "{} rows read: {} coded, {} uncoded (analysed but close to no theme), {} skipped{}. \
         Every row is listed in coded.csv with its status.",
        state.dataset.records.len(),
        stats.count(|s| *s == RecordStatus::Coded),
        stats.count(|s| *s == RecordStatus::Uncoded),
        stats.count(|s| matches!(s, RecordStatus::Skipped(_))),
        if skipped.is_empty() {
            String::new()
        } else {
            format!(" ({})", skipped.join(", "))
        }
    ));
    if let Some(redact) = state.counters.get("redact") {
        page.paragraph(&format!(
            "Personal data: {} values redacted in {} rows before any analysis.",
            redact.get("detections").copied().unwrap_or(0),
            redact.get("rows_with_pii").copied().unwrap_or(0)
        ));
    }
    page.paragraph(&format!(
        "Comments are split into {} segments, embedded with {} and grouped into themes ({:?} \
         mode); themes are named from their most distinctive keywords. Counts from 1 to {} are \
         shown as \"<{}\" to protect small groups.",
        state.segments.len(),
        state.model.as_ref().map_or("no model", |m| m.name.as_str()),
        state.config.themes.mode,
        state.config.output.min_cell_count.saturating_sub(1),
        state.config.output.min_cell_count
    ));
}

/// Who said it: `P03, group-2-bristol, 00:12:31` for a transcript turn, `comment R0042`
/// otherwise.
fn attribution(run: &RunOutput<'_>, record: usize) -> String {
    let r = &run.state.dataset.records[record];
    if run.state.dataset.format.is_transcript() {
        // Transcript metadata: group, speaker, role, timestamp.
        [1, 0, 3]
            .iter()
            .map(|&k| r.meta[k].as_str())
            .filter(|v| !v.is_empty())
            .collect::<Vec<_>>()
            .join(", ")
    } else {
        format!("comment {}", r.id)
    }
}

/// `turn` → `Turn`.
fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}
