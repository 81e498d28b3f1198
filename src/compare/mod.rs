//! Before/after comparison of two finished runs (`verbatim compare BEFORE AFTER`): theme shares,
//! comment sentiment and KPIs, each with the difference, its 95% interval and a test.
//!
//! Only the runs' documented outputs are read (`run.json`, `coded.csv`, `codebook.toml`), so
//! any two output folders compare, however old. Themes are matched by code id, which is only
//! meaningful when both runs were coded with the same codebook: shared ids must have identical
//! centroids, otherwise the comparison is refused.

use crate::codebook::Codebook;
use crate::error::{Error, ErrorKind, Result};
use crate::figures::inference::{self, Estimate};
use crate::figures::kpi::{self, Kind, Measure};
use crate::figures::trends::ALPHA;
use crate::outputs::{cell, schema, OutputTable};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

mod write;

/// One run's figures, read back from its folder.
#[derive(Debug, Clone)]
pub struct RunFigures {
    pub label: String,
    /// The run's `output.min_cell_count`: smaller non-zero counts are not shown.
    pub min_cell_count: usize,
    /// Analysed comments (coded or uncoded).
    pub analysed: usize,
    /// (code id, name) in codebook order.
    pub codes: Vec<(String, String)>,
    /// Per code id: analysed comments raising it.
    pub theme_comments: BTreeMap<String, usize>,
    /// Per sentiment label: analysed comments with it (empty when sentiment was off).
    pub sentiment: BTreeMap<String, usize>,
    /// Per KPI: answers of every row (KPIs over all respondents, as in kpis.csv).
    pub kpis: Vec<(Kind, Vec<Option<f64>>)>,
    /// Per row: analysed, and its code ids.
    pub rows: Vec<(bool, Vec<String>)>,
}

/// What a comparison row measures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Subject {
    /// % of analysed comments raising the code.
    ThemeShare { code: String, name: String },
    /// % of analysed comments with this sentiment roll-up.
    SentimentShare(String),
    /// A KPI overall, or among comments raising a code.
    Kpi {
        kind: Kind,
        code: Option<(String, String)>,
    },
}

/// One figure before and after.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub subject: Subject,
    /// (base, estimate with interval); `None` when that run has no data for it.
    pub before: Option<(usize, Estimate)>,
    pub after: Option<(usize, Estimate)>,
    /// after − before with its interval, and the test's p-value.
    pub difference: Option<inference::Difference>,
    /// A count on either side is below the runs' `min_cell_count`: no figures are shown.
    pub suppressed: bool,
}

impl Change {
    /// Whether the change is flagged `rise` or `fall`.
    pub fn significant(&self) -> bool {
        matches!(self.flag(), "rise" | "fall")
    }

    /// `rise`, `fall` or empty at p < [`ALPHA`]; `suppressed` for a withheld small cell.
    pub fn flag(&self) -> &'static str {
        if self.suppressed {
            return "suppressed";
        }
        match self.difference {
            Some(d) if d.p_value.is_some_and(|p| p < ALPHA) && d.value > 0.0 => "rise",
            Some(d) if d.p_value.is_some_and(|p| p < ALPHA) && d.value < 0.0 => "fall",
            _ => "",
        }
    }
}

/// Reads one run folder. Errors name the file (and row) at fault.
pub fn read_run(dir: &Path, label: String) -> Result<RunFigures> {
    let run_json = dir.join(schema::RUN_JSON);
    let text = std::fs::read_to_string(&run_json)
        .map_err(|e| Error::io(ErrorKind::Input, &run_json, e))?;
    let meta: serde_json::Value = serde_json::from_str(&text).map_err(|e| {
        Error::input(
            &run_json,
            None,
            None,
            format!("not a Verbatim run.json: {e}"),
        )
    })?;
    let codebook = Codebook::load(&dir.join(schema::CODEBOOK_TOML))?;
    let coded = OutputTable::read(&dir.join(schema::coded::FILE))?;
    let (status_at, themes_at, sentiment_at) = (
        coded.column(schema::coded::STATUS)?,
        coded.column(schema::coded::THEME_IDS)?,
        coded.column(schema::coded::SENTIMENT)?,
    );
    let mut kpi_columns = Vec::new();
    for kind in Kind::ALL {
        if let Some(col) = meta["pipeline"]["kpi"][kind.name()].as_str() {
            kpi_columns.push((kind, col.to_owned(), coded.column(col)?));
        }
    }
    let mut figures = RunFigures {
        label,
        min_cell_count: meta["pipeline"]["output"]["min_cell_count"]
            .as_u64()
            .map_or(5, |n| n as usize),
        analysed: 0,
        codes: codebook
            .codes
            .iter()
            .filter(|c| c.centroid.is_some())
            .map(|c| (c.id.clone(), c.name.clone()))
            .collect(),
        theme_comments: BTreeMap::new(),
        sentiment: BTreeMap::new(),
        kpis: kpi_columns
            .iter()
            .map(|(kind, _, _)| (*kind, Vec::new()))
            .collect(),
        rows: Vec::new(),
    };
    for (row, record) in coded.rows() {
        let cell = |at: usize| cell(record, at).to_owned();
        let status = cell(status_at);
        let analysed = status == "coded" || status == "uncoded";
        let codes: Vec<String> = cell(themes_at)
            .split(';')
            .filter(|c| !c.is_empty())
            .map(str::to_owned)
            .collect();
        if analysed {
            figures.analysed += 1;
            for code in &codes {
                *figures.theme_comments.entry(code.clone()).or_default() += 1;
            }
            let label = cell(sentiment_at);
            if !label.is_empty() {
                *figures.sentiment.entry(label.to_owned()).or_default() += 1;
            }
        }
        for ((kind, name, at), (_, values)) in kpi_columns.iter().zip(&mut figures.kpis) {
            let value =
                kpi::parse(*kind, cell(*at).trim()).map_err(|why| coded.error(row, name, &why))?;
            values.push(value);
        }
        figures.rows.push((analysed, codes));
    }
    Ok(figures)
}

