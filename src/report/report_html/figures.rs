//! The report's KPI, driver, trend, cross-table and social sections.

use crate::figures::drivers::CAUTION;
use crate::figures::kpi::Kind;
use crate::figures::percent;
use crate::figures::trends::Measure;
use crate::report::page::{Cell, Page, Table};
use crate::report::{fixed, svg, theme_label, Disclosure, RunOutput};
use crate::sentiment;
use std::collections::{BTreeMap, BTreeSet};

/// Themes drawn in the trend chart (the largest; the table lists every flagged change).
pub(super) const TREND_LINES: usize = 6;

pub(super) fn kpis(run: &RunOutput<'_>, page: &mut Page) {
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

pub(super) fn drivers(run: &RunOutput<'_>, page: &mut Page) {
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

pub(super) fn trends(run: &RunOutput<'_>, page: &mut Page) {
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

pub(super) fn cross_tables(run: &RunOutput<'_>, page: &mut Page) {
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
pub(super) fn social(run: &RunOutput<'_>, page: &mut Page) {
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
    if !crate::report::threads::wanted(run) {
        return;
    }
    let rows = crate::report::threads::summary(run);
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
pub(super) fn duration(minutes: f64) -> String {
    let m = minutes.round() as i64;
    if m < 60 {
        format!("{m} min")
    } else {
        format!("{} h {:02} min", m / 60, m % 60)
    }
}

pub(super) fn kpi_title(kind: Kind) -> &'static str {
    match kind {
        Kind::Nps => "NPS",
        Kind::Csat => "CSAT",
        Kind::Ces => "CES",
        Kind::Fcr => "FCR",
    }
}

/// NPS in points, CSAT/FCR in %, CES as a mean.
pub(super) fn kpi_value(kind: Kind, x: f64) -> String {
    match kind {
        Kind::Nps => format!("{x:+.1}"),
        Kind::Csat | Kind::Fcr => format!("{x:.1}%"),
        Kind::Ces => format!("{x:.2}"),
    }
}
