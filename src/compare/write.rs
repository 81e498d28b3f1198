//! `compare.csv` and `compare.html`: the outputs of `verbatim compare`, written together into
//! one folder swapped into place atomically.

use super::{Change, Subject};
use crate::error::{Error, ErrorKind, Result};
use crate::outputs::SafeCsv;
use crate::outputs::StagingDir;
use crate::report::page::{Cell, Page, Table};
use crate::report::{fixed, svg};
use std::io::Write;
use std::path::Path;

/// Writes both files into `out_dir`, replacing it whole.
pub fn write(out_dir: &Path, changes: &[Change], labels: (&str, &str)) -> Result<()> {
    let staging = StagingDir::new(out_dir)?;
    let csv_path = staging.path().join("compare.csv");
    let mut file =
        std::fs::File::create(&csv_path).map_err(|e| Error::io(ErrorKind::Output, &csv_path, e))?;
    write_csv(changes, &mut file)?;
    file.sync_all()
        .map_err(|e| Error::io(ErrorKind::Output, &csv_path, e))?;
    let html_path = staging.path().join("compare.html");
    std::fs::write(&html_path, page(changes, labels).render())
        .map_err(|e| Error::io(ErrorKind::Output, &html_path, e))?;
    staging.commit()
}

/// (measure, kpi, scope, id, name) of a change.
fn describe(subject: &Subject) -> (&'static str, &'static str, &'static str, String, String) {
    match subject {
        Subject::ThemeShare { code, name } => {
            ("theme_share", "", "theme", code.clone(), name.clone())
        }
        Subject::SentimentShare(label) => {
            ("sentiment_share", "", "all", label.clone(), String::new())
        }
        Subject::Kpi { kind, code: None } => {
            ("kpi", kind.name(), "all", String::new(), String::new())
        }
        Subject::Kpi {
            kind,
            code: Some((id, name)),
        } => ("kpi", kind.name(), "theme", id.clone(), name.clone()),
    }
}

fn write_csv(changes: &[Change], out: &mut dyn Write) -> Result<()> {
    let mut w = SafeCsv::new(out);
    w.write_record([
        "measure",
        "kpi",
        "scope",
        "id",
        "name",
        "before_n",
        "before_value",
        "before_low",
        "before_high",
        "after_n",
        "after_value",
        "after_low",
        "after_high",
        "difference",
        "diff_low",
        "diff_high",
        "p_value",
        "flag",
    ])?;
    let side = |s: &Option<(usize, crate::figures::inference::Estimate)>| match s {
        Some((n, e)) => [
            n.to_string(),
            fixed(e.value, 2),
            fixed(e.low, 2),
            fixed(e.high, 2),
        ],
        None => Default::default(),
    };
    for c in changes {
        let (measure, kpi, scope, id, name) = describe(&c.subject);
        let mut row = vec![
            measure.to_owned(),
            kpi.to_owned(),
            scope.to_owned(),
            id,
            name,
        ];
        row.extend(side(&c.before));
        row.extend(side(&c.after));
        match c.difference {
            Some(d) => row.extend([
                fixed(d.value, 2),
                fixed(d.low, 2),
                fixed(d.high, 2),
                d.p_value.map_or(String::new(), |p| fixed(p, 4)),
            ]),
            None => row.extend([String::new(), String::new(), String::new(), String::new()]),
        }
        row.push(c.flag().to_owned());
        w.write_record(&row)?;
    }
    w.finish()
}

