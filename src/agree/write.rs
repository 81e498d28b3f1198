//! `agreement.csv`: the output of `verbatim agree`.

use super::AgreementRow;
use crate::error::{Error, ErrorKind, Result};
use crate::outputs::SafeCsv;
use crate::outputs::StagingDir;
use crate::report::fixed;
use std::path::Path;

/// Writes `agreement.csv` into `out_dir`, replacing it whole. `name_of` gives a code's name.
pub fn write(
    out_dir: &Path,
    rows: &[AgreementRow],
    unit: &str,
    name_of: &dyn Fn(&str) -> String,
) -> Result<()> {
    let staging = StagingDir::new(out_dir)?;
    let path = staging.path().join("agreement.csv");
    let mut file =
        std::fs::File::create(&path).map_err(|e| Error::io(ErrorKind::Output, &path, e))?;
    let mut w = SafeCsv::new(&mut file);
    w.write_record([
        "code",
        "name",
        "coder",
        "unit",
        "units",
        "both",
        "human_only",
        "machine_only",
        "neither",
        "kappa",
        "precision",
        "recall",
        "f1",
        "alpha",
    ])?;
    let opt = |x: Option<f64>| x.map_or(String::new(), |x| fixed(x, 4));
    for r in rows {
        let c = &r.confusion;
        let (code, name) = match &r.code {
            Some(code) => (code.clone(), name_of(code)),
            None => ("all".to_owned(), "all codes pooled".to_owned()),
        };
        w.write_record([
            code,
            name,
            r.coder.clone(),
            unit.to_owned(),
            c.units().to_string(),
            c.both.to_string(),
            c.reference_only.to_string(),
            c.other_only.to_string(),
            c.neither.to_string(),
            opt(r.kappa),
            opt(c.precision()),
            opt(c.recall()),
            opt(c.f1()),
            opt(r.alpha),
        ])?;
    }
    w.finish()?;
    file.sync_all()
        .map_err(|e| Error::io(ErrorKind::Output, &path, e))?;
    staging.commit()
}
