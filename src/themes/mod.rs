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
mod tests {
    use super::*;
    use crate::themes::config::AutoK;
    use ndarray::Array2;
    use rand_xoshiro::rand_core::{RngCore, SeedableRng};
    use rand_xoshiro::Xoshiro256Plus;

    fn gaussian(rng: &mut Xoshiro256Plus) -> f32 {
        // Box–Muller from two uniforms in (0, 1].
        let u =
            |rng: &mut Xoshiro256Plus| ((rng.next_u64() >> 11) + 1) as f64 / (1u64 << 53) as f64;
        let (u1, u2) = (u(rng), u(rng));
        ((-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos()) as f32
    }

    fn normalise(v: &mut [f32]) {
        let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
        v.iter_mut().for_each(|x| *x /= norm);
    }

    /// Unit vectors around `sizes.len()` random directions in d dimensions (cosine to their
    /// direction ≈ 1 / √(1 + noise²)), shuffled; returns the rows and each row's group.
    fn planted(sizes: &[usize], d: usize, noise: f32, seed: u64) -> (Array2<f32>, Vec<usize>) {
        let mut rng = Xoshiro256Plus::seed_from_u64(seed);
        let dirs: Vec<Vec<f32>> = sizes
            .iter()
            .map(|_| {
                let mut v: Vec<f32> = (0..d).map(|_| gaussian(&mut rng)).collect();
                normalise(&mut v);
                v
            })
            .collect();
        let mut groups: Vec<usize> = sizes
            .iter()
            .enumerate()
            .flat_map(|(g, &s)| std::iter::repeat_n(g, s))
            .collect();
        for i in (1..groups.len()).rev() {
            let j = (rng.next_u64() % (i as u64 + 1)) as usize;
            groups.swap(i, j);
        }
        let scale = noise / (d as f32).sqrt();
        let mut data = Array2::zeros((groups.len(), d));
        for (mut row, &g) in data.rows_mut().into_iter().zip(&groups) {
            let mut v: Vec<f32> = dirs[g]
                .iter()
                .map(|&x| x + scale * gaussian(&mut rng))
                .collect();
            normalise(&mut v);
            row.assign(&ndarray::ArrayView1::from(&v[..]));
        }
        (data, groups)
    }

    fn auto(k_min: usize, k_max: usize) -> ThemesConfig {
        ThemesConfig {
            method: ClusterMethod::Kmeans,
            k: ThemeCount::Auto(AutoK::Auto),
            k_min,
            k_max,
            ..ThemesConfig::default()
        }
    }

    fn fixed(k: usize) -> ThemesConfig {
        ThemesConfig {
            method: ClusterMethod::Kmeans,
            k: ThemeCount::Fixed(k),
            ..ThemesConfig::default()
        }
    }

    fn blank_texts(n: usize) -> Vec<&'static str> {
        vec!["some feedback text here"; n]
    }

    /// Asserts that theme t (id t+1) is exactly planted group `expected_group[t]`.
    fn assert_partition(model: &ThemeModel, groups: &[usize], expected_group: &[usize]) {
        assert_eq!(model.themes.len(), expected_group.len());
        for (i, (&a, &g)) in model.assignment.iter().zip(groups).enumerate() {
            assert_eq!(
                a,
                Some(expected_group.iter().position(|&e| e == g).unwrap() + 1),
                "row {i}"
            );
        }
    }

    #[test]
    fn graph_method_finds_the_number_of_groups_itself() {
        let sizes = [120, 90, 60, 40, 30];
        let (data, groups) = planted(&sizes, 384, 0.8, 5);
        let texts = blank_texts(data.nrows());
        let model = discover(data.view(), &texts, &ThemesConfig::default(), 42);
        assert_partition(&model, &groups, &[0, 1, 2, 3, 4]);
        assert!(model.k_scores.is_empty());
    }

