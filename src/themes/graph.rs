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

/// Rows and columns of the similarity matrix computed per block: memory is one
/// `ROW_BLOCK × COL_BLOCK` block per thread (4 MB) plus `k` neighbours per row, whatever n.
const ROW_BLOCK: usize = 256;
const COL_BLOCK: usize = 4096;

/// An undirected weighted graph as adjacency lists (each edge listed at both ends).
pub struct Graph {
    adj: Vec<Vec<(usize, f64)>>,
    /// Weighted degree, including intra-node weight after aggregation.
    degree: Vec<f64>,
}

/// The `k` best candidates seen so far, best first (higher similarity, then lower index).
struct TopK {
    k: usize,
    best: Vec<(usize, f32)>,
}

impl TopK {
    fn new(k: usize) -> TopK {
        TopK {
            k,
            best: Vec::with_capacity(k + 1),
        }
    }

    /// Candidates arrive in increasing index order, so an equal similarity never displaces.
    fn offer(&mut self, j: usize, sim: f32) {
        if self.best.len() == self.k {
            match self.best.last() {
                Some(&(_, worst)) if sim > worst => {}
                _ => return,
            }
        }
        let at = self.best.partition_point(|&(_, s)| s >= sim);
        self.best.insert(at, (j, sim));
        self.best.truncate(self.k);
    }
}

/// The `k` most similar other rows of each row (cosine on L2-normalised rows), best first;
/// ties go to the lower index. Exact, blocked in both dimensions and spread over the cores:
/// O(n²·d) time but O(n·k) memory, which is why themes are found on a bounded sample.
pub fn knn(data: ArrayView2<'_, f32>, k: usize) -> Vec<Vec<(usize, f32)>> {
    let n = data.nrows();
    let k = k.min(n.saturating_sub(1));
    if k == 0 {
        return vec![Vec::new(); n];
    }
    let blocks = n.div_ceil(ROW_BLOCK);
    let threads = std::thread::available_parallelism()
        .map_or(1, |t| t.get())
        .min(blocks);
    let mut out: Vec<Vec<(usize, f32)>> = vec![Vec::new(); n];
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|t| {
                scope.spawn(move || {
                    let mut done = Vec::new();
                    for block in (t..blocks).step_by(threads) {
                        let start = block * ROW_BLOCK;
                        let end = (start + ROW_BLOCK).min(n);
                        let rows = data.slice(s![start..end, ..]);
                        let mut tops: Vec<TopK> = (start..end).map(|_| TopK::new(k)).collect();
                        for col in (0..n).step_by(COL_BLOCK) {
                            let col_end = (col + COL_BLOCK).min(n);
                            let sims = rows.dot(&data.slice(s![col..col_end, ..]).t());
                            for (r, row) in sims.rows().into_iter().enumerate() {
                                let i = start + r;
                                for (c, &v) in row.iter().enumerate() {
                                    if col + c != i {
                                        tops[r].offer(col + c, v);
                                    }
                                }
                            }
                        }
                        done.push((start, tops));
                    }
                    done
                })
            })
            .collect();
        for worker in workers {
            for (start, tops) in worker.join().expect("k-NN worker panicked") {
                for (r, top) in tops.into_iter().enumerate() {
                    out[start + r] = top.best;
                }
            }
        }
    });
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
    fn blocked_knn_matches_a_full_sort() {
        // More rows than one row block and one column block, with repeated rows for ties.
        let (n, d, k) = (COL_BLOCK + ROW_BLOCK + 37, 6, 5);
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut data = Array2::<f32>::zeros((n, d));
        for i in 0..n {
            if i % 97 == 3 {
                let earlier = data.row(i - 3).to_owned();
                data.row_mut(i).assign(&earlier);
                continue;
            }
            for j in 0..d {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                data[[i, j]] = (state >> 40) as f32 / (1u64 << 24) as f32 - 0.5;
            }
            let norm = data.row(i).dot(&data.row(i)).sqrt();
            data.row_mut(i).mapv_inplace(|x| x / norm);
        }
        let nn = knn(data.view(), k);
        for i in (0..n).step_by(211).chain([n - 1]) {
            let mut all: Vec<(usize, f32)> = (0..n)
                .filter(|&j| j != i)
                .map(|j| (j, nn_dot(&data, i, j)))
                .collect();
            all.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            let want: Vec<usize> = all[..k].iter().map(|e| e.0).collect();
            let got: Vec<usize> = nn[i].iter().map(|e| e.0).collect();
            assert_eq!(got, want, "row {i}");
        }
        assert!(nn.iter().all(|l| l.len() == k && l.capacity() <= k + 1));
    }

    /// The similarity the blocked product computes, recomputed through the same kernel.
    fn nn_dot(data: &Array2<f32>, i: usize, j: usize) -> f32 {
        data.slice(s![i..i + 1, ..])
            .dot(&data.slice(s![j..j + 1, ..]).t())[[0, 0]]
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
