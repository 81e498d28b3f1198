//! Parent themes: Ward agglomeration of theme centres.
//!
//! Why Ward: themes of one survey all sit in one region of embedding space, so average linkage
//! chains them into one large parent plus stragglers; Ward's criterion (merge the pair whose
//! union adds least within-group variance, each theme weighing the same) keeps parents of
//! comparable breadth. It is deterministic, needs only the number of parents, and costs O(k³)
//! on k themes, nothing next to clustering the segments.

use ndarray::{Array1, ArrayView2};

/// Groups `k` themes (centres as rows, `sizes` segments each) into `parents` groups. Returns each
/// theme's parent, 0-based, numbered by descending total size (ties: lowest theme first).
pub fn parents(centres: ArrayView2<'_, f32>, sizes: &[usize], parents: usize) -> Vec<usize> {
    let k = centres.nrows();
    // Each group: its themes, the sum of their centres.
    let mut groups: Vec<(Vec<usize>, Array1<f64>)> = (0..k)
        .map(|t| (vec![t], centres.row(t).mapv(f64::from)))
        .collect();
    let cost = |a: &(Vec<usize>, Array1<f64>), b: &(Vec<usize>, Array1<f64>)| {
        let (na, nb) = (a.0.len() as f64, b.0.len() as f64);
        let gap = &a.1 / na - &b.1 / nb;
        na * nb / (na + nb) * gap.dot(&gap)
    };
    // Pairwise merge costs, cached; a merge recomputes only the merged group's row
    // (O(k² d) in all rather than O(k³ d)).
    let mut costs: Vec<Vec<f64>> = (0..k)
        .map(|a| {
            (0..k)
                .map(|b| {
                    if a == b {
                        f64::INFINITY
                    } else {
                        cost(&groups[a], &groups[b])
                    }
                })
                .collect()
        })
        .collect();
    let mut alive: Vec<bool> = vec![true; k];
    for _ in parents.max(1)..k {
        let mut best = (0, 0, f64::INFINITY);
        for a in (0..k).filter(|&a| alive[a]) {
            for b in (a + 1..k).filter(|&b| alive[b]) {
                if costs[a][b] < best.2 {
                    best = (a, b, costs[a][b]);
                }
            }
        }
        let (a, b, _) = best;
        let (themes, sum) = std::mem::take(&mut groups[b]);
        groups[a].0.extend(themes);
        groups[a].1 += &sum;
        alive[b] = false;
        for c in (0..k).filter(|&c| alive[c] && c != a) {
            let updated = cost(&groups[a], &groups[c]);
            costs[a][c] = updated;
            costs[c][a] = updated;
        }
    }
    let groups: Vec<(Vec<usize>, Array1<f64>)> = groups
        .into_iter()
        .zip(alive)
        .filter_map(|(g, alive)| alive.then_some(g))
        .collect();
    let size = |g: &[usize]| g.iter().map(|&t| sizes[t]).sum::<usize>();
    let mut groups: Vec<Vec<usize>> = groups.into_iter().map(|g| g.0).collect();
    groups.sort_by(|a, b| {
        size(b)
            .cmp(&size(a))
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