/// Refuses runs whose codebooks give a shared code id different centroids, or share none.
pub fn check_same_codebook(before: &Path, after: &Path) -> Result<()> {
    let (a, b) = (
        Codebook::load(&before.join(schema::CODEBOOK_TOML))?,
        Codebook::load(&after.join(schema::CODEBOOK_TOML))?,
    );
    let refuse = |why: String| {
        Err(Error::config(format!(
            "{why}: the runs were not coded with the same codebook, so their themes cannot be \
             compared. Code the later data with the earlier run's codebook: verbatim run \
             PIPELINE --codebook {}",
            before.join(schema::CODEBOOK_TOML).display()
        )))
    };
    let mut shared = 0;
    for code in a.codes.iter().filter(|c| c.centroid.is_some()) {
        if let Some(other) = b.codes.iter().find(|c| c.id == code.id) {
            if other.centroid != code.centroid {
                return refuse(format!("code '{}' differs between the runs", code.id));
            }
            shared += 1;
        }
    }
    if shared == 0 {
        return refuse("no code id is shared".to_owned());
    }
    Ok(())
}

fn share(count: usize, base: usize) -> Option<(usize, Estimate)> {
    let e = inference::wilson(count, base)?;
    Some((
        base,
        Estimate {
            value: 100.0 * e.value,
            low: 100.0 * e.low,
            high: 100.0 * e.high,
        },
    ))
}

/// The share difference in points with a Wald interval and the pooled two-proportion test.
fn share_difference(x1: usize, n1: usize, x2: usize, n2: usize) -> Option<inference::Difference> {
    if n1 == 0 || n2 == 0 {
        return None;
    }
    let (p1, p2) = (x1 as f64 / n1 as f64, x2 as f64 / n2 as f64);
    let se = |p: f64, n: usize| 100.0 * (p * (1.0 - p) / n as f64).sqrt();
    let mut d = inference::difference(100.0 * p1, se(p1, n1), 100.0 * p2, se(p2, n2));
    d.p_value = inference::two_proportions(x1, n1, x2, n2).map(|(_, _, p)| p);
    Some(d)
}

/// Every theme share, sentiment share and KPI (overall and per theme) before vs after; figures
/// resting on a count from 1 to `min_cell_count − 1` in either run are withheld (disclosure
/// control, as in the runs' own tables).
pub fn compare(before: &RunFigures, after: &RunFigures) -> Vec<Change> {
    let min = before.min_cell_count.max(after.min_cell_count);
    let mut changes = changes(before, after);
    for c in &mut changes {
        let small = |side: &Option<(usize, Estimate)>| {
            side.is_some_and(|(n, e)| {
                let count = match c.subject {
                    Subject::Kpi { .. } => n,
                    _ => (e.value / 100.0 * n as f64).round() as usize,
                };
                count > 0 && count < min
            })
        };
        if small(&c.before) || small(&c.after) {
            c.suppressed = true;
            c.before = None;
            c.after = None;
            c.difference = None;
        }
    }
    changes
}

