//! Figures derived from a finished run: per-comment themes and frequency tables.
//!
//! Percentages of comments use as base the comments that were analysed (coded or uncoded);
//! skipped comments are counted but never enter a base.

use super::percent;
use crate::figures::drivers::{self, DriverRow};
use crate::figures::inference;
use crate::figures::kpi::{self, Group, KpiRow};
use crate::figures::recommend::{self, Priority, PriorityInput};
use crate::figures::threads;
use crate::figures::trends::{self, TrendInput, TrendRow};
use crate::pipeline::stage::RunState;
use crate::segment::SkipReason;
use crate::sentiment::{self, Rollup, Sentiment};
use std::collections::{BTreeMap, BTreeSet, HashMap};

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
    /// Analysed segments in this column value (the base of `% of segments`).
    pub segment_base: usize,
    pub comments: usize,
    /// Analysed comments in this column value (the percentage base).
    pub base: usize,
    pub percent: f64,
    /// Cross-tables only: chi-square test of independence between mentioning the theme and
    /// the column (a 2 × values table: comments with / without the theme per value), as
    /// (statistic, degrees of freedom, p-value), repeated on each of the theme's rows.
    pub test: Option<(f64, usize, f64)>,
    /// With `input.respondent_column`: distinct respondents raising the theme, and distinct
    /// respondents in the group (the base of `% of respondents`).
    pub respondents: Option<(usize, usize)>,
    /// Cross-tables only: adjusted standardised residual of this value's "mentions the theme"
    /// cell; beyond ±2 the value mentions the theme more (less) than independence predicts.
    pub residual: Option<f64>,
}

/// How a frequency table groups comments.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Grouping {
    All,
    Meta(usize),
    Sentiment,
}

/// Sentiment of the segments coded to one theme.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct ThemeSentiment {
    /// Segments labelled negative, neutral, positive.
    pub counts: [usize; 3],
    pub mean_score: f32,
}

/// Per-record results and frequency tables.
#[derive(Debug, Clone)]
pub struct Stats {
    /// Per record: the rolled-up sentiment (None when skipped or sentiment is off).
    pub comment_sentiment: Vec<Option<Rollup>>,
    /// Per theme (index 0 = theme 1), when sentiment is on.
    pub theme_sentiment: Vec<ThemeSentiment>,
    pub status: Vec<RecordStatus>,
    /// Theme ids per record, ascending.
    pub record_themes: Vec<Vec<usize>>,
    /// Segments per record.
    pub record_segments: Vec<usize>,
    pub frequencies: Vec<FrequencyRow>,
    /// Comments per theme id (index 0 = theme 1).
    pub theme_comments: Vec<usize>,
    pub analysed: usize,
    /// Each mapped KPI overall (every respondent), per theme and per frequency column value.
    pub kpis: Vec<KpiRow>,
    /// Per period, when `[trends]` is configured.
    pub trends: Vec<TrendRow>,
    /// Every theme against every mapped KPI.
    pub drivers: Vec<DriverRow>,
    /// The KPI weighing priorities (`report.driver_kpi`, else the first mapped).
    pub driver_kpi: Option<kpi::Kind>,
    pub priorities: Vec<Priority>,
    /// Request threads of a social run with `social.parent_column` (else empty).
    pub threads: Vec<threads::Thread>,
}

impl Stats {
    pub fn count(&self, wanted: impl Fn(&RecordStatus) -> bool) -> usize {
        self.status.iter().filter(|s| wanted(s)).count()
    }
}

