//! Key drivers: how each theme goes with each KPI.
//!
//! For a theme, the KPI among analysed comments raising it is set against the KPI among those
//! that do not, with the difference's 95% interval. The theme's *impact* is how far the
//! overall score sits from the score without the theme's comments (overall − without), the
//! measure Thematic popularised: −8 means the theme pulls the overall score down by 8 points.
//! This is an association in observational data, never evidence that the theme causes the
//! score; every table carries that sentence ([`CAUTION`]).

use crate::figures::inference::Difference;
use crate::figures::kpi::{self, Answers, Kind, Measure, Tally};

/// Printed with every driver table.
pub const CAUTION: &str = "Association, not evidence of cause: comments raising a theme may \
differ from the others in ways the survey did not measure.";

/// One theme against one KPI.
#[derive(Debug, Clone, PartialEq)]
pub struct DriverRow {
    pub kpi: Kind,
    pub theme: usize,
    pub with: Measure,
    pub without: Measure,
    /// `with − without`.
    pub difference: Difference,
    /// Overall score minus the score without the theme's comments.
    pub impact: f64,
}

/// Every (KPI, theme) pair where both groups have answers, KPIs in mapping order.
pub fn compute(
    answers: &[Answers],
    analysed: &[usize],
    record_themes: &[Vec<usize>],
    n_themes: usize,
) -> Vec<DriverRow> {
    let mut rows = Vec::new();
    for a in answers {
        // One pass tallies every theme's answers; the rest of a theme is the whole minus it.
        let mut all = Tally::default();
        let mut with = vec![Tally::default(); n_themes];
        for &i in analysed {
            let Some(v) = a.values[i] else {
                continue;
            };
            all.add(a.kind, v);
            for &theme in &record_themes[i] {
                with[theme - 1].add(a.kind, v);
            }
        }
        let Some(overall) = all.measure(a.kind) else {
            continue;
        };
        for (theme, with) in (1..=n_themes).zip(&with) {
            let (Some(without), Some(with)) =
                (all.minus(with).measure(a.kind), with.measure(a.kind))
            else {
                continue;
            };
            rows.push(DriverRow {
                kpi: a.kind,
                theme,
                with,
                without,
                difference: kpi::difference(&without, &with),
                impact: overall.estimate.value - without.estimate.value,
            });
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn driver_figures_match_hand_computation() {
        // Six NPS answers; theme 1 is raised by the two detractors (0, 3).
        // With: NPS −100 (n 2). Without: 9, 10, 8, 10 → 3 promoters, 1 passive: +75 (n 4).
        // Overall: 3 promoters, 2 detractors of 6 → +16.67, so impact = 16.67 − 75 = −58.33.
        let answers = Answers {
            kind: Kind::Nps,
            column: "nps".into(),
            values: [0.0, 3.0, 9.0, 10.0, 8.0, 10.0].map(Some).to_vec(),
        };
        let themes = vec![vec![1], vec![1], vec![], vec![2], vec![], vec![]];
        let rows = compute(&[answers], &[0, 1, 2, 3, 4, 5], &themes, 2);
        assert_eq!(rows.len(), 2);
        let r = &rows[0];
        assert_eq!((r.theme, r.with.n, r.without.n), (1, 2, 4));
        assert!((r.with.estimate.value + 100.0).abs() < 1e-9);
        assert!((r.without.estimate.value - 75.0).abs() < 1e-9);
        assert!((r.difference.value + 175.0).abs() < 1e-9);
        assert!((r.impact + 58.333_333).abs() < 1e-5);
        // Theme 2's one comment is a promoter: without it 2 promoters and 2 detractors of 5
        // score 0, so the theme lifts the overall score by 16.67.
        assert!((rows[1].without.estimate.value).abs() < 1e-9);
        assert!((rows[1].impact - 100.0 / 6.0).abs() < 1e-9);
    }
}
