//! `duplicate_campaign`: exact and near copies of a post across authors.
//!
//! Posts are compared as sets of word 3-grams (shingles). MinHash signatures (64 hashes) are
//! banded for locality-sensitive hashing (16 bands of 4), so only posts sharing a band are
//! compared, and a candidate pair counts when the exact Jaccard similarity of the shingle sets
//! reaches `social.duplicates.threshold`. Linked posts form a group; a group with at least
//! `min_posts` posts from at least two authors is a campaign: its earliest post is kept as the
//! canonical one and the others are flagged.

use super::Post;
use crate::validity::config::DuplicateConfig;
use std::collections::{BTreeMap, BTreeSet, HashMap};

const HASHES: usize = 64;
const BANDS: usize = 16;
const ROWS: usize = HASHES / BANDS;
const SHINGLE: usize = 3;

pub fn check(
    posts: &[Post<'_>],
    eligible: &[bool],
    config: &DuplicateConfig,
) -> Vec<Option<String>> {
    let shingles: Vec<Option<BTreeSet<u64>>> = posts
        .iter()
        .zip(eligible)
        .map(|(p, &ok)| {
            let words = super::words(p.text);
            (ok && words.len() >= config.min_words).then(|| shingle_set(&words))
        })
        .collect();
    // Candidate pairs: posts whose signatures agree on a whole band.
    let mut buckets: HashMap<(usize, Vec<u64>), Vec<usize>> = HashMap::new();
    for (i, set) in shingles.iter().enumerate() {
        let Some(set) = set else { continue };
        let signature = minhash(set);
        for band in 0..BANDS {
            let key = signature[band * ROWS..(band + 1) * ROWS].to_vec();
            buckets.entry((band, key)).or_default().push(i);
        }
    }
    let mut groups = UnionFind::new(posts.len());
    let mut compared = BTreeSet::new();
    for members in buckets.values() {
        for (a, &i) in members.iter().enumerate() {
            for &j in &members[a + 1..] {
                if !compared.insert((i.min(j), i.max(j))) {
                    continue;
                }
                let (x, y) = (
                    shingles[i].as_ref().expect("bucketed"),
                    shingles[j].as_ref().expect("bucketed"),
                );
                if jaccard(x, y) >= config.threshold {
                    groups.join(i, j);
                }
            }
        }
    }
    let mut members: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in (0..posts.len()).filter(|&i| shingles[i].is_some()) {
        members.entry(groups.root(i)).or_default().push(i);
    }
    let mut flags = vec![None; posts.len()];
    for group in members.values() {
        // Posts without a known author count as one author each.
        let known: BTreeSet<&str> = group
            .iter()
            .map(|&i| posts[i].author)
            .filter(|a| !a.is_empty())
            .collect();
        let unknown = group
            .iter()
            .filter(|&&i| posts[i].author.is_empty())
            .count();
        let authors = known.len() + unknown;
        if group.len() < config.min_posts || authors < 2 {
            continue;
        }
        // The earliest post (by time, then input order) is the canonical one.
        let first = *group
            .iter()
            .min_by_key(|&&i| (posts[i].minute.unwrap_or(i64::MAX), i))
            .expect("non-empty group");
        for &i in group.iter().filter(|&&i| i != first) {
            flags[i] = Some(format!(
                "near copy of post {}; {} posts by {} authors",
                posts[first].id,
                group.len(),
                authors
            ));
        }
    }
    flags
}

/// Hashed word 3-grams (the whole text as one shingle when it is shorter).
fn shingle_set(words: &[String]) -> BTreeSet<u64> {
    let n = SHINGLE.min(words.len());
    words
        .windows(n)
        .map(|w| fnv1a(w.join(" ").as_bytes()))
        .collect()
}

/// FNV-1a: a stable 64-bit hash, the same on every machine and Rust version.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// SplitMix64's finaliser: mixes a value with a seed into a well-spread hash.
fn mix(x: u64, seed: u64) -> u64 {
    let mut z = x ^ seed.wrapping_mul(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

fn minhash(set: &BTreeSet<u64>) -> Vec<u64> {
    (0..HASHES as u64)
        .map(|seed| {
            set.iter()
                .map(|&x| mix(x, seed + 1))
                .min()
                .unwrap_or(u64::MAX)
        })
        .collect()
}

fn jaccard(a: &BTreeSet<u64>, b: &BTreeSet<u64>) -> f64 {
    let shared = a.intersection(b).count();
    shared as f64 / (a.len() + b.len() - shared) as f64
}

struct UnionFind(Vec<usize>);

impl UnionFind {
    fn new(n: usize) -> UnionFind {
        UnionFind((0..n).collect())
    }

    fn root(&mut self, mut i: usize) -> usize {
        while self.0[i] != i {
            self.0[i] = self.0[self.0[i]];
            i = self.0[i];
        }
        i
    }

    fn join(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.root(a), self.root(b));
        self.0[ra.max(rb)] = ra.min(rb);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn post<'a>(id: &'a str, author: &'a str, minute: i64, text: &'a str) -> Post<'a> {
        Post {
            id,
            text,
            author,
            minute: Some(minute),
        }
    }

    #[test]
    fn near_copies_across_authors_are_a_campaign_keeping_the_first() {
        let campaign =
            "Switch to FreshBasket today and get free delivery for a whole month with code [URL]";
        let posts = [
            post("a", "u1", 10, campaign),
            post("b", "u2", 5, "Switch to FreshBasket today and get free delivery for a whole month with code [URL] !!"),
            post("c", "u3", 20, "switch to freshbasket TODAY and get free delivery for a whole month with code [URL]"),
            post("d", "u4", 30, "My delivery was late again and nobody answered the phone at all today"),
            post("e", "u5", 40, "Great service"),
            post("f", "u6", 41, "Great service"),
            post("g", "u7", 42, "Great service"),
        ];
        let config = DuplicateConfig::default();
        let flags = check(&posts, &[true; 7], &config);
        assert!(flags[1].is_none(), "earliest post is canonical");
        assert_eq!(
            flags[0].as_deref(),
            Some("near copy of post b; 3 posts by 3 authors")
        );
        assert!(flags[2].is_some());
        assert!(flags[3].is_none());
        assert!(
            flags[4..].iter().all(Option::is_none),
            "short stock phrases are not campaigns"
        );
        // The same text from one author only is not a campaign (bursts look at that).
        let solo = [
            post("a", "u1", 1, campaign),
            post("b", "u1", 2, campaign),
            post("c", "u1", 3, campaign),
        ];
        assert!(check(&solo, &[true; 3], &config)
            .iter()
            .all(Option::is_none));
        // Without known authors, each post counts as its own author.
        let anonymous = [
            post("a", "", 1, campaign),
            post("b", "", 2, campaign),
            post("c", "", 3, campaign),
        ];
        assert_eq!(
            check(&anonymous, &[true; 3], &config)[2].as_deref(),
            Some("near copy of post a; 3 posts by 3 authors")
        );
        // Ineligible posts neither seed nor join.
        let flags = check(&posts[..3], &[true, false, true], &config);
        assert!(
            flags.iter().all(Option::is_none),
            "two posts are below min_posts"
        );
    }

    #[test]
    fn jaccard_of_shingles() {
        let w = |s: &str| super::super::words(s);
        let a = shingle_set(&w("one two three four five"));
        let b = shingle_set(&w("one two three four six"));
        assert_eq!(a.len(), 3);
        assert!((jaccard(&a, &b) - 0.5).abs() < 1e-9, "2 shared of 4");
    }
}
