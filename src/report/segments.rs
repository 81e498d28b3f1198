use super::{fixed, Output, RunOutput, SafeCsv, Sink};
use crate::error::Result;
use crate::outputs::schema::segments as schema;
use crate::segment::char_offset;
use crate::sentiment::LABELS;

/// `segments.csv`: one row per analysed segment, offsets in code points (end exclusive), and,
/// when the run has themes, the segment's source document and place in `project.qdpx`.
pub struct Segments;

impl Sink for Segments {
    fn file_name(&self) -> &'static str {
        schema::FILE
    }

    fn write(&self, run: &RunOutput<'_>, out: &mut dyn Output) -> Result<()> {
        let state = run.state;
        let mut w = SafeCsv::new(out);
        w.write_record(schema::COLUMNS)?;
        let positions = state
            .themes
            .is_some()
            .then(|| super::qdpx::record_positions(run));
        let mut ordinal = 0usize;
        let mut last_record = usize::MAX;
        for (i, seg) in state.segments.iter().enumerate() {
            if seg.record != last_record {
                ordinal = 0;
                last_record = seg.record;
            }
            ordinal += 1;
            let record = &state.dataset.records[seg.record];
            let themes = state.themes.as_ref();
            let (theme_id, theme_name) =
                super::theme_label(state, themes.and_then(|t| t.assignment[i]));
            let others: Vec<String> = themes.map_or(Vec::new(), |t| {
                t.secondary[i]
                    .iter()
                    .map(|&id| super::theme_label(state, Some(id)).0)
                    .collect()
            });
            let similarity = themes.map_or(String::new(), |t| fixed(f64::from(t.similarity[i]), 4));
            let (tokens, truncated) = state
                .embeddings
                .as_ref()
                .map_or((0, false), |e| (e.tokens[i], e.truncated[i]));
            let sentiment = state.sentiment.as_ref().map(|s| s[i]);
            let (start, end) = (
                char_offset(&record.text, seg.start),
                char_offset(&record.text, seg.end),
            );
            let (qda_source, qda_start, qda_end) = match &positions {
                Some(p) => {
                    let (doc, base) = p.of_record[seg.record];
                    (
                        p.names[doc].clone(),
                        (base + start).to_string(),
                        (base + end).to_string(),
                    )
                }
                None => Default::default(),
            };
            let p = |c: usize| sentiment.map_or(String::new(), |s| fixed(f64::from(s.probs[c]), 4));
            w.write_record([
                record.id.clone(),
                ordinal.to_string(),
                start.to_string(),
                end.to_string(),
                record.text[seg.start..seg.end].to_owned(),
                theme_id,
                theme_name,
                others.join(";"),
                similarity,
                tokens.to_string(),
                truncated.to_string(),
                sentiment.map_or(String::new(), |s| LABELS[s.label].to_owned()),
                p(0),
                p(1),
                p(2),
                sentiment.map_or(String::new(), |s| fixed(f64::from(s.score), 4)),
                qda_source,
                qda_start,
                qda_end,
            ])?;
        }
        w.finish()
    }
}
