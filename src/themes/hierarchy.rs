//! Parent themes: average-linkage agglomeration of theme centres.
//!
//! Why average linkage on centres: themes are already coherent groups, so the parent level only
//! has to join neighbours; merging the pair with the highest mean cross-similarity (weighted by
//! theme size) is deterministic, needs no further parameter than the number of parents, and
//! costs O(k³) on k themes, which is nothing next to clustering the segments.

use ndarray::ArrayView2;

/// Groups `k` themes (centres as rows, `sizes` segments each) into `parents` groups. Returns each
/// theme's parent, 0-based, numbered by descending total size (ties: lowest theme first).
pub fn parents(centres: ArrayView2<'_, f32>, sizes: &[usize], parents: usize) -> Vec<usize> {
    let k = centres.nrows();
    let sims = centres.dot(&centres.t());
    // Each group: its themes; similarity between groups = size-weighted mean theme similarity.
    let mut groups: Vec<Vec<usize>> = (0..k).map(|t| vec![t]).collect();
    let weight = |g: &[usize]| g.iter().map(|&t| sizes[t].max(1) as f64).sum::<f64>();
    let link = |a: &[usize], b: &[usize]| {
        let total: f64 = a
            .iter()
            .flat_map(|&x| b.iter().map(move |&y| (x, y)))
            .map(|(x, y)| f64::from(sims[[x, y]]) * (sizes[x].max(1) * sizes[y].max(1)) as f64)
            .sum();
        total / (weight(a) * weight(b))
    };
    while groups.len() > parents.max(1) {
        let mut best = (0, 1, f64::NEG_INFINITY);
        for a in 0..groups.len() {
            for b in a + 1..groups.len() {
                let l = link(&groups[a], &groups[b]);
                if l > best.2 {
                    best = (a, b, l);
                }
            }
        }
        let merged = groups.remove(best.1);
        groups[best.0].extend(merged);
    }
    groups.sort_by(|a, b| {
        weight(b)
            .total_cmp(&weight(a))
            .then(a.iter().min().cmp(&b.iter().min()))
    });
    let mut parent_of = vec![0; k];
    for (p, g) in groups.iter().enumerate() {
        for &t in g {
            parent_of[t] = p;
        }
    }
    parent_of
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::Array2;

    #[test]
    fn nearby_themes_share_a_parent() {
        // Themes 0 and 2 point one way, 1 and 3 another; theme 1 is the largest.
        let centres =
            Array2::from_shape_vec((4, 2), vec![1.0, 0.0, 0.0, 1.0, 0.99, 0.14, 0.1, 0.995])
                .unwrap();
        let parent = parents(centres.view(), &[5, 20, 4, 3], 2);
        assert_eq!(parent, vec![1, 0, 1, 0]);
    }
}
