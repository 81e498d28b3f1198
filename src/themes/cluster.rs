//! K-means over L2-normalised embeddings (linfa-clustering), plus cosine assignment.
//!
//! Rows are unit vectors, so squared Euclidean distance is `2 - 2·cos`: Euclidean k-means on
//! them is (almost) spherical k-means. The centres linfa returns are means, hence shorter than
//! one; we re-normalise them and assign every point to the centre of highest cosine similarity.
//!
//! Two things are ours rather than linfa's defaults, both for the 10k × 384 budget:
//! * [`SqL2`], the same Euclidean metric as linfa's `L2Dist` but summed in 8 independent lanes
//!   the compiler vectorises (`L2Dist` folds element by element, ~5× slower at d = 384);
//!   linfa's Lloyd loop spends nearly all its time in this function.
//! * Greedy k-means++ seeding (as scikit-learn does: each new centre is the best of
//!   `2 + ⌊ln k⌋` D²-sampled candidates), computed with one matrix product per step and handed
//!   to linfa as `KMeansInit::Precomputed`. Plain k-means++ in 384 dimensions, where points of
//!   one theme are almost as far apart as points of different themes, often seeds two centres
//!   in one group and none in another, a local minimum Lloyd cannot leave.
//!
//! Determinism: all randomness comes from `Xoshiro256Plus::seed_from_u64(seed)`; linfa's
//! rayon-parallel steps compute each point independently and its reductions (centre sums,
//! inertia) are sequential, so a seed gives the same centres bit for bit whatever the thread
//! count. The cosine assignment is a plain `ndarray` matrix product, equally deterministic.

use linfa::prelude::*;
use linfa::DatasetBase;
use linfa_clustering::{KMeans, KMeansInit};
use linfa_nn::distance::Distance;
use ndarray::{s, Array1, Array2, ArrayView, ArrayView2, Axis, Dimension, Zip};
use rand_xoshiro::rand_core::{RngCore, SeedableRng};
use rand_xoshiro::Xoshiro256Plus;

/// Independent seedings; the run with the lowest inertia wins.
pub(crate) const N_RUNS: usize = 4;
/// Lloyd iterations per run at most.
pub(crate) const MAX_ITERATIONS: u64 = 200;
/// Stop when the centres move less than this (Euclidean norm over all centre coordinates).
pub(crate) const TOLERANCE: f32 = 1e-4;
/// Rows per block in the cosine assignment (bounds the temporary block × k matrix).
const ASSIGN_BLOCK: usize = 8192;

/// Euclidean distance for linfa, with a vectorisable squared-distance kernel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct SqL2;

fn sq_dist(x: &[f32], y: &[f32]) -> f32 {
    let mut acc = [0.0f32; 8];
    let (xc, yc) = (x.chunks_exact(8), y.chunks_exact(8));
    let tail: f32 = xc
        .remainder()
        .iter()
        .zip(yc.remainder())
        .map(|(a, b)| (a - b) * (a - b))
        .sum();
    for (a, b) in xc.zip(yc) {
        for l in 0..8 {
            let d = a[l] - b[l];
            acc[l] += d * d;
        }
    }
    acc.iter().sum::<f32>() + tail
}

impl Distance<f32> for SqL2 {
    fn distance<D: Dimension>(&self, a: ArrayView<'_, f32, D>, b: ArrayView<'_, f32, D>) -> f32 {
        self.rdistance(a, b).sqrt()
    }

    fn rdistance<D: Dimension>(&self, a: ArrayView<'_, f32, D>, b: ArrayView<'_, f32, D>) -> f32 {
        assert_eq!(a.shape(), b.shape(), "distance between different shapes");
        if a.strides() == b.strides() {
            if let (Some(x), Some(y)) = (a.as_slice_memory_order(), b.as_slice_memory_order()) {
                return sq_dist(x, y);
            }
        }
        Zip::from(&a)
            .and(&b)
            .fold(0.0, |acc, &x, &y| acc + (x - y) * (x - y))
    }

    fn rdist_to_dist(&self, rdist: f32) -> f32 {
        rdist.sqrt()
    }

    fn dist_to_rdist(&self, dist: f32) -> f32 {
        dist * dist
    }
}

/// Uniform index in `0..n` (n ≥ 1), Lemire's multiply-shift (bias < n / 2^64).
pub(crate) fn below(rng: &mut Xoshiro256Plus, n: usize) -> usize {
    ((u128::from(rng.next_u64()) * n as u128) >> 64) as usize
}

