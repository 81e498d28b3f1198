//! Themes: cluster segment embeddings, label clusters, pick exemplar quotes.
//!
//! `discover` is deterministic for a given seed: same input, same output bit for bit.
//!
//! Steps (one file each):
//! 1. `select_k`: with `k = "auto"`, fit every candidate k on a seeded sample of
//!    `silhouette_sample` points and keep the best mean silhouette (cosine distance).
//! 2. `cluster`: k-means (linfa's Lloyd loop, greedy k-means++ seeding, 4 seeded runs). When
//!    n exceeds the sample, the chosen k's centres from the sample seed one Lloyd run over all
//!    points; otherwise the fit on all points is used as is. Centres are re-normalised; each point goes to the centre of highest
//!    cosine similarity, and is uncoded below `min_similarity`.
//! 3. Clusters left without coded members are dropped (their points re-assigned among the
//!    remaining centres); themes are numbered from 1 by descending size, ties by smallest member.
//! 4. `label`: c-TF-IDF keywords and a short name per theme.
//! 5. `exemplar`: the most central distinct quotes per theme.

pub mod apply;
mod cluster;
pub mod config;
mod exemplar;
mod graph;
mod hierarchy;
mod label;
mod sample;
mod select_k;

use crate::codebook::{Centroid, Code, Codebook};
use crate::embed::Vectors;
use crate::themes::config::{ClusterMethod, ThemeCount, ThemesConfig};
use ndarray::{Array2, ArrayView2, Axis};
use std::collections::HashMap;

/// One discovered theme.
#[derive(Debug, Clone, PartialEq)]
pub struct Theme {
    /// 1-based position: in descending order of size for discovered themes (theme 1 is the
    /// largest), in codebook order for codebook codes.
    pub id: usize,
    /// The stable code id written to outputs and the codebook (`T3` for a discovered theme).
    pub code: String,
    /// A candidate found in this data, not (yet) an accepted codebook code.
    pub new: bool,
    /// Short readable name built from the top keywords, e.g. "late delivery · driver".
    pub name: String,
    /// c-TF-IDF keywords (unigrams and bigrams), best first.
    pub keywords: Vec<String>,
    /// Segment indices of the exemplar quotes, most central first.
    pub exemplars: Vec<usize>,
    /// Number of segments assigned to the theme.
    pub size: usize,
    /// The parent theme's id (1-based), when parents were built.
    pub parent: Option<usize>,
}

/// A parent theme: a group of neighbouring themes (the upper level of the hierarchy).
#[derive(Debug, Clone, PartialEq)]
pub struct ParentTheme {
    /// 1-based, in descending order of size (codebook order for codebook parents).
    pub id: usize,
    /// The stable code id (`P2` for a discovered parent).
    pub code: String,
    pub name: String,
    pub keywords: Vec<String>,
    /// Ids of its themes, ascending.
    pub themes: Vec<usize>,
    /// Segments in its themes.
    pub size: usize,
}

/// The result of theme discovery over n segments.
#[derive(Debug, Clone)]
pub struct ThemeModel {
    pub themes: Vec<Theme>,
    /// The parent level (empty when parents = 0 or there are too few themes).
    pub parents: Vec<ParentTheme>,
    /// Per segment: the (best) theme id, 1-based, or `None` for uncoded.
    pub assignment: Vec<Option<usize>>,
    /// Per segment: further theme ids above their thresholds, best first (multi-label
    /// codebook coding with `max_codes` > 1; empty otherwise).
    pub secondary: Vec<Vec<usize>>,
    /// Per segment: cosine similarity to the nearest theme centre.
    pub similarity: Vec<f32>,
    /// Theme centres (k × d, L2-normalised), row i belongs to theme id i+1.
    pub centroids: ndarray::Array2<f32>,
    /// For k = "auto": each candidate k with its silhouette score.
    pub k_scores: Vec<(usize, f32)>,
    /// The codebook this run used or learned (with every code's centroid), written to the
    /// output folder so a later run codes with exactly the same codes.
    pub codebook: Codebook,
    /// Segments the themes were found on: all of them, or the `themes.fit_sample` sample.
    pub fitted_on: usize,
}

