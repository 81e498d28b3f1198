//! `bot_like`: bursts. At least `social.bursts.posts` posts from one author within
//! `social.bursts.minutes`, or the same text that many times within that window whoever posts
//! it. Posts without a timestamp are not judged, nor are posts without an author by author.

use super::Post;
use crate::validity::config::BurstConfig;
use std::collections::BTreeMap;

pub fn check(posts: &[Post<'_>], config: &BurstConfig) -> Vec<Option<String>> {
    let mut flags: Vec<Option<String>> = vec![None; posts.len()];
    let mut by_author: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    let mut by_text: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, p) in posts.iter().enumerate().filter(|(_, p)| p.minute.is_some()) {
        if !p.author.is_empty() {
            by_author.entry(p.author).or_default().push(i);
        }
        let words = super::words(p.text);
        if !words.is_empty() {
            by_text.entry(words.join(" ")).or_default().push(i);
        }
    }
    let minutes = config.minutes;
    let groups = by_author
        .values()
        .map(|g| (g, "posts by one author"))
        .chain(by_text.values().map(|g| (g, "times the same text")));
    for (group, what) in groups {
        for burst in bursts(posts, group, config) {
            let n = burst.len();
            for i in burst {
                flags[i].get_or_insert_with(|| format!("{n} {what} within {minutes} minutes"));
            }
        }
    }
    flags
}

/// The bursts in a group of timed posts: runs, in time order, whose posts all fall within
/// `minutes` of the run's first post and that hold at least `posts` posts (each run as long
/// as it goes; the next run starts after it).
fn bursts(posts: &[Post<'_>], group: &[usize], config: &BurstConfig) -> Vec<Vec<usize>> {
    let mut sorted: Vec<usize> = group.to_vec();
    sorted.sort_by_key(|&i| (posts[i].minute, i));
    let minute = |k: usize| posts[sorted[k]].minute.unwrap_or_default();
    let mut found = Vec::new();
    let mut start = 0;
    while start < sorted.len() {
        let mut end = start;
        while end + 1 < sorted.len() && minute(end + 1) - minute(start) <= config.minutes {
            end += 1;
        }
        if end - start + 1 >= config.posts {
            found.push(sorted[start..=end].to_vec());
            start = end + 1;
        } else {
            start += 1;
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn post<'a>(author: &'a str, minute: i64, text: &'a str) -> Post<'a> {
        Post {
            id: "x",
            text,
            author,
            minute: Some(minute),
        }
    }

    #[test]
    fn author_bursts_and_repeated_texts() {
        let config = BurstConfig {
            posts: 3,
            minutes: 10,
        };
        let posts = [
            post("bot", 0, "buy now"),
            post("bot", 4, "cheap deals"),
            post("bot", 9, "follow us"),
            post("bot", 30, "one more"),
            post("u1", 0, "late again"),
            post("u1", 60, "still late"),
            post("u2", 100, "Win a hamper!"),
            post("u3", 101, "win a hamper"),
            post("u4", 105, "WIN A HAMPER"),
            post("u5", 200, "win a hamper"),
        ];
        let flags = check(&posts, &config);
        let flagged: Vec<usize> = (0..posts.len()).filter(|&i| flags[i].is_some()).collect();
        assert_eq!(flagged, [0, 1, 2, 6, 7, 8]);
        assert_eq!(
            flags[0].as_deref(),
            Some("3 posts by one author within 10 minutes")
        );
        assert_eq!(
            flags[7].as_deref(),
            Some("3 times the same text within 10 minutes")
        );
    }
}