pub fn compute(state: &RunState) -> Stats {
    let n_themes = state.themes.as_ref().map_or(0, |t| t.themes.len());
    let coding = Coding::of(state);
    let status = statuses(state, &coding.record_themes);
    let analysed: Vec<usize> = (0..status.len())
        .filter(|&i| state.skipped[i].is_none())
        .collect();
    let comment_sentiment = comment_sentiment(state);
    let (frequencies, theme_comments) = frequency_tables(
        state,
        &coding,
        &status,
        &analysed,
        &comment_sentiment,
        n_themes,
    );
    let theme_sentiment = theme_sentiment(state, n_themes);
    let Coding {
        record_themes,
        record_segments,
        ..
    } = coding;
    let record_themes: Vec<Vec<usize>> = record_themes
        .into_iter()
        .map(|s| s.into_iter().collect())
        .collect();
    let kpis = kpi::rows(&state.kpis, &kpi_groups(state, &record_themes));
    let trends = match &state.periods {
        Some(periods) => trends::compute(&TrendInput {
            periods,
            analysed: &analysed,
            record_themes: &record_themes,
            n_themes,
            sentiment: state.sentiment.is_some().then(|| {
                comment_sentiment
                    .iter()
                    .map(|r| r.map(|r| r.label))
                    .collect()
            }),
            kpis: &state.kpis,
        }),
        None => Vec::new(),
    };
    let drivers = drivers::compute(&state.kpis, &analysed, &record_themes, n_themes);
    let driver_kpi = match &state.config.report.driver_kpi {
        Some(kind) => state.kpis.iter().find(|a| a.kind == *kind),
        None => state.kpis.first(),
    }
    .map(|a| a.kind);
    let priorities = state.themes.as_ref().map_or(Vec::new(), |model| {
        recommend::rank(&PriorityInput {
            model,
            segments: &state.segments,
            records: &state.dataset.records,
            segment_labels: state
                .sentiment
                .as_ref()
                .map(|s| s.iter().map(|s| s.label).collect()),
            theme_comments: &theme_comments,
            analysed: analysed.len(),
            drivers: &drivers,
            driver_kpi,
            limit: state.config.report.recommendations,
            quotes: state.config.report.quotes,
        })
    });
    let threads = threads::of_run(state, &comment_sentiment);
    Stats {
        comment_sentiment,
        theme_sentiment,
        status,
        record_themes,
        record_segments,
        frequencies,
        theme_comments,
        analysed: analysed.len(),
        kpis,
        trends,
        drivers,
        driver_kpi,
        priorities,
        threads,
    }
}

/// Which themes each record raised, from its segments' codes.
struct Coding {
    /// Per record: the themes its segments got.
    record_themes: Vec<BTreeSet<usize>>,
    /// Per record: its segments.
    record_segments: Vec<usize>,
    /// Per record: segments per theme (`None`: left uncoded).
    seg_by_theme: Vec<BTreeMap<Option<usize>, usize>>,
}

impl Coding {
    fn of(state: &RunState) -> Coding {
        let n = state.dataset.records.len();
        let mut record_themes: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); n];
        let mut record_segments = vec![0usize; n];
        // Per record: segments per theme, and segments left uncoded.
        let mut seg_by_theme: Vec<BTreeMap<Option<usize>, usize>> = vec![BTreeMap::new(); n];
        for (i, seg) in state.segments.iter().enumerate() {
            record_segments[seg.record] += 1;
            // A segment with several codes counts once under each.
            let codes: Vec<usize> = state
                .themes
                .as_ref()
                .map_or(Vec::new(), |t| t.codes_of(i).collect());
            if codes.is_empty() {
                *seg_by_theme[seg.record].entry(None).or_default() += 1;
            }
            for id in codes {
                record_themes[seg.record].insert(id);
                *seg_by_theme[seg.record].entry(Some(id)).or_default() += 1;
            }
        }
        Coding {
            record_themes,
            record_segments,
            seg_by_theme,
        }
    }
}

/// Each record's status: skipped (and why), coded, or analysed but uncoded.
fn statuses(state: &RunState, record_themes: &[BTreeSet<usize>]) -> Vec<RecordStatus> {
    state
        .skipped
        .iter()
        .zip(record_themes)
        .map(|(skipped, themes)| match skipped {
            Some(reason) => RecordStatus::Skipped(*reason),
            None if themes.is_empty() => RecordStatus::Uncoded,
            None => RecordStatus::Coded,
        })
        .collect()
}