impl ThemeModel {
    /// All theme ids of segment `i`, best first.
    pub fn codes_of(&self, i: usize) -> impl Iterator<Item = usize> + '_ {
        self.assignment[i]
            .into_iter()
            .chain(self.secondary[i].iter().copied())
    }

    /// Takes every code from segment `i` (its record was excluded after themes were found);
    /// its best theme's size shrinks with it.
    pub fn uncode(&mut self, i: usize) {
        if let Some(t) = self.assignment[i].take() {
            self.themes[t - 1].size -= 1;
        }
        self.secondary[i].clear();
    }
}

/// Finds themes as [`discover`] does, on at most `config.fit_sample` segments. Above that, a
/// seeded sample stratified by `strata` (a stratum id per segment) finds the themes, and every
/// segment is coded with the codebook learned from it: the path a run given that codebook
/// takes, so a large run and a reuse run code alike, and the global step stays bounded.
pub fn find(
    vectors: &Vectors,
    texts: &[&str],
    strata: &[usize],
    config: &ThemesConfig,
    seed: u64,
) -> ThemeModel {
    let n = vectors.len();
    if n <= config.fit_sample {
        return discover(vectors.to_matrix().view(), texts, config, seed);
    }
    let sample = sample::stratified(strata, config.fit_sample, seed);
    let sample_texts: Vec<&str> = sample.iter().map(|&i| texts[i]).collect();
    let learned = discover(vectors.gather(&sample).view(), &sample_texts, config, seed);
    let mut model = apply::code(vectors, texts, &learned.codebook, config, seed, false);
    model.k_scores = learned.k_scores;
    model.fitted_on = sample.len();
    model
}

