//! Conversations on social media: posts collated into threads through their reply-to ids,
//! and how the organisation answered.
//!
//! A thread is a root post and every post that replies to it, directly or down a chain; a
//! reply to a post that is not in the data starts a thread of its own. A *request* is a
//! thread rooted in a customer's post that became a conversation (at least one reply). For
//! each: whether and how fast the organisation replied (first reply by an `org_handles`
//! account), whether the customer posted again after that reply, and the customer's mean
//! sentiment score before and after it.

use crate::pipeline::stage::RunState;
use crate::sentiment::Rollup;
use std::collections::HashMap;

/// One request thread.
#[derive(Debug, Clone, PartialEq)]
pub struct Thread {
    /// Record index of the root post.
    pub root: usize,
    pub posts: usize,
    /// Posts by the root's author (the customer), the root included.
    pub customer_posts: usize,
    pub org_replies: usize,
    /// Minutes from the root to the organisation's first reply (both timed).
    pub response_minutes: Option<i64>,
    /// Whether the organisation replied at all.
    pub answered: bool,
    /// The customer posted in the thread after the organisation's first reply.
    pub followed_up: bool,
    /// Mean sentiment score of the customer's posts before (and after) the first reply.
    pub before: Option<f64>,
    pub after: Option<f64>,
}

impl Thread {
    /// Whether the customer's sentiment rose after the reply (when both sides are known).
    pub fn improved(&self) -> Option<bool> {
        Some(self.after? > self.before?)
    }
}

/// What collation needs to know of each post.
pub struct PostInfo<'a> {
    pub id: &'a str,
    pub parent: &'a str,
    pub author: &'a str,
    pub org: bool,
    pub minute: Option<i64>,
    /// The post's sentiment score, when it was analysed.
    pub sentiment: Option<f32>,
}

/// The request threads, in order of their root posts.
pub fn collate(posts: &[PostInfo<'_>]) -> Vec<Thread> {
    let index: HashMap<&str, usize> = posts.iter().enumerate().map(|(i, p)| (p.id, i)).collect();
    let root_of = |mut i: usize| {
        // Follow reply-to links up; a chain longer than the data is a cycle.
        for _ in 0..posts.len() {
            match index.get(posts[i].parent) {
                Some(&parent) if parent != i && !posts[i].parent.is_empty() => i = parent,
                _ => break,
            }
        }
        i
    };
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); posts.len()];
    for i in 0..posts.len() {
        members[root_of(i)].push(i);
    }
    let mut threads = Vec::new();
    for (root, mut thread) in members.into_iter().enumerate() {
        if thread.len() < 2 || posts[root].org {
            continue;
        }
        thread.sort_by_key(|&i| (posts[i].minute, i));
        let customer = posts[root].author;
        let first_reply = thread.iter().position(|&i| posts[i].org);
        let mean = |ids: &[usize]| {
            let scores: Vec<f64> = ids
                .iter()
                .filter(|&&i| posts[i].author == customer && !posts[i].org)
                .filter_map(|&i| posts[i].sentiment.map(f64::from))
                .collect();
            (!scores.is_empty()).then(|| scores.iter().sum::<f64>() / scores.len() as f64)
        };
        let (before, after) = match first_reply {
            Some(k) => (mean(&thread[..k]), mean(&thread[k + 1..])),
            None => (mean(&thread), None),
        };
        let reply = first_reply.map(|k| thread[k]);
        threads.push(Thread {
            root,
            posts: thread.len(),
            customer_posts: thread
                .iter()
                .filter(|&&i| posts[i].author == customer)
                .count(),
            org_replies: thread.iter().filter(|&&i| posts[i].org).count(),
            response_minutes: reply.and_then(|r| Some(posts[r].minute? - posts[root].minute?)),
            answered: reply.is_some(),
            followed_up: first_reply
                .is_some_and(|k| thread[k + 1..].iter().any(|&i| posts[i].author == customer)),
            before,
            after,
        });
    }
    threads
}

/// The request threads of a social run with a `social.parent_column` (none otherwise), with
/// each analysed post's comment sentiment.
pub fn of_run(state: &RunState, comment_sentiment: &[Option<Rollup>]) -> Vec<Thread> {
    let Some(social) = &state.config.social else {
        return Vec::new();
    };
    let columns = &state.dataset.meta_columns;
    let at = |name: &str| columns.iter().position(|c| c == name);
    let (Some(parent), Some(author)) = (
        social.parent_column.as_deref().and_then(at),
        social.author_column.as_deref().and_then(at),
    ) else {
        return Vec::new();
    };
    let posts: Vec<PostInfo<'_>> = state
        .dataset
        .records
        .iter()
        .enumerate()
        .map(|(i, r)| PostInfo {
            id: &r.id,
            parent: r.meta[parent].trim(),
            author: &r.meta[author],
            org: r.meta[author] == crate::validity::ORG_AUTHOR,
            minute: state.post_minutes.get(i).copied().flatten(),
            sentiment: state.skipped[i]
                .is_none()
                .then(|| comment_sentiment[i].map(|s| s.score))
                .flatten(),
        })
        .collect();
    collate(&posts)
}

/// The median of some numbers (mean of the middle two for an even count).
pub fn median(values: &mut [i64]) -> Option<f64> {
    values.sort_unstable();
    let n = values.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(values[n / 2] as f64),
        _ => Some((values[n / 2 - 1] + values[n / 2]) as f64 / 2.0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn post<'a>(
        id: &'a str,
        parent: &'a str,
        author: &'a str,
        minute: i64,
        s: Option<f32>,
    ) -> PostInfo<'a> {
        PostInfo {
            id,
            parent,
            author,
            org: author == "ORG",
            minute: Some(minute),
            sentiment: s,
        }
    }

    #[test]
    fn threads_response_times_follow_ups_and_sentiment() {
        let posts = [
            post("1", "", "U1", 0, Some(-0.8)),
            post("2", "1", "U2", 5, Some(-0.5)), // another customer: "same here"
            post("3", "1", "ORG", 30, None),
            post("4", "3", "U1", 45, Some(0.6)), // reply to the reply: still thread 1
            post("5", "", "U3", 100, Some(-0.4)),
            post("6", "5", "U4", 110, Some(-0.2)), // never answered
            post("7", "", "U5", 200, Some(0.1)),   // no replies: not a request
            post("8", "missing", "U6", 300, Some(0.0)),
            post("9", "8", "ORG", 390, None), // reply to a post whose parent is absent
        ];
        let threads = collate(&posts);
        assert_eq!(threads.len(), 3);
        let t = &threads[0];
        assert_eq!(
            (t.root, t.posts, t.customer_posts, t.org_replies),
            (0, 4, 2, 1)
        );
        assert_eq!(t.response_minutes, Some(30));
        assert!(t.answered && t.followed_up);
        assert_eq!(
            (t.before, t.after),
            (Some(-0.800000011920929), Some(0.6000000238418579))
        );
        assert_eq!(t.improved(), Some(true));
        let u = &threads[1];
        assert!(!u.answered && !u.followed_up && u.response_minutes.is_none());
        assert_eq!(u.improved(), None);
        assert_eq!(threads[2].response_minutes, Some(90));
        assert!(!threads[2].followed_up);
        assert_eq!(median(&mut [90, 30]), Some(60.0));
        assert_eq!(median(&mut [5, 1, 3]), Some(3.0));
    }
}