fn changes(before: &RunFigures, after: &RunFigures) -> Vec<Change> {
    let mut codes: Vec<(String, String)> = before.codes.clone();
    for code in &after.codes {
        if !codes.iter().any(|(id, _)| *id == code.0) {
            codes.push(code.clone());
        }
    }
    let has = |run: &RunFigures, id: &str| run.codes.iter().any(|(c, _)| c == id);
    let mut out = Vec::new();
    for (id, name) in &codes {
        let count = |run: &RunFigures| run.theme_comments.get(id).copied().unwrap_or(0);
        let (b, a) = (count(before), count(after));
        let (in_b, in_a) = (has(before, id), has(after, id));
        out.push(Change {
            subject: Subject::ThemeShare {
                code: id.clone(),
                name: name.clone(),
            },
            before: share(b, before.analysed).filter(|_| in_b),
            after: share(a, after.analysed).filter(|_| in_a),
            difference: share_difference(b, before.analysed, a, after.analysed)
                .filter(|_| in_b && in_a),
            suppressed: false,
        });
    }
    if !before.sentiment.is_empty() && !after.sentiment.is_empty() {
        for label in crate::sentiment::ROLLUP_LABELS {
            let count = |run: &RunFigures| run.sentiment.get(label).copied().unwrap_or(0);
            let base = |run: &RunFigures| run.sentiment.values().sum::<usize>();
            out.push(Change {
                subject: Subject::SentimentShare(label.to_owned()),
                before: share(count(before), base(before)),
                after: share(count(after), base(after)),
                difference: share_difference(
                    count(before),
                    base(before),
                    count(after),
                    base(after),
                ),
                suppressed: false,
            });
        }
    }
    for (kind, before_values) in &before.kpis {
        let Some((_, after_values)) = after.kpis.iter().find(|(k, _)| k == kind) else {
            continue;
        };
        let groups = std::iter::once(None).chain(codes.iter().map(Some));
        for code in groups {
            let members = |run: &RunFigures| -> Vec<usize> {
                (0..run.rows.len())
                    .filter(|&i| match code {
                        None => true,
                        Some((id, _)) => run.rows[i].0 && run.rows[i].1.contains(id),
                    })
                    .collect()
            };
            let mb = kpi::measure(*kind, before_values, &members(before));
            let ma = kpi::measure(*kind, after_values, &members(after));
            let point = |m: Option<Measure>| m.map(|m| (m.n, m.estimate));
            out.push(Change {
                subject: Subject::Kpi {
                    kind: *kind,
                    code: code.cloned(),
                },
                before: point(mb),
                after: point(ma),
                difference: mb.zip(ma).map(|(b, a)| {
                    inference::difference(b.estimate.value, b.se, a.estimate.value, a.se)
                }),
                suppressed: false,
            });
        }
    }
    out
}

/// What `verbatim compare` found.
#[derive(Debug, Clone)]
pub struct Comparison {
    pub labels: (String, String),
    pub changes: Vec<Change>,
}

/// `verbatim compare`: reads two runs' folders (refusing runs coded with different codebooks),
/// compares their figures and writes `compare.csv` and `compare.html` into `out` (replaced
/// atomically). `labels` name the runs; by default, their folders' names.
pub fn run(
    before: &Path,
    after: &Path,
    labels: Option<(String, String)>,
    out: &Path,
) -> Result<Comparison> {
    let folder_name = |p: &Path| {
        p.file_name().map_or_else(
            || p.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        )
    };
    let (before_label, after_label) =
        labels.unwrap_or_else(|| (folder_name(before), folder_name(after)));
    check_same_codebook(before, after)?;
    let before = read_run(before, before_label)?;
    let after = read_run(after, after_label)?;
    let changes = compare(&before, &after);
    write::write(out, &changes, (&before.label, &after.label))?;
    Ok(Comparison {
        labels: (before.label, after.label),
        changes,
    })
}

/// The default output folder of `verbatim compare`.
pub fn default_out_dir() -> PathBuf {
    Path::new("out").join("compare")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(label: &str, analysed: usize, late: usize) -> RunFigures {
        RunFigures {
            label: label.into(),
            min_cell_count: 5,
            analysed,
            codes: vec![("T1".into(), "late".into())],
            theme_comments: [("T1".to_owned(), late)].into_iter().collect(),
            sentiment: BTreeMap::new(),
            kpis: Vec::new(),
            rows: Vec::new(),
        }
    }

    #[test]
    fn theme_share_change_matches_hand_computation() {
        // 30 of 100 before, 45 of 100 after: +15 points, pooled z-test p = 0.0285;
        // Wald interval 15 ± 1.96·√(0.21/100 + 0.2475/100)·100 = 15 ± 13.26.
        let changes = compare(&run("before", 100, 30), &run("after", 100, 45));
        assert_eq!(changes.len(), 1);
        let c = &changes[0];
        let d = c.difference.unwrap();
        assert!((d.value - 15.0).abs() < 1e-9);
        assert!((d.p_value.unwrap() - 0.02846).abs() < 2e-4);
        let half = inference::Z95 * ((0.21 + 0.2475) / 100.0f64).sqrt() * 100.0;
        assert!((d.high - 15.0 - half).abs() < 1e-9);
        assert_eq!(c.flag(), "rise");
        assert!((c.before.unwrap().1.value - 30.0).abs() < 1e-9);
        // 3 of 100 is a small cell: withheld.
        let small = compare(&run("before", 100, 3), &run("after", 100, 45));
        assert!(small[0].suppressed && small[0].before.is_none());
        assert_eq!(small[0].flag(), "suppressed");
    }
}