/// Clusters L2-normalised embeddings (rows aligned with `texts`) into themes.
///
/// # Panics
/// When `texts.len()` differs from the number of embedding rows.
pub fn discover(
    embeddings: ArrayView2<'_, f32>,
    texts: &[&str],
    config: &ThemesConfig,
    seed: u64,
) -> ThemeModel {
    let (n, d) = embeddings.dim();
    assert_eq!(texts.len(), n, "one text per embedding row");
    if n == 0 {
        return ThemeModel {
            themes: Vec::new(),
            parents: Vec::new(),
            assignment: Vec::new(),
            secondary: Vec::new(),
            similarity: Vec::new(),
            centroids: Array2::zeros((0, d)),
            k_scores: Vec::new(),
            codebook: Codebook::empty(),
            fitted_on: 0,
        };
    }

    let (centres, k_scores) = match config.method {
        ClusterMethod::Kmeans => kmeans_centres(embeddings, config, seed),
        ClusterMethod::Graph => (graph_centres(embeddings, config, seed), Vec::new()),
    };
    let centres = merge_close(embeddings, centres, config.merge_similarity);
    let k = centres.nrows();

    let (mut nearest, mut similarity) = cluster::nearest(embeddings, centres.view());
    let is_coded = |sim: f32| sim >= config.min_similarity;
    let coded_counts = |nearest: &[usize], similarity: &[f32]| {
        let mut counts = vec![0usize; k];
        for (&c, &s) in nearest.iter().zip(similarity) {
            if is_coded(s) {
                counts[c] += 1;
            }
        }
        counts
    };

    // Drop clusters without coded members; their points move to the nearest kept centre.
    // A kept cluster keeps every coded member (its centre is still their nearest), so one
    // pass is enough.
    let counts = coded_counts(&nearest, &similarity);
    let kept: Vec<usize> = (0..k).filter(|&c| counts[c] > 0).collect();
    if !kept.is_empty() && kept.len() < k {
        let sub = centres.select(Axis(0), &kept);
        let (sub_nearest, sub_sim) = cluster::nearest(embeddings, sub.view());
        nearest = sub_nearest.into_iter().map(|j| kept[j]).collect();
        similarity = sub_sim;
    }
    let counts = coded_counts(&nearest, &similarity);

    // Number themes by descending coded size, then by smallest coded member index.
    let mut first_member = vec![usize::MAX; k];
    for (i, (&c, &s)) in nearest.iter().zip(&similarity).enumerate() {
        if is_coded(s) && first_member[c] == usize::MAX {
            first_member[c] = i;
        }
    }
    let mut order = kept;
    order.sort_by_key(|&c| (std::cmp::Reverse(counts[c]), first_member[c]));
    let mut theme_of = vec![None; k];
    for (t, &c) in order.iter().enumerate() {
        theme_of[c] = Some(t);
    }

    // 0-based theme per segment.
    let class_of: Vec<Option<usize>> = nearest
        .iter()
        .zip(&similarity)
        .map(|(&c, &s)| if is_coded(s) { theme_of[c] } else { None })
        .collect();
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); order.len()];
    for (i, t) in class_of.iter().enumerate() {
        if let Some(t) = t {
            members[*t].push(i);
        }
    }

    let centroids = centres.select(Axis(0), &order);
    let sizes: Vec<usize> = members.iter().map(Vec::len).collect();
    let n_parents = match config.parents {
        ThemeCount::Auto(_) if order.len() >= 6 => (order.len() as f64).sqrt().round() as usize,
        ThemeCount::Auto(_) => 0,
        ThemeCount::Fixed(p) => p,
    };
    let parent_of = (n_parents >= 2 && n_parents < order.len())
        .then(|| hierarchy::parents(centroids.view(), &sizes, n_parents));
    let parents: Vec<ParentTheme> = parent_of
        .as_ref()
        .map(|parent_of| {
            let class: Vec<Option<usize>> =
                class_of.iter().map(|t| t.map(|t| parent_of[t])).collect();
            label::keywords(texts, &class, n_parents, config.keywords)
                .into_iter()
                .enumerate()
                .map(|(p, keywords)| {
                    let themes: Vec<usize> =
                        (0..order.len()).filter(|&t| parent_of[t] == p).collect();
                    ParentTheme {
                        id: p + 1,
                        code: format!("P{}", p + 1),
                        name: label::name(&keywords, p + 1),
                        keywords,
                        size: themes.iter().map(|&t| sizes[t]).sum(),
                        themes: themes.iter().map(|t| t + 1).collect(),
                    }
                })
                .collect()
        })
        .unwrap_or_default();

    let keywords = label::keywords(texts, &class_of, order.len(), config.keywords);
    let themes: Vec<Theme> = keywords
        .into_iter()
        .zip(&members)
        .enumerate()
        .map(|(t, (keywords, members))| Theme {
            id: t + 1,
            code: format!("T{}", t + 1),
            new: true,
            name: label::name(&keywords, t + 1),
            exemplars: exemplar::pick(
                &|i| embeddings.row(i).to_vec(),
                texts,
                members,
                &similarity,
                config.exemplars,
            ),
            keywords,
            size: members.len(),
            parent: parent_of.as_ref().map(|p| p[t] + 1),
        })
        .collect();

    let codebook = learned_codebook(&themes, &parents, centroids.view(), config.min_similarity);
    ThemeModel {
        themes,
        parents,
        assignment: class_of.iter().map(|t| t.map(|t| t + 1)).collect(),
        secondary: vec![Vec::new(); n],
        similarity,
        centroids,
        k_scores,
        codebook,
        fitted_on: n,
    }
}

