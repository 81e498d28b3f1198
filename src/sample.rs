//! `verbatim sample`: a stratified random sample of a run's segments for human review — the
//! audit sample researchers draw before relying on machine coding.
//!
//! Each theme is one stratum (segments by their best code), and so is `uncoded`, so rare
//! themes are checked as well as common ones. The sample file doubles as the human coding file
//! of `verbatim agree`: reviewers fill in `coder` and `code`, and the spans are already there.

use crate::error::{Error, ErrorKind, Result};
use crate::outputs::schema::segments;
use crate::outputs::{cell, write_file, OutputTable};
use rand_xoshiro::rand_core::{RngCore, SeedableRng};
use rand_xoshiro::Xoshiro256Plus;
use std::collections::BTreeMap;
use std::path::Path;

/// One sampled segment, as read from `segments.csv`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sampled {
    pub stratum: String,
    pub id: String,
    pub segment: usize,
    pub start: String,
    pub end: String,
    pub text: String,
}

/// Up to `per_stratum` segments from every stratum, drawn without replacement with `seed`;
/// ordered by stratum (file order of first appearance) then by position in the file.
fn draw(run_dir: &Path, per_stratum: usize, seed: u64) -> Result<Vec<Sampled>> {
    let table = OutputTable::read(&run_dir.join(segments::FILE))?;
    let cols = [
        segments::THEME_ID,
        segments::ID,
        segments::SEGMENT,
        segments::START,
        segments::END,
        segments::TEXT,
    ]
    .map(|name| table.column(name));
    let cols: Vec<usize> = cols.into_iter().collect::<Result<_>>()?;
    let mut strata: Vec<String> = Vec::new();
    let mut members: BTreeMap<usize, Vec<Sampled>> = BTreeMap::new();
    for (row, record) in table.rows() {
        let cell = |k: usize| cell(record, cols[k]).to_owned();
        let stratum = cell(0);
        let index = match strata.iter().position(|s| *s == stratum) {
            Some(k) => k,
            None => {
                strata.push(stratum.clone());
                strata.len() - 1
            }
        };
        members.entry(index).or_default().push(Sampled {
            stratum,
            id: cell(1),
            segment: cell(2)
                .parse()
                .map_err(|_| table.error(row, "segment", "not a number"))?,
            start: cell(3),
            end: cell(4),
            text: cell(5),
        });
    }
    let mut rng = Xoshiro256Plus::seed_from_u64(seed ^ 0xA0D1_7000_0000_0001);
    let mut out = Vec::new();
    for (_, mut pool) in members {
        // Partial Fisher–Yates: the first `take` slots become a uniform sample.
        let take = per_stratum.min(pool.len());
        let mut picked: Vec<usize> = (0..pool.len()).collect();
        for k in 0..take {
            let j = k + (rng.next_u64() % (pool.len() - k) as u64) as usize;
            picked.swap(k, j);
        }
        let mut chosen: Vec<usize> = picked[..take].to_vec();
        chosen.sort_unstable();
        let mut rest: Vec<Option<Sampled>> = pool.drain(..).map(Some).collect();
        out.extend(chosen.into_iter().filter_map(|k| rest[k].take()));
    }
    Ok(out)
}

/// `verbatim sample`: draws the sample from the run in `run_dir` and writes it to `out`, a
/// file that is never replaced unless `overwrite` (it may be a sheet already reviewed).
pub fn run(
    run_dir: &Path,
    per_stratum: usize,
    seed: u64,
    out: &Path,
    overwrite: bool,
) -> Result<Vec<Sampled>> {
    if per_stratum == 0 {
        return Err(Error::config("--per-theme must be at least 1"));
    }
    let drawn = draw(run_dir, per_stratum, seed)?;
    crate::outputs::check_new_file(out, &[], overwrite)?;
    if let Some(dir) = out.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(ErrorKind::Output, dir, e))?;
    }
    write(out, &drawn)?;
    Ok(drawn)
}

/// Writes the sample as a review sheet that `verbatim agree --human` reads back.
fn write(path: &Path, sample: &[Sampled]) -> Result<()> {
    write_file(path, |out| {
        let mut w = crate::outputs::SafeCsv::new(out);
        w.write_record([
            "id", "segment", "start", "end", "text", "stratum", "coder", "code",
        ])?;
        for s in sample {
            w.write_record([
                s.id.as_str(),
                &s.segment.to_string(),
                &s.start,
                &s.end,
                &s.text,
                &s.stratum,
                "",
                "",
            ])?;
        }
        w.finish()
    })
}
