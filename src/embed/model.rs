//! Resolves a model folder to the files the encoder needs and fingerprints them for run.json.

use crate::embed::config::{EmbedConfig, Precision};
use crate::error::{Error, ErrorKind, Result};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::io::Read;
use std::path::{Path, PathBuf};

/// Folder name of the bundled default model under `models/`.
pub const BUNDLED: &str = "all-MiniLM-L6-v2";

/// The files of one sentence-embedding model.
#[derive(Debug, Clone)]
pub struct ModelFiles {
    /// The folder name, or the hub id for `hf:` models.
    pub name: String,
    pub dir: PathBuf,
    pub onnx: PathBuf,
    pub tokenizer: PathBuf,
}

/// What run.json records about the model.
#[derive(Debug, Clone, Serialize)]
pub struct ModelInfo {
    pub name: String,
    pub precision: Precision,
    pub dim: usize,
    pub max_tokens: usize,
    /// sha256 of the ONNX graph and each external-data file beside it, by file name.
    pub sha256: std::collections::BTreeMap<String, String>,
}

impl ModelInfo {
    /// What a learned codebook's centroids belong to: the model, its precision and dimension
    /// (vectors of another model, or of the same model at another precision, are not
    /// comparable).
    pub fn identity(&self) -> String {
        let precision = match self.precision {
            Precision::Int8 => "int8",
            Precision::Fp32 => "fp32",
        };
        format!("{}/{precision}/{}", self.name, self.dim)
    }
}

/// Prefix of a Hugging Face hub model id in `embed.model` (`hf:owner/name[@revision]`).
pub const HUB_PREFIX: &str = "hf:";

/// ONNX files to look for, in order, for a precision (and for the combined graph with a
/// sentiment head).
fn onnx_names(precision: Precision, sentiment_head: bool) -> &'static [&'static str] {
    match (precision, sentiment_head) {
        (Precision::Int8, false) => &[
            "model_int8.onnx",
            "onnx/model_quantized.onnx",
            "onnx/model_int8.onnx",
        ],
        (Precision::Fp32, false) => &["model.onnx", "onnx/model.onnx"],
        (Precision::Int8, true) => &["model_sentiment_int8.onnx"],
        (Precision::Fp32, true) => &["model_sentiment.onnx"],
    }
}

/// Finds the model folder: the configured one, a hub model (`hf:owner/name`, fetched into
/// the Hugging Face cache), or the bundled model next to the executable's source tree.
pub fn resolve(config: &EmbedConfig, sentiment_head: bool) -> Result<ModelFiles> {
    let hub = config
        .model
        .as_ref()
        .and_then(|m| m.to_str())
        .and_then(|m| m.strip_prefix(HUB_PREFIX));
    let (dir, name) = match (&config.model, hub) {
        (_, Some(id)) => (
            resolve_hub(id, onnx_names(config.precision, sentiment_head))?,
            id.to_owned(),
        ),
        (Some(dir), None) => (dir.clone(), folder_name(dir)),
        (None, None) => {
            let dir = bundled_dir()?;
            let name = folder_name(&dir);
            (dir, name)
        }
    };
    if !dir.is_dir() {
        return Err(Error::model(format!(
            "embed.model: {} is not a model folder",
            dir.display()
        )));
    }
    let tokenizer = dir.join("tokenizer.json");
    if !tokenizer.is_file() {
        return Err(Error::model(format!(
            "embed.model: {} has no tokenizer.json",
            dir.display()
        )));
    }
    let names = onnx_names(config.precision, sentiment_head);
    let onnx = names
        .iter()
        .map(|n| dir.join(n))
        .find(|p| p.is_file())
        .ok_or_else(|| {
            Error::model(format!(
                "embed.model: {} has no {} (embed.precision = \"{}\"{})",
                dir.display(),
                names.join(" or "),
                match config.precision {
                    Precision::Int8 => "int8",
                    Precision::Fp32 => "fp32",
                },
                if sentiment_head {
                    "; sentiment.scorer = \"model\" needs the combined graph with a sentiment head"
                } else {
                    ""
                }
            ))
        })?;
    Ok(ModelFiles {
        name,
        dir,
        onnx,
        tokenizer,
    })
}