/// The codebook of discovered themes: parents as grouping codes, then each theme with its
/// centroid and `threshold = min_similarity`, all marked `new` (candidates to accept). Coding
/// the same segments with it reproduces the discovery's assignment: nearest centre, uncoded
/// below the threshold.
fn learned_codebook(
    themes: &[Theme],
    parents: &[ParentTheme],
    centroids: ArrayView2<'_, f32>,
    min_similarity: f32,
) -> Codebook {
    let mut codes: Vec<Code> = parents
        .iter()
        .map(|p| Code {
            id: p.code.clone(),
            name: p.name.clone(),
            keywords: p.keywords.clone(),
            new: true,
            ..Code::default()
        })
        .collect();
    codes.extend(themes.iter().zip(centroids.rows()).map(|(t, c)| Code {
        id: t.code.clone(),
        name: t.name.clone(),
        parent: t.parent.map(|p| parents[p - 1].code.clone()),
        keywords: t.keywords.clone(),
        threshold: Some(min_similarity),
        new: true,
        centroid: Some(Centroid::new(c.to_vec())),
        ..Code::default()
    }));
    Codebook {
        codes,
        ..Codebook::empty()
    }
}

/// k-means centres (L2-normalised), with k chosen by silhouette when `k = "auto"`, and the
/// silhouette of every candidate k.
fn kmeans_centres(
    embeddings: ArrayView2<'_, f32>,
    config: &ThemesConfig,
    seed: u64,
) -> (Array2<f32>, Vec<(usize, f32)>) {
    let n = embeddings.nrows();
    // The seeded sample used both to score candidate k and to fit them; `None` = all points.
    let sample_idx = select_k::sample_indices(n, config.silhouette_sample.max(2), seed);
    let sample = (sample_idx.len() < n).then(|| embeddings.select(Axis(0), &sample_idx));
    let fit_view = match &sample {
        Some(s) => s.view(),
        None => embeddings.view(),
    };

    let (k, k_scores, sample_centres) = match config.k {
        ThemeCount::Fixed(k) => (k.clamp(1, n), Vec::new(), None),
        ThemeCount::Auto(_) => {
            match select_k::select_k(fit_view, n, config.k_min, config.k_max, seed) {
                Some(sel) => (sel.k, sel.scores, Some(sel.centres)),
                None => (1, Vec::new(), None),
            }
        }
    };

    let mut centres = match (sample.is_some(), sample_centres) {
        // Fitted on all points already.
        (false, Some(centres)) => centres,
        (false, None) => cluster::kmeans(embeddings, k, seed, None),
        // Refine the sample's centres on all points: one Lloyd run from a good start instead
        // of N_RUNS k-means++ restarts over all n.
        (true, Some(centres)) => cluster::kmeans(embeddings, k, seed, Some(centres)),
        (true, None) if k <= fit_view.nrows() => {
            let centres = cluster::kmeans(fit_view, k, seed, None);
            cluster::kmeans(embeddings, k, seed, Some(centres))
        }
        (true, None) => cluster::kmeans(embeddings, k, seed, None),
    };
    cluster::normalise_rows(&mut centres);
    (centres, k_scores)
}

