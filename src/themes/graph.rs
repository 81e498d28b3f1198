//! Graph clustering: Louvain community detection on the cosine k-nearest-neighbour graph.
//!
//! Why: the number of themes then follows from the data (modularity at a given resolution)
//! instead of from a k search, and it holds up on short and long texts alike (measured on
//! Banking77 by `cargo bench --bench themes_eval`). Louvain (Blondel et al. 2008) alternates
//! local moving — each node joins the neighbouring community with the best modularity gain
//! `w(i, C) − γ · tot(C) · k_i / 2m` — with aggregating communities into nodes, until no node
//! moves. Nodes are visited in a seeded order, so the result is a function of the seed.

use ndarray::{s, ArrayView2};
use rand_xoshiro::rand_core::{RngCore, SeedableRng};
use rand_xoshiro::Xoshiro256Plus;
use std::collections::HashMap;

/// Rows of the similarity matrix computed per block (bounds memory to block × n floats).
const BLOCK: usize = 256;

/// An undirected weighted graph as adjacency lists (each edge listed at both ends).
pub struct Graph {
    adj: Vec<Vec<(usize, f64)>>,
    /// Weighted degree, including intra-node weight after aggregation.
    degree: Vec<f64>,
}

/// The `k` most similar other rows of each row (cosine on L2-normalised rows), best first;
/// ties go to the lower index.
pub fn knn(data: ArrayView2<'_, f32>, k: usize) -> Vec<Vec<(usize, f32)>> {
    let n = data.nrows();
    let k = k.min(n.saturating_sub(1));
    let mut out = Vec::with_capacity(n);
    for start in (0..n).step_by(BLOCK) {
        let end = (start + BLOCK).min(n);
        let sims = data.slice(s![start..end, ..]).dot(&data.t());
        for (r, row) in sims.rows().into_iter().enumerate() {
            let i = start + r;
            let mut cand: Vec<(usize, f32)> = row
                .iter()
                .enumerate()
                .filter(|&(j, _)| j != i)
                .map(|(j, &v)| (j, v))
                .collect();
            let by_sim =
                |a: &(usize, f32), b: &(usize, f32)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
            if k > 0 && k < cand.len() {
                cand.select_nth_unstable_by(k - 1, by_sim);
                cand.truncate(k);
            }
            cand.sort_by(by_sim);
            out.push(cand);
        }
    }
    out
}

impl Graph {
    /// The symmetrised k-NN graph of L2-normalised rows: an edge wherever one row is among the
    /// other's `neighbours` nearest, weighted by cosine (floored at a small positive value).
    pub fn knn(data: ArrayView2<'_, f32>, neighbours: usize) -> Graph {
        let n = data.nrows();
        let mut edges: HashMap<(usize, usize), f64> = HashMap::new();
        for (i, list) in knn(data, neighbours).into_iter().enumerate() {
            for (j, sim) in list {
                edges.insert((i.min(j), i.max(j)), f64::from(sim).max(1e-3));
            }
        }
        let mut adj = vec![Vec::new(); n];
        let mut sorted: Vec<_> = edges.into_iter().collect();
        sorted.sort_by_key(|&(e, _)| e);
        for ((a, b), w) in sorted {
            adj[a].push((b, w));
            adj[b].push((a, w));
        }
        let degree = adj.iter().map(|l| l.iter().map(|e| e.1).sum()).collect();
        Graph { adj, degree }
    }

    /// Louvain communities at `resolution`, one id per node, numbered 0.. by first node.
    pub fn communities(&self, resolution: f64, seed: u64) -> Vec<usize> {
        let mut rng = Xoshiro256Plus::seed_from_u64(seed);
        // membership[node] = node of the current level that holds it.
        let mut membership: Vec<usize> = (0..self.adj.len()).collect();
        let two_m: f64 = self.degree.iter().sum();
        if two_m <= 0.0 {
            return membership;
        }
        let mut level: Option<Graph> = None;
        loop {
            let graph = level.as_ref().unwrap_or(self);
            let community = local_moving(graph, resolution, two_m, &mut rng);
            let count = community.iter().max().map_or(0, |m| m + 1);
            for m in membership.iter_mut() {
                *m = community[*m];
            }
            if count == graph.adj.len() {
                break;
            }
            level = Some(aggregate(graph, &community, count));
        }
        renumber(&membership)
    }
}

