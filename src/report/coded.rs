use super::{Output, RunOutput, SafeCsv, Sink};
use crate::error::Result;
use crate::outputs::schema::coded as schema;

/// `coded.csv`: one row per input record, in input order.
pub struct Coded;

impl Sink for Coded {
    fn file_name(&self) -> &'static str {
        schema::FILE
    }

    fn write(&self, run: &RunOutput<'_>, out: &mut dyn Output) -> Result<()> {
        let state = run.state;
        let mut w = SafeCsv::new(out);
        let mut header = vec![schema::ID.to_owned(), schema::ROW.to_owned()];
        header.extend(state.dataset.meta_columns.iter().cloned());
        header.extend(schema::ANALYSIS.map(str::to_owned));
        let social = state.config.social.is_some();
        if social {
            header.extend([schema::VALIDITY, schema::VALIDITY_REASON].map(str::to_owned));
        }
        w.write_record(&header)?;
        for (i, record) in state.dataset.records.iter().enumerate() {
            let themes = &run.stats.record_themes[i];
            let ids: Vec<String> = themes
                .iter()
                .map(|&id| super::theme_label(state, Some(id)).0)
                .collect();
            let names: Vec<String> = themes
                .iter()
                .map(|&id| super::theme_label(state, Some(id)).1)
                .collect();
            let mut row = vec![record.id.clone(), record.row.to_string()];
            row.extend(record.meta.iter().cloned());
            row.push(record.text.clone());
            row.push(run.stats.status[i].label());
            row.push(run.stats.record_segments[i].to_string());
            row.push(ids.join(";"));
            row.push(names.join("; "));
            let sentiment = run.stats.comment_sentiment[i];
            row.push(sentiment.map_or(String::new(), |s| s.label.to_owned()));
            row.push(sentiment.map_or(String::new(), |s| super::fixed(f64::from(s.score), 4)));
            if social {
                let flag = state.validity.get(i).and_then(Option::as_ref);
                let org = state.skipped[i] == Some(crate::segment::SkipReason::Organisation);
                let verdict = match flag {
                    Some(f) => f.check.as_str(),
                    None if org => "organisation",
                    None => "valid",
                };
                row.push(verdict.to_owned());
                row.push(flag.map_or(String::new(), |f| f.reason.clone()));
            }
            w.write_record(&row)?;
        }
        w.finish()
    }
}
