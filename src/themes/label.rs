//! Theme keywords by class-based TF-IDF (BERTopic's c-TF-IDF) and short theme names.
//!
//! All texts of a theme form one document (a "class"). For term t and class c:
//! `tf(t, c) = count(t, c) / Σ_t' count(t', c)` (L1-normalised by the class's term count),
//! `idf(t) = ln(1 + A / f_t)`, with A the average term count per class and f_t the count of t
//! over all classes; score = tf · idf. The uncoded segments form one more class when there are
//! any (as BERTopic's outlier topic does): they enter f_t and A, so words common to everything
//! are discounted, but they get no keywords.
//!
//! Terms are lowercase word unigrams and bigrams. A word is a run of letters/digits (with inner
//! `'` or `-`, as in "don't", "log-in") that has at least two letters; numbers, one-letter
//! words and bracketed placeholders like `[EMAIL]` are not terms. A unigram must not be a
//! stopword; a bigram is two adjacent words in the text, neither a stopword, with no
//! punctuation, skipped word or placeholder between them.

use std::collections::{HashMap, HashSet};

/// English stopwords plus feedback filler ("really", "just", "like", ...). Sorted, for
/// binary search (checked by a test).
const STOPWORDS: &[&str] = &[
    "about",
    "actually",
    "after",
    "again",
    "all",
    "almost",
    "already",
    "also",
    "always",
    "am",
    "an",
    "and",
    "any",
    "anything",
    "are",
    "aren't",
    "around",
    "as",
    "at",
    "back",
    "be",
    "because",
    "been",
    "before",
    "being",
    "between",
    "both",
    "but",
    "by",
    "can",
    "can't",
    "cannot",
    "come",
    "could",
    "couldn't",
    "did",
    "didn't",
    "do",
    "does",
    "doesn't",
    "doing",
    "don't",
    "done",
    "down",
    "each",
    "else",
    "enough",
    "even",
    "ever",
    "every",
    "everything",
    "few",
    "for",
    "from",
    "get",
    "gets",
    "getting",
    "give",
    "go",
    "going",
    "got",
    "had",
    "hadn't",
    "has",
    "hasn't",
    "have",
    "haven't",
    "having",
    "he",
    "her",
    "here",
    "him",
    "his",
    "how",
    "however",
    "i'd",
    "i'll",
    "i'm",
    "i've",
    "if",
    "im",
    "in",
    "into",
    "is",
    "isn't",
    "it",
    "it's",
    "its",
    "ive",
    "just",
    "keep",
    "keeps",
    "kind",
    "know",
    "let",
    "like",
    "lot",
    "lots",
    "made",
    "make",
    "makes",
    "many",
    "may",
    "maybe",
    "me",
    "might",
    "more",
    "most",
    "much",
    "must",
    "my",
    "need",
    "needs",
    "never",
    "no",
    "not",
    "nothing",
    "now",
    "of",
    "off",
    "often",
    "ok",
    "okay",
    "on",
    "once",
    "one",
    "only",
    "or",
    "other",
    "others",
    "our",
    "out",
    "over",
    "own",
    "please",
    "pretty",
    "quite",
    "rather",
    "really",
    "same",
    "say",
    "see",
    "seem",
    "seems",
    "she",
    "should",
    "shouldn't",
    "since",
    "so",
    "some",
    "something",
    "sometimes",
    "still",
    "such",
    "sure",
    "than",
    "that",
    "that's",
    "the",
    "their",
    "them",
    "then",
    "there",
    "there's",
    "these",
    "they",
    "they're",
    "thing",
    "things",
    "think",
    "this",
    "those",
    "though",
    "through",
    "to",
    "too",
    "took",
    "under",
    "until",
    "up",
    "us",
    "use",
    "used",
    "very",
    "want",
    "was",
    "wasn't",
    "way",
    "we",
    "we're",
    "well",
    "went",
    "were",
    "weren't",
    "what",
    "when",
    "where",
    "which",
    "while",
    "who",
    "why",
    "will",
    "with",
    "without",
    "won't",
    "would",
    "wouldn't",
    "yes",
    "yet",
    "you",
    "you're",
    "your",
];

