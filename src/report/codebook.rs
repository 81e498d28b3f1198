use super::{Output, RunOutput, Sink};
use crate::error::{Error, ErrorKind, Result};

/// `codebook.toml` and `codebook.csv`: the codebook the run used or learned. The TOML keeps
/// every code's centroid, so `--codebook OUT/codebook.toml` codes a later batch with exactly
/// these codes; the CSV (no centroids) is for reading and editing in a spreadsheet.
pub enum CodebookFile {
    Toml,
    Csv,
}

impl Sink for CodebookFile {
    fn file_name(&self) -> &'static str {
        match self {
            CodebookFile::Toml => crate::outputs::schema::CODEBOOK_TOML,
            CodebookFile::Csv => "codebook.csv",
        }
    }

    fn wanted(&self, run: &RunOutput<'_>) -> bool {
        run.state
            .themes
            .as_ref()
            .is_some_and(|t| !t.codebook.codes.is_empty())
    }

    fn write(&self, run: &RunOutput<'_>, out: &mut dyn Output) -> Result<()> {
        let codebook = &run
            .state
            .themes
            .as_ref()
            .expect("wanted() checked")
            .codebook;
        let text = match self {
            CodebookFile::Toml => codebook.to_toml(),
            CodebookFile::Csv => codebook.to_csv(),
        };
        out.write_all(text.as_bytes()).map_err(|e| {
            Error::new(
                ErrorKind::Output,
                format!("writing {}: {e}", self.file_name()),
            )
        })
    }
}