    #[test]
    fn above_fit_sample_themes_come_from_a_sample_and_code_everything() {
        let sizes = [400, 300, 200, 100];
        let (data, groups) = planted(&sizes, 128, 0.8, 21);
        let texts = blank_texts(data.nrows());
        let config = ThemesConfig {
            fit_sample: 250,
            ..ThemesConfig::default()
        };
        // Two strata: the odd rows and the even rows.
        let strata: Vec<usize> = (0..data.nrows()).map(|i| i % 2).collect();
        // Spilled as a run spills them.
        let dir = tempfile::tempdir().unwrap();
        let data = Vectors::spill(&data, dir.path()).unwrap();
        let model = find(&data, &texts, &strata, &config, 42);
        assert_eq!(model.fitted_on, 250);
        assert_partition(&model, &groups, &[0, 1, 2, 3]);
        assert_eq!(
            model.themes.iter().map(|t| t.size).collect::<Vec<_>>(),
            sizes
        );
        // Coding with the run's own codebook reproduces it: the reuse path is the same path.
        let again = apply::code(&data, &texts, &model.codebook, &config, 42, false);
        assert_eq!(again.assignment, model.assignment);
        // At or below the sample size, every segment is fitted.
        let all = find(&data, &texts, &strata, &ThemesConfig::default(), 42);
        assert_eq!(all.fitted_on, data.len());
    }

    #[test]
    fn graph_method_reaches_a_target_number_of_themes() {
        // Eight planted groups; asking for four makes the resolution search join neighbours.
        let (data, _) = planted(&[40; 8], 384, 1.2, 9);
        let texts = blank_texts(data.nrows());
        for target in [4, 8] {
            let config = ThemesConfig {
                k: ThemeCount::Fixed(target),
                merge_similarity: 1.0,
                ..ThemesConfig::default()
            };
            let model = discover(data.view(), &texts, &config, 42);
            assert!(
                model.themes.len().abs_diff(target) <= 1,
                "target {target}: got {}",
                model.themes.len()
            );
        }
    }

    #[test]
    fn near_duplicate_themes_merge_and_parents_group_themes() {
        let (data, _) = planted(&[60, 50, 40, 30, 30, 20, 20], 384, 0.8, 3);
        let texts = blank_texts(data.nrows());
        let model = discover(data.view(), &texts, &ThemesConfig::default(), 42);
        assert_eq!(model.themes.len(), 7);
        assert_eq!(model.parents.len(), 3, "√7 rounds to 3 parents");
        let mut children: Vec<usize> = model
            .parents
            .iter()
            .flat_map(|p| p.themes.clone())
            .collect();
        children.sort_unstable();
        assert_eq!(children, (1..=7).collect::<Vec<_>>());
        for t in &model.themes {
            let p = &model.parents[t.parent.unwrap() - 1];
            assert!(p.themes.contains(&t.id));
        }
        // A merge threshold below the planted groups' centre similarity joins them all.
        let merged = discover(
            data.view(),
            &texts,
            &ThemesConfig {
                merge_similarity: -0.5,
                ..ThemesConfig::default()
            },
            42,
        );
        assert_eq!(merged.themes.len(), 1);
        assert!(merged.parents.is_empty());
    }