/// The frequency tables (overall, per configured column, per comment sentiment) with their
/// independence tests, and each theme's analysed comments overall.
fn frequency_tables(
    state: &RunState,
    coding: &Coding,
    status: &[RecordStatus],
    analysed: &[usize],
    comment_sentiment: &[Option<Rollup>],
    n_themes: usize,
) -> (Vec<FrequencyRow>, Vec<usize>) {
    let Coding {
        record_themes,
        record_segments,
        seg_by_theme,
    } = coding;
    let mut frequencies = Vec::new();
    let mut theme_comments = vec![0usize; n_themes];
    // Overall table, one cross-table per configured column, then theme × comment sentiment.
    let mut tables: Vec<(String, Grouping)> = vec![("theme".to_owned(), Grouping::All)];
    for col in &state.config.output.frequency_columns {
        if let Some(idx) = state.dataset.meta_index(col) {
            tables.push((col.clone(), Grouping::Meta(idx)));
        }
    }
    if state.sentiment.is_some() {
        tables.push(("sentiment".to_owned(), Grouping::Sentiment));
    }
    let respondent = state
        .config
        .input
        .respondent_column
        .as_ref()
        .and_then(|col| state.dataset.meta_index(col));
    // Respondents as numbers (in order of first appearance), so counting distinct ones is a
    // sort of integers rather than a set of strings.
    let respondent_ids: Vec<u32> = respondent.map_or(Vec::new(), |m| {
        let mut seen: HashMap<&str, u32> = HashMap::new();
        state
            .dataset
            .records
            .iter()
            .map(|r| {
                let next = seen.len() as u32;
                *seen.entry(r.meta[m].trim()).or_insert(next)
            })
            .collect()
    });
    let respondents = |members: &[usize]| -> Option<usize> {
        respondent?;
        let mut ids: Vec<u32> = members.iter().map(|&i| respondent_ids[i]).collect();
        ids.sort_unstable();
        ids.dedup();
        Some(ids.len())
    };
    for (column, grouping) in tables {
        let mut groups: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for &i in analysed {
            let value = match grouping {
                Grouping::Meta(m) => state.dataset.records[i].meta[m].trim().to_owned(),
                Grouping::All => String::new(),
                Grouping::Sentiment => comment_sentiment[i].map_or("", |r| r.label).to_owned(),
            };
            groups.entry(value).or_default().push(i);
        }
        for (value, members) in groups {
            let base = members.len();
            // One pass over the group's comments fills every theme's counts; slot `n_themes`
            // is the uncoded bucket. Linear in the comments, whatever the number of themes.
            let mut segments = vec![0usize; n_themes + 1];
            let mut comments = vec![0usize; n_themes + 1];
            // (slot, respondent) pairs; distinct ones per slot are counted after sorting.
            let mut raisers: Vec<u64> = Vec::new();
            for &i in &members {
                for (theme, count) in &seg_by_theme[i] {
                    segments[theme.map_or(n_themes, |id| id - 1)] += count;
                }
                let uncoded = (status[i] == RecordStatus::Uncoded).then_some(n_themes);
                for slot in record_themes[i].iter().map(|id| id - 1).chain(uncoded) {
                    comments[slot] += 1;
                    if respondent.is_some() {
                        raisers.push(((slot as u64) << 32) | u64::from(respondent_ids[i]));
                    }
                }
            }
            raisers.sort_unstable();
            raisers.dedup();
            let mut raised_by = vec![0usize; n_themes + 1];
            for pair in raisers {
                raised_by[(pair >> 32) as usize] += 1;
            }
            let all = respondents(&members);
            let segment_base: usize = members.iter().map(|&i| record_segments[i]).sum();
            for slot in 0..=n_themes {
                let theme = (slot < n_themes).then_some(slot + 1);
                if grouping == Grouping::All && slot < n_themes {
                    theme_comments[slot] = comments[slot];
                }
                let with = respondent.map(|_| raised_by[slot]);
                frequencies.push(FrequencyRow {
                    column: column.clone(),
                    value: value.clone(),
                    theme,
                    segments: segments[slot],
                    segment_base,
                    comments: comments[slot],
                    base,
                    percent: percent(comments[slot], base),
                    respondents: with.zip(all),
                    test: None,
                    residual: None,
                });
            }
        }
    }
    add_independence_tests(&mut frequencies);
    (frequencies, theme_comments)
}