fn is_stopword(word: &str) -> bool {
    STOPWORDS.binary_search(&word).is_ok()
}

/// Runs of adjacent content words of `text`; bigrams are formed within a run only.
///
/// A run ends at punctuation, at a placeholder, at a stopword and at a skipped token (number,
/// one-letter word). Words are lowercased; `’` counts as `'`; a trailing possessive `'s` is
/// dropped ("driver's" → "driver").
pub(crate) fn content_runs(text: &str) -> Vec<Vec<String>> {
    let chars: Vec<char> = text.chars().collect();
    let mut runs: Vec<Vec<String>> = Vec::new();
    let mut run: Vec<String> = Vec::new();
    let mut end_run = |run: &mut Vec<String>| {
        if !run.is_empty() {
            runs.push(std::mem::take(run));
        }
    };
    let mut i = 0;
    while i < chars.len() {
        let ch = chars[i];
        if ch.is_alphanumeric() {
            let mut word = String::new();
            while i < chars.len() {
                let c = chars[i];
                let joiner = matches!(c, '\'' | '’' | '-')
                    && i + 1 < chars.len()
                    && chars[i + 1].is_alphanumeric()
                    && !word.is_empty();
                if c.is_alphanumeric() {
                    word.extend(c.to_lowercase());
                } else if joiner {
                    word.push(if c == '-' { '-' } else { '\'' });
                } else {
                    break;
                }
                i += 1;
            }
            match normalise_word(&word) {
                Some(w) => run.push(w),
                None => end_run(&mut run),
            }
        } else if ch.is_whitespace() {
            i += 1;
        } else {
            if ch == '[' {
                if let Some(len) = placeholder_len(&chars[i..]) {
                    i += len;
                    end_run(&mut run);
                    continue;
                }
            }
            end_run(&mut run);
            i += 1;
        }
    }
    end_run(&mut run);
    runs
}

/// Length in chars of a placeholder like `[EMAIL]` or `[PHONE NUMBER]` at the start of `s`.
fn placeholder_len(s: &[char]) -> Option<usize> {
    let close = s.iter().take(40).position(|&c| c == ']')?;
    let inner = &s[1..close];
    let ok = !inner.is_empty()
        && inner
            .iter()
            .all(|&c| c.is_alphanumeric() || matches!(c, '_' | '-' | ' ' | ':' | '.'));
    ok.then_some(close + 1)
}

/// A content word, or `None` for a stopword or a token that is not a term.
fn normalise_word(word: &str) -> Option<String> {
    if is_stopword(word) {
        return None;
    }
    let word = word.strip_suffix("'s").unwrap_or(word);
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    if letters < 2 || is_stopword(word) {
        return None;
    }
    Some(word.to_owned())
}

/// Unigram and bigram terms of one text, with repetition.
fn terms(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for run in content_runs(text) {
        for w in &run {
            out.push(w.clone());
        }
        for pair in run.windows(2) {
            out.push(format!("{} {}", pair[0], pair[1]));
        }
    }
    out
}

