//! Rule-based sentiment scorer in the VADER tradition (Hutto & Gilbert 2014, "VADER: A
//! Parsimonious Rule-based Model for Sentiment Analysis of Social Media Text", ICWSM-14).
//!
//! Written for Verbatim from the published rules; the data files come from the PyPI package
//! `vaderSentiment` 3.3.2 (MIT, see `models/vader/PROVENANCE.md` and `models/vader/LICENSE`):
//!
//! * `models/vader/vader_lexicon.txt` — word → mean valence (−4 … +4), 7,520 entries;
//! * `models/vader/emoji_utf8_lexicon.txt` — emoji → description; an emoji is scored through
//!   the words of its description, as in VADER;
//! * `models/vader/service_additions.txt` — **ours, not VADER's**: a few terms that carry clear
//!   sentiment in service feedback but are missing from VADER ("late", "unhelpful", "never
//!   arrived", 😡, …), each justified in the file. They only add, never override.
//!
//! Rules (constants as in VADER): booster/dampener words ±0.293 (decayed ×0.95, ×0.9 two and
//! three tokens back), ALL-CAPS word ±0.733 when the text mixes case, negation in the three
//! preceding tokens ×−0.74 ("never so/this" ×1.25, "without doubt" no negation), "no" before a
//! sentiment word, "least" (but not "at least"), the first "but" (before ×0.5, after ×1.5),
//! idioms, "!" (up to 4, +0.292 each) and "??"… (+0.18 each, 0.96 for four or more), compound =
//! x / √(x² + 15), and the pos/neu/neg proportions of the text.
//!
//! Where vaderSentiment 3.3.2 has an evident slip we follow the documented intent instead
//! (texts that do not hit these score exactly as the Python package does; see the tests):
//! * "but": every sentiment is scaled by its *position* (the package looks values up with
//!   `list.index`, so a repeated value gets scaled twice and its twin not at all);
//! * "never … so/this" three tokens back needs the "never" (the package's `and`/`or`
//!   precedence lets any "so"/"this" right before a word multiply it by 1.25);
//! * dampener bigrams ("kind of", "sort of", "just enough") are sign-adjusted like single
//!   boosters (the package adds −0.293 even to negative words, i.e. intensifies them), and are
//!   applied wherever the word is (the package only checks them from the 4th token on);
//! * idioms ("the bomb", "kiss of death", "yeah right", "to die for", …) are matched as whole
//!   phrases anywhere; their inner words then carry no valence of their own. The package's
//!   list of sentiment-laden idioms ("under the weather", "on the ball", …), marked as future
//!   work there, is included;
//! * tokens: trailing punctuation is stripped from short words too ("ok." → "ok", "no," →
//!   "no"; the package keeps anything of ≤ 2 letters as a possible emoticon), emoticons such
//!   as ":)" ":-(" "<3" ":D" are kept (exact case first, so ":D" and ":P" are found), ’ counts
//!   as ' ("don’t"), and emoji are cut out as separate tokens with U+FE0F/U+200D ignored (so
//!   "❤️" and "great😀" work);
//! * a zeroed determiner "no" ("no problems") gets no ALL-CAPS emphasis.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use super::{Scorer, Sentiment};

const VADER_LEXICON: &str = include_str!("../../models/vader/vader_lexicon.txt");
const EMOJI_LEXICON: &str = include_str!("../../models/vader/emoji_utf8_lexicon.txt");
const SERVICE_ADDITIONS: &str = include_str!("../../models/vader/service_additions.txt");

/// Booster increment (mean rating increase for degree adverbs).
const B_INCR: f64 = 0.293;
/// Dampener decrement.
const B_DECR: f64 = -0.293;
/// ALL-CAPS emphasis.
const C_INCR: f64 = 0.733;
/// Negation scalar.
const N_SCALAR: f64 = -0.74;
/// Normalisation constant of the compound score.
const ALPHA: f64 = 15.0;
/// Compound at or beyond which a text is labelled positive (negative).
const LABEL_THRESHOLD: f32 = 0.05;

/// Negation words (VADER's list; any token containing "n't" also negates).
#[rustfmt::skip]
const NEGATE: &[&str] = &[
    "aint", "arent", "cannot", "cant", "couldnt", "darent", "didnt", "doesnt", "ain't",
    "aren't", "can't", "couldn't", "daren't", "didn't", "doesn't", "dont", "hadnt", "hasnt",
    "havent", "isnt", "mightnt", "mustnt", "neither", "don't", "hadn't", "hasn't", "haven't",
    "isn't", "mightn't", "mustn't", "neednt", "needn't", "never", "none", "nope", "nor", "not",
    "nothing", "nowhere", "oughtnt", "shant", "shouldnt", "uhuh", "wasnt", "werent", "oughtn't",
    "shan't", "shouldn't", "uh-uh", "wasn't", "weren't", "without", "wont", "wouldnt", "won't",
    "wouldn't", "rarely", "seldom", "despite",
];

