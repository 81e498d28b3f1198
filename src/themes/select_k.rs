//! Choosing k: mean silhouette (cosine distance) on a seeded sample, best k wins.
//!
//! Every candidate k is fitted on the sample (the same seeded sample the silhouette is scored
//! on), so the cost of model selection does not grow with n; the caller then fits the chosen
//! k on all points, starting from the sample's centres.
//!
//! Silhouette without an m × m matrix: for unit vectors the cosine distance is `1 - x·y`, so
//! the summed distance from x_i to the members of cluster c is `|c| - x_i·S_c`, where S_c is
//! the sum of c's members. One (m × d)·(d × k) product per k therefore gives every point's
//! mean distance to every cluster exactly (in f64), at O(m·d·k) instead of O(m²) memory and
//! time per k. `silhouette_brute` in the tests checks the identity against the definition.

use super::cluster;
use ndarray::{Array2, ArrayView2, Axis};
use rand_xoshiro::rand_core::SeedableRng;
use rand_xoshiro::Xoshiro256Plus;

/// Outcome of the search over k.
#[derive(Debug, Clone)]
pub(crate) struct Selection {
    pub k: usize,
    /// (k, mean silhouette) for every candidate, in increasing k.
    pub scores: Vec<(usize, f32)>,
    /// Raw centres of the chosen k, fitted on the sample.
    pub centres: Array2<f32>,
}

/// `m` distinct indices out of `0..n`, chosen uniformly with `seed`, in increasing order
/// (all of `0..n` when m ≥ n). Partial Fisher–Yates over Xoshiro256+.
pub(crate) fn sample_indices(n: usize, m: usize, seed: u64) -> Vec<usize> {
    if m >= n {
        return (0..n).collect();
    }
    // A stream distinct from the one k-means draws from the same seed.
    let mut rng = Xoshiro256Plus::seed_from_u64(seed ^ 0x5EED_5A3B_1E00_0001);
    let mut idx: Vec<usize> = (0..n).collect();
    for i in 0..m {
        let j = i + cluster::below(&mut rng, n - i);
        idx.swap(i, j);
    }
    idx.truncate(m);
    idx.sort_unstable();
    idx
}

/// The candidate range for n points, of which `m` are in the fitting sample.
///
/// Caps, both applied to `k_max`:
/// * `n - 1` and `m - 1`: the silhouette is only defined for 2 ≤ k ≤ n - 1 (with k = n every
///   point is a singleton and scores 0), and candidates are fitted on the m sampled points.
/// * `2·√n`: beyond it the average theme has fewer than √n / 2 segments (e.g. < 16 of 1,000),
///   too few to read as a theme or to label with c-TF-IDF, while silhouette on small n tends
///   to reward splitting off tiny tight groups. (It only binds below n ≈ 100 for the defaults.)
///
/// If the caps fall below `k_min` the range shrinks to the single largest allowed k. `None`
/// when no k ≥ 2 is allowed (n ≤ 2): the caller uses one theme.
pub(crate) fn candidate_range(
    n: usize,
    m: usize,
    k_min: usize,
    k_max: usize,
) -> Option<(usize, usize)> {
    let sqrt_cap = (2.0 * (n as f64).sqrt()).floor() as usize;
    let hi = k_max
        .min(n.saturating_sub(1))
        .min(m.saturating_sub(1))
        .min(sqrt_cap);
    if hi < 2 {
        return None;
    }
    let lo = k_min.clamp(2, hi);
    Some((lo, hi))
}

/// Tries every k in the candidate range on `sample` and picks the best mean silhouette
/// (ties → smaller k). `n_total` is the full number of points (for the caps).
pub(crate) fn select_k(
    sample: ArrayView2<'_, f32>,
    n_total: usize,
    k_min: usize,
    k_max: usize,
    seed: u64,
) -> Option<Selection> {
    let (lo, hi) = candidate_range(n_total, sample.nrows(), k_min, k_max)?;
    let sample64 = sample.mapv(f64::from);
    let mut scores = Vec::with_capacity(hi - lo + 1);
    let mut best: Option<(usize, f32, Array2<f32>)> = None;
    for k in lo..=hi {
        let raw = cluster::kmeans(sample, k, seed, None);
        let mut unit = raw.clone();
        cluster::normalise_rows(&mut unit);
        let (labels, _) = cluster::nearest(sample, unit.view());
        let score = silhouette(sample64.view(), &labels, raw.nrows());
        scores.push((k, score));
        // Strictly better only: ties keep the smaller k. NaN never wins.
        if best.as_ref().is_none_or(|(_, s, _)| score > *s) {
            best = Some((k, score, raw));
        }
    }
    let (k, _, centres) = best?;
    Some(Selection { k, scores, centres })
}