/// Uniform f64 in [0, 1).
fn unit(rng: &mut Xoshiro256Plus) -> f64 {
    (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64
}

/// Greedy k-means++ seeding (k ≤ n): k rows of `data`.
fn greedy_kmeans_pp(data: ArrayView2<'_, f32>, k: usize, rng: &mut Xoshiro256Plus) -> Array2<f32> {
    let n = data.nrows();
    let norms: Vec<f32> = data.rows().into_iter().map(|r| r.dot(&r)).collect();
    let trials = 2 + (k as f64).ln().floor() as usize;
    // Squared distances from every point to the candidates (columns of `dots`).
    let sq_dists = |cands: &[usize]| {
        let dots = data.dot(&data.select(Axis(0), cands).t());
        let mut d = dots;
        for (i, mut row) in d.rows_mut().into_iter().enumerate() {
            for (j, v) in row.iter_mut().enumerate() {
                *v = (norms[i] + norms[cands[j]] - 2.0 * *v).max(0.0);
            }
        }
        d
    };
    let first = below(rng, n);
    let mut chosen = vec![first];
    let mut closest: Vec<f32> = sq_dists(&[first]).column(0).to_vec();
    let mut prefix = vec![0.0f64; n];
    while chosen.len() < k {
        let mut total = 0.0f64;
        for (p, &d) in prefix.iter_mut().zip(&closest) {
            total += f64::from(d);
            *p = total;
        }
        let cands: Vec<usize> = if total > 0.0 {
            (0..trials)
                .map(|_| {
                    let r = unit(rng) * total;
                    prefix.partition_point(|&p| p <= r).min(n - 1)
                })
                .collect()
        } else {
            // Every point sits on a centre (duplicates): any point will do.
            vec![below(rng, n)]
        };
        let d = sq_dists(&cands);
        let (mut best, mut best_pot) = (0, f64::INFINITY);
        for (j, col) in d.columns().into_iter().enumerate() {
            let pot: f64 = col
                .iter()
                .zip(&closest)
                .map(|(&a, &b)| f64::from(a.min(b)))
                .sum();
            if pot < best_pot {
                best = j;
                best_pot = pot;
            }
        }
        for (c, &a) in closest.iter_mut().zip(d.column(best)) {
            *c = c.min(a);
        }
        chosen.push(cands[best]);
    }
    data.select(Axis(0), &chosen)
}

/// Fits k-means on `data` (n ≥ 1 rows) and returns the raw (mean, not normalised) centres.
///
/// `k` is capped at n. With `init = Some(centres)` (k rows) Lloyd starts from those centres
/// and runs once (used to refine centres fitted on a sample); otherwise [`N_RUNS`] greedy
/// k-means++ seedings, keeping the fit of lowest inertia (ties: the earlier run).
pub(crate) fn kmeans(
    data: ArrayView2<'_, f32>,
    k: usize,
    seed: u64,
    init: Option<Array2<f32>>,
) -> Array2<f32> {
    let n = data.nrows();
    assert!(n > 0, "k-means needs at least one point");
    let k = k.clamp(1, n);
    if k == 1 {
        // One centre: the mean. No iteration (and no randomness) needed.
        return data.mean_axis(Axis(0)).expect("n > 0").insert_axis(Axis(0));
    }
    let mut rng = Xoshiro256Plus::seed_from_u64(seed);
    let starts: Vec<Array2<f32>> = match init {
        Some(centres) if centres.nrows() == k && centres.ncols() == data.ncols() => vec![centres],
        _ => (0..N_RUNS)
            .map(|_| greedy_kmeans_pp(data, k, &mut rng))
            .collect(),
    };
    let dataset = DatasetBase::new(data, ());
    let mut best: Option<(f32, Array2<f32>)> = None;
    for start in starts {
        // The RNG is unused with precomputed centres; linfa's API wants one.
        let params = KMeans::params_with(k, rng.clone(), SqL2)
            .n_runs(1)
            .max_n_iterations(MAX_ITERATIONS)
            .tolerance(TOLERANCE)
            .init_method(KMeansInit::Precomputed(start));
        // linfa fails only when the inertia is NaN (non-finite input): skip that run.
        if let Ok(model) = params.fit(&dataset) {
            let inertia = model.inertia();
            if best.as_ref().is_none_or(|(b, _)| inertia < *b) {
                best = Some((inertia, model.centroids().clone()));
            }
        }
    }
    // Fallback for non-finite input: the first k rows, so callers still get k centres.
    best.map_or_else(|| data.slice(s![0..k, ..]).to_owned(), |(_, c)| c)
}

/// Scales every row to unit length (rows of norm ~0 are left as they are).
pub(crate) fn normalise_rows(m: &mut Array2<f32>) {
    for mut row in m.rows_mut() {
        let norm = row.dot(&row).sqrt();
        if norm > 1e-12 {
            row /= norm;
        }
    }
}

/// For every row of `data`: the index of the unit centre with the highest cosine similarity
/// (ties → lowest index) and that similarity. `centres` must be L2-normalised and non-empty.
/// Cosine similarity of every row to every centre (n × k), computed in the same row blocks as
/// [`nearest`], so both give bit-identical values.
pub(crate) fn similarities(data: ArrayView2<'_, f32>, centres: ArrayView2<'_, f32>) -> Array2<f32> {
    let n = data.nrows();
    let mut out = Array2::zeros((n, centres.nrows()));
    let mut start = 0;
    while start < n {
        let end = (start + ASSIGN_BLOCK).min(n);
        out.slice_mut(s![start..end, ..])
            .assign(&data.slice(s![start..end, ..]).dot(&centres.t()));
        start = end;
    }
    out
}

pub(crate) fn nearest(
    data: ArrayView2<'_, f32>,
    centres: ArrayView2<'_, f32>,
) -> (Vec<usize>, Vec<f32>) {
    let n = data.nrows();
    let mut labels = Vec::with_capacity(n);
    let mut sims = Vec::with_capacity(n);
    if centres.nrows() == 0 {
        return (vec![0; n], vec![f32::NAN; n]);
    }
    let ct = centres.t();
    let mut start = 0;
    while start < n {
        let end = (start + ASSIGN_BLOCK).min(n);
        let block = data.slice(s![start..end, ..]).dot(&ct);
        for row in block.rows() {
            let (mut best, mut best_sim) = (0, f32::NEG_INFINITY);
            for (c, &sim) in row.iter().enumerate() {
                if sim > best_sim {
                    best = c;
                    best_sim = sim;
                }
            }
            if best_sim == f32::NEG_INFINITY {
                // Only NaNs (non-finite embedding): report NaN, which never passes a threshold.
                best_sim = f32::NAN;
            }
            labels.push(best);
            sims.push(best_sim);
        }
        start = end;
    }
    (labels, sims)
}

/// Number of points per label.
pub(crate) fn counts(labels: &[usize], k: usize) -> Array1<usize> {
    let mut counts = Array1::zeros(k);
    for &l in labels {
        counts[l] += 1;
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn themes_cluster_two_groups_deterministic() {
        let data = array![
            [1.0f32, 0.0, 0.0],
            [0.99, 0.141, 0.0],
            [0.99, -0.141, 0.0],
            [0.0, 0.0, 1.0],
            [0.0, 0.141, 0.99],
            [0.0, -0.141, 0.99],
        ];
        let a = kmeans(data.view(), 2, 7, None);
        let b = kmeans(data.view(), 2, 7, None);
        assert_eq!(a, b);
        let mut c = a.clone();
        normalise_rows(&mut c);
        let (labels, sims) = nearest(data.view(), c.view());
        assert_eq!(labels[0], labels[1]);
        assert_eq!(labels[1], labels[2]);
        assert_eq!(labels[3], labels[4]);
        assert_eq!(labels[4], labels[5]);
        assert_ne!(labels[0], labels[3]);
        assert!(sims.iter().all(|&s| s > 0.9));
        for row in c.rows() {
            assert!((row.dot(&row) - 1.0).abs() < 1e-5);
        }
    }

    #[test]
    fn themes_sq_l2_matches_definition() {
        let a: Vec<f32> = (0..21).map(|i| i as f32 * 0.1).collect();
        let b: Vec<f32> = (0..21).map(|i| (i * i) as f32 * 0.01).collect();
        let want: f32 = a.iter().zip(&b).map(|(x, y)| (x - y) * (x - y)).sum();
        let (va, vb) = (ndarray::aview1(&a), ndarray::aview1(&b));
        assert!((SqL2.rdistance(va, vb) - want).abs() < 1e-4);
        assert!((SqL2.distance(va, vb) - want.sqrt()).abs() < 1e-4);
        // Non-contiguous views take the element-wise path.
        let m = Array2::from_shape_fn((21, 2), |(i, j)| if j == 0 { a[i] } else { b[i] });
        assert!((SqL2.rdistance(m.column(0), m.column(1)) - want).abs() < 1e-4);
    }

    #[test]
    fn themes_greedy_seeding_spreads_over_groups() {
        // Four tight pairs: the seeding must pick one point from each pair.
        let data = array![
            [1.0f32, 0.0, 0.0, 0.0],
            [0.99, 0.141, 0.0, 0.0],
            [0.0, 1.0, 0.0, 0.0],
            [0.0, 0.99, 0.141, 0.0],
            [0.0, 0.0, 1.0, 0.0],
            [0.0, 0.0, 0.99, 0.141],
            [0.0, 0.0, 0.0, 1.0],
            [0.141, 0.0, 0.0, 0.99],
        ];
        for seed in 0..20 {
            let mut rng = Xoshiro256Plus::seed_from_u64(seed);
            let c = greedy_kmeans_pp(data.view(), 4, &mut rng);
            let mut unit_c = c.clone();
            normalise_rows(&mut unit_c);
            let (labels, _) = nearest(data.view(), unit_c.view());
            let mut groups: Vec<usize> = (0..4).map(|g| labels[2 * g]).collect();
            groups.sort_unstable();
            assert_eq!(groups, vec![0, 1, 2, 3], "seed {seed}");
        }
    }

    #[test]
    fn themes_cluster_caps_k_and_handles_duplicates() {
        let data = array![[1.0f32, 0.0], [1.0, 0.0], [1.0, 0.0]];
        let c = kmeans(data.view(), 10, 1, None);
        assert_eq!(c.nrows(), 3);
        assert!(c.iter().all(|v| v.is_finite()));
        let one = kmeans(data.slice(s![0..1, ..]), 5, 1, None);
        assert_eq!(one.nrows(), 1);
        assert_eq!(one.row(0).to_vec(), vec![1.0, 0.0]);
    }
}