/// Boosters (degree adverbs, VADER's list).
#[rustfmt::skip]
const BOOSTERS: &[&str] = &[
    "absolutely", "amazingly", "awfully", "completely", "considerable", "considerably",
    "decidedly", "deeply", "effing", "enormous", "enormously", "entirely", "especially",
    "exceptional", "exceptionally", "extreme", "extremely", "fabulously", "flipping", "flippin",
    "frackin", "fracking", "fricking", "frickin", "frigging", "friggin", "fully", "fuckin",
    "fucking", "fuggin", "fugging", "greatly", "hella", "highly", "hugely", "incredible",
    "incredibly", "intensely", "major", "majorly", "more", "most", "particularly", "purely",
    "quite", "really", "remarkably", "so", "substantially", "thoroughly", "total", "totally",
    "tremendous", "tremendously", "uber", "unbelievably", "unusually", "utter", "utterly",
    "very",
];

/// Dampeners (VADER's list; the two-word ones are in [`DAMPENER_BIGRAMS`]).
#[rustfmt::skip]
const DAMPENERS: &[&str] = &[
    "almost", "barely", "hardly", "kinda", "kindof", "kind-of", "less", "little", "marginal",
    "marginally", "occasional", "occasionally", "partly", "scarce", "scarcely", "slight",
    "slightly", "somewhat", "sorta", "sortof", "sort-of",
];

/// Two-word dampeners, as (first, second).
const DAMPENER_BIGRAMS: &[(&str, &str)] = &[("kind", "of"), ("sort", "of"), ("just", "enough")];

/// VADER's special cases (phrases containing lexicon words) and its sentiment-laden idioms.
/// (VADER's one-word special case "badass" 1.5 is left out: the package never reaches it, its
/// lexicon rates "badass" 1.4.)
const IDIOMS: &[(&str, f64)] = &[
    ("the shit", 3.0),
    ("the bomb", 3.0),
    ("bad ass", 1.5),
    ("bus stop", 0.0),
    ("yeah right", -2.0),
    ("kiss of death", -1.5),
    ("to die for", 3.0),
    ("beating heart", 3.5),
    ("cut the mustard", 2.0),
    ("hand to mouth", -2.0),
    ("back handed", -2.0),
    ("blow smoke", -2.0),
    ("blowing smoke", -2.0),
    ("upper hand", 1.0),
    ("break a leg", 2.0),
    ("cooking with gas", 2.0),
    ("in the black", 2.0),
    ("in the red", -2.0),
    ("on the ball", 2.0),
    ("under the weather", -2.0),
];

/// Characters that glue emoji sequences together; treated as separators.
fn is_emoji_glue(c: char) -> bool {
    matches!(c, '\u{FE0E}' | '\u{FE0F}' | '\u{200D}')
}

/// A multi-word (or overriding single-word) expression: the words after the first, and the
/// valence given to its last word.
struct Phrase {
    rest: Vec<&'static str>,
    valence: f64,
    /// Display text for [`LexiconScorer::explain`].
    text: String,
}

struct Tables {
    /// VADER lexicon plus our single-word / emoji additions.
    lexicon: HashMap<&'static str, f64>,
    /// Emoji (single code point) → description.
    emoji: HashMap<char, &'static str>,
    /// Emoji scored directly (service additions) rather than through their description.
    emoji_direct: HashSet<char>,
    /// Booster/dampener word → increment.
    boosters: HashMap<&'static str, f64>,
    negate: HashSet<&'static str>,
    /// First word → phrases starting with it, longest first.
    phrases: HashMap<&'static str, Vec<Phrase>>,
}

fn tables() -> &'static Tables {
    static TABLES: OnceLock<Tables> = OnceLock::new();
    TABLES.get_or_init(Tables::load)
}