fn folder_name(dir: &Path) -> String {
    dir.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| dir.display().to_string())
}

/// Resolves `owner/name[@revision]` to a snapshot folder of the Hugging Face cache
/// (`HF_HOME`, default `~/.cache/huggingface`), downloading `tokenizer.json` and the ONNX
/// weights unless `HF_HUB_OFFLINE` is set, in which case only the cache is used.
fn resolve_hub(spec: &str, onnx: &[&str]) -> Result<PathBuf> {
    use hf_hub::{Cache, Repo, RepoType};
    let (id, revision) = spec.split_once('@').unwrap_or((spec, "main"));
    let valid = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
    };
    if !matches!(id.split_once('/'), Some((owner, name)) if valid(owner) && valid(name)) {
        return Err(Error::config(format!(
            "embed.model: '{HUB_PREFIX}{spec}' is not a hub id of the form hf:owner/name[@revision]"
        )));
    }
    let repo = Repo::with_revision(id.to_owned(), RepoType::Model, revision.to_owned());
    let offline = std::env::var("HF_HUB_OFFLINE").is_ok_and(|v| !v.is_empty() && v != "0");
    let cache = Cache::from_env();
    let cached = cache.repo(repo.clone());
    let fetch = |name: &str| -> Option<PathBuf> {
        cached.get(name).or_else(|| {
            if offline {
                return None;
            }
            let api = hf_hub::api::sync::ApiBuilder::from_env()
                .with_progress(false)
                .build()
                .ok()?;
            api.repo(repo.clone()).get(name).ok()
        })
    };
    let missing = |what: &str| {
        Error::model(format!(
            "embed.model: {HUB_PREFIX}{spec}: {what} is not in the Hugging Face cache at {}{}",
            cache.path().display(),
            if offline {
                " and HF_HUB_OFFLINE is set"
            } else {
                " and could not be downloaded"
            }
        ))
    };
    let tokenizer = fetch("tokenizer.json").ok_or_else(|| missing("tokenizer.json"))?;
    if !onnx.iter().any(|name| fetch(name).is_some()) {
        return Err(missing(&onnx.join(" or ")));
    }
    Ok(tokenizer
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default())
}

fn bundled_dir() -> Result<PathBuf> {
    let mut candidates = Vec::new();
    if let Some(dir) = std::env::var_os("VERBATIM_MODELS") {
        candidates.push(PathBuf::from(dir).join(BUNDLED));
    }
    if let Ok(exe) = std::env::current_exe() {
        // target/{release,debug}/verbatim → the source tree's models/
        for up in exe.ancestors().skip(1).take(3) {
            candidates.push(up.join("models").join(BUNDLED));
        }
    }
    candidates.push(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("models")
            .join(BUNDLED),
    );
    candidates.into_iter().find(|p| p.is_dir()).ok_or_else(|| {
        Error::model(format!(
            "the bundled model models/{BUNDLED} was not found; set embed.model or VERBATIM_MODELS"
        ))
    })
}

impl ModelFiles {
    /// sha256 of the graph file and of external-data files sharing its name as a prefix.
    pub fn fingerprint(&self) -> Result<std::collections::BTreeMap<String, String>> {
        let mut out = std::collections::BTreeMap::new();
        let parent = self.onnx.parent().unwrap_or(Path::new("."));
        let stem = self
            .onnx
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let mut entries: Vec<PathBuf> = std::fs::read_dir(parent)
            .map_err(|e| Error::io(ErrorKind::Model, parent, e))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                p.file_name()
                    .map(|n| n.to_string_lossy().starts_with(&stem))
                    .unwrap_or(false)
            })
            .collect();
        entries.sort();
        for path in entries {
            let name = path
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            out.insert(name, sha256_file(&path)?);
        }
        Ok(out)
    }
}

/// Hex sha256 of a file, streamed.
pub fn sha256_file(path: &Path) -> Result<String> {
    let mut file = std::fs::File::open(path).map_err(|e| Error::io(ErrorKind::Io, path, e))?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    loop {
        let n = file
            .read(&mut buf)
            .map_err(|e| Error::io(ErrorKind::Io, path, e))?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    Ok(format!("{:x}", hasher.finalize()))
}
