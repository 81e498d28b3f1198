//! Improvement priorities: a rule-based ranking of themes, every part of the score shown.
//!
//! `score = volume × negativity × drag`, where volume is the share of analysed comments raising
//! the theme, negativity the share of its segments scored negative (1 when sentiment is off)
//! and drag how many points the theme pulls the driver KPI down (`−impact`, see
//! [`crate::figures::drivers`]; 1 when no KPI is mapped). A theme that lifts the KPI has no drag and is
//! a strength, not a priority. Evidence quotes are the theme's most typical negative segments.

use crate::figures::drivers::DriverRow;
use crate::figures::kpi::Kind;
use crate::record::Record;
use crate::segment::Segment;
use crate::themes::ThemeModel;
use std::collections::BTreeSet;

/// Quotes shorter than this many words are used only when nothing longer is left.
const QUOTE_MIN_WORDS: usize = 5;

/// One ranked priority.
#[derive(Debug, Clone, PartialEq)]
pub struct Priority {
    pub rank: usize,
    pub theme: usize,
    /// % of analysed comments raising the theme.
    pub volume: f64,
    pub comments: usize,
    /// % of the theme's segments scored negative (`None` when sentiment is off).
    pub negativity: Option<f64>,
    /// The driver row for the driver KPI (`None` when no KPI is mapped).
    pub driver: Option<DriverRow>,
    pub score: f64,
    /// (record id, redacted segment text).
    pub quotes: Vec<(String, String)>,
}

/// What ranking needs per theme.
pub struct PriorityInput<'a> {
    pub model: &'a ThemeModel,
    pub segments: &'a [Segment],
    pub records: &'a [Record],
    /// Sentiment label index per segment (0 = negative), when sentiment ran.
    pub segment_labels: Option<Vec<usize>>,
    /// Comments raising each theme (index 0 = theme 1) and the analysed total.
    pub theme_comments: &'a [usize],
    pub analysed: usize,
    pub drivers: &'a [DriverRow],
    pub driver_kpi: Option<Kind>,
    pub limit: usize,
    pub quotes: usize,
}

/// The top `limit` themes by score, highest first (ties by theme id); themes scoring 0 are
/// left out.
pub fn rank(input: &PriorityInput<'_>) -> Vec<Priority> {
    let n_themes = input.model.themes.len();
    let mut negative = vec![0usize; n_themes];
    let mut segments = vec![0usize; n_themes];
    for i in 0..input.segments.len() {
        for id in input.model.codes_of(i) {
            segments[id - 1] += 1;
            if let Some(labels) = &input.segment_labels {
                negative[id - 1] += usize::from(labels[i] == 0);
            }
        }
    }
    let mut out: Vec<Priority> = (1..=n_themes)
        .filter_map(|id| {
            let comments = input.theme_comments[id - 1];
            let volume = crate::figures::percent(comments, input.analysed);
            let negativity = input
                .segment_labels
                .as_ref()
                .map(|_| crate::figures::percent(negative[id - 1], segments[id - 1]));
            let driver = input.driver_kpi.and_then(|kind| {
                input
                    .drivers
                    .iter()
                    .find(|d| d.kpi == kind && d.theme == id)
                    .cloned()
            });
            let drag = match (&driver, input.driver_kpi) {
                (Some(d), _) => (-d.impact).max(0.0),
                (None, Some(_)) => 0.0,
                (None, None) => 1.0,
            };
            let score = score(volume, negativity, drag);
            (score > 0.0).then(|| Priority {
                rank: 0,
                theme: id,
                volume,
                comments,
                negativity,
                driver,
                score,
                quotes: Vec::new(),
            })
        })
        .collect();
    out.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.theme.cmp(&b.theme)));
    out.truncate(input.limit);
    for (i, p) in out.iter_mut().enumerate() {
        p.rank = i + 1;
        p.quotes = quotes(input, p.theme);
    }
    out
}