/// c-TF-IDF keywords for each of `n_classes` themes.
///
/// `class_of[i]` is text i's theme (0-based) or `None` for uncoded. Returns per theme up to
/// `top` keywords, best first, bigrams preferred over their own words (see [`pick_keywords`]).
pub(crate) fn keywords(
    texts: &[&str],
    class_of: &[Option<usize>],
    n_classes: usize,
    top: usize,
) -> Vec<Vec<String>> {
    // Class n_classes collects the uncoded texts.
    let n_all = n_classes + 1;
    let mut vocab: HashMap<String, usize> = HashMap::new();
    let mut names: Vec<String> = Vec::new();
    let mut counts: Vec<HashMap<usize, u64>> = vec![HashMap::new(); n_all];
    // Per class and term: the texts holding the term (for MMR's redundancy), among the class's
    // first HOLDER_TEXTS texts, so memory stays bounded on the largest runs.
    let mut holders: Vec<HashMap<usize, Vec<usize>>> = vec![HashMap::new(); n_all];
    let mut seen = vec![0usize; n_all];
    // Above KEYWORD_TEXTS texts, every `stride`-th text is read (and every text of a class
    // still under KEYWORD_FLOOR), so the vocabulary, and memory, stop growing with the input.
    let stride = texts.len().div_ceil(KEYWORD_TEXTS).max(1);
    for (i, (text, class)) in texts.iter().zip(class_of).enumerate() {
        let c = class.unwrap_or(n_classes);
        if i % stride != 0 && seen[c] >= KEYWORD_FLOOR {
            continue;
        }
        seen[c] += 1;
        for term in terms(text) {
            let id = *vocab.entry(term).or_insert_with_key(|t| {
                names.push(t.clone());
                names.len() - 1
            });
            *counts[c].entry(id).or_insert(0) += 1;
            if seen[c] > HOLDER_TEXTS {
                continue;
            }
            let list = holders[c].entry(id).or_default();
            if list.last() != Some(&i) {
                list.push(i);
            }
        }
    }
    let class_totals: Vec<u64> = counts.iter().map(|m| m.values().sum()).collect();
    let mut f_t = vec![0u64; names.len()];
    for m in &counts {
        for (&t, &cnt) in m {
            f_t[t] += cnt;
        }
    }
    let used_classes = class_totals.iter().filter(|&&t| t > 0).count().max(1);
    let avg = class_totals.iter().sum::<u64>() as f64 / used_classes as f64;

    (0..n_classes)
        .map(|c| {
            let total = class_totals[c];
            if total == 0 {
                return Vec::new();
            }
            let mut scored: Vec<(f64, &str)> = counts[c]
                .iter()
                .map(|(&t, &cnt)| {
                    let tf = cnt as f64 / total as f64;
                    let idf = (1.0 + avg / f_t[t] as f64).ln();
                    (tf * idf, names[t].as_str())
                })
                .collect();
            scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
            let candidates = pick_keywords(&scored, MMR_POOL * top);
            let score: HashMap<&str, f64> = scored.iter().map(|&(v, t)| (t, v)).collect();
            let texts_of = |term: &str| holders[c].get(&vocab[term]).map_or(&[][..], Vec::as_slice);
            mmr(
                &candidates,
                top,
                |t| score[t],
                |a, b| jaccard(texts_of(a), texts_of(b)),
            )
        })
        .collect()
}

/// Texts read for keywords at most (about): beyond it, a systematic sample in input order.
const KEYWORD_TEXTS: usize = 300_000;
/// Texts of each class always read, so a small theme keeps its own words in a sampled run.
const KEYWORD_FLOOR: usize = 500;
/// MMR draws from this many times the wanted number of keywords.
const MMR_POOL: usize = 3;
/// Texts per class whose terms are listed for MMR's overlap estimate: a large sample of
/// the class's texts, in input order.
const HOLDER_TEXTS: usize = 5_000;
/// MMR's weight on relevance (c-TF-IDF) against redundancy with keywords already picked.
const MMR_LAMBDA: f64 = 0.7;

/// Maximal marginal relevance: picks `top` of `candidates`, each time the one maximising
/// `λ · relevance − (1 − λ) · max similarity to those already picked`, relevance being the
/// score scaled to the best candidate's. Similarity here is how often two terms occur in the
/// same texts of the theme, so "late" after "late delivery" or two words of one stock phrase
/// give way to a keyword that says something else.
fn mmr(
    candidates: &[String],
    top: usize,
    score: impl Fn(&str) -> f64,
    similarity: impl Fn(&str, &str) -> f64,
) -> Vec<String> {
    let best = candidates.iter().map(|c| score(c)).fold(0.0, f64::max);
    let mut left: Vec<&String> = candidates.iter().collect();
    let mut picked: Vec<String> = Vec::new();
    while picked.len() < top && !left.is_empty() {
        let value = |c: &str| {
            let redundancy = picked.iter().map(|p| similarity(c, p)).fold(0.0, f64::max);
            MMR_LAMBDA * score(c) / best.max(f64::MIN_POSITIVE) - (1.0 - MMR_LAMBDA) * redundancy
        };
        let (pos, _) = left
            .iter()
            .enumerate()
            .fold((0, f64::NEG_INFINITY), |acc, (i, c)| {
                let v = value(c);
                if v > acc.1 {
                    (i, v)
                } else {
                    acc
                }
            });
        picked.push(left.remove(pos).clone());
    }
    picked
}