    #[test]
    fn themes_auto_k_recovers_planted_groups_ordered_by_size() {
        // Group sizes differ so the size order is known: group 0 is the largest.
        let sizes = [120, 90, 60, 40];
        let (data, groups) = planted(&sizes, 384, 0.8, 11);
        let texts = blank_texts(data.nrows());
        let model = discover(data.view(), &texts, &auto(2, 8), 42);
        let ks: Vec<usize> = model.k_scores.iter().map(|&(k, _)| k).collect();
        assert_eq!(ks, (2..=8).collect::<Vec<_>>());
        let best = model
            .k_scores
            .iter()
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))
            .unwrap();
        assert_eq!(best.0, 4, "scores {:?}", model.k_scores);
        assert_partition(&model, &groups, &[0, 1, 2, 3]);
        let sizes_out: Vec<usize> = model.themes.iter().map(|t| t.size).collect();
        assert_eq!(sizes_out, vec![120, 90, 60, 40]);
        let ids: Vec<usize> = model.themes.iter().map(|t| t.id).collect();
        assert_eq!(ids, vec![1, 2, 3, 4]);
        assert_eq!(model.centroids.dim(), (4, 384));
        for (row, theme) in model.centroids.rows().into_iter().zip(&model.themes) {
            assert!((row.dot(&row) - 1.0).abs() < 1e-4);
            assert_eq!(
                theme.exemplars.len(),
                1.min(theme.size).max(theme.exemplars.len())
            );
        }
        // similarity[i] is the similarity to the assigned theme's centre.
        for (i, a) in model.assignment.iter().enumerate() {
            let c = model.centroids.row(a.unwrap() - 1);
            assert!((c.dot(&data.row(i)) - model.similarity[i]).abs() < 1e-5);
        }
    }

    #[test]
    fn themes_auto_k_with_sample_and_refit_on_all_points() {
        // n > silhouette_sample: candidates are fitted and scored on 150 sampled points, the
        // chosen k refined on all 700.
        let sizes = [300, 200, 120, 80];
        let (data, groups) = planted(&sizes, 64, 0.9, 5);
        let texts = blank_texts(data.nrows());
        let config = ThemesConfig {
            silhouette_sample: 150,
            ..auto(3, 9)
        };
        let model = discover(data.view(), &texts, &config, 7);
        assert_eq!(model.k_scores.len(), 7);
        assert_partition(&model, &groups, &[0, 1, 2, 3]);
    }

    fn assert_same(a: &ThemeModel, b: &ThemeModel) {
        assert_eq!(a.themes, b.themes);
        assert_eq!(a.assignment, b.assignment);
        let bits = |m: &ThemeModel| m.similarity.iter().map(|s| s.to_bits()).collect::<Vec<_>>();
        assert_eq!(bits(a), bits(b));
        let cbits = |m: &ThemeModel| m.centroids.iter().map(|s| s.to_bits()).collect::<Vec<_>>();
        assert_eq!(cbits(a), cbits(b));
        let kbits = |m: &ThemeModel| {
            m.k_scores
                .iter()
                .map(|&(k, s)| (k, s.to_bits()))
                .collect::<Vec<_>>()
        };
        assert_eq!(kbits(a), kbits(b));
    }

    #[test]
    fn themes_deterministic_for_a_seed() {
        let (data, _) = planted(&[80, 70, 50, 30, 20], 96, 0.6, 3);
        let texts: Vec<String> = (0..data.nrows())
            .map(|i| format!("comment number {i} about topic {}", i % 7))
            .collect();
        let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
        let config = ThemesConfig {
            silhouette_sample: 120,
            ..auto(2, 10)
        };
        let a = discover(data.view(), &texts, &config, 42);
        let b = discover(data.view(), &texts, &config, 42);
        assert_same(&a, &b);
        // Another seed: same partition on well-separated data (ids follow sizes, so equal).
        let c = discover(data.view(), &texts, &config, 4242);
        assert_eq!(a.assignment, c.assignment);
        let names = |m: &ThemeModel| m.themes.iter().map(|t| t.name.clone()).collect::<Vec<_>>();
        assert_eq!(names(&a), names(&c));
    }

    #[test]
    fn themes_orthogonal_point_is_uncoded() {
        // Three groups around e0, e1, e2 with noise in dims 3..40; the extra point e63 has
        // cosine exactly 0 with every centre.
        let d = 64;
        let mut rng = Xoshiro256Plus::seed_from_u64(8);
        let mut rows: Vec<Vec<f32>> = Vec::new();
        for i in 0..90 {
            let mut v = vec![0.0f32; d];
            v[i % 3] = 1.0;
            for x in &mut v[3..40] {
                *x = 0.05 * gaussian(&mut rng);
            }
            normalise(&mut v);
            rows.push(v);
        }
        let mut lone = vec![0.0f32; d];
        lone[63] = 1.0;
        rows.push(lone);
        let n = rows.len();
        let data = Array2::from_shape_vec((n, d), rows.concat()).unwrap();
        let config = ThemesConfig {
            min_similarity: 0.5,
            ..fixed(3)
        };
        let model = discover(data.view(), &blank_texts(n), &config, 1);
        assert_eq!(model.assignment[n - 1], None);
        // Near 0: the centre of the cluster linfa put it in moved towards it by 1/31 at most.
        assert!(
            model.similarity[n - 1].abs() < 0.1,
            "{}",
            model.similarity[n - 1]
        );
        assert!(model.assignment[..n - 1].iter().all(Option::is_some));
        assert_eq!(model.themes.len(), 3);
        assert_eq!(model.themes.iter().map(|t| t.size).sum::<usize>(), n - 1);
        // Equal sizes: ids follow the smallest member (rows 0, 1, 2 are in groups 0, 1, 2).
        assert_eq!(&model.assignment[..3], &[Some(1), Some(2), Some(3)]);
    }

    #[test]
    fn themes_all_uncoded_gives_no_themes() {
        let (data, _) = planted(&[20, 20], 32, 0.5, 2);
        let config = ThemesConfig {
            min_similarity: 1.0,
            ..fixed(2)
        };
        let model = discover(data.view(), &blank_texts(40), &config, 1);
        assert!(model.themes.is_empty());
        assert!(model.assignment.iter().all(Option::is_none));
        assert_eq!(model.centroids.dim(), (0, 32));
        assert_eq!(model.similarity.len(), 40);
    }

    #[test]
    fn themes_fixed_k_respected() {
        let (data, _) = planted(&[60, 50, 40, 30], 48, 0.8, 9);
        let config = ThemesConfig {
            min_similarity: -1.0,
            ..fixed(3)
        };
        let model = discover(data.view(), &blank_texts(180), &config, 3);
        assert_eq!(model.themes.len(), 3);
        assert_eq!(model.centroids.nrows(), 3);
        assert!(model.k_scores.is_empty());
        assert!(model.assignment.iter().all(Option::is_some));
        let sizes: Vec<usize> = model.themes.iter().map(|t| t.size).collect();
        assert!(sizes.windows(2).all(|w| w[0] >= w[1]), "{sizes:?}");
        assert_eq!(sizes.iter().sum::<usize>(), 180);
    }

    #[test]
    fn themes_tiny_inputs() {
        // n = 0
        let empty = Array2::<f32>::zeros((0, 8));
        let model = discover(empty.view(), &[], &auto(4, 20), 1);
        assert!(model.themes.is_empty() && model.assignment.is_empty());
        assert_eq!(model.centroids.dim(), (0, 8));

        // n = 1, auto and fixed
        let mut one = Array2::<f32>::zeros((1, 8));
        one[[0, 2]] = 1.0;
        for config in [auto(4, 20), fixed(5)] {
            let model = discover(one.view(), &["the only comment about billing"], &config, 1);
            assert_eq!(model.assignment, vec![Some(1)]);
            assert_eq!(model.themes.len(), 1);
            assert_eq!(model.themes[0].size, 1);
            assert_eq!(model.themes[0].exemplars, vec![0]);
            assert!((model.similarity[0] - 1.0).abs() < 1e-6);
            // Equal scores: alphabetical; "about" (stopword) prevents the bigram.
            assert_eq!(model.themes[0].keywords, vec!["billing", "comment"]);
        }

        // n < k, with duplicate points
        let (data, _) = planted(&[2, 1], 8, 0.1, 4);
        let mut dup = Array2::zeros((4, 8));
        dup.slice_mut(ndarray::s![0..3, ..]).assign(&data);
        dup.row_mut(3).assign(&data.row(0));
        for config in [fixed(10), auto(4, 20)] {
            let model = discover(dup.view(), &blank_texts(4), &config, 1);
            assert!(!model.themes.is_empty() && model.themes.len() <= 3);
            assert_eq!(model.themes.iter().map(|t| t.size).sum::<usize>(), 4);
            assert_eq!(model.assignment[0], model.assignment[3]);
        }

        // All points identical, k > 1: one theme, no NaN.
        let same = Array2::from_shape_fn((6, 4), |(_, j)| if j == 0 { 1.0f32 } else { 0.0 });
        let model = discover(same.view(), &blank_texts(6), &auto(2, 5), 1);
        assert_eq!(model.themes.len(), 1);
        assert!(model.similarity.iter().all(|s| (s - 1.0).abs() < 1e-6));
    }

    #[test]
    fn themes_keywords_names_and_exemplars_end_to_end() {
        // Two planted groups; texts match the groups.
        let (data, groups) = planted(&[8, 6], 32, 0.6, 12);
        let delivery = [
            "the delivery was late again",
            "late delivery, driver never came",
            "my late delivery arrived two days after the date",
            "another late delivery and the driver was rude",
            "the driver left the parcel outside, late delivery as usual",
            "late delivery again",
            "Late delivery again!",
            "why is every delivery so late",
        ];
        let app = [
            "the app keeps crashing on login",
            "app crashing every time I open it",
            "login fails and the app crashing again",
            "the app is crashing after the update",
            "cannot login, the app crashing constantly",
            "app crashing",
        ];
        let (mut di, mut ai) = (0, 0);
        let texts: Vec<&str> = groups
            .iter()
            .map(|&g| {
                if g == 0 {
                    di += 1;
                    delivery[di - 1]
                } else {
                    ai += 1;
                    app[ai - 1]
                }
            })
            .collect();
        let config = ThemesConfig {
            exemplars: 3,
            ..fixed(2)
        };
        let model = discover(data.view(), &texts, &config, 42);
        assert_eq!(model.themes.len(), 2);
        assert_eq!(model.themes[0].keywords[0], "late delivery");
        assert_eq!(model.themes[1].keywords[0], "app crashing");
        assert!(model.themes[0].name.starts_with("late delivery"));
        for theme in &model.themes {
            assert_eq!(theme.exemplars.len(), 3);
            let lowered: Vec<String> = theme
                .exemplars
                .iter()
                .map(|&i| texts[i].trim().to_lowercase())
                .collect();
            let mut unique = lowered.clone();
            unique.sort();
            unique.dedup();
            assert_eq!(unique.len(), 3, "{lowered:?}");
            for &i in &theme.exemplars {
                assert_eq!(model.assignment[i], Some(theme.id));
                // Preferred: at least 4 words (each group has 3+ such texts).
                assert!(texts[i].split_whitespace().count() >= 4, "{}", texts[i]);
            }
        }
    }

    /// Timing on 10k × 384 with k = auto over 4..=20 (run with `--ignored`, ideally optimised).
    #[test]
    #[ignore]
    fn themes_timing_10k_auto() {
        let sizes = [
            1500, 1300, 1100, 1000, 900, 800, 700, 650, 600, 550, 500, 400,
        ];
        let (data, groups) = planted(&sizes, 384, 1.2, 1);
        let texts = blank_texts(data.nrows());
        let start = std::time::Instant::now();
        let model = discover(data.view(), &texts, &auto(4, 20), 42);
        let elapsed = start.elapsed();
        eprintln!(
            "10k x 384 auto k: {:?}, chose {} themes, scores {:?}",
            elapsed,
            model.themes.len(),
            model.k_scores
        );
        assert_eq!(model.themes.len(), sizes.len());
        assert_partition(&model, &groups, &(0..sizes.len()).collect::<Vec<_>>());
    }
}