/// `volume × negativity × drag` with the percentages as fractions.
fn score(volume: f64, negativity: Option<f64>, drag: f64) -> f64 {
    volume / 100.0 * negativity.map_or(1.0, |n| n / 100.0) * drag
}

/// The priority as one templated sentence: the figures behind its score, nothing generated.
pub fn action(p: &Priority, theme_name: &str, unit: &str) -> String {
    let mut s = format!(
        "Prioritise \"{theme_name}\": raised in {:.1}% of {unit}s ({})",
        p.volume, p.comments
    );
    if let Some(neg) = p.negativity {
        s.push_str(&format!(", {neg:.0}% of its mentions negative"));
    }
    if let Some(d) = &p.driver {
        let kpi = d.kpi.name().to_uppercase();
        s.push_str(&format!(
            "; {kpi} {:.1} among {unit}s raising it vs {:.1} among the rest, pulling the \
             overall {kpi} down by {:.1}",
            d.with.estimate.value, d.without.estimate.value, -d.impact
        ));
    }
    s.push('.');
    s
}

/// The theme's most central negative segments (all its segments when sentiment is off), one
/// per comment, distinct texts, preferring quotes of at least [`QUOTE_MIN_WORDS`] words.
fn quotes(input: &PriorityInput<'_>, theme: usize) -> Vec<(String, String)> {
    let model = input.model;
    let mut candidates: Vec<usize> = (0..input.segments.len())
        .filter(|&i| model.assignment[i] == Some(theme))
        .filter(|&i| input.segment_labels.as_ref().is_none_or(|l| l[i] == 0))
        .collect();
    let words = |i: usize| {
        input.segments[i]
            .text(input.records)
            .split_whitespace()
            .count()
    };
    candidates.sort_by(|&a, &b| {
        (words(b) >= QUOTE_MIN_WORDS)
            .cmp(&(words(a) >= QUOTE_MIN_WORDS))
            .then(model.similarity[b].total_cmp(&model.similarity[a]))
            .then(a.cmp(&b))
    });
    let (mut seen_records, mut seen_texts) = (BTreeSet::new(), BTreeSet::new());
    let mut out = Vec::new();
    for i in candidates {
        let seg = &input.segments[i];
        let text = seg.text(input.records);
        if seen_records.insert(seg.record) && seen_texts.insert(text.to_lowercase()) {
            out.push((input.records[seg.record].id.clone(), text.to_owned()));
            if out.len() == input.quotes {
                break;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::figures::inference::{Difference, Estimate};
    use crate::figures::kpi::Measure;

    #[test]
    fn score_multiplies_its_parts_and_the_action_states_them() {
        // 20% of comments, 75% negative, NPS drag 8 points → 0.2 × 0.75 × 8 = 1.2.
        assert!((score(20.0, Some(75.0), 8.0) - 1.2).abs() < 1e-12);
        assert!((score(20.0, None, 1.0) - 0.2).abs() < 1e-12);
        let m = |value, n| Measure {
            estimate: Estimate {
                value,
                low: value,
                high: value,
            },
            se: 1.0,
            n,
        };
        let p = Priority {
            rank: 1,
            theme: 2,
            volume: 20.0,
            comments: 40,
            negativity: Some(75.0),
            driver: Some(DriverRow {
                kpi: Kind::Nps,
                theme: 2,
                with: m(-70.0, 40),
                without: m(-30.0, 160),
                difference: Difference {
                    value: -40.0,
                    low: -50.0,
                    high: -30.0,
                    p_value: Some(0.001),
                },
                impact: -8.0,
            }),
            score: 1.2,
            quotes: Vec::new(),
        };
        assert_eq!(
            action(&p, "late deliveries", "comment"),
            "Prioritise \"late deliveries\": raised in 20.0% of comments (40), 75% of its \
             mentions negative; NPS -70.0 among comments raising it vs -30.0 among the rest, \
             pulling the overall NPS down by 8.0."
        );
    }
}