/// Centres (L2-normalised means) of the graph communities with at least `min_theme_size`
/// members. With a fixed k, the resolution is bisected (log scale) towards k such communities.
fn graph_centres(embeddings: ArrayView2<'_, f32>, config: &ThemesConfig, seed: u64) -> Array2<f32> {
    // Identical segments ("Great service.") have identical vectors: their neighbours would be
    // each other, cutting them off from the rest of the graph as many tiny communities. The
    // graph is built over distinct vectors; copies follow their first occurrence.
    let mut node_by_bits: HashMap<Vec<u32>, usize> = HashMap::new();
    let mut firsts: Vec<usize> = Vec::new();
    let node_of: Vec<usize> = embeddings
        .rows()
        .into_iter()
        .enumerate()
        .map(|(i, row)| {
            let key: Vec<u32> = row.iter().map(|x| x.to_bits()).collect();
            *node_by_bits.entry(key).or_insert_with(|| {
                firsts.push(i);
                firsts.len() - 1
            })
        })
        .collect();
    let graph = graph::Graph::knn(
        embeddings.select(Axis(0), &firsts).view(),
        config.neighbours,
    );
    let big = |node_labels: &[usize]| -> Vec<Vec<usize>> {
        let labels: Vec<usize> = node_of.iter().map(|&node| node_labels[node]).collect();
        let count = labels.iter().max().map_or(0, |m| m + 1);
        let mut members = vec![Vec::new(); count];
        for (i, &c) in labels.iter().enumerate() {
            members[c].push(i);
        }
        let kept: Vec<Vec<usize>> = members
            .iter()
            .filter(|m| m.len() >= config.min_theme_size)
            .cloned()
            .collect();
        // Everything tiny (e.g. a handful of segments): keep the communities as they are.
        if kept.is_empty() {
            members
        } else {
            kept
        }
    };
    let groups = match config.k {
        ThemeCount::Auto(_) => big(&graph.communities(config.resolution, seed)),
        ThemeCount::Fixed(target) => {
            let (mut lo, mut hi) = (0.01f64.ln(), 100f64.ln());
            let mut best: Option<Vec<Vec<usize>>> = None;
            for _ in 0..16 {
                let mid = (lo + hi) / 2.0;
                let groups = big(&graph.communities(mid.exp(), seed));
                let off = |g: &Vec<Vec<usize>>| g.len().abs_diff(target);
                if best.as_ref().is_none_or(|b| off(&groups) < off(b)) {
                    best = Some(groups.clone());
                }
                match groups.len().cmp(&target) {
                    std::cmp::Ordering::Less => lo = mid,
                    std::cmp::Ordering::Greater => hi = mid,
                    std::cmp::Ordering::Equal => break,
                }
            }
            let groups = best.unwrap_or_default();
            if groups.len() <= target {
                groups
            } else {
                // Disconnected parts of the graph never merge in Louvain: join the closest
                // communities (as parent themes are built) down to the target.
                let sizes: Vec<usize> = groups.iter().map(Vec::len).collect();
                let join =
                    hierarchy::parents(group_centres(embeddings, &groups).view(), &sizes, target);
                let mut joined = vec![Vec::new(); target];
                for (g, members) in groups.into_iter().enumerate() {
                    joined[join[g]].extend(members);
                }
                joined
            }
        }
    };
    group_centres(embeddings, &groups)
}

/// L2-normalised mean embedding of each group of rows.
fn group_centres(embeddings: ArrayView2<'_, f32>, groups: &[Vec<usize>]) -> Array2<f32> {
    let mut centres = Array2::zeros((groups.len(), embeddings.ncols()));
    for (mut row, members) in centres.rows_mut().into_iter().zip(groups) {
        for &i in members {
            row += &embeddings.row(i);
        }
    }
    cluster::normalise_rows(&mut centres);
    centres
}

/// Merges near-duplicate themes: while two centres have cosine ≥ `threshold`, the closest pair
/// is replaced by the normalised mean of the segments nearest to either.
fn merge_close(
    embeddings: ArrayView2<'_, f32>,
    mut centres: Array2<f32>,
    threshold: f32,
) -> Array2<f32> {
    loop {
        let k = centres.nrows();
        let sims = centres.dot(&centres.t());
        let mut best: Option<(usize, usize, f32)> = None;
        for a in 0..k {
            for b in a + 1..k {
                let s = sims[[a, b]];
                if s >= threshold && best.is_none_or(|(_, _, bs)| s > bs) {
                    best = Some((a, b, s));
                }
            }
        }
        let Some((a, b, _)) = best else {
            return centres;
        };
        let (nearest, _) = cluster::nearest(embeddings, centres.view());
        let mut merged = ndarray::Array1::<f32>::zeros(centres.ncols());
        for (i, &c) in nearest.iter().enumerate() {
            if c == a || c == b {
                merged += &embeddings.row(i);
            }
        }
        if merged.iter().all(|&x| x == 0.0) {
            merged = &centres.row(a) + &centres.row(b);
        }
        let keep: Vec<usize> = (0..k).filter(|&c| c != b).collect();
        let mut next = centres.select(Axis(0), &keep);
        next.row_mut(a).assign(&merged);
        cluster::normalise_rows(&mut next);
        centres = next;
    }
}

#[cfg(test)]
mod tests;