/// KPI groups: every respondent (commented or not) overall and per frequency column value,
/// and the comments raising each theme.
fn kpi_groups(state: &RunState, record_themes: &[Vec<usize>]) -> Vec<Group> {
    let records = &state.dataset.records;
    let mut groups: Vec<Group> = vec![(
        "all".into(),
        String::new(),
        String::new(),
        (0..records.len()).collect(),
    )];
    if let Some(model) = &state.themes {
        // One pass over the records fills every theme's list.
        let mut with: Vec<Vec<usize>> = vec![Vec::new(); model.themes.len()];
        for (i, themes) in record_themes.iter().enumerate() {
            for &id in themes {
                with[id - 1].push(i);
            }
        }
        for (theme, with) in model.themes.iter().zip(with) {
            groups.push(("theme".into(), theme.code.clone(), theme.name.clone(), with));
        }
    }
    for column in &state.config.output.frequency_columns {
        let Some(m) = state.dataset.meta_index(column) else {
            continue;
        };
        let mut by_value: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for (i, r) in records.iter().enumerate() {
            by_value.entry(r.meta[m].trim()).or_default().push(i);
        }
        for (value, members) in by_value {
            groups.push((column.clone(), value.to_owned(), String::new(), members));
        }
    }
    groups
}

fn comment_sentiment(state: &RunState) -> Vec<Option<Rollup>> {
    let n = state.dataset.records.len();
    let (Some(scores), Some(config)) = (&state.sentiment, &state.config.sentiment) else {
        return vec![None; n];
    };
    let mut per_record: Vec<Vec<Sentiment>> = vec![Vec::new(); n];
    for (seg, score) in state.segments.iter().zip(scores) {
        per_record[seg.record].push(*score);
    }
    per_record
        .iter()
        .map(|s| sentiment::rollup(s, config.mixed_threshold))
        .collect()
}

/// Fills `test` and `residual` on cross-table rows: per (column, theme), the 2 × values table
/// of comments mentioning the theme or not. (Themes are not mutually exclusive — a comment may
/// raise several — so each theme is tested on its own rather than one themes × values table.)
fn add_independence_tests(rows: &mut [FrequencyRow]) {
    let mut groups: BTreeMap<(String, usize), Vec<usize>> = BTreeMap::new();
    for (i, row) in rows.iter().enumerate() {
        if let (false, Some(theme)) = (row.column == "theme", row.theme) {
            groups
                .entry((row.column.clone(), theme))
                .or_default()
                .push(i);
        }
    }
    for members in groups.values() {
        let table = vec![
            members.iter().map(|&i| rows[i].comments).collect(),
            members
                .iter()
                .map(|&i| rows[i].base - rows[i].comments)
                .collect(),
        ];
        if let Some(test) = inference::chi_square(&table) {
            for (j, &i) in members.iter().enumerate() {
                rows[i].test = Some((test.statistic, test.df, test.p_value));
                rows[i].residual = Some(test.residuals[0][j]);
            }
        }
    }
}

fn theme_sentiment(state: &RunState, n_themes: usize) -> Vec<ThemeSentiment> {
    let (Some(scores), Some(themes)) = (&state.sentiment, &state.themes) else {
        return Vec::new();
    };
    let mut out = vec![ThemeSentiment::default(); n_themes];
    let mut sums = vec![0f32; n_themes];
    for (i, score) in scores.iter().enumerate() {
        for id in themes.codes_of(i) {
            out[id - 1].counts[score.label] += 1;
            sums[id - 1] += score.score;
        }
    }
    for (t, sum) in out.iter_mut().zip(sums) {
        let n: usize = t.counts.iter().sum();
        t.mean_score = if n == 0 { 0.0 } else { sum / n as f32 };
    }
    out
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
