use super::{Output, RunOutput, Sink};
use crate::error::{Error, ErrorKind, Result};
use crate::figures::stats::RecordStatus;
use serde_json::json;
use std::collections::BTreeMap;
use std::io::Write;

/// `run.json`: provenance and counts. Contains nothing that varies between identical runs.
pub struct RunJson;

impl Sink for RunJson {
    fn file_name(&self) -> &'static str {
        crate::outputs::schema::RUN_JSON
    }

    fn write(&self, run: &RunOutput<'_>, out: &mut dyn Output) -> Result<()> {
        let state = run.state;
        let stats = run.stats;
        let mut skipped: BTreeMap<&str, usize> = BTreeMap::new();
        for status in &stats.status {
            if let RecordStatus::Skipped(reason) = status {
                *skipped.entry(reason.as_str()).or_default() += 1;
            }
        }
        let themes = state.themes.as_ref();
        let mut by_type: BTreeMap<&str, usize> = BTreeMap::new();
        for found in &state.redactions {
            for ((_, kind), n) in &found.counts {
                *by_type.entry(kind.as_str()).or_default() += n;
            }
        }
        let redaction = json!({
            "enabled": state.config.redact.is_some(),
            "total": by_type.values().sum::<usize>(),
            "rows_with_pii": state.redactions.iter().filter(|r| !r.counts.is_empty()).count(),
            "by_type": by_type,
        });
        let mut doc = json!({
            "tool": {"name": env!("CARGO_PKG_NAME"), "version": env!("CARGO_PKG_VERSION")},
            "pipeline": state.config,
            "seed": state.config.seed,
            "input": {
                "file": state.source_name,
                "sha256": state.input_sha256,
                "format": state.dataset.format.name(),
                "encoding": state.dataset.encoding,
                "metadata_columns": state.dataset.meta_columns,
            },
            "redaction": redaction,
            "model": state.model,
            "rows": {
                "read": state.dataset.records.len(),
                "coded": stats.count(|s| *s == RecordStatus::Coded),
                "uncoded": stats.count(|s| *s == RecordStatus::Uncoded),
                "skipped": skipped.values().sum::<usize>(),
                "skipped_by_reason": skipped,
            },
            "segments": {
                "total": state.segments.len(),
                "coded": themes.map_or(0, |t| t.assignment.iter().filter(|a| a.is_some()).count()),
                "uncoded": themes.map_or(state.segments.len(), |t| t.assignment.iter().filter(|a| a.is_none()).count()),
                "truncated": state.embeddings.as_ref().map_or(0, |e| e.truncated.iter().filter(|&&t| t).count()),
            },
            "themes": {
                "mode": state.config.themes.mode,
                "method": state.config.themes.method,
                "codebook": state.config.themes.codebook.as_ref().and_then(|p| p.file_name()).map(|f| f.to_string_lossy().into_owned()),
                "count": themes.map_or(0, |t| t.themes.len()),
                "new": themes.map_or(0, |t| t.themes.iter().filter(|x| x.new).count()),
                "parents": themes.map_or(0, |t| t.parents.len()),
                "k_selection": themes.map_or(Vec::new(), |t| t.k_scores.iter()
                    .map(|(k, s)| json!({"k": k, "silhouette": round4(*s)})).collect()),
            },
            "counters": state.counters,
        });
        // The input's file name as every output shows it (redacted when redaction is on).
        let path = &state.config.input.path;
        if path.file_name().is_some_and(|n| *n != *state.source_name) {
            if let Some(shown) = doc.pointer_mut("/pipeline/input/path") {
                *shown = json!(path.with_file_name(&state.source_name).to_string_lossy());
            }
        }
        write_json(out, &doc)
    }
}

/// `timings.json`: what the run cost — wall-clock seconds per stage, rows per second, the
/// embedding cache's hit rate and the peak memory — which differs between runs by nature.
pub struct Timings;

impl Sink for Timings {
    fn file_name(&self) -> &'static str {
        "timings.json"
    }

    fn write(&self, run: &RunOutput<'_>, out: &mut dyn Output) -> Result<()> {
        let cost = run.cost;
        let stages: Vec<_> = cost
            .stages
            .iter()
            .map(|(name, secs, rss)| {
                json!({"stage": name, "seconds": round4(*secs as f32), "rss_bytes_after": rss})
            })
            .collect();
        let writes: Vec<_> = cost
            .writes
            .iter()
            .map(|(file, secs)| json!({"file": file, "seconds": round4(*secs as f32)}))
            .collect();
        let total: f64 = cost.stages.iter().map(|(_, s, _)| s).sum::<f64>() + cost.writing;
        let rows = run.state.dataset.records.len();
        let cache = cost.cache.map(|c| {
            let looked_up = c.hits + c.misses;
            json!({
                "hits": c.hits,
                "misses": c.misses,
                "hit_rate": if looked_up == 0 { 0.0 } else { round4(c.hits as f32 / looked_up as f32) },
            })
        });
        write_json(
            out,
            &json!({
                "stages": stages,
                "writes": writes,
                "writing_seconds": round4(cost.writing as f32),
                "total_seconds": round4(total as f32),
                "rows": rows,
                "segments": run.state.segments.len(),
                "rows_per_second": if total > 0.0 { (rows as f64 / total).round() } else { 0.0 },
                "embedding_cache": cache,
                "peak_rss_bytes": crate::cost::peak_rss_bytes(),
            }),
        )
    }
}

fn round4(x: f32) -> f64 {
    (f64::from(x) * 10_000.0).round() / 10_000.0
}

fn write_json(out: &mut dyn Write, doc: &serde_json::Value) -> Result<()> {
    let err = |e: std::io::Error| Error::new(ErrorKind::Output, format!("writing JSON: {e}"));
    serde_json::to_writer_pretty(&mut *out, doc).map_err(|e| err(e.into()))?;
    out.write_all(b"\n").map_err(err)
}