impl Tables {
    fn load() -> Tables {
        let mut lexicon = HashMap::with_capacity(8192);
        for line in VADER_LEXICON.lines() {
            let mut parts = line.trim_end_matches('\r').split('\t');
            let (Some(word), Some(v)) = (parts.next(), parts.next()) else {
                continue;
            };
            if let Ok(v) = v.trim().parse::<f64>() {
                lexicon.insert(word, v);
            }
        }
        let mut emoji = HashMap::with_capacity(2048);
        for line in EMOJI_LEXICON.lines() {
            let mut parts = line.trim_end_matches('\r').split('\t');
            let (Some(e), Some(desc)) = (parts.next(), parts.next()) else {
                continue;
            };
            // Multi-code-point entries are never reached by VADER (it looks emoji up one
            // code point at a time); we do the same.
            let mut chars = e.chars();
            if let (Some(c), None) = (chars.next(), chars.next()) {
                emoji.insert(c, desc.trim());
            }
        }
        let mut emoji_direct = HashSet::new();
        let mut phrases: HashMap<&'static str, Vec<Phrase>> = HashMap::new();
        let mut add_phrase = |text: &'static str, valence: f64| {
            let mut words = text.split(' ');
            let first = words.next().expect("non-empty phrase");
            phrases.entry(first).or_default().push(Phrase {
                rest: words.collect(),
                valence,
                text: text.to_string(),
            });
        };
        for &(text, v) in IDIOMS {
            add_phrase(text, v);
        }
        for (term, v) in service_additions() {
            if term.contains(' ') {
                add_phrase(term, v);
            } else {
                let mut chars = term.chars();
                if let (Some(c), None) = (chars.next(), chars.next()) {
                    if !c.is_ascii() {
                        emoji_direct.insert(c);
                    }
                }
                lexicon.insert(term, v);
            }
        }
        for list in phrases.values_mut() {
            list.sort_by_key(|p| std::cmp::Reverse(p.rest.len()));
        }
        let boosters = BOOSTERS
            .iter()
            .map(|&w| (w, B_INCR))
            .chain(DAMPENERS.iter().map(|&w| (w, B_DECR)))
            .collect();
        Tables {
            lexicon,
            emoji,
            emoji_direct,
            boosters,
            negate: NEGATE.iter().copied().collect(),
            phrases,
        }
    }

    fn lookup(&self, raw: &str, lower: &str) -> Option<f64> {
        self.lexicon
            .get(raw)
            .or_else(|| self.lexicon.get(lower))
            .copied()
    }

    fn negated(&self, lower: &str) -> bool {
        self.negate.contains(lower) || lower.contains("n't")
    }
}

/// Parses `service_additions.txt`: `term<TAB>valence<TAB>why`, `#` comments.
fn service_additions() -> impl Iterator<Item = (&'static str, f64)> {
    SERVICE_ADDITIONS.lines().filter_map(|line| {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.starts_with('#') {
            return None;
        }
        let mut parts = line.split('\t');
        let term = parts.next()?.trim();
        let v = parts.next()?.trim().parse::<f64>().ok()?;
        Some((term, v))
    })
}

/// One token of the text.
struct Token<'a> {
    /// As written (after punctuation stripping).
    raw: &'a str,
    /// Lower-cased, ’ → '.
    lower: String,
    /// Python's `str.isupper()`: has a cased letter and no lower-case one.
    upper: bool,
    /// Byte range of the emoji this token comes from (description words).
    emoji: Option<(usize, usize)>,
}

fn lower_of(s: &str) -> String {
    if s.is_ascii() {
        s.to_ascii_lowercase()
    } else {
        s.to_lowercase().replace('\u{2019}', "'")
    }
}

fn is_upper(s: &str) -> bool {
    let mut cased = false;
    for c in s.chars() {
        if c.is_lowercase() {
            return false;
        }
        cased |= c.is_uppercase();
    }
    cased
}

/// Picks the token out of a whitespace-separated chunk: emoticons stay whole, words lose
/// leading/trailing punctuation.
fn pick_token<'a>(t: &Tables, chunk: &'a str) -> &'a str {
    if t.lookup(chunk, &lower_of(chunk)).is_some() {
        return chunk; // ":)", "<3", ":-(", ":D"
    }
    let trimmed = chunk.trim_end_matches(['.', ',', '!', '?', ';']);
    if !trimmed.is_empty()
        && trimmed.len() != chunk.len()
        && t.lookup(trimmed, &lower_of(trimmed)).is_some()
    {
        return trimmed; // ":)!" → ":)"
    }
    let stripped = chunk.trim_matches(|c: char| c.is_ascii_punctuation());
    if stripped.is_empty() {
        chunk
    } else {
        stripped
    }
}