/// Jaccard similarity of two sorted lists of text indices.
fn jaccard(a: &[usize], b: &[usize]) -> f64 {
    let (mut i, mut j, mut both) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                both += 1;
                i += 1;
                j += 1;
            }
        }
    }
    let union = a.len() + b.len() - both;
    if union == 0 {
        0.0
    } else {
        both as f64 / union as f64
    }
}

/// A bigram replaces a better-ranked unigram it contains when it scores at least this
/// fraction of the unigram's score ("late delivery" over "late").
const BIGRAM_REPLACES: f64 = 0.5;

/// Picks `top` keywords from terms sorted best first, preferring bigrams to their own words:
/// * a bigram that scores ≥ [`BIGRAM_REPLACES`] × a kept unigram it contains takes that
///   unigram's place (and removes its other word if kept too);
/// * a bigram whose words are both already kept, and which replaces nothing, is redundant;
/// * a unigram contained in a kept bigram is dropped.
///
/// Only the best `2 · top` terms are considered, so a weak bigram far down the list cannot
/// displace a strong unigram.
pub(crate) fn pick_keywords(scored: &[(f64, &str)], top: usize) -> Vec<String> {
    let mut kept: Vec<(f64, String)> = Vec::new();
    for &(score, term) in scored.iter().take(2 * top) {
        let words: Vec<&str> = term.split(' ').collect();
        if words.len() == 1 {
            let in_bigram = kept.iter().any(|(_, k)| k.split(' ').any(|w| w == term));
            if !in_bigram && kept.len() < top {
                kept.push((score, term.to_owned()));
            }
            continue;
        }
        let part_pos: Vec<usize> = kept
            .iter()
            .enumerate()
            .filter(|(_, (_, k))| words.contains(&k.as_str()))
            .map(|(i, _)| i)
            .collect();
        let replaces = part_pos
            .first()
            .is_some_and(|&p| score >= BIGRAM_REPLACES * kept[p].0);
        if replaces {
            let first = part_pos[0];
            kept[first] = (score, term.to_owned());
            for &p in part_pos[1..].iter().rev() {
                kept.remove(p);
            }
        } else if part_pos.len() < words.len() && kept.len() < top {
            kept.push((score, term.to_owned()));
        }
    }
    kept.into_iter().map(|(_, t)| t).collect()
}

