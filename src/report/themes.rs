use super::{fixed, Output, RunOutput, SafeCsv, Sink};
use crate::error::Result;
use crate::figures::percent;

/// `themes.csv`: one row per theme, largest first, with exemplar quotes.
pub struct Themes;

impl Sink for Themes {
    fn file_name(&self) -> &'static str {
        "themes.csv"
    }

    fn write(&self, run: &RunOutput<'_>, out: &mut dyn Output) -> Result<()> {
        let state = run.state;
        let n_exemplars = state.config.themes.exemplars;
        let mut w = SafeCsv::new(out);
        let mut header: Vec<String> = [
            "theme_id",
            "name",
            "parent_id",
            "parent_name",
            "new",
            "keywords",
            "segments",
            "comments",
            "percent_comments",
            "negative_pct",
            "neutral_pct",
            "positive_pct",
            "mean_sentiment",
        ]
        .map(str::to_owned)
        .to_vec();
        header.extend((1..=n_exemplars).map(|i| format!("exemplar_{i}")));
        w.write_record(&header)?;
        let Some(model) = &state.themes else {
            return w.finish();
        };
        let texts = state.segment_texts();
        for theme in &model.themes {
            let comments = run.stats.theme_comments[theme.id - 1];
            let parent = theme.parent.map(|p| &model.parents[p - 1]);
            let mut row = vec![
                theme.code.clone(),
                theme.name.clone(),
                parent.map_or(String::new(), |p| p.code.clone()),
                parent.map_or(String::new(), |p| p.name.clone()),
                theme.new.to_string(),
                theme.keywords.join("; "),
                theme.size.to_string(),
                comments.to_string(),
                fixed(percent(comments, run.stats.analysed), 2),
            ];
            match run.stats.theme_sentiment.get(theme.id - 1) {
                Some(s) => {
                    let n: usize = s.counts.iter().sum();
                    row.extend(s.counts.iter().map(|&c| fixed(percent(c, n), 2)));
                    row.push(fixed(f64::from(s.mean_score), 4));
                }
                None => row.extend([String::new(), String::new(), String::new(), String::new()]),
            }
            for k in 0..n_exemplars {
                row.push(
                    theme
                        .exemplars
                        .get(k)
                        .map_or(String::new(), |&s| texts[s].to_owned()),
                );
            }
            w.write_record(&row)?;
        }
        w.finish()
    }
}
