use crate::config::PipelineConfig;
use crate::error::Result;
use crate::progress::Progress;
use crate::record::Dataset;
use crate::redact::Redactor;
use crate::stage::{RecordRedactions, RunState, Stage};

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
        let bar = progress.bar(state.dataset.records.len() as u64, "redacting");
        let columns = state.dataset.meta_columns.clone();
        let mut all = Vec::with_capacity(state.dataset.records.len());
        let mut total = 0u64;
        let mut rows_with_pii = 0u64;
        for record in &mut state.dataset.records {
            let mut found = RecordRedactions::default();
            let redacted = self.redactor.redact(&record.text);
            for (kind, n) in self.redactor.tally(&redacted.changes) {
                found.counts.insert(("text".to_owned(), kind), n);
            }
            record.text = redacted.text;
            found.text = redacted.changes;
            if self.metadata {
                for (value, column) in record.meta.iter_mut().zip(&columns) {
                    let redacted = self.redactor.redact(value);
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
        bar.finish_and_clear();
        // Ids and the file name reach every output: an id holding personal data (an email,
        // a phone number, a name) is replaced by its row number, and the file name is shown
        // redacted.
        let mut ids_replaced = 0;
        if state.config.input.id_column.is_some() {
            for record in &mut state.dataset.records {
                if !self.redactor.redact(&record.id).changes.is_empty() {
                    record.id = format!("row-{}", record.row);
                    ids_replaced += 1;
                }
            }
        }
        let shown = self.redactor.redact(&state.source_name);
        if !shown.changes.is_empty() {
            state.source_name = shown.text;
        }
        state.count("redact", "ids_replaced", ids_replaced);
        state.redactions = all;
        state.count("redact", "detections", total);
        state.count("redact", "rows_with_pii", rows_with_pii);
        Ok(())
    }
}
