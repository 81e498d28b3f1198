//! `report.html`: the run as one self-contained page a manager reads — summary, priorities
//! with evidence, themes, sentiment, KPIs, drivers, trends and cross-tables, each chart next to
//! its table. The figures are the CSV outputs' own (same structs, same suppression).

use super::page::{Cell, Page, Table};
use super::{fixed, svg, theme_label, unit_noun, Disclosure, Output, RunOutput, Sink};
use crate::error::{Error, ErrorKind, Result};
use crate::figures::drivers::CAUTION;
use crate::figures::kpi::Kind;
use crate::figures::percent;
use crate::figures::stats::RecordStatus;
use crate::figures::trends::Measure;
use crate::sentiment;
use std::collections::{BTreeMap, BTreeSet};

/// Themes drawn in the trend chart (the largest; the table lists every flagged change).
const TREND_LINES: usize = 6;

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
    priorities(run, &mut page);
    themes(run, &mut page);
    kpis(run, &mut page);
    drivers(run, &mut page);
    trends(run, &mut page);
    cross_tables(run, &mut page);
    social(run, &mut page);
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

fn priorities(run: &RunOutput<'_>, page: &mut Page) {
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

fn themes(run: &RunOutput<'_>, page: &mut Page) {
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

fn kpis(run: &RunOutput<'_>, page: &mut Page) {
    if run.stats.kpis.is_empty() {
        return;
    }
    let sdc = Disclosure::of(run);
    page.section("KPIs");
    page.paragraph(
        "Each KPI overall (every respondent who answered, with or without a comment) and among \
         the comments raising each theme, with 95% confidence intervals. NPS = % promoters \
         (9–10) − % detractors (0–6); CSAT = % scoring 4–5 of 5; CES = mean ease (1–7); \
         FCR = % resolved at first contact.",
    );
    for answers in &run.state.kpis {
        let kind = answers.kind;
        let rows: Vec<&crate::figures::kpi::KpiRow> = run
            .stats
            .kpis
            .iter()
            .filter(|r| r.kpi == kind && (r.scope == "all" || r.scope == "theme"))
            .collect();
        if rows.is_empty() {
            continue;
        }
        let mut table = Table {
            caption: format!("{} ({})", kpi_title(kind), rows[0].column),
            headers: ["Group", "n", "Estimate", "95% CI"]
                .map(str::to_owned)
                .to_vec(),
            rows: Vec::new(),
        };
        for r in rows {
            let group = if r.scope == "all" {
                "All respondents".to_owned()
            } else {
                format!("{} {}", r.value, r.name)
            };
            let hidden = sdc.hides(r.n);
            table.rows.push(vec![
                Cell::text(group),
                Cell::number(sdc.count(r.n)),
                Cell::number(if hidden {
                    String::new()
                } else {
                    kpi_value(kind, r.estimate.value)
                }),
                Cell::number(if hidden {
                    String::new()
                } else {
                    format!(
                        "{} to {}",
                        kpi_value(kind, r.estimate.low),
                        kpi_value(kind, r.estimate.high)
                    )
                }),
            ]);
        }
        page.table(&table);
    }
}

fn drivers(run: &RunOutput<'_>, page: &mut Page) {
    let stats = run.stats;
    let Some(kind) = stats.driver_kpi else {
        return;
    };
    let sdc = Disclosure::of(run);
    page.section("Key drivers");
    page.note(CAUTION);
    let rows: Vec<&crate::figures::drivers::DriverRow> = stats
        .drivers
        .iter()
        .filter(|d| d.kpi == kind && !sdc.hides(d.with.n))
        .collect();
    let items: Vec<(String, f64, f64, f64)> = rows
        .iter()
        .map(|d| {
            let (code, name) = theme_label(run.state, Some(d.theme));
            (
                format!("{code} {name}"),
                d.difference.value,
                d.difference.low,
                d.difference.high,
            )
        })
        .collect();
    page.figure(
        &svg::interval_chart(
            &format!("{} with vs without each theme", kpi_title(kind)),
            &items,
            "",
        ),
        &format!(
            "{} among comments raising the theme minus {} among the rest, with 95% intervals; \
             solid dots: the interval excludes zero.",
            kpi_title(kind),
            kpi_title(kind)
        ),
    );
    let mut table = Table {
        caption: format!("Key drivers of {}", kpi_title(kind)),
        headers: [
            "Theme",
            "n with",
            "With",
            "Without",
            "Difference",
            "95% CI",
            "p",
            "Impact",
        ]
        .map(str::to_owned)
        .to_vec(),
        rows: Vec::new(),
    };
    for d in rows {
        let (code, name) = theme_label(run.state, Some(d.theme));
        table.rows.push(vec![
            Cell::text(format!("{code} {name}")),
            Cell::number(d.with.n.to_string()),
            Cell::number(fixed(d.with.estimate.value, 1)),
            Cell::number(fixed(d.without.estimate.value, 1)),
            Cell::number(fixed(d.difference.value, 1)),
            Cell::number(format!(
                "{} to {}",
                fixed(d.difference.low, 1),
                fixed(d.difference.high, 1)
            )),
            Cell::number(d.difference.p_value.map_or(String::new(), |p| fixed(p, 3))),
            Cell::number(fixed(d.impact, 1)),
        ]);
    }
    page.table(&table);
}

fn trends(run: &RunOutput<'_>, page: &mut Page) {
    let stats = run.stats;
    if stats.trends.is_empty() {
        return;
    }
    let Some(trends) = &run.state.config.trends else {
        return;
    };
    let sdc = Disclosure::of(run);
    page.section("Trends");
    let mut periods: Vec<String> = stats.trends.iter().map(|r| r.period.clone()).collect();
    periods.sort();
    periods.dedup();
    let series_of = |want: &dyn Fn(&Measure) -> bool| -> Vec<Option<f64>> {
        periods
            .iter()
            .map(|p| {
                stats
                    .trends
                    .iter()
                    .find(|r| &r.period == p && want(&r.measure) && !sdc.hides(r.count))
                    .map(|r| r.estimate.value)
            })
            .collect()
    };
    if let Some(model) = &run.state.themes {
        let mut largest: Vec<&crate::themes::Theme> = model.themes.iter().collect();
        largest.sort_by_key(|t| (std::cmp::Reverse(stats.theme_comments[t.id - 1]), t.id));
        let series: Vec<(String, Vec<Option<f64>>)> = largest
            .iter()
            .take(TREND_LINES)
            .map(|t| {
                let id = t.id;
                (
                    format!("{} {}", t.code, t.name),
                    series_of(&|m| *m == Measure::Theme(id)),
                )
            })
            .collect();
        page.figure(
            &svg::line_chart("Theme shares per period", &periods, &series, "%"),
            &format!(
                "Share of each period's comments raising the {} largest themes, per {}.",
                series.len(),
                match trends.period {
                    crate::figures::config::Period::Week => "ISO week",
                    crate::figures::config::Period::Month => "month",
                    crate::figures::config::Period::Quarter => "quarter",
                }
            ),
        );
    }
    if run.state.sentiment.is_some() {
        let series: Vec<(String, Vec<Option<f64>>)> = [sentiment::NEGATIVE, sentiment::POSITIVE]
            .into_iter()
            .map(|label| {
                (
                    format!("% {label}"),
                    series_of(&|m| *m == Measure::Sentiment(label)),
                )
            })
            .collect();
        page.figure(
            &svg::line_chart("Sentiment per period", &periods, &series, "%"),
            "Share of each period's comments that are negative or positive overall.",
        );
    }
    for a in &run.state.kpis {
        let kind = a.kind;
        let series = vec![(
            kpi_title(kind).to_owned(),
            series_of(&|m| *m == Measure::Kpi(kind)),
        )];
        page.figure(
            &svg::line_chart(
                &format!("{} per period", kpi_title(kind)),
                &periods,
                &series,
                "",
            ),
            &format!("{} per period.", kpi_title(kind)),
        );
    }
    let mut flagged: Vec<&crate::figures::trends::TrendRow> = stats
        .trends
        .iter()
        .filter(|r| !r.flag().is_empty() && !sdc.hides(r.count))
        .collect();
    flagged.sort_by(|a, b| a.period.cmp(&b.period));
    page.note(
        "Changes are tested against the previous period (two-proportion z-test; for KPIs the \
         difference of two estimates) and flagged at p < 0.05. With many themes and periods \
         about one test in twenty is flagged by chance: treat flags as prompts to look.",
    );
    let mut table = Table {
        caption: format!("Significant changes ({} flagged)", flagged.len()),
        headers: ["Period", "Measure", "Value", "Change", "p", "Flag"]
            .map(str::to_owned)
            .to_vec(),
        rows: Vec::new(),
    };
    for r in flagged {
        let measure = match &r.measure {
            Measure::Theme(id) => {
                let (code, name) = theme_label(run.state, Some(*id));
                format!("{code} {name} (% of comments)")
            }
            Measure::Sentiment(label) => format!("{label} (% of comments)"),
            Measure::Kpi(kind) => kpi_title(*kind).to_owned(),
        };
        let (change, p) = r.change.unwrap_or((0.0, None));
        table.rows.push(vec![
            Cell::text(r.period.clone()),
            Cell::text(measure),
            Cell::number(fixed(r.estimate.value, 1)),
            Cell::number(format!("{change:+.1}")),
            Cell::number(p.map_or(String::new(), |p| fixed(p, 4))),
            Cell::text(r.flag()).flagged(r.flag()),
        ]);
    }
    page.table(&table);
}

fn cross_tables(run: &RunOutput<'_>, page: &mut Page) {
    let stats = run.stats;
    let columns = &run.state.config.output.frequency_columns;
    if columns.is_empty() || run.state.themes.is_none() {
        return;
    }
    let sdc = Disclosure::of(run);
    page.section("Themes by segment");
    page.paragraph(
        "Column percentages: the share of each group's comments raising the theme. Green / red \
         cells are above / below what independence predicts (adjusted residual beyond ±2); the \
         p-value is the chi-square test of independence for the theme's row.",
    );
    for column in columns {
        let rows: Vec<&crate::figures::stats::FrequencyRow> = stats
            .frequencies
            .iter()
            .filter(|r| &r.column == column && r.theme.is_some())
            .collect();
        let values: BTreeSet<&str> = rows.iter().map(|r| r.value.as_str()).collect();
        let mut headers = vec!["Theme".to_owned()];
        headers.extend(values.iter().map(|v| {
            let base = rows.iter().find(|r| r.value == *v).map_or(0, |r| r.base);
            format!("{v} (n={})", sdc.count(base))
        }));
        headers.push("p".to_owned());
        let mut table = Table {
            caption: format!("Themes by {column}"),
            headers,
            rows: Vec::new(),
        };
        let mut by_theme: BTreeMap<usize, Vec<&crate::figures::stats::FrequencyRow>> =
            BTreeMap::new();
        for r in &rows {
            by_theme.entry(r.theme.unwrap_or(0)).or_default().push(r);
        }
        for (theme, cells) in by_theme {
            let (code, name) = theme_label(run.state, Some(theme));
            let mut row = vec![Cell::text(format!("{code} {name}"))];
            for v in &values {
                let cell = cells.iter().find(|r| r.value == *v);
                row.push(match cell {
                    Some(r) if sdc.hides(r.comments) => Cell::number(sdc.count(r.comments)),
                    Some(r) => {
                        let flag = match r.residual {
                            Some(x) if x > 2.0 => "above",
                            Some(x) if x < -2.0 => "below",
                            _ => "",
                        };
                        Cell::number(fixed(r.percent, 1)).flagged(flag)
                    }
                    None => Cell::number(""),
                });
            }
            let p = cells
                .first()
                .and_then(|r| r.test)
                .map_or(String::new(), |(_, _, p)| fixed(p, 3));
            row.push(Cell::number(p));
            table.rows.push(row);
        }
        page.table(&table);
    }
}

/// Social posts: what the validity checks set aside, and how requests were answered.
fn social(run: &RunOutput<'_>, page: &mut Page) {
    let state = run.state;
    let Some(config) = &state.config.social else {
        return;
    };
    page.section("Validity and responses");
    let total = state.dataset.records.len();
    let flagged: Vec<&crate::validity::Flag> = state.validity.iter().flatten().collect();
    page.paragraph(&format!(
        "{} of {total} posts were flagged by the validity checks and {}. Every post stays in \
         coded.csv with its flag and reason.",
        flagged.len(),
        if config.exclude_flagged {
            "left out of every figure in this report"
        } else {
            "still counted (social.exclude_flagged = false)"
        }
    ));
    let mut table = Table {
        caption: "Posts flagged per check".into(),
        headers: ["Check", "Posts", "% of posts", "Meaning"]
            .map(str::to_owned)
            .to_vec(),
        rows: Vec::new(),
    };
    for check in crate::validity::Check::ALL {
        let n = flagged.iter().filter(|f| f.check == check).count();
        table.rows.push(vec![
            Cell::text(check.as_str()),
            Cell::number(n.to_string()),
            Cell::number(fixed(percent(n, total), 1)),
            Cell::text(check.meaning()),
        ]);
    }
    page.table(&table);
    if !super::threads::wanted(run) {
        return;
    }
    let rows = super::threads::summary(run);
    let Some(all) = rows.first().filter(|r| r.requests > 0) else {
        page.paragraph("No customer post drew a reply, so there are no requests to follow.");
        return;
    };
    page.paragraph(&format!(
        "Requests (customer posts that drew replies): {} of {} answered by the organisation, \
         median first response {}; {} of the {} customers whose sentiment is known either side \
         of the reply were more positive after it.",
        all.answered,
        all.requests,
        all.median_minutes.map_or("—".to_owned(), duration),
        all.improved,
        all.judged
    ));
    let mut table = Table {
        caption: "Requests and responses by theme of the request".into(),
        headers: [
            "Theme",
            "Requests",
            "Answered %",
            "Median response",
            "Followed up",
            "Improved %",
        ]
        .map(str::to_owned)
        .to_vec(),
        rows: Vec::new(),
    };
    // Small groups show their size only, as everywhere in the report.
    let sdc = Disclosure::of(run);
    for row in &rows {
        let hidden = sdc.hides(row.requests);
        let shown = |text: String| if hidden { String::new() } else { text };
        table.rows.push(vec![
            Cell::text(row.name.clone()),
            Cell::number(sdc.count(row.requests)),
            Cell::number(shown(fixed(percent(row.answered, row.requests), 1))),
            Cell::number(shown(row.median_minutes.map_or(String::new(), duration))),
            Cell::number(shown(row.followed_up.to_string())),
            Cell::number(if row.judged == 0 {
                String::new()
            } else {
                shown(fixed(percent(row.improved, row.judged), 1))
            }),
        ]);
    }
    page.table(&table);
}

/// Minutes as `4 h 03 min` (or `35 min`).
fn duration(minutes: f64) -> String {
    let m = minutes.round() as i64;
    if m < 60 {
        format!("{m} min")
    } else {
        format!("{} h {:02} min", m / 60, m % 60)
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

fn kpi_title(kind: Kind) -> &'static str {
    match kind {
        Kind::Nps => "NPS",
        Kind::Csat => "CSAT",
        Kind::Ces => "CES",
        Kind::Fcr => "FCR",
    }
}

/// NPS in points, CSAT/FCR in %, CES as a mean.
fn kpi_value(kind: Kind, x: f64) -> String {
    match kind {
        Kind::Nps => format!("{x:+.1}"),
        Kind::Csat | Kind::Fcr => format!("{x:.1}%"),
        Kind::Ces => format!("{x:.2}"),
    }
}