fn tokenize<'a>(t: &Tables, text: &'a str) -> Vec<Token<'a>> {
    let mut tokens = Vec::with_capacity(text.len() / 4 + 1);
    let push = |tokens: &mut Vec<Token<'a>>, raw: &'a str, emoji| {
        tokens.push(Token {
            raw,
            lower: lower_of(raw),
            upper: is_upper(raw),
            emoji,
        });
    };
    let mut start: Option<usize> = None;
    let flush = |tokens: &mut Vec<Token<'a>>, start: &mut Option<usize>, end: usize| {
        if let Some(s) = start.take() {
            let raw = pick_token(t, &text[s..end]);
            push(tokens, raw, None);
        }
    };
    for (i, c) in text.char_indices() {
        if c.is_whitespace() || is_emoji_glue(c) {
            flush(&mut tokens, &mut start, i);
            continue;
        }
        if !c.is_ascii() {
            if let Some(&desc) = t.emoji.get(&c) {
                flush(&mut tokens, &mut start, i);
                let span = Some((i, i + c.len_utf8()));
                if t.emoji_direct.contains(&c) {
                    push(&mut tokens, &text[i..i + c.len_utf8()], span);
                } else {
                    for w in desc.split_whitespace() {
                        push(&mut tokens, pick_token(t, w), span);
                    }
                }
                continue;
            }
        }
        if start.is_none() {
            start = Some(i);
        }
    }
    flush(&mut tokens, &mut start, text.len());
    tokens
}

/// Everything the scorer worked out for one text.
struct Analysis<'a> {
    tokens: Vec<Token<'a>>,
    /// Final valence of each token (0 for neutral ones).
    valences: Vec<f64>,
    /// For a phrase's last token, the phrase's first token and display text.
    phrase_of: Vec<Option<(usize, &'static str)>>,
    compound: f64,
    /// neg, neu, pos.
    probs: [f64; 3],
}

fn booster_scalar(t: &Tables, tokens: &[Token], j: usize, valence: f64, cap_diff: bool) -> f64 {
    let tok = &tokens[j];
    let mut scalar = match t.boosters.get(tok.lower.as_str()) {
        Some(&s) => s,
        None => {
            let bigram = j > 0
                && DAMPENER_BIGRAMS
                    .iter()
                    .any(|&(a, b)| tokens[j - 1].lower == a && tok.lower == b);
            if !bigram {
                return 0.0;
            }
            B_DECR
        }
    };
    if valence < 0.0 {
        scalar = -scalar;
    }
    if tok.upper && cap_diff {
        scalar += if valence > 0.0 { C_INCR } else { -C_INCR };
    }
    scalar
}

