use super::{fixed, theme_label, Output, RunOutput, SafeCsv, Sink};
use crate::error::Result;
use crate::figures::percent;
use std::collections::{BTreeMap, BTreeSet};

/// Column positions of a transcript's metadata (see `config::TRANSCRIPT_COLUMNS`).
const GROUP: usize = 0;
const SPEAKER: usize = 1;

/// The (group, speaker) of every analysed participant turn, and the themes each raised.
fn participant_turns<'a>(run: &'a RunOutput<'_>) -> Vec<(&'a str, &'a str, &'a [usize])> {
    let records = &run.state.dataset.records;
    (0..records.len())
        .filter(|&i| run.state.skipped[i].is_none())
        .map(|i| {
            let meta = &records[i].meta;
            (
                meta[GROUP].as_str(),
                meta[SPEAKER].as_str(),
                run.stats.record_themes[i].as_slice(),
            )
        })
        .collect()
}

fn is_transcript(run: &RunOutput<'_>) -> bool {
    run.state.dataset.format.is_transcript() && run.state.themes.is_some()
}

/// `participants.csv`: per theme, how many participants and groups raised it — the unit that
/// matters in focus groups ("7 of 12 participants") — besides the turns that did.
pub struct Participants;

impl Sink for Participants {
    fn file_name(&self) -> &'static str {
        "participants.csv"
    }

    fn wanted(&self, run: &RunOutput<'_>) -> bool {
        is_transcript(run)
    }

    fn write(&self, run: &RunOutput<'_>, out: &mut dyn Output) -> Result<()> {
        let turns = participant_turns(run);
        let all_people: BTreeSet<&str> = turns.iter().map(|t| t.1).collect();
        let all_groups: BTreeSet<&str> = turns.iter().map(|t| t.0).collect();
        let mut w = SafeCsv::new(out);
        w.write_record([
            "theme_id",
            "theme_name",
            "participants",
            "participant_base",
            "percent_participants",
            "groups",
            "group_base",
            "percent_groups",
            "turns",
            "mean_sentiment",
        ])?;
        let Some(model) = &run.state.themes else {
            return w.finish();
        };
        for theme in &model.themes {
            let raising: Vec<&(&str, &str, &[usize])> =
                turns.iter().filter(|t| t.2.contains(&theme.id)).collect();
            let people: BTreeSet<&str> = raising.iter().map(|t| t.1).collect();
            let groups: BTreeSet<&str> = raising.iter().map(|t| t.0).collect();
            let (id, name) = theme_label(run.state, Some(theme.id));
            let sentiment = run
                .stats
                .theme_sentiment
                .get(theme.id - 1)
                .map_or(String::new(), |s| fixed(f64::from(s.mean_score), 4));
            w.write_record([
                id,
                name,
                people.len().to_string(),
                all_people.len().to_string(),
                fixed(percent(people.len(), all_people.len()), 2),
                groups.len().to_string(),
                all_groups.len().to_string(),
                fixed(percent(groups.len(), all_groups.len()), 2),
                raising.len().to_string(),
                sentiment,
            ])?;
        }
        w.finish()
    }
}

/// `participant_matrix.csv`: turns per participant × theme, like a QDA matrix coding query.
pub struct ParticipantMatrix;

impl Sink for ParticipantMatrix {
    fn file_name(&self) -> &'static str {
        "participant_matrix.csv"
    }

    fn wanted(&self, run: &RunOutput<'_>) -> bool {
        is_transcript(run)
    }

    fn write(&self, run: &RunOutput<'_>, out: &mut dyn Output) -> Result<()> {
        let Some(model) = &run.state.themes else {
            return Ok(());
        };
        let mut counts: BTreeMap<(&str, &str), Vec<usize>> = BTreeMap::new();
        for (group, speaker, themes) in participant_turns(run) {
            let row = counts
                .entry((speaker, group))
                .or_insert_with(|| vec![0; model.themes.len()]);
            for &t in themes {
                row[t - 1] += 1;
            }
        }
        let mut w = SafeCsv::new(out);
        let mut header = vec!["participant".to_owned(), "group".to_owned()];
        header.extend(model.themes.iter().map(|t| t.code.clone()));
        w.write_record(&header)?;
        for ((speaker, group), row) in counts {
            let mut cells = vec![speaker.to_owned(), group.to_owned()];
            cells.extend(row.iter().map(usize::to_string));
            w.write_record(&cells)?;
        }
        w.finish()
    }
}