/// A short name from the first keywords: "late delivery · driver".
///
/// Takes keywords in order, writing each one's words not already used, and stops after three
/// parts, at four words, or once two parts hold three words or more. A keyword that would
/// push the name past four words is skipped. Fallback without keywords: "theme {id}".
pub(crate) fn name(keywords: &[String], id: usize) -> String {
    let mut used: HashSet<&str> = HashSet::new();
    let mut parts: Vec<String> = Vec::new();
    for kw in keywords {
        let new: Vec<&str> = kw.split(' ').filter(|w| !used.contains(w)).collect();
        if new.is_empty() || used.len() + new.len() > 4 {
            continue;
        }
        used.extend(new.iter().copied());
        parts.push(new.join(" "));
        let words = used.len();
        if parts.len() == 3 || words >= 4 || (parts.len() >= 2 && words >= 3) {
            break;
        }
    }
    if parts.is_empty() {
        format!("theme {id}")
    } else {
        parts.join(" · ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn themes_stopwords_sorted_and_sized() {
        assert!(
            STOPWORDS.windows(2).all(|w| w[0] < w[1]),
            "STOPWORDS must be sorted"
        );
        assert!(
            (150..=260).contains(&STOPWORDS.len()),
            "{}",
            STOPWORDS.len()
        );
    }

    #[test]
    fn themes_tokeniser_rules() {
        let runs =
            content_runs("The driver's van was LATE, 3 days! Email me at [EMAIL] log-in 2fa");
        assert_eq!(
            runs,
            vec![
                vec!["driver".to_owned(), "van".to_owned()],
                vec!["late".to_owned()],
                vec!["days".to_owned()],
                vec!["email".to_owned()],
                vec!["log-in".to_owned(), "2fa".to_owned()],
            ]
        );
        // Placeholder breaks a bigram and yields no term.
        let t = terms("refund [ORDER_ID] request");
        assert_eq!(t, vec!["refund".to_owned(), "request".to_owned()]);
        assert!(terms("I don't really like it’s").is_empty());
    }

    #[test]
    fn themes_ctfidf_top_keywords_and_names() {
        let delivery = [
            "the delivery was late again",
            "late delivery, driver never came",
            "my late delivery arrived two days after the date",
            "another late delivery and the driver was rude",
            "the driver left the parcel outside, late delivery as usual",
        ];
        let app = [
            "the app keeps crashing on login",
            "app crashing every time I open it",
            "login fails and the app crashing again",
            "the app is crashing after the update",
            "cannot login, the app crashing constantly",
        ];
        let mut texts: Vec<&str> = Vec::new();
        let mut class_of = Vec::new();
        for (a, b) in delivery.iter().zip(&app) {
            texts.push(a);
            class_of.push(Some(0));
            texts.push(b);
            class_of.push(Some(1));
        }
        texts.push("thanks for everything [EMAIL]");
        class_of.push(None);
        let kw = keywords(&texts, &class_of, 2, 8);
        assert_eq!(kw.len(), 2);
        assert_eq!(kw[0][0], "late delivery", "{:?}", kw[0]);
        assert_eq!(kw[1][0], "app crashing", "{:?}", kw[1]);
        for list in &kw {
            assert!(!list.is_empty() && list.len() <= 8);
            for term in list {
                for w in term.split(' ') {
                    assert!(!is_stopword(w), "stopword {w} in {list:?}");
                    assert!(w != "email", "placeholder became a keyword: {list:?}");
                }
            }
            // Unigrams inside a kept bigram are not repeated.
            let bigram_words: Vec<&str> = list
                .iter()
                .filter(|t| t.contains(' '))
                .flat_map(|t| t.split(' '))
                .collect();
            assert!(list
                .iter()
                .filter(|t| !t.contains(' '))
                .all(|u| !bigram_words.contains(&u.as_str())));
            let nm = name(list, 1);
            let words: Vec<&str> = nm.split(' ').filter(|w| *w != "·").collect();
            assert!((2..=4).contains(&words.len()), "name {nm:?}");
            let unique: HashSet<&&str> = words.iter().collect();
            assert_eq!(unique.len(), words.len(), "repeated word in {nm:?}");
        }
        assert!(kw[0].iter().any(|t| t.contains("driver")), "{:?}", kw[0]);
        assert!(name(&kw[0], 1).starts_with("late delivery"));
        // Deterministic.
        assert_eq!(kw, keywords(&texts, &class_of, 2, 8));
    }

    #[test]
    fn themes_pick_keywords_prefers_bigrams() {
        let scored = [
            (1.0, "late"),
            (0.9, "delivery"),
            (0.8, "late delivery"),
            (0.5, "driver"),
            (0.4, "delivery driver"),
            (0.1, "parcel"),
        ];
        let kw = pick_keywords(&scored, 3);
        // "delivery driver" (0.4 ≥ 0.5 × 0.5) takes the place of "driver".
        assert_eq!(kw, vec!["late delivery", "delivery driver", "parcel"]);
        // A weak bigram does not displace its strong unigram, nor repeat kept words.
        let scored = [
            (1.0, "late"),
            (0.9, "delivery"),
            (0.2, "late delivery"),
            (0.1, "rude"),
        ];
        assert_eq!(pick_keywords(&scored, 4), vec!["late", "delivery", "rude"]);
    }

    #[test]
    fn themes_names() {
        let kw = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            name(&kw(&["late delivery", "driver", "parcel"]), 1),
            "late delivery · driver"
        );
        assert_eq!(
            name(&kw(&["app", "crash", "login", "update"]), 1),
            "app · crash · login"
        );
        assert_eq!(
            name(&kw(&["late delivery", "delivery driver", "refund"]), 1),
            "late delivery · driver"
        );
        assert_eq!(name(&kw(&["refund"]), 1), "refund");
        assert_eq!(name(&[], 7), "theme 7");
    }
}
