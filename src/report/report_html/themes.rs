//! The report's priorities (with evidence quotes) and themes sections.

use super::{attribution, capitalised};
use crate::figures::percent;
use crate::report::page::{Cell, Page, Table};
use crate::report::{fixed, svg, theme_label, unit_noun, Disclosure, RunOutput};
use crate::sentiment;
use std::collections::BTreeMap;

pub(super) fn priorities(run: &RunOutput<'_>, page: &mut Page) {
    page.section("Priorities");
    let stats = run.stats;
    let unit = unit_noun(run.state);
    if stats.priorities.is_empty() {
        page.paragraph(&format!(
            "No theme both draws negative {unit}s and lowers the driver KPI."
        ));
        return;
    }
    let with_kpi = stats.priorities.iter().any(|p| p.driver.is_some());
    page.paragraph(&if with_kpi {
        format!(
            "Themes ranked by volume × negativity × drag: the share of {unit}s raising the \
             theme, the share of its mentions that are negative, and how many points it pulls \
             the driver KPI down (overall score minus the score without the theme's {unit}s)."
        )
    } else {
        format!(
            "Themes ranked by volume × negativity: the share of {unit}s raising the theme and \
             the share of its mentions that are negative (no KPI is mapped, so there is no \
             drag)."
        )
    });
    let mut headers = vec![
        "Rank".to_owned(),
        "Theme".to_owned(),
        format!("{}s", capitalised(unit)),
        "Volume %".to_owned(),
        "Negative %".to_owned(),
    ];
    if with_kpi {
        headers.extend(["KPI with", "KPI without", "Drag"].map(str::to_owned));
    }
    headers.push("Score".to_owned());
    let mut table = Table {
        caption: "Improvement priorities and the parts of their scores".into(),
        headers,
        rows: Vec::new(),
    };
    for p in &stats.priorities {
        let (_, name) = theme_label(run.state, Some(p.theme));
        let d = p.driver.as_ref();
        let mut row = vec![
            Cell::number(p.rank.to_string()),
            Cell::text(name),
            Cell::number(p.comments.to_string()),
            Cell::number(fixed(p.volume, 1)),
            Cell::number(p.negativity.map_or(String::new(), |n| fixed(n, 1))),
        ];
        if with_kpi {
            row.extend([
                Cell::number(d.map_or(String::new(), |d| fixed(d.with.estimate.value, 1))),
                Cell::number(d.map_or(String::new(), |d| fixed(d.without.estimate.value, 1))),
                Cell::number(d.map_or(String::new(), |d| fixed(-d.impact, 1))),
            ]);
        }
        row.push(Cell::number(fixed(p.score, 3)));
        table.rows.push(row);
    }
    page.table(&table);
    for p in &stats.priorities {
        let (_, name) = theme_label(run.state, Some(p.theme));
        let quotes: Vec<(String, String)> = p
            .quotes
            .iter()
            .map(|(id, text)| {
                let record = run.state.dataset.records.iter().position(|r| &r.id == id);
                (
                    text.clone(),
                    record.map_or_else(String::new, |i| attribution(run, i)),
                )
            })
            .collect();
        page.heading(&format!("{}. {name}", p.rank));
        page.paragraph(&crate::figures::recommend::action(p, &name, unit));
        page.quotes(&quotes);
    }
}

pub(super) fn themes(run: &RunOutput<'_>, page: &mut Page) {
    let Some(model) = &run.state.themes else {
        return;
    };
    let stats = run.stats;
    let sdc = Disclosure::of(run);
    let unit = unit_noun(run.state);
    page.section("Themes");
    let shares: Vec<(String, f64)> = model
        .themes
        .iter()
        .filter(|t| !sdc.hides(stats.theme_comments[t.id - 1]))
        .map(|t| {
            (
                format!("{} {}", t.code, t.name),
                percent(stats.theme_comments[t.id - 1], stats.analysed),
            )
        })
        .collect();
    page.figure(
        &svg::bar_chart("Theme shares", &shares, "%"),
        &format!("Share of analysed {unit}s raising each theme (a {unit} can raise several)."),
    );
    let respondents: BTreeMap<usize, (usize, usize)> = stats
        .frequencies
        .iter()
        .filter(|r| r.column == "theme")
        .filter_map(|r| Some((r.theme?, r.respondents?)))
        .collect();
    let mut headers: Vec<String> = ["Code", "Theme", "Parent"].map(str::to_owned).to_vec();
    headers.extend([format!("{}s", capitalised(unit)), format!("% {unit}s")]);
    if !respondents.is_empty() {
        headers.push(if run.state.dataset.format.is_transcript() {
            "% participants".to_owned()
        } else {
            "% respondents".to_owned()
        });
    }
    headers.extend(["Negative %", "Mean sentiment", "Keywords"].map(str::to_owned));
    let mut table = Table {
        caption: "Themes".into(),
        headers,
        rows: Vec::new(),
    };
    for t in &model.themes {
        let comments = stats.theme_comments[t.id - 1];
        let hidden = sdc.hides(comments);
        let parent = t
            .parent
            .map_or(String::new(), |p| model.parents[p - 1].name.clone());
        let mut row = vec![
            Cell::text(t.code.clone()),
            Cell::text(t.name.clone()),
            Cell::text(parent),
            Cell::number(sdc.count(comments)),
            Cell::number(if hidden {
                String::new()
            } else {
                fixed(percent(comments, stats.analysed), 1)
            }),
        ];
        if let Some((with, all)) = respondents.get(&t.id).copied() {
            row.push(Cell::number(if sdc.hides(with) {
                String::new()
            } else {
                fixed(percent(with, all), 1)
            }));
        } else if !respondents.is_empty() {
            row.push(Cell::number(""));
        }
        match stats.theme_sentiment.get(t.id - 1) {
            Some(s) => {
                let n: usize = s.counts.iter().sum();
                row.push(Cell::number(fixed(percent(s.counts[0], n), 1)));
                row.push(Cell::number(fixed(f64::from(s.mean_score), 2)));
            }
            None => row.extend([Cell::number(""), Cell::number("")]),
        }
        row.push(Cell::text(t.keywords.join(", ")));
        table.rows.push(row);
    }
    page.table(&table);
    if !stats.theme_sentiment.is_empty() {
        let items: Vec<(String, Vec<f64>)> = model
            .themes
            .iter()
            .map(|t| {
                let s = &stats.theme_sentiment[t.id - 1];
                (
                    format!("{} {}", t.code, t.name),
                    s.counts.iter().map(|&c| c as f64).collect(),
                )
            })
            .collect();
        page.figure(
            &svg::stacked_bars(
                "Sentiment by theme",
                &items,
                &sentiment::LABELS,
                &svg::SENTIMENT,
            ),
            "Sentiment of the segments coded to each theme.",
        );
    }
    let texts = run.state.segment_texts();
    for t in &model.themes {
        let quotes: Vec<(String, String)> = t
            .exemplars
            .iter()
            .take(2)
            .map(|&s| {
                (
                    texts[s].to_owned(),
                    attribution(run, run.state.segments[s].record),
                )
            })
            .collect();
        page.heading(&format!("{} {}", t.code, t.name));
        page.quotes(&quotes);
    }
}
