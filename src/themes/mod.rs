//! Themes: cluster segment embeddings, label clusters, pick exemplar quotes.
//!
//! INTERFACE (filled in by the themes work): `discover` must be deterministic for a given seed.

use crate::config::ThemesConfig;
use ndarray::ArrayView2;

/// One discovered theme.
#[derive(Debug, Clone, PartialEq)]
pub struct Theme {
    /// 1-based, in descending order of size (theme 1 is the largest).
    pub id: usize,
    /// Short readable name built from the top keywords, e.g. "late delivery / driver".
    pub name: String,
    /// c-TF-IDF keywords (unigrams and bigrams), best first.
    pub keywords: Vec<String>,
    /// Segment indices of the exemplar quotes, most central first.
    pub exemplars: Vec<usize>,
    /// Number of segments assigned to the theme.
    pub size: usize,
}

/// The result of theme discovery over n segments.
#[derive(Debug, Clone)]
pub struct ThemeModel {
    pub themes: Vec<Theme>,
    /// Per segment: the theme id (1-based) or `None` for uncoded.
    pub assignment: Vec<Option<usize>>,
    /// Per segment: cosine similarity to the nearest theme centre.
    pub similarity: Vec<f32>,
    /// Theme centres (k × d, L2-normalised), row i belongs to theme id i+1.
    pub centroids: ndarray::Array2<f32>,
    /// For k = "auto": each candidate k with its silhouette score.
    pub k_scores: Vec<(usize, f32)>,
}

/// Clusters L2-normalised embeddings (rows aligned with `texts`) into themes.
pub fn discover(
    embeddings: ArrayView2<'_, f32>,
    texts: &[&str],
    config: &ThemesConfig,
    seed: u64,
) -> ThemeModel {
    let _ = (embeddings, texts, config, seed);
    unimplemented!("themes::discover is being written")
}