fn page(changes: &[Change], (before, after): (&str, &str)) -> Page {
    let mut page = Page::new(format!("{before} vs {after}"));
    page.lead(format!(
        "What changed between the run \"{before}\" and the run \"{after}\", both coded with the \
         same codebook. Differences are {after} minus {before}, with 95% intervals."
    ));
    let flagged: Vec<&Change> = changes.iter().filter(|c| c.significant()).collect();
    page.section("Summary");
    if flagged.is_empty() {
        page.paragraph("No theme share, sentiment share or KPI changed significantly (p < 0.05).");
    } else {
        for c in &flagged {
            let (_, kpi, _, id, name) = describe(&c.subject);
            let d = c.difference.expect("flagged changes have a difference");
            let what = match &c.subject {
                Subject::ThemeShare { .. } => format!("share of comments raising {id} {name}"),
                Subject::SentimentShare(label) => format!("share of {label} comments"),
                Subject::Kpi { code: None, .. } => kpi.to_uppercase(),
                Subject::Kpi { .. } => {
                    format!("{} among comments raising {id} {name}", kpi.to_uppercase())
                }
            };
            page.paragraph(&format!(
                "The {what} {} by {:.1} points (95% CI {:.1} to {:.1}).",
                if d.value > 0.0 { "rose" } else { "fell" },
                d.value.abs(),
                d.low,
                d.high
            ));
        }
    }
    page.note(
        "A before/after difference is an association with the change between the periods, not \
         proof that the change caused it; and at p < 0.05 about one test in twenty is flagged \
         by chance.",
    );
    let table_of = |caption: &str, rows: Vec<&Change>| Table {
        caption: caption.to_owned(),
        headers: [
            "Measure",
            before,
            "",
            after,
            "",
            "Difference",
            "95% CI",
            "p",
            "Flag",
        ]
        .map(str::to_owned)
        .to_vec(),
        rows: rows
            .into_iter()
            .map(|c| {
                let (_, kpi, _, id, name) = describe(&c.subject);
                let label = match &c.subject {
                    Subject::ThemeShare { .. } => format!("{id} {name}"),
                    Subject::SentimentShare(l) => l.clone(),
                    Subject::Kpi { code: None, .. } => kpi.to_uppercase(),
                    Subject::Kpi { .. } => format!("{} · {id} {name}", kpi.to_uppercase()),
                };
                let side = |s: &Option<(usize, crate::figures::inference::Estimate)>| match s {
                    Some((n, e)) => [
                        Cell::number(fixed(e.value, 1)),
                        Cell::number(format!("n={n}")),
                    ],
                    None => [Cell::number(""), Cell::number("")],
                };
                let mut row = vec![Cell::text(label)];
                row.extend(side(&c.before));
                row.extend(side(&c.after));
                match c.difference {
                    Some(d) => row.extend([
                        Cell::number(format!("{:+.1}", d.value)),
                        Cell::number(format!("{:.1} to {:.1}", d.low, d.high)),
                        Cell::number(d.p_value.map_or(String::new(), |p| fixed(p, 4))),
                    ]),
                    None => row.extend([Cell::number(""), Cell::number(""), Cell::number("")]),
                }
                row.push(Cell::text(c.flag()).flagged(c.flag()));
                row
            })
            .collect(),
    };
    let themes: Vec<&Change> = changes
        .iter()
        .filter(|c| matches!(c.subject, Subject::ThemeShare { .. }))
        .collect();
    page.section("Theme shares");
    let items: Vec<(String, f64, f64, f64)> = themes
        .iter()
        .filter_map(|c| {
            let (_, _, _, id, name) = describe(&c.subject);
            c.difference
                .map(|d| (format!("{id} {name}"), d.value, d.low, d.high))
        })
        .collect();
    page.figure(
        &svg::interval_chart("Change in theme shares", &items, " pts"),
        "Percentage-point change in the share of comments raising each theme, with 95% \
         intervals; solid dots: the interval excludes zero.",
    );
    page.table(&table_of("Theme shares (% of analysed comments)", themes));
    let sentiment: Vec<&Change> = changes
        .iter()
        .filter(|c| matches!(c.subject, Subject::SentimentShare(_)))
        .collect();
    if !sentiment.is_empty() {
        page.section("Sentiment");
        page.table(&table_of("Comment sentiment (% of comments)", sentiment));
    }
    let kpis: Vec<&Change> = changes
        .iter()
        .filter(|c| matches!(c.subject, Subject::Kpi { .. }))
        .collect();
    if !kpis.is_empty() {
        page.section("KPIs");
        page.table(&table_of(
            "KPIs overall and among comments raising each theme",
            kpis,
        ));
    }
    page
}