fn analyse<'a>(t: &'static Tables, text: &'a str) -> Analysis<'a> {
    let tokens = tokenize(t, text);
    let n = tokens.len();
    let lex: Vec<Option<f64>> = tokens.iter().map(|k| t.lookup(k.raw, &k.lower)).collect();
    let lw = |i: usize| tokens[i].lower.as_str();

    // Phrases (idioms and our multi-word additions), greedy left to right, longest first.
    let mut phrase_of: Vec<Option<(usize, &'static str)>> = vec![None; n];
    let mut phrase_val = vec![0.0; n];
    let mut inside = vec![false; n];
    let mut i = 0;
    while i < n {
        let mut len = 1;
        if let Some(cands) = t.phrases.get(lw(i)) {
            for p in cands {
                let k = p.rest.len();
                if i + k < n && p.rest.iter().enumerate().all(|(m, w)| lw(i + 1 + m) == *w) {
                    inside[i..i + k].iter_mut().for_each(|x| *x = true);
                    phrase_of[i + k] = Some((i, p.text.as_str()));
                    phrase_val[i + k] = p.valence;
                    len = k + 1;
                    break;
                }
            }
        }
        i += len;
    }

    let upper = tokens.iter().filter(|k| k.upper).count();
    let cap_diff = upper > 0 && upper < n;
    let in_lex = |j: usize| lex[j].is_some();

    let mut valences = Vec::with_capacity(n);
    for i in 0..n {
        if inside[i] {
            valences.push(0.0);
            continue;
        }
        let (base, anchor, is_phrase) = match phrase_of[i] {
            Some((start, _)) => (phrase_val[i], start, true),
            None => {
                if t.boosters.contains_key(lw(i))
                    || (lw(i) == "kind" && i + 1 < n && lw(i + 1) == "of")
                {
                    valences.push(0.0);
                    continue;
                }
                match lex[i] {
                    Some(v) => (v, i, false),
                    None => {
                        valences.push(0.0);
                        continue;
                    }
                }
            }
        };
        let a = anchor;
        let mut v = base;
        // "no" as a determiner before a sentiment word carries no valence of its own …
        if !is_phrase && lw(i) == "no" && i + 1 < n && in_lex(i + 1) {
            v = 0.0;
        }
        // … and negates the word(s) after it.
        if (a >= 1 && lw(a - 1) == "no")
            || (a >= 2 && lw(a - 2) == "no")
            || (a >= 3 && lw(a - 3) == "no" && matches!(lw(a - 1), "or" | "nor"))
        {
            v = base * N_SCALAR;
        }
        if tokens[i].upper && cap_diff && v != 0.0 {
            v += if v > 0.0 { C_INCR } else { -C_INCR };
        }
        for d in 0..3 {
            if a <= d {
                break;
            }
            let j = a - d - 1;
            if in_lex(j) {
                continue;
            }
            let decay = [1.0, 0.95, 0.9][d];
            v += booster_scalar(t, &tokens, j, v, cap_diff) * decay;
            let so_this = |k: usize| matches!(lw(k), "so" | "this");
            match d {
                0 => {
                    if t.negated(lw(a - 1)) {
                        v *= N_SCALAR;
                    }
                }
                1 => {
                    if lw(a - 2) == "never" && so_this(a - 1) {
                        v *= 1.25;
                    } else if lw(a - 2) == "without" && lw(a - 1) == "doubt" {
                    } else if t.negated(lw(a - 2)) {
                        v *= N_SCALAR;
                    }
                }
                _ => {
                    if lw(a - 3) == "never" && (so_this(a - 2) || so_this(a - 1)) {
                        v *= 1.25;
                    } else if lw(a - 3) == "without"
                        && (lw(a - 2) == "doubt" || lw(a - 1) == "doubt")
                    {
                    } else if t.negated(lw(a - 3)) {
                        v *= N_SCALAR;
                    }
                }
            }
        }
        // "least" negates ("the least helpful"), except "at least" / "very least".
        if a >= 1 && lw(a - 1) == "least" && !(a >= 2 && matches!(lw(a - 2), "at" | "very")) {
            v *= N_SCALAR;
        }
        valences.push(v);
    }

    // Contrastive "but": the clause after it dominates.
    if let Some(bi) = tokens.iter().position(|k| k.lower == "but") {
        for (k, v) in valences.iter_mut().enumerate() {
            if k < bi {
                *v *= 0.5;
            } else if k > bi {
                *v *= 1.5;
            }
        }
    }

    let (compound, probs) = score_valences(&valences, text);
    Analysis {
        tokens,
        valences,
        phrase_of,
        compound,
        probs,
    }
}

/// Emphasis from "!" (up to 4) and from two or more "?".
fn punctuation_emphasis(text: &str) -> f64 {
    let (mut ep, mut qm) = (0usize, 0usize);
    for b in text.bytes() {
        ep += (b == b'!') as usize;
        qm += (b == b'?') as usize;
    }
    let ep = ep.min(4) as f64 * 0.292;
    let qm = match qm {
        0 | 1 => 0.0,
        2 | 3 => qm as f64 * 0.18,
        _ => 0.96,
    };
    ep + qm
}

fn score_valences(valences: &[f64], text: &str) -> (f64, [f64; 3]) {
    if valences.is_empty() {
        return (0.0, [0.0, 1.0, 0.0]);
    }
    let amp = punctuation_emphasis(text);
    let mut sum: f64 = valences.iter().sum();
    if sum > 0.0 {
        sum += amp;
    } else if sum < 0.0 {
        sum -= amp;
    }
    let compound = (sum / (sum * sum + ALPHA).sqrt()).clamp(-1.0, 1.0);

    let (mut pos, mut neg, mut neu) = (0.0f64, 0.0f64, 0.0f64);
    for &v in valences {
        if v > 0.0 {
            pos += v + 1.0;
        } else if v < 0.0 {
            neg += v - 1.0;
        } else {
            neu += 1.0;
        }
    }
    if pos > neg.abs() {
        pos += amp;
    } else if pos < neg.abs() {
        neg -= amp;
    }
    let total = pos + neg.abs() + neu;
    (compound, [neg.abs() / total, neu / total, pos / total])
}

/// VADER-style rule scorer. Cheap to construct; the lexicons are parsed once per process.
#[derive(Debug, Clone, Copy, Default)]
pub struct LexiconScorer;

impl LexiconScorer {
    pub fn new() -> Self {
        tables();
        LexiconScorer
    }

    /// The words (phrases, emoji) that drove the score, with their final valence after
    /// negation, boosters, caps and "but" — strongest first. Empty for a neutral text.
    /// The valences are on VADER's word scale (about −4 … +4), before normalisation.
    pub fn explain(&self, text: &str) -> Vec<(String, f32)> {
        let an = analyse(tables(), text);
        let mut out: Vec<(String, f32)> = Vec::new();
        let mut last_emoji: Option<(usize, usize)> = None;
        for (i, &v) in an.valences.iter().enumerate() {
            if v == 0.0 {
                continue;
            }
            let tok = &an.tokens[i];
            if let Some((s, e)) = tok.emoji {
                // Description words of one emoji are reported as the emoji.
                if last_emoji == Some((s, e)) {
                    if let Some(lastv) = out.last_mut() {
                        lastv.1 += v as f32;
                        continue;
                    }
                }
                last_emoji = Some((s, e));
                out.push((text[s..e].to_string(), v as f32));
                continue;
            }
            let name = match an.phrase_of[i] {
                Some((_, p)) => p.to_string(),
                None => tok.lower.clone(),
            };
            out.push((name, v as f32));
        }
        out.sort_by(|a, b| b.1.abs().total_cmp(&a.1.abs()));
        out
    }
}

impl Scorer for LexiconScorer {
    fn name(&self) -> &'static str {
        "lexicon"
    }

    fn score(&self, text: &str) -> Sentiment {
        let an = analyse(tables(), text);
        let score = an.compound as f32;
        let label = if score >= LABEL_THRESHOLD {
            2
        } else if score <= -LABEL_THRESHOLD {
            0
        } else {
            1
        };
        Sentiment {
            probs: an.probs.map(|p| p as f32),
            label,
            score,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(text: &str) -> Sentiment {
        LexiconScorer::new().score(text)
    }
    fn c(text: &str) -> f32 {
        s(text).score
    }

    /// Compound (4 d.p.) and neg/neu/pos (3 d.p.) printed by the Python package
    /// vaderSentiment 3.3.2 (`SentimentIntensityAnalyzer().polarity_scores`), run once by
    /// `models/vader/prepare_vader.sh`, which prints them again on every run.
    const PYTHON_REFERENCE: &[(&str, f32, [f32; 3])] = &[
        ("The book was good.", 0.4404, [0.0, 0.508, 0.492]),
        ("The book was not good.", -0.3412, [0.376, 0.624, 0.0]),
        (
            "The staff were VERY friendly and helpful!!",
            0.8602,
            [0.0, 0.369, 0.631],
        ),
        (
            "Terrible service, I am never coming back.",
            -0.4767,
            [0.341, 0.659, 0.0],
        ),
        (
            "At least it isn't a horrible book.",
            0.431,
            [0.0, 0.678, 0.322],
        ),
        (
            "The plot was good, but the characters are uncompelling and the dialog is not great.",
            -0.7042,
            [0.327, 0.579, 0.094],
        ),
        ("I love it :)", 0.802, [0.0, 0.217, 0.783]),
        ("It was kind of good.", 0.3832, [0.0, 0.605, 0.395]),
        ("Not bad at all", 0.431, [0.0, 0.513, 0.487]),
        (
            "The room was clean and the bed was comfortable",
            0.7184,
            [0.0, 0.538, 0.462],
        ),
    ];

    #[test]
    fn matches_python_vader_reference() {
        for &(text, compound, probs) in PYTHON_REFERENCE {
            let got = s(text);
            assert!(
                (got.score - compound).abs() < 6e-5,
                "{text:?}: {} vs python {compound}",
                got.score
            );
            for k in 0..3 {
                assert!(
                    (got.probs[k] - probs[k]).abs() < 6e-4,
                    "{text:?}: probs {:?} vs python {probs:?}",
                    got.probs
                );
            }
        }
    }

    #[test]
    fn clear_positive_negative_neutral() {
        for text in [
            "The staff were friendly and helpful.",
            "Great service, I love it",
            "Excellent, thank you!",
        ] {
            assert_eq!(s(text).label, 2, "{text:?} {:?}", s(text));
        }
        for text in [
            "The food was awful and the waiter was rude.",
            "Terrible experience, never again",
            "I hate this app",
        ] {
            assert_eq!(s(text).label, 0, "{text:?} {:?}", s(text));
        }
        for text in [
            "I ordered a pizza on Tuesday.",
            "The store is on Main Street",
            "Parcel 4471 arrived on Tuesday",
        ] {
            let got = s(text);
            assert_eq!(got.label, 1, "{text:?} {got:?}");
            assert_eq!(got.score, 0.0);
            assert_eq!(got.probs, [0.0, 1.0, 0.0]);
        }
    }

    #[test]
    fn probabilities_sum_to_one() {
        for text in [
            "good",
            "not good but fine",
            "Awful!!! :(",
            "the",
            "😡😡 late AGAIN",
            "...",
        ] {
            let p = s(text).probs;
            assert!((p.iter().sum::<f32>() - 1.0).abs() < 1e-5, "{text:?} {p:?}");
            assert!(p.iter().all(|&x| (0.0..=1.0).contains(&x)));
        }
    }

    #[test]
    fn empty_text_is_neutral() {
        for text in ["", "   ", "\n\t"] {
            assert_eq!(
                s(text),
                Sentiment {
                    probs: [0.0, 1.0, 0.0],
                    label: 1,
                    score: 0.0
                }
            );
        }
        assert!(LexiconScorer::new().explain("").is_empty());
    }

    #[test]
    fn negation() {
        assert!(c("The food was not good") < 0.0);
        assert!(c("The food was not bad") > c("The food was bad"));
        assert!(c("The food was not bad") > 0.0);
        assert!(c("It isn't good") < 0.0);
        assert!(c("It isn\u{2019}t good") < 0.0, "typographic apostrophe");
        assert!(c("They were never helpful") < c("They were helpful"));
        assert!(
            c("The staff were not at all helpful") < 0.0,
            "negation three tokens back"
        );
        assert!(c("no problems at all") > 0.0, "'no' negates the next word");
        assert!(c("It was the least helpful call") < 0.0);
        assert!(c("At least it was clean") > 0.0);
        assert!(c("Never so good") > c("So good"), "never so/this");
    }

    #[test]
    fn boosters_and_dampeners() {
        assert!(c("The food was very good") > c("The food was good"));
        assert!(c("The food was extremely good") > c("The food was good"));
        assert!(c("The food was really bad") < c("The food was bad"));
        assert!(c("The food was slightly good") < c("The food was good"));
        assert!(c("The food was kind of good") < c("The food was good"));
        assert!(c("The food was kind of good") > 0.0);
        assert!(
            c("The food was kind of bad") > c("The food was bad"),
            "dampener softens negatives too"
        );
    }

    #[test]
    fn all_caps_emphasis_in_mixed_case() {
        assert!(c("The food was GOOD") > c("The food was good"));
        assert!(c("The food was BAD") < c("The food was bad"));
        // No emphasis when everything is in capitals.
        assert_eq!(c("THE FOOD WAS GOOD"), c("the food was good"));
    }

    #[test]
    fn exclamation_and_question_marks() {
        assert!(c("The food was good!") > c("The food was good"));
        assert!(c("The food was good!!!") > c("The food was good!"));
        assert_eq!(
            c("The food was good!!!!!!!"),
            c("The food was good!!!!"),
            "capped at 4"
        );
        assert!(c("The food was bad!") < c("The food was bad"));
        assert!(c("Was the food bad??") < c("Was the food bad?"));
        assert_eq!(
            c("Where is it!!!"),
            0.0,
            "punctuation alone carries no sentiment"
        );
    }

    #[test]
    fn but_clause_dominates() {
        let text = "The staff were lovely but I waited an hour";
        assert!(c(text) < 0.0, "{:?}", s(text));
        assert_eq!(s(text).label, 0);
        assert!(c(text) < c("The staff were lovely and I waited an hour"));
        assert!(c("The food was bad but the staff were great") > 0.0);
        assert!(c("The staff were great but the food was bad") < 0.0);
    }

    #[test]
    fn emoticons_and_emoji() {
        assert!(c(":)") > 0.0);
        assert!(c("Delivered :-)") > 0.0);
        assert!(c("Delivered :(") < 0.0);
        assert!(c("Delivered :-(") < 0.0);
        assert!(c("Thanks <3") > c("Thanks"));
        assert!(c("Delivered :D") > 0.0, "mixed-case emoticon");
        assert!(
            c("Delivered :)!") > 0.0,
            "emoticon with trailing punctuation"
        );
        assert!(c("😡") < 0.0);
        assert_eq!(s("Delivery 😡😡").label, 0);
        assert!(c("Delivery 😀") > 0.0);
        assert!(c("Delivery😀") > 0.0, "emoji glued to a word");
        assert!(c("Delivery ❤️") > 0.0, "with variation selector");
        assert!(c("👍") > 0.0);
        assert!(c("👎") < 0.0);
        assert!(c("😢") < 0.0);
    }

    #[test]
    fn idioms() {
        assert!(c("The cake was the bomb") > 0.0);
        assert!(c("This place is the shit") > 0.0);
        assert!(c("Yeah right") < 0.0);
        assert!(c("I am under the weather") < 0.0);
        assert_eq!(c("Meet me at the bus stop"), 0.0);
    }

    #[test]
    fn service_additions_feedback_terms() {
        assert!(c("the delivery was late again") < -0.05);
        assert_eq!(s("the delivery was late again").label, 0);
        assert_eq!(s("My parcel never arrived").label, 0);
        assert_eq!(s("The chips were cold and soggy").label, 0);
        // Not "Support was unhelpful": VADER rates "support" +1.7, which cancels it out.
        assert_eq!(s("The agent was unhelpful").label, 0);
        assert_eq!(s("Delivered on time").label, 2);
        assert!(c("Not on time") < 0.0);
        assert!(c("No hassle at all") > 0.0);
        assert!(c("The app keeps crashing") < 0.0);
    }

    #[test]
    fn service_additions_only_add_to_vader() {
        let vader: HashSet<&str> = VADER_LEXICON
            .lines()
            .filter_map(|l| l.split('\t').next())
            .collect();
        let mut n = 0;
        for (term, v) in service_additions() {
            assert!(
                !vader.contains(term),
                "{term:?} is already in VADER's lexicon"
            );
            assert!((-4.0..=4.0).contains(&v) && v != 0.0, "{term:?} {v}");
            n += 1;
        }
        assert!(n >= 30, "parsed {n} additions");
        assert_eq!(vader.len(), 7506, "7,520 lines, 7,506 distinct words");
        assert!(tables().emoji.len() > 1000);
    }

    #[test]
    fn explain_lists_driving_words() {
        let sc = LexiconScorer::new();
        let ex = sc.explain(
            "The staff were lovely but the food was NOT good and the delivery was late 😡",
        );
        let names: Vec<&str> = ex.iter().map(|(w, _)| w.as_str()).collect();
        assert_eq!(names.len(), 4, "{ex:?}");
        for w in ["lovely", "good", "late", "😡"] {
            assert!(names.contains(&w), "{w} missing from {ex:?}");
        }
        for pair in ex.windows(2) {
            assert!(
                pair[0].1.abs() >= pair[1].1.abs(),
                "not strongest first: {ex:?}"
            );
        }
        let val = |w: &str| ex.iter().find(|(n, _)| n == w).unwrap().1;
        assert!(val("good") < 0.0, "negated: {ex:?}");
        assert!(
            (val("lovely") - 1.4).abs() < 1e-5,
            "lovely 2.8 halved before 'but': {ex:?}"
        );
        assert!(val("late") < 0.0 && val("😡") < 0.0);

        let ex = sc.explain("My order never arrived");
        assert_eq!(ex.len(), 1);
        assert_eq!(ex[0].0, "never arrived");
        let ex = sc.explain("Great 😂");
        assert_eq!(
            ex.iter().filter(|(w, _)| w == "😂").count(),
            1,
            "emoji words merged: {ex:?}"
        );
        assert!(sc.explain("Parcel 4471 arrived on Tuesday").is_empty());
    }

    #[test]
    fn scorer_name_and_label_thresholds() {
        let sc = LexiconScorer::new();
        assert_eq!(sc.name(), "lexicon");
        for text in ["good", "bad", "ok", "fine", "meh", "okay-ish"] {
            let got = sc.score(text);
            let want = if got.score >= 0.05 {
                2
            } else if got.score <= -0.05 {
                0
            } else {
                1
            };
            assert_eq!(got.label, want, "{text:?}");
            assert!((-1.0..=1.0).contains(&got.score));
        }
    }

    /// Speed: `cargo test --release --lib lexicon_speed -- --ignored --nocapture`.
    #[test]
    #[ignore]
    fn lexicon_speed() {
        let base = [
            "The delivery was late again and nobody called me.",
            "Staff were really friendly, thanks!",
            "I waited over an hour :(",
            "The food was not bad but the room was cold",
            "Great app, but it crashes every time I open it 😡",
            "Refund processed quickly, very happy",
            "Order 4471 arrived on Tuesday",
            "NEVER again. Absolutely awful customer service!!!",
        ];
        let texts: Vec<String> = (0..50_000)
            .map(|i| format!("{} #{i}", base[i % base.len()]))
            .collect();
        let sc = LexiconScorer::new();
        let _ = sc.score("warm up");
        let t0 = std::time::Instant::now();
        let mut acc = 0.0f32;
        for t in &texts {
            acc += sc.score(t).score;
        }
        let secs = t0.elapsed().as_secs_f64();
        println!(
            "lexicon_speed: {} sentences in {secs:.3} s = {:.0} sentences/s (checksum {acc:.3})",
            texts.len(),
            texts.len() as f64 / secs
        );
    }
}
