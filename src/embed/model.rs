//! Resolves a model folder to the files the encoder needs and fingerprints them for run.json.

use crate::config::{EmbedConfig, Precision};
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

/// Finds the model folder: the configured one, or the bundled model next to the executable's
/// source tree (`models/all-MiniLM-L6-v2`).
pub fn resolve(config: &EmbedConfig) -> Result<ModelFiles> {
    let dir = match &config.model {
        Some(dir) => dir.clone(),
        None => bundled_dir()?,
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
    let names: &[&str] = match config.precision {
        Precision::Int8 => &[
            "model_int8.onnx",
            "onnx/model_quantized.onnx",
            "onnx/model_int8.onnx",
        ],
        Precision::Fp32 => &["model.onnx", "onnx/model.onnx"],
    };
    let onnx = names
        .iter()
        .map(|n| dir.join(n))
        .find(|p| p.is_file())
        .ok_or_else(|| {
            Error::model(format!(
                "embed.model: {} has no {} (embed.precision = \"{}\")",
                dir.display(),
                names.join(" or "),
                match config.precision {
                    Precision::Int8 => "int8",
                    Precision::Fp32 => "fp32",
                }
            ))
        })?;
    Ok(ModelFiles {
        dir,
        onnx,
        tokenizer,
    })
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
    pub fn name(&self) -> String {
        self.dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| self.dir.display().to_string())
    }

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
