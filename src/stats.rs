//! Figures derived from a finished run: per-comment themes and frequency tables.
//!
//! Percentages of comments use as base the comments that were analysed (coded or uncoded);
//! skipped comments are counted but never enter a base.

use crate::segment::SkipReason;
use crate::stage::RunState;
use std::collections::{BTreeMap, BTreeSet};

/// The outcome for one input record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RecordStatus {
    /// At least one segment got a theme.
    Coded,
    /// Analysed, but no segment was close enough to any theme.
    Uncoded,
    Skipped(SkipReason),
}

impl RecordStatus {
    pub fn label(&self) -> String {
        match self {
            RecordStatus::Coded => "coded".to_owned(),
            RecordStatus::Uncoded => "uncoded".to_owned(),
            RecordStatus::Skipped(reason) => format!("skipped:{}", reason.as_str()),
        }
    }
}

/// One row of a frequency table.
#[derive(Debug, Clone, PartialEq)]
pub struct FrequencyRow {
    /// `theme` for the overall table, or the metadata column crossed with themes.
    pub column: String,
    /// The metadata value (empty for the overall table).
    pub value: String,
    /// Theme id, or `None` for the uncoded bucket.
    pub theme: Option<usize>,
    pub segments: usize,
    pub comments: usize,
    /// Analysed comments in this column value (the percentage base).
    pub base: usize,
    pub percent: f64,
}

/// Per-record results and frequency tables.
#[derive(Debug, Clone)]
pub struct Stats {
    pub status: Vec<RecordStatus>,
    /// Theme ids per record, ascending.
    pub record_themes: Vec<Vec<usize>>,
    /// Segments per record.
    pub record_segments: Vec<usize>,
    pub frequencies: Vec<FrequencyRow>,
    /// Comments per theme id (index 0 = theme 1).
    pub theme_comments: Vec<usize>,
    pub analysed: usize,
}

impl Stats {
    pub fn count(&self, wanted: impl Fn(&RecordStatus) -> bool) -> usize {
        self.status.iter().filter(|s| wanted(s)).count()
    }
}

pub fn compute(state: &RunState) -> Stats {
    let n = state.dataset.records.len();
    let n_themes = state.themes.as_ref().map_or(0, |t| t.themes.len());
    let mut record_themes: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); n];
    let mut record_segments = vec![0usize; n];
    // Per record: segments per theme, and segments left uncoded.
    let mut seg_by_theme: Vec<BTreeMap<Option<usize>, usize>> = vec![BTreeMap::new(); n];
    for (i, seg) in state.segments.iter().enumerate() {
        record_segments[seg.record] += 1;
        let theme = state.themes.as_ref().and_then(|t| t.assignment[i]);
        if let Some(id) = theme {
            record_themes[seg.record].insert(id);
        }
        *seg_by_theme[seg.record].entry(theme).or_default() += 1;
    }
    let status: Vec<RecordStatus> = (0..n)
        .map(|i| match state.skipped[i] {
            Some(reason) => RecordStatus::Skipped(reason),
            None if record_themes[i].is_empty() => RecordStatus::Uncoded,
            None => RecordStatus::Coded,
        })
        .collect();
    let analysed: Vec<usize> = (0..n).filter(|&i| state.skipped[i].is_none()).collect();

    let mut frequencies = Vec::new();
    let mut theme_comments = vec![0usize; n_themes];
    // Overall table, then one cross-table per configured column.
    let mut tables: Vec<(String, Option<usize>)> = vec![("theme".to_owned(), None)];
    for col in &state.config.output.frequency_columns {
        let idx = state.dataset.meta_columns.iter().position(|c| c == col);
        tables.push((col.clone(), idx));
    }
    for (column, meta_idx) in tables {
        let mut groups: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for &i in &analysed {
            let value = match meta_idx {
                Some(m) => state.dataset.records[i].meta[m].trim().to_owned(),
                None => String::new(),
            };
            groups.entry(value).or_default().push(i);
        }
        for (value, members) in groups {
            let base = members.len();
            let mut theme_ids: Vec<Option<usize>> = (1..=n_themes).map(Some).collect();
            theme_ids.push(None);
            for theme in theme_ids {
                let (mut segments, mut comments) = (0, 0);
                for &i in &members {
                    let segs = seg_by_theme[i].get(&theme).copied().unwrap_or(0);
                    let has = match theme {
                        Some(id) => record_themes[i].contains(&id),
                        None => status[i] == RecordStatus::Uncoded,
                    };
                    segments += segs;
                    comments += usize::from(has);
                }
                if meta_idx.is_none() {
                    if let Some(id) = theme {
                        theme_comments[id - 1] = comments;
                    }
                }
                frequencies.push(FrequencyRow {
                    column: column.clone(),
                    value: value.clone(),
                    theme,
                    segments,
                    comments,
                    base,
                    percent: percent(comments, base),
                });
            }
        }
    }
    Stats {
        status,
        record_themes: record_themes
            .into_iter()
            .map(|s| s.into_iter().collect())
            .collect(),
        record_segments,
        frequencies,
        theme_comments,
        analysed: analysed.len(),
    }
}

/// `part / whole` in percent, 0 when the base is empty.
pub fn percent(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        100.0 * part as f64 / whole as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_handles_empty_base() {
        assert_eq!(percent(0, 0), 0.0);
        assert_eq!(percent(1, 4), 25.0);
    }
}
