use crate::config::PipelineConfig;
use crate::error::Result;
use crate::pipeline::stage::{RecordRedactions, RunState, Stage};
use crate::progress::Progress;
use crate::record::Dataset;
use crate::redact::Redactor;

/// Records searched for personal data at a time (in parallel within a chunk).
const CHUNK: usize = 8192;

/// Replaces personal data in every record's text (and metadata, if configured) before any
/// other stage sees it. The original text is not kept.
pub struct RedactStage {
    redactor: Redactor,
    metadata: bool,
}

impl RedactStage {
    /// The redactor `[redact]` configures, or nothing without that section. The organisation's
    /// own handles are not personal data: never redacted.
    pub fn build(config: &PipelineConfig) -> Result<Option<RedactStage>> {
        let Some(redact) = &config.redact else {
            return Ok(None);
        };
        let mut redact = redact.clone();
        if let Some(social) = &config.social {
            redact.allow.extend(social.org_handles.iter().cloned());
        }
        Ok(Some(RedactStage {
            redactor: Redactor::new(&redact)?,
            metadata: redact.metadata,
        }))
    }
}

impl RedactStage {
    /// A transcript's file name names its group and prefixes its turns' ids, so it reaches
    /// every output; file names are often a participant's name. One in which the redactor
    /// finds anything is replaced whole by `transcript-N` (N its place among the files), in
    /// the group column and the ids, whether or not metadata is redacted.
    fn rename_transcripts(&mut self, dataset: &mut Dataset) -> u64 {
        if !dataset.format.is_transcript() {
            return 0;
        }
        let mut groups: Vec<(String, Option<String>)> = Vec::new();
        for record in &mut dataset.records {
            let Some(group) = record.meta.first_mut() else {
                continue;
            };
            if groups.last().is_none_or(|(g, _)| g != group) {
                let found = !self.redactor.redact(group).changes.is_empty();
                let shown = found.then(|| format!("transcript-{}", groups.len() + 1));
                groups.push((group.clone(), shown));
            }
            let Some((old, Some(new))) = groups.last() else {
                continue;
            };
            if let Some(turn) = record.id.strip_prefix(old.as_str()) {
                record.id = format!("{new}{turn}");
            }
            group.clone_from(new);
        }
        groups.iter().filter(|(_, new)| new.is_some()).count() as u64
    }

    /// Header names reach outputs as column names (`coded.csv`, `frequencies.csv`, run.json):
    /// one holding personal data (a header cell with an email, a name) is to be renamed
    /// `column-N` (N its place among the columns the run reads). The new names are applied
    /// after the last stage ([`RunState::rename_columns`]), since stages look columns up by
    /// the names they were built with.
    fn rename_columns(&mut self, state: &mut RunState) -> u64 {
        let input = &state.config.input;
        let named: Vec<String> = [&input.text_column, &input.id_column]
            .into_iter()
            .flatten()
            .chain(&state.dataset.meta_columns)
            .cloned()
            .collect();
        for (i, name) in named.iter().enumerate() {
            if self.redactor.redact(name).changes.is_empty() {
                continue;
            }
            let taken = |c: &String| {
                named.contains(c) || state.column_renames.iter().any(|(_, new)| new == c)
            };
            let new = (i + 1..)
                .map(|n| format!("column-{n}"))
                .find(|c| !taken(c))
                .expect("an unused name");
            state.column_renames.push((name.clone(), new));
        }
        state.column_renames.len() as u64
    }
}

impl Stage for RedactStage {
    fn name(&self) -> &'static str {
        "redact"
    }

    /// Speakers' names from transcript labels are redacted wherever they come up.
    fn prepare(&mut self, dataset: &mut Dataset) -> Result<()> {
        self.redactor.add_names(&dataset.speaker_names);
        Ok(())
    }

    fn run(&mut self, state: &mut RunState, progress: &Progress) -> Result<()> {
        let renamed_groups = self.rename_transcripts(&mut state.dataset);
        state.count("redact", "transcripts_renamed", renamed_groups);
        let bar = progress.bar(state.dataset.records.len() as u64, "redacting");
        let columns = state.dataset.meta_columns.clone();
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        let mut all = Vec::with_capacity(state.dataset.records.len());
        let mut total = 0u64;
        let mut rows_with_pii = 0u64;
        for chunk in state.dataset.records.chunks_mut(CHUNK) {
            // Searched in parallel; replaced in order, so pseudonyms number as one pass would.
            let texts: Vec<&str> = chunk
                .iter()
                .flat_map(|r| {
                    let meta = if self.metadata { &r.meta[..] } else { &[] };
                    std::iter::once(r.text.as_str()).chain(meta.iter().map(String::as_str))
                })
                .collect();
            let mut detections = self.redactor.detect_all(&texts, threads).into_iter();
            drop(texts);
            for record in chunk {
                let mut found = RecordRedactions::default();
                let redacted = self
                    .redactor
                    .apply(&record.text, detections.next().unwrap_or_default());
                for (kind, n) in self.redactor.tally(&redacted.changes) {
                    found.counts.insert(("text".to_owned(), kind), n);
                }
                record.text = redacted.text;
                found.text = redacted.changes;
                if self.metadata {
                    for (value, column) in record.meta.iter_mut().zip(&columns) {
                        let redacted = self
                            .redactor
                            .apply(value, detections.next().unwrap_or_default());
                        for (kind, n) in self.redactor.tally(&redacted.changes) {
                            found.counts.insert((column.clone(), kind), n);
                        }
                        *value = redacted.text;
                    }
                }
                let n: usize = found.counts.values().sum();
                total += n as u64;
                rows_with_pii += u64::from(n > 0);
                all.push(found);
                bar.inc(1);
            }
        }
        bar.finish_and_clear();
        // Ids and the file name reach every output: an id holding personal data (an email,
        // a phone number, a name) is replaced by its row number, and the file name is shown
        // redacted.
        let mut ids_replaced = 0;
        if state.config.input.id_column.is_some() {
            for chunk in state.dataset.records.chunks_mut(CHUNK) {
                let ids: Vec<&str> = chunk.iter().map(|r| r.id.as_str()).collect();
                let found = self.redactor.detect_all(&ids, threads);
                for (record, found) in chunk.iter_mut().zip(found) {
                    if !found.is_empty() {
                        record.id = format!("row-{}", record.row);
                        ids_replaced += 1;
                    }
                }
            }
        }
        let shown = self.redactor.redact(&state.source_name);
        if !shown.changes.is_empty() {
            state.source_name = shown.text;
        }
        state.count("redact", "ids_replaced", ids_replaced);
        let renamed = self.rename_columns(state);
        state.count("redact", "columns_renamed", renamed);
        state.redactions = all;
        state.count("redact", "detections", total);
        state.count("redact", "rows_with_pii", rows_with_pii);
        Ok(())
    }
}