/// Mean silhouette with cosine distance (`1 - x·y`, rows are unit vectors) of `labels` in
/// `0..k`. Singletons score 0 (as in scikit-learn). Fewer than two non-empty clusters: -1,
/// the worst possible score, so a degenerate fit never wins.
pub(crate) fn silhouette(data: ArrayView2<'_, f64>, labels: &[usize], k: usize) -> f32 {
    let m = data.nrows();
    let counts = cluster::counts(labels, k);
    if m == 0 || counts.iter().filter(|&&c| c > 0).count() < 2 {
        return -1.0;
    }
    let mut sums = Array2::<f64>::zeros((k, data.ncols()));
    for (row, &l) in data.rows().into_iter().zip(labels) {
        let mut s = sums.row_mut(l);
        s += &row;
    }
    // dots[i, c] = x_i · S_c
    let dots = data.dot(&sums.t());
    let mut total = 0.0f64;
    for (i, (drow, &own)) in dots.axis_iter(Axis(0)).zip(labels).enumerate() {
        let n_own = counts[own];
        if n_own < 2 {
            continue; // singleton: s = 0
        }
        let self_dot = data.row(i).dot(&data.row(i));
        let a = ((n_own - 1) as f64 - (drow[own] - self_dot)) / (n_own - 1) as f64;
        let mut b = f64::INFINITY;
        for (c, &cnt) in counts.iter().enumerate() {
            if c != own && cnt > 0 {
                b = b.min(1.0 - drow[c] / cnt as f64);
            }
        }
        let (a, b) = (a.max(0.0), b.max(0.0));
        let denom = a.max(b);
        if denom > 0.0 {
            total += (b - a) / denom;
        }
    }
    (total / m as f64) as f32
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::Array2;
    use rand_xoshiro::rand_core::RngCore;

    /// The silhouette by its definition, O(m²).
    fn silhouette_brute(data: ArrayView2<'_, f64>, labels: &[usize], k: usize) -> f64 {
        let m = data.nrows();
        let mut total = 0.0;
        for i in 0..m {
            let mut sum = vec![0.0; k];
            let mut cnt = vec![0usize; k];
            for j in 0..m {
                if j != i {
                    sum[labels[j]] += 1.0 - data.row(i).dot(&data.row(j));
                    cnt[labels[j]] += 1;
                }
            }
            let own = labels[i];
            if cnt[own] == 0 {
                continue;
            }
            let a = sum[own] / cnt[own] as f64;
            let b = (0..k)
                .filter(|&c| c != own && cnt[c] > 0)
                .map(|c| sum[c] / cnt[c] as f64)
                .fold(f64::INFINITY, f64::min);
            total += (b - a) / a.max(b);
        }
        total / m as f64
    }

    #[test]
    fn themes_silhouette_matches_definition() {
        let mut rng = Xoshiro256Plus::seed_from_u64(3);
        let (m, d, k) = (60, 8, 4);
        let mut data = Array2::<f64>::zeros((m, d));
        for v in data.iter_mut() {
            *v = (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64 - 0.5;
        }
        for mut row in data.rows_mut() {
            let norm = row.dot(&row).sqrt();
            row /= norm;
        }
        // Arbitrary labels, including a singleton cluster (label 3 only at i = 0).
        let labels: Vec<usize> = (0..m).map(|i| if i == 0 { 3 } else { i % 3 }).collect();
        let fast = silhouette(data.view(), &labels, k) as f64;
        let brute = silhouette_brute(data.view(), &labels, k);
        assert!((fast - brute).abs() < 1e-5, "fast {fast} vs brute {brute}");
    }

    #[test]
    fn themes_sample_indices_seeded_distinct_sorted() {
        let a = sample_indices(1000, 100, 9);
        assert_eq!(a, sample_indices(1000, 100, 9));
        assert_ne!(a, sample_indices(1000, 100, 10));
        assert_eq!(a.len(), 100);
        assert!(a.windows(2).all(|w| w[0] < w[1]));
        assert!(a.iter().all(|&i| i < 1000));
        assert_eq!(sample_indices(5, 100, 9), vec![0, 1, 2, 3, 4]);
    }

    #[test]
    fn themes_candidate_range_caps() {
        assert_eq!(candidate_range(10_000, 2000, 4, 20), Some((4, 20)));
        // 2·√30 = 10.95 → 10
        assert_eq!(candidate_range(30, 30, 4, 20), Some((4, 10)));
        // n - 1 = 2 < k_min: a single candidate
        assert_eq!(candidate_range(3, 3, 4, 20), Some((2, 2)));
        assert_eq!(candidate_range(2, 2, 4, 20), None);
        assert_eq!(candidate_range(1, 1, 4, 20), None);
    }
}
