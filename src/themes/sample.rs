//! The seeded, stratified sample that themes are found on when a run has more segments than
//! `themes.fit_sample`: finding themes is the one global step, so it runs on a bounded sample
//! and every other segment is coded with the learned codebook.

use super::cluster;
use rand_xoshiro::rand_core::SeedableRng;
use rand_xoshiro::Xoshiro256Plus;

/// `m` of the indices `0..strata.len()`, ascending, drawn without replacement so that each
/// stratum (`strata[i]` is segment i's) gets its proportional share (largest remainders, ties
/// to the lower stratum id) and, within a stratum, a seeded uniform draw.
pub(crate) fn stratified(strata: &[usize], m: usize, seed: u64) -> Vec<usize> {
    let n = strata.len();
    if m >= n {
        return (0..n).collect();
    }
    let count = strata.iter().max().map_or(0, |s| s + 1);
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); count];
    for (i, &s) in strata.iter().enumerate() {
        members[s].push(i);
    }
    // Exact quotas m·n_s/n as floor plus the largest remainders.
    let mut quota: Vec<usize> = members.iter().map(|g| g.len() * m / n).collect();
    let mut by_remainder: Vec<usize> = (0..count).collect();
    by_remainder.sort_by_key(|&s| (std::cmp::Reverse(members[s].len() * m % n), s));
    let short = m - quota.iter().sum::<usize>();
    for &s in by_remainder.iter().take(short) {
        quota[s] += 1;
    }
    // A stream distinct from the ones k-means and the silhouette sample draw from the seed.
    let mut rng = Xoshiro256Plus::seed_from_u64(seed ^ 0x5EED_F175_A3B1_0002);
    let mut picked = Vec::with_capacity(m);
    for (group, &q) in members.iter_mut().zip(&quota) {
        let len = group.len();
        for i in 0..q {
            let j = i + cluster::below(&mut rng, len - i);
            group.swap(i, j);
        }
        picked.extend_from_slice(&group[..q]);
    }
    picked.sort_unstable();
    picked
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_follow_the_strata_and_the_seed() {
        // 600 of stratum 0, 300 of 1, 100 of 2, interleaved.
        let strata: Vec<usize> = (0..1000)
            .map(|i| match i % 10 {
                0..=5 => 0,
                6..=8 => 1,
                _ => 2,
            })
            .collect();
        let sample = stratified(&strata, 101, 7);
        assert_eq!(sample.len(), 101);
        assert!(
            sample.windows(2).all(|w| w[0] < w[1]),
            "ascending, distinct"
        );
        let share = |s: usize| sample.iter().filter(|&&i| strata[i] == s).count();
        // 60.6, 30.3, 10.1: floors 60, 30, 10 and the one left goes to the largest remainder.
        assert_eq!((share(0), share(1), share(2)), (61, 30, 10));
        assert_eq!(sample, stratified(&strata, 101, 7));
        assert_ne!(sample, stratified(&strata, 101, 8));
        assert_eq!(stratified(&strata, 5000, 7), (0..1000).collect::<Vec<_>>());
    }
}
