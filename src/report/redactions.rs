use super::{Output, RunOutput, SafeCsv, Sink};
use crate::error::Result;

/// `redactions.csv`: what was redacted where — counts only, never a value.
pub struct Redactions;

impl Sink for Redactions {
    fn file_name(&self) -> &'static str {
        "redactions.csv"
    }

    fn wanted(&self, run: &RunOutput<'_>) -> bool {
        run.state.config.redact.is_some()
    }

    fn write(&self, run: &RunOutput<'_>, out: &mut dyn Output) -> Result<()> {
        let mut w = SafeCsv::new(out);
        w.write_record(["id", "field", "entity_type", "count"])?;
        for (record, found) in run.state.dataset.records.iter().zip(&run.state.redactions) {
            for ((field, kind), n) in &found.counts {
                w.write_record([record.id.as_str(), field, kind, &n.to_string()])?;
            }
        }
        w.finish()
    }
}
