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
mod tests;