/// One level of local moving; returns each node's community, renumbered 0.. by first node.
fn local_moving(
    graph: &Graph,
    resolution: f64,
    two_m: f64,
    rng: &mut Xoshiro256Plus,
) -> Vec<usize> {
    let n = graph.adj.len();
    let mut community: Vec<usize> = (0..n).collect();
    let mut total: Vec<f64> = graph.degree.clone();
    let mut order: Vec<usize> = (0..n).collect();
    for i in (1..n).rev() {
        let j = (rng.next_u64() % (i as u64 + 1)) as usize;
        order.swap(i, j);
    }
    let mut weight_to: HashMap<usize, f64> = HashMap::new();
    loop {
        let mut moved = false;
        for &i in &order {
            let own = community[i];
            let k_i = graph.degree[i];
            weight_to.clear();
            for &(j, w) in &graph.adj[i] {
                if j != i {
                    *weight_to.entry(community[j]).or_insert(0.0) += w;
                }
            }
            total[own] -= k_i;
            let gain = |c: usize, w: f64| w - resolution * total[c] * k_i / two_m;
            let mut best = (own, gain(own, weight_to.get(&own).copied().unwrap_or(0.0)));
            let mut candidates: Vec<(usize, f64)> =
                weight_to.iter().map(|(&c, &w)| (c, w)).collect();
            candidates.sort_by_key(|&(c, _)| c);
            for (c, w) in candidates {
                let g = gain(c, w);
                if g > best.1 + 1e-12 {
                    best = (c, g);
                }
            }
            total[best.0] += k_i;
            if best.0 != own {
                community[i] = best.0;
                moved = true;
            }
        }
        if !moved {
            break;
        }
    }
    renumber(&community)
}

/// Collapses each community into one node, summing edge weights between communities.
fn aggregate(graph: &Graph, community: &[usize], count: usize) -> Graph {
    let mut degree = vec![0.0; count];
    let mut links: Vec<HashMap<usize, f64>> = vec![HashMap::new(); count];
    for (i, list) in graph.adj.iter().enumerate() {
        let ci = community[i];
        degree[ci] += graph.degree[i];
        for &(j, w) in list {
            let cj = community[j];
            if ci != cj {
                *links[ci].entry(cj).or_insert(0.0) += w;
            }
        }
    }
    let adj = links
        .into_iter()
        .map(|m| {
            let mut l: Vec<(usize, f64)> = m.into_iter().collect();
            l.sort_by_key(|e| e.0);
            l
        })
        .collect();
    Graph { adj, degree }
}

/// Relabels ids 0.. in order of first appearance.
fn renumber(ids: &[usize]) -> Vec<usize> {
    let mut map = HashMap::new();
    ids.iter()
        .map(|&c| {
            let next = map.len();
            *map.entry(c).or_insert(next)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::Array2;

    #[test]
    fn knn_finds_most_similar_rows_first() {
        let data =
            Array2::from_shape_vec((4, 2), vec![1.0, 0.0, 0.96, 0.28, 0.0, 1.0, 0.6, 0.8]).unwrap();
        let nn = knn(data.view(), 2);
        assert_eq!(nn[0].iter().map(|e| e.0).collect::<Vec<_>>(), vec![1, 3]);
        assert_eq!(nn[2].iter().map(|e| e.0).collect::<Vec<_>>(), vec![3, 1]);
    }

    #[test]
    fn two_cliques_joined_by_one_edge_are_two_communities() {
        // Nodes 0-3 and 4-7 fully connected within, one weak edge 3-4.
        let mut adj = vec![Vec::new(); 8];
        let mut add = |a: usize, b: usize, w: f64| {
            adj[a].push((b, w));
            adj[b].push((a, w));
        };
        for group in [0..4, 4..8] {
            for a in group.clone() {
                for b in group.clone().filter(|&b| b > a) {
                    add(a, b, 1.0);
                }
            }
        }
        add(3, 4, 0.1);
        let degree = adj.iter().map(|l| l.iter().map(|e| e.1).sum()).collect();
        let labels = Graph { adj, degree }.communities(1.0, 7);
        assert_eq!(labels, vec![0, 0, 0, 0, 1, 1, 1, 1]);
    }
}
