//! The `[embed]` section: which encoder, at what precision and batch size, on which device, and
//! where vectors are cached.

use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// Which weights of a model folder to run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    /// `model_int8.onnx`: dynamically quantised, about 1.5x faster.
    #[default]
    Int8,
    /// `model.onnx`: full precision.
    Fp32,
}

/// Where the encoder runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Device {
    #[default]
    Cpu,
    /// ONNX Runtime's CUDA execution provider (needs a CUDA build of ONNX Runtime).
    Cuda,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EmbedConfig {
    /// Model folder holding `tokenizer.json` and ONNX weights, or a Hugging Face hub id
    /// `hf:owner/name[@revision]` with an ONNX export; the bundled all-MiniLM-L6-v2 when
    /// absent. Relative paths resolve against the pipeline file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<PathBuf>,
    #[serde(default)]
    pub precision: Precision,
    #[serde(default = "default_batch_size")]
    pub batch_size: usize,
    /// Longest input in tokens; longer segments are truncated and counted as such.
    #[serde(default = "default_max_tokens")]
    pub max_tokens: usize,
    /// Intra-op threads; 0 means all available cores, and more than the cores are capped.
    #[serde(default)]
    pub threads: usize,
    #[serde(default)]
    pub device: Device,
    /// Where embeddings are cached, so that a re-run or a new wave embeds no text twice. Not
    /// written to run.json: it changes no result, and a folder path can name a person.
    #[serde(default, skip_serializing)]
    pub cache: CacheSetting,
}

/// The embedding cache folder: `"auto"` (the user's cache directory), `"off"`, or a folder
/// (relative to the pipeline file).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(from = "String", into = "String")]
pub enum CacheSetting {
    #[default]
    Auto,
    Off,
    Dir(PathBuf),
}

impl From<String> for CacheSetting {
    fn from(value: String) -> Self {
        match value.as_str() {
            "auto" => CacheSetting::Auto,
            "off" => CacheSetting::Off,
            _ => CacheSetting::Dir(PathBuf::from(value)),
        }
    }
}

impl From<CacheSetting> for String {
    fn from(value: CacheSetting) -> Self {
        match value {
            CacheSetting::Auto => "auto".to_owned(),
            CacheSetting::Off => "off".to_owned(),
            CacheSetting::Dir(dir) => dir.to_string_lossy().into_owned(),
        }
    }
}

impl CacheSetting {
    /// The folder to use: `$VERBATIM_CACHE`, else `$XDG_CACHE_HOME/verbatim`, else
    /// `~/.cache/verbatim` for `"auto"`; `None` when off or no home is known.
    pub fn folder(&self) -> Option<PathBuf> {
        let var = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
        match self {
            CacheSetting::Off => None,
            CacheSetting::Dir(dir) => Some(dir.clone()),
            CacheSetting::Auto => var("VERBATIM_CACHE").map(PathBuf::from).or_else(|| {
                var("XDG_CACHE_HOME")
                    .map(PathBuf::from)
                    .or_else(|| var("HOME").map(|h| PathBuf::from(h).join(".cache")))
                    .map(|base| base.join("verbatim"))
            }),
        }
    }
}

fn default_batch_size() -> usize {
    32
}

fn default_max_tokens() -> usize {
    256
}

impl Default for EmbedConfig {
    fn default() -> Self {
        EmbedConfig {
            model: None,
            precision: Precision::default(),
            batch_size: default_batch_size(),
            max_tokens: default_max_tokens(),
            threads: 0,
            device: Device::default(),
            cache: CacheSetting::default(),
        }
    }
}

impl EmbedConfig {
    /// Problems with the encoder settings (`embed.key: why`).
    pub fn validate(&self) -> Vec<String> {
        let mut problems = Vec::new();
        if self.batch_size == 0 || self.batch_size > 4096 {
            problems.push("embed.batch_size: must be between 1 and 4096".to_owned());
        }
        if !(8..=8192).contains(&self.max_tokens) {
            problems.push("embed.max_tokens: must be between 8 and 8192".to_owned());
        }
        problems
    }
}
