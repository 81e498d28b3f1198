//! The `[themes]` section: where codes come from and how segments are clustered, labelled and
//! assigned.

use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// Number of themes: a fixed count, or chosen by silhouette over a range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ThemeCount {
    Fixed(usize),
    Auto(AutoK),
}

/// Where codes come from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CodingMode {
    /// Themes are discovered in the data.
    #[default]
    Inductive,
    /// Segments get codes from the codebook only.
    Deductive,
    /// Codebook codes first; segments no code fits are clustered into new candidate themes.
    Hybrid,
}

/// Theme clustering algorithm.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ClusterMethod {
    /// Louvain communities of the k-nearest-neighbour similarity graph: the number of themes
    /// follows from the data.
    #[default]
    Graph,
    /// k-means, with k chosen by silhouette over `k_min..=k_max` when `k = "auto"`.
    Kmeans,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AutoK {
    Auto,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ThemesConfig {
    /// Inductive (themes found in the data), deductive (codes from `codebook`), or hybrid
    /// (codebook first, then new themes found among the segments no code fits).
    #[serde(default)]
    pub mode: CodingMode,
    /// Codebook file (`.toml`, or `.csv` to import); relative to the pipeline file.
    #[serde(default)]
    pub codebook: Option<PathBuf>,
    /// Cosine similarity a segment needs to get a codebook code without its own threshold.
    #[serde(default = "default_code_threshold")]
    pub code_threshold: f32,
    /// Codes one segment may get (the best ones above their thresholds).
    #[serde(default = "default_max_codes")]
    pub max_codes: usize,
    /// How segments are clustered into themes.
    #[serde(default)]
    pub method: ClusterMethod,
    /// `"auto"` or a target number of themes (graph: the resolution is searched to reach it;
    /// kmeans: k itself).
    #[serde(default = "default_k")]
    pub k: ThemeCount,
    /// Graph method: neighbours per segment in the similarity graph.
    #[serde(default = "default_neighbours")]
    pub neighbours: usize,
    /// Graph method: modularity resolution; higher gives more, smaller themes.
    #[serde(default = "default_resolution")]
    pub resolution: f64,
    /// Graph method: communities smaller than this are dissolved into the nearest theme.
    #[serde(default = "default_min_theme_size")]
    pub min_theme_size: usize,
    /// Themes whose centres have at least this cosine similarity are merged.
    #[serde(default = "default_merge_similarity")]
    pub merge_similarity: f32,
    /// Parent themes above the themes: `"auto"` (about √themes), a number, or 0 for none.
    #[serde(default = "default_k")]
    pub parents: ThemeCount,
    /// Range searched when `k = "auto"`.
    #[serde(default = "default_k_min")]
    pub k_min: usize,
    #[serde(default = "default_k_max")]
    pub k_max: usize,
    /// Segments sampled to score each candidate k (silhouette is quadratic in n).
    #[serde(default = "default_silhouette_sample")]
    pub silhouette_sample: usize,
    /// Above this many segments, themes are found on a seeded sample of this size (stratified
    /// by `output.frequency_columns`) and every segment is coded with the learned codebook.
    #[serde(default = "default_fit_sample")]
    pub fit_sample: usize,
    /// Cosine similarity to the nearest theme centre below which a segment stays `uncoded`.
    #[serde(default = "default_min_similarity")]
    pub min_similarity: f32,
    /// Keywords kept per theme.
    #[serde(default = "default_keywords")]
    pub keywords: usize,
    /// Exemplar quotes per theme.
    #[serde(default = "default_exemplars")]
    pub exemplars: usize,
}

fn default_k() -> ThemeCount {
    ThemeCount::Auto(AutoK::Auto)
}

fn default_code_threshold() -> f32 {
    0.35
}

fn default_max_codes() -> usize {
    1
}

fn default_neighbours() -> usize {
    8
}

fn default_resolution() -> f64 {
    3.0
}

fn default_min_theme_size() -> usize {
    3
}

fn default_merge_similarity() -> f32 {
    0.92
}

fn default_k_min() -> usize {
    4
}

fn default_k_max() -> usize {
    20
}

fn default_silhouette_sample() -> usize {
    2000
}

fn default_fit_sample() -> usize {
    20_000
}

fn default_min_similarity() -> f32 {
    0.30
}

fn default_keywords() -> usize {
    8
}

fn default_exemplars() -> usize {
    3
}

impl Default for ThemesConfig {
    fn default() -> Self {
        ThemesConfig {
            mode: CodingMode::default(),
            codebook: None,
            code_threshold: default_code_threshold(),
            max_codes: default_max_codes(),
            method: ClusterMethod::default(),
            k: default_k(),
            neighbours: default_neighbours(),
            resolution: default_resolution(),
            min_theme_size: default_min_theme_size(),
            merge_similarity: default_merge_similarity(),
            parents: default_k(),
            k_min: default_k_min(),
            k_max: default_k_max(),
            silhouette_sample: default_silhouette_sample(),
            fit_sample: default_fit_sample(),
            min_similarity: default_min_similarity(),
            keywords: default_keywords(),
            exemplars: default_exemplars(),
        }
    }
}

impl ThemesConfig {
    /// Problems with the theme settings (`themes.key: why`).
    pub fn validate(&self) -> Vec<String> {
        let mut problems = Vec::new();
        let mut bad = |key: &str, why: &str| problems.push(format!("themes.{key}: {why}"));
        if self.k == ThemeCount::Fixed(0) {
            bad("k", "must be at least 1 or \"auto\"");
        }
        if (self.mode == CodingMode::Inductive) == self.codebook.is_some() {
            bad(
                "codebook",
                "set it exactly when mode is \"deductive\" or \"hybrid\"",
            );
        }
        if !(self.code_threshold > -1.0 && self.code_threshold <= 1.0) {
            bad("code_threshold", "must be in (-1, 1]");
        }
        if !(1..=20).contains(&self.max_codes) {
            bad("max_codes", "must be between 1 and 20");
        }
        if !(1..=200).contains(&self.neighbours) {
            bad("neighbours", "must be between 1 and 200");
        }
        if !(self.resolution > 0.0 && self.resolution <= 100.0) {
            bad("resolution", "must be in (0, 100]");
        }
        if self.min_theme_size < 1 {
            bad("min_theme_size", "must be at least 1");
        }
        if !(self.merge_similarity > 0.0 && self.merge_similarity <= 1.0) {
            bad("merge_similarity", "must be in (0, 1]");
        }
        if self.k_min < 2 || self.k_max < self.k_min {
            bad("k_min/k_max", "need 2 <= k_min <= k_max");
        }
        if self.silhouette_sample < 10 {
            bad("silhouette_sample", "must be at least 10");
        }
        if self.fit_sample < 100 {
            bad("fit_sample", "must be at least 100");
        }
        if !(-1.0..=1.0).contains(&self.min_similarity) {
            bad("min_similarity", "must be a cosine similarity in [-1, 1]");
        }
        if self.keywords == 0 || self.exemplars == 0 {
            bad("keywords/exemplars", "must be at least 1");
        }
        problems
    }
}
