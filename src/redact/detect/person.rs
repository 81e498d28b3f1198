//! Person names: a rule-based detector over a name gazetteer (see `models/names/README.md`).
//!
//! Evidence combined per candidate span (a run of adjacent name-like tokens):
//! * gazetteer membership: first names (`F`), surnames (`S`), names that are also English words
//!   (`A`: "Will", "Grace", "Young"), English words that are no name (`W`), unknown tokens (`U`);
//! * capitalisation and position (a sentence-initial capital is weak evidence);
//! * context cues before the span (honorifics, "my name is", "spoke to", "the driver",
//!   "Thanks,", "Kind regards", "Dear", …) or after it ("… from Sky", "… the manager");
//! * curated stoplists: words that are names but usually are not ("Will", "May", "Bill",
//!   "Victoria"), brands and UK places, which need a strong cue or a surname to count.
//! * context that rules a word out: all-capitals words in a mixed-case text (acronyms, codes),
//!   contractions ("I've"), month abbreviations beside a day number ("15 Jan"), nationality
//!   adjectives, brands made of names ("Mr Kipling", "Ben & Jerry's") and a capitalised word
//!   before a product noun ("Charlotte potatoes");
//! * context that rules a word in: a possessive before a person's noun ("Morag's van"),
//!   "X who …", "X and I", "X here -", a second name joined by "and" to a found one, a
//!   signature closing the text ("— Nyasha", "x Folasade", a last line of its own);
//! * lower-case texts: names after cues, a first name with a surname ("dmitri volkov"), a first
//!   name before a person verb mid-sentence; strong cues ("shoutout to", "my carer",
//!   "packed by") also take a lower-case word that is in no list. An all-capitals text is read
//!   like a lower-case one.
//!
//! Unknown names (not in the gazetteer) are found through cues and through a known first name
//! or surname beside them; a lone unknown capitalised word is never enough.
//!
//! The [`Detector`] trait is the seam where a statistical model (an ONNX token-classification
//! NER model run through `ort`) can later be added beside or instead of these rules; its spans
//! would go through the same overlap resolution in the redactor.
//!
//! Scores: cue or honorific + known name 0.95, + unknown name 0.85–0.9; first name + surname
//! 0.9; other two-token names 0.8; lone capitalised first name 0.75 (0.6 sentence-initially);
//! lower-case known first name after a cue 0.8; trailing cue ("X from Sky") 0.7–0.85.

use std::collections::HashSet;
use std::sync::OnceLock;

use super::Detector;
use crate::redact::entity::{Detection, EntityKind};

/// Embeds a list from `models/names/`.
macro_rules! names_file {
    ($file:literal) => {
        include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/models/names/", $file))
    };
}

/// Every list, as a set for lookups (phrases as word sequences where their order matters).
struct Lexicon {
    /// Gazetteer: first names, surnames, names that are also English words, and English words
    /// that are no name.
    first: HashSet<&'static str>,
    last: HashSet<&'static str>,
    ambiguous: HashSet<&'static str>,
    words: HashSet<&'static str>,
    /// Stoplisted names and foods: they need a strong cue or a known name beside them.
    stop: HashSet<&'static str>,
    /// Curated non-names and nationality adjectives: never names on their own.
    non_names: HashSet<&'static str>,
    brands: HashSet<&'static str>,
    /// Words of the cue phrases ("Thanks", "Cheers", "Driver"): never part of a name.
    cue_words: HashSet<&'static str>,
    /// Multi-word brands made of names, as written: never reported as a name.
    brand_phrases: Vec<&'static str>,
    /// [`Lexicon::brand_phrases`] as word sequences without possessives.
    brand_words: Vec<Vec<&'static str>>,
    /// First words of [`Lexicon::brand_phrases`].
    brand_heads: HashSet<&'static str>,
    honorifics: HashSet<&'static str>,
    /// Name particles ("van", "al", "ní") that join the parts of a name.
    particles: HashSet<&'static str>,
    product_nouns: HashSet<&'static str>,
    personal_nouns: HashSet<&'static str>,
    /// Cue phrases before a name, as lower-case token sequences.
    cues: Vec<Vec<&'static str>>,
    /// Cue phrases after which a lower-case word in no list is taken too.
    strong_cues: Vec<Vec<&'static str>>,
    /// Role nouns for a trailing cue: "Tom, the driver".
    roles_after: HashSet<&'static str>,
    /// Verbs that mostly follow a person: "X was brilliant", "X told me".
    person_verbs: HashSet<&'static str>,
}

/// One entry per line; blank lines and `#` comments are skipped.
fn entries(s: &'static str) -> impl Iterator<Item = &'static str> {
    s.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

fn set(s: &'static str) -> HashSet<&'static str> {
    entries(s).collect()
}

/// Cue phrases: one per line, words separated by single spaces.
fn phrases(s: &'static str) -> Vec<Vec<&'static str>> {
    entries(s).map(|p| p.split(' ').collect()).collect()
}

/// The lists, parsed on the first call.
fn lexicon() -> &'static Lexicon {
    static LEX: OnceLock<Lexicon> = OnceLock::new();
    LEX.get_or_init(|| {
        let cues = phrases(names_file!("cues.txt"));
        let strong_cues = phrases(names_file!("strong_cues.txt"));
        let roles_after = set(names_file!("roles_after.txt"));
        let brand_phrases: Vec<&'static str> = entries(names_file!("brand_phrases.txt")).collect();
        Lexicon {
            first: set(names_file!("first_names.txt")),
            last: set(names_file!("surnames.txt")),
            ambiguous: set(names_file!("ambiguous.txt")),
            words: set(names_file!("common_words.txt")),
            stop: entries(names_file!("stop_names.txt"))
                .chain(entries(names_file!("foods.txt")))
                .collect(),
            non_names: entries(names_file!("non_names.txt"))
                .chain(entries(names_file!("demonyms.txt")))
                .collect(),
            brands: set(names_file!("brands.txt")),
            cue_words: cues
                .iter()
                .chain(&strong_cues)
                .flat_map(|c| c.iter().copied())
                .chain(roles_after.iter().copied())
                .collect(),
            brand_heads: brand_phrases
                .iter()
                .filter_map(|p| p.split(' ').next())
                .collect(),
            brand_words: brand_phrases
                .iter()
                .map(|p| {
                    p.split(' ')
                        .map(|w| w.strip_suffix("'s").unwrap_or(w))
                        .collect()
                })
                .collect(),
            brand_phrases,
            honorifics: set(names_file!("honorifics.txt")),
            particles: set(names_file!("particles.txt")),
            product_nouns: set(names_file!("product_nouns.txt")),
            personal_nouns: set(names_file!("personal_nouns.txt")),
            cues,
            strong_cues,
            roles_after,
            person_verbs: set(names_file!("person_verbs.txt")),
        }
    })
}

/// What a token is as far as names go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    /// Known first name, not an English word.
    First,
    /// Known surname (not a first name), not an English word.
    Surname,
    /// A name that is also a word or stoplisted; `first` when it is a known first name.
    Ambiguous { first: bool, surname: bool },
    /// An English word or curated non-name.
    Word,
    /// A brand or the caller's deny list: never starts a name.
    Brand,
    /// In no list.
    Unknown,
}

#[derive(Debug)]
struct Tok<'a> {
    start: usize,
    /// End of the name part (before a possessive `'s`).
    end: usize,
    /// End in the text including a possessive.
    full_end: usize,
    text: &'a str,
    /// Lower case, `’` as `'`, without a possessive.
    lower: String,
    cap: bool,
    poss: bool,
    sentence_start: bool,
}

fn is_apos(c: char) -> bool {
    c == '\'' || c == '\u{2019}'
}

/// "al-Rashid", "d'Angelo", "van-Dijk": a lower-case particle joined to a capitalised name.
fn prefixed_capital(lower: &str, name: &str) -> bool {
    let Some(pos) = name.find(['-', '\'', '\u{2019}']) else {
        return false;
    };
    let head = &lower[..pos];
    let sep_len = name[pos..].chars().next().map_or(1, char::len_utf8);
    (lexicon().particles.contains(head) || matches!(head, "d" | "l" | "o"))
        && name[pos + sep_len..]
            .chars()
            .next()
            .is_some_and(char::is_uppercase)
}

fn tokenize(text: &str) -> Vec<Tok<'_>> {
    let mut toks: Vec<Tok<'_>> = Vec::new();
    let mut it = text.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        if !c.is_alphanumeric() {
            continue;
        }
        let start = i;
        let mut end = i + c.len_utf8();
        while let Some(&(j, d)) = it.peek() {
            if d.is_alphanumeric() {
                end = j + d.len_utf8();
                it.next();
            } else if d == '-' || is_apos(d) {
                // Joiner only when a letter follows: O'Neill, Jean-Luc, al-Rashid, Sarah's.
                let next = text[j + d.len_utf8()..].chars().next();
                if next.is_some_and(|n| n.is_alphabetic()) {
                    it.next();
                    continue;
                }
                break;
            } else {
                break;
            }
        }
        let full = &text[start..end];
        let mut name_end = end;
        let mut poss = false;
        for suffix in ["'s", "\u{2019}s", "'S", "\u{2019}S"] {
            if full.len() > suffix.len() + 1 && full.ends_with(suffix) {
                name_end = end - suffix.len();
                poss = true;
                break;
            }
        }
        let name = &text[start..name_end];
        let lower = name.to_lowercase().replace('\u{2019}', "'");
        let cap =
            name.chars().next().is_some_and(char::is_uppercase) || prefixed_capital(&lower, name);
        let sentence_start = match toks.last() {
            None => true,
            Some(prev) => {
                let gap = &text[prev.full_end..start];
                let abbrev = lexicon().honorifics.contains(prev.lower.as_str())
                    || (prev.text.chars().count() == 1 && prev.cap);
                gap.contains(['!', '?', '\n', ':', ';', '"', '\u{201c}'])
                    || (gap.contains('.') && !abbrev)
            }
        };
        toks.push(Tok {
            start,
            end: name_end,
            full_end: end,
            text: name,
            lower,
            cap,
            poss,
            sentence_start,
        });
    }
    toks
}

/// Cue found before a candidate span.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cue {
    None,
    /// A context phrase ("spoke to", "Thanks,", "the driver").
    Phrase,
    /// "my name is", "name's", "shoutout to", "my carer": also lets a lower-case unknown word
    /// through.
    Strong,
    /// Mr, Mrs, Dr, …
    Honorific,
}

/// Finds person names. See the module documentation.
pub struct PersonDetector {
    deny_words: HashSet<String>,
    deny_phrases: Vec<String>,
}

impl Default for PersonDetector {
    fn default() -> Self {
        PersonDetector::new(&[])
    }
}

impl PersonDetector {
    /// `allow`: words or phrases never treated as names (the organisation's brand, product
    /// names, staff aliases that are public): matched case-insensitively; a multi-word entry
    /// suppresses any span containing it.
    pub fn new(allow: &[String]) -> Self {
        lexicon();
        let mut deny_words = HashSet::new();
        let mut deny_phrases: Vec<String> = lexicon()
            .brand_phrases
            .iter()
            .map(|s| s.to_string())
            .collect();
        for a in allow {
            let norm: Vec<String> = a
                .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '-'))
                .filter(|w| !w.is_empty())
                .map(|w| w.to_lowercase())
                .collect();
            match norm.len() {
                0 => {}
                1 => {
                    deny_words.insert(norm[0].clone());
                }
                _ => deny_phrases.push(norm.join(" ")),
            }
        }
        PersonDetector {
            deny_words,
            deny_phrases,
        }
    }

    fn classify(&self, lower: &str, text: &str) -> Class {
        let lex = lexicon();
        if self.deny_words.contains(lower) || lex.brands.contains(lower) {
            return Class::Brand;
        }
        if lex.non_names.contains(lower) || lex.cue_words.contains(lower) {
            return Class::Word;
        }
        // Contractions: "I've", "I'd", "we'll", "didn't".
        if ["'ve", "'m", "'ll", "'re", "'d", "n't"]
            .iter()
            .any(|c| lower.len() > c.len() && lower.ends_with(c))
        {
            return Class::Word;
        }
        let first = lex.first.contains(lower);
        let surname = lex.last.contains(lower);
        if lex.stop.contains(lower) {
            return Class::Ambiguous { first, surname };
        }
        let letters = text.chars().count();
        if (2..=4).contains(&letters) && text.chars().all(|c| !c.is_lowercase()) && !first {
            // Acronyms: BT, NHS, ASAP.
            return Class::Word;
        }
        if first || surname {
            if lex.ambiguous.contains(lower) {
                return Class::Ambiguous { first, surname };
            }
            return if first { Class::First } else { Class::Surname };
        }
        if lex.words.contains(lower) || lower.chars().any(|c| c.is_ascii_digit()) {
            return Class::Word;
        }
        // Feminine forms of Polish surnames: Wiśniewska (Wiśniewski), Zawadzka, Nowicka.
        for (fem, masc) in [("ska", "ski"), ("cka", "cki"), ("dzka", "dzki")] {
            if let Some(stem) = lower.strip_suffix(fem) {
                if stem.chars().count() >= 2 && lex.last.contains(format!("{stem}{masc}").as_str())
                {
                    return Class::Surname;
                }
            }
        }
        // Compound forms: al-Rashid, Smith-Jones, O'Brien (census spells it obrien), D'Angelo.
        if lower.contains('\'') {
            let joined: String = lower.chars().filter(|&c| c != '\'').collect();
            if lex.last.contains(joined.as_str()) {
                return Class::Surname;
            }
            if let Some((head, tail)) = lower.split_once('\'') {
                if matches!(head, "o" | "d" | "l" | "di" | "de" | "mc") {
                    if lex.last.contains(tail) || lex.first.contains(tail) {
                        return Class::Surname;
                    }
                    return Class::Unknown;
                }
            }
        }
        if lower.contains('-') {
            let parts: Vec<&str> = lower.split('-').filter(|p| !p.is_empty()).collect();
            let mut any_first = false;
            let mut any_known = false;
            let mut all_ok = true;
            for (k, p) in parts.iter().enumerate() {
                if lex.particles.contains(p) && k + 1 < parts.len() {
                    continue;
                }
                if lex.first.contains(p) {
                    any_first |= k == 0;
                    any_known = true;
                } else if lex.last.contains(p) {
                    any_known = true;
                } else if lex.words.contains(p) {
                    all_ok = false;
                }
            }
            if any_known && all_ok {
                return if any_first {
                    Class::First
                } else {
                    Class::Surname
                };
            }
            if !all_ok {
                return Class::Word;
            }
        }
        Class::Unknown
    }

    /// Cue immediately before token `i` (skipping commas, colons, dashes and line breaks).
    fn cue_before(&self, text: &str, toks: &[Tok<'_>], i: usize) -> Cue {
        if i == 0 {
            return Cue::None;
        }
        let gap = &text[toks[i - 1].full_end..toks[i].start];
        // Honorific: "Mr Smith", "Dr. Okafor".
        let prev = &toks[i - 1];
        if (gap == " " || gap == ". " || gap == "." || gap == "\u{a0}")
            && !prev.poss
            && lexicon().honorifics.contains(prev.lower.as_str())
            && prev.lower != "madam"
            && (prev.cap || matches!(prev.lower.as_str(), "mr" | "mrs" | "ms" | "dr" | "mx"))
        {
            return Cue::Honorific;
        }
        // A signature at the very end: "Would order again — Nyasha", "x Folasade", or a last
        // line of its own ("…\n\nObadiah Frimpong").
        if toks.len() - i <= 3 && toks[i..].iter().all(|t| t.cap == toks[i].cap && !t.poss) {
            let dash = gap.contains(['\u{2014}', '\u{2013}']) || gap.contains(" - ");
            let kiss = prev.text == "x" && gap == " ";
            // Lower case only for a single word: "— still open" is no signature.
            if (dash || kiss) && (toks[i].cap || toks.len() - i == 1) {
                return Cue::Strong;
            }
            let last_line = gap.contains('\n')
                && gap
                    .chars()
                    .all(|c| c.is_whitespace() || matches!(c, ',' | '-' | '.' | '!'))
                && !text[toks[i].start..].contains('\n');
            if last_line {
                return Cue::Phrase;
            }
        }
        if gap.contains(['.', '!', '?', '(', ')', '"', ';']) {
            return Cue::None;
        }
        if gap
            .chars()
            .any(|c| !(c.is_whitespace() || matches!(c, ',' | ':' | '-' | '\u{2013}')))
        {
            return Cue::None;
        }
        let matches = |cue: &[&str]| {
            let k = cue.len();
            if k > i {
                return false;
            }
            let first = i - k;
            cue.iter().enumerate().all(|(n, w)| {
                let t = &toks[first + n];
                t.lower == *w
                    && !t.poss
                    && (n + 1 == k || {
                        let g = &text[t.full_end..toks[first + n + 1].start];
                        !g.is_empty() && g.chars().all(|c| c == ' ')
                    })
            })
        };
        if lexicon().strong_cues.iter().any(|c| matches(c)) {
            return Cue::Strong;
        }
        if lexicon().cues.iter().any(|c| matches(c)) {
            return Cue::Phrase;
        }
        // "Hi, it's Aryan", "It's Tom from the Leeds store".
        if prev.lower == "it"
            && prev.poss
            && (prev.sentence_start
                || (i >= 2 && matches!(toks[i - 2].lower.as_str(), "hi" | "hello" | "hey")))
        {
            return Cue::Phrase;
        }
        // "Can Xiaoling do our Thursday slot?": a question about someone doing something.
        if matches!(prev.lower.as_str(), "can" | "could")
            && prev.sentence_start
            && toks[i].cap
            && gap == " "
            && toks.get(i + 1).is_some_and(|t| {
                !t.cap && text[toks[i].full_end..t.start] == *" " && t.lower != "i"
            })
        {
            return Cue::Phrase;
        }
        // "name's Tom"
        if prev.lower == "name" && prev.poss {
            return Cue::Strong;
        }
        Cue::None
    }

    /// Trailing cue after the span ending at token `last`: "from Sky", "at Tesco", "the driver".
    fn cue_after(&self, text: &str, toks: &[Tok<'_>], last: usize) -> bool {
        let Some(next) = toks.get(last + 1) else {
            return false;
        };
        if toks[last].poss {
            return false;
        }
        let gap = &text[toks[last].full_end..next.start];
        let simple = |g: &str| g.chars().all(|c| c == ' ' || c == ',') && !g.is_empty();
        if !simple(gap) {
            return false;
        }
        if matches!(next.lower.as_str(), "from" | "at") && !next.poss {
            if let Some(org) = toks.get(last + 2) {
                let g = &text[next.full_end..org.start];
                return g == " "
                    && (org.cap
                        || matches!(
                            org.lower.as_str(),
                            "customer" | "customer-services" | "the" | "your" | "our"
                        ));
            }
        }
        // "Chidi and I waited", "Tom and me".
        if next.lower == "and" {
            return toks.get(last + 2).is_some_and(|w| {
                matches!(w.lower.as_str(), "i" | "me" | "myself")
                    && text[next.full_end..w.start] == *" "
            });
        }
        // "shoutout to Thiago who delivered".
        if next.lower == "who" && gap == " " {
            return true;
        }
        // "Xanthe here - when will …".
        if next.lower == "here" && gap == " " {
            return toks.get(last + 2).is_none_or(|w| {
                text[next.full_end..w.start]
                    .chars()
                    .any(|c| matches!(c, '-' | '\u{2013}' | '\u{2014}' | ','))
            });
        }
        if matches!(next.lower.as_str(), "the" | "our" | "your" | "my") {
            if let Some(role) = toks.get(last + 2) {
                let g = &text[next.full_end..role.start];
                return g == " " && lexicon().roles_after.contains(role.lower.as_str());
            }
        }
        false
    }

    /// A verb that mostly follows a person: "X was brilliant", "X told me".
    fn person_verb_after(&self, text: &str, toks: &[Tok<'_>], last: usize) -> bool {
        let Some(next) = toks.get(last + 1) else {
            return false;
        };
        text[toks[last].full_end..next.start] == *" "
            && !next.cap
            && lexicon().person_verbs.contains(next.lower.as_str())
    }

    /// "Morag's van", "Patience's birthday": a possessive before a noun that belongs to people.
    fn possessive_person(text: &str, toks: &[Tok<'_>], last: usize) -> bool {
        toks[last].poss
            && toks.get(last + 1).is_some_and(|next| {
                text[toks[last].full_end..next.start] == *" "
                    && lexicon().personal_nouns.contains(next.lower.as_str())
            })
    }

    /// A lower-case name with no cue before it, returning its last token and score:
    /// * "dmitri volkov", "ciro benavent": a first name and a surname, neither an English word;
    /// * "honestly lauren deserves": a first name before a person verb, not sentence-initially;
    /// * "chiamaka's van": a possessive before a person's noun.
    fn lower_without_cue(
        &self,
        text: &str,
        toks: &[Tok<'_>],
        classes: &[Class],
        i: usize,
    ) -> Option<(usize, f32)> {
        let t = &toks[i];
        let lowercase = |t: &Tok<'_>| t.text.chars().all(|c| !c.is_uppercase());
        if !lowercase(t) {
            return None;
        }
        let c = classes[i];
        if Self::possessive_person(text, toks, i)
            && matches!(
                c,
                Class::First | Class::Unknown | Class::Ambiguous { first: true, .. }
            )
        {
            return Some((i, 0.65));
        }
        if c != Class::First {
            return None;
        }
        if let Some(next) = toks.get(i + 1) {
            if !t.poss
                && lowercase(next)
                && text[t.full_end..next.start] == *" "
                && matches!(classes[i + 1], Class::Surname | Class::First)
            {
                return Some((i + 1, 0.7));
            }
        }
        let determiner = i > 0
            && matches!(
                toks[i - 1].lower.as_str(),
                "the"
                    | "a"
                    | "an"
                    | "my"
                    | "your"
                    | "our"
                    | "their"
                    | "this"
                    | "that"
                    | "his"
                    | "her"
                    | "its"
            );
        if !determiner
            && !t.sentence_start
            && !t.poss
            && t.text.chars().count() >= 4
            && self.person_verb_after(text, toks, i)
        {
            return Some((i, 0.6));
        }
        None
    }

    fn chain_gap_ok(text: &str, toks: &[Tok<'_>], j: usize) -> bool {
        let prev = &toks[j - 1];
        if prev.poss {
            return false;
        }
        let gap = &text[prev.full_end..toks[j].start];
        let initial = prev.text.chars().count() == 1 && prev.cap;
        gap == " " || gap == "\u{a0}" || (initial && (gap == ". " || gap == "."))
    }

    /// Context rules on top of the per-word classes: acronyms, dates, brands, products.
    fn contextual_classes(&self, text: &str, toks: &[Tok<'_>], shouting: bool) -> Vec<Class> {
        let lex = lexicon();
        let mut classes: Vec<Class> = toks
            .iter()
            .map(|t| self.classify(&t.lower, t.text))
            .collect();
        let n = toks.len();
        let spaced = |a: usize, b: usize| text[toks[a].full_end..toks[b].start] == *" ";
        let is_number = |t: &Tok<'_>| {
            let digits = t.text.chars().take_while(char::is_ascii_digit).count();
            (1..=2).contains(&digits)
                && matches!(&t.lower[digits..], "" | "st" | "nd" | "rd" | "th")
        };
        for k in 0..n {
            let t = &toks[k];
            // An all-capitals word in a mixed-case text is an acronym or a code ("IBAN",
            // "NINO", "CAS-675412"), not a name.
            if !shouting
                && t.text.chars().filter(|c| c.is_alphabetic()).count() >= 2
                && !t.text.chars().any(char::is_lowercase)
            {
                classes[k] = Class::Word;
            }
            // Month abbreviations beside a day number: "15 Jan", "Jun 2nd".
            if matches!(
                t.lower.as_str(),
                "jan"
                    | "feb"
                    | "mar"
                    | "apr"
                    | "jun"
                    | "jul"
                    | "aug"
                    | "sep"
                    | "sept"
                    | "oct"
                    | "nov"
                    | "dec"
            ) && ((k > 0 && is_number(&toks[k - 1]) && spaced(k - 1, k))
                || (k + 1 < n && is_number(&toks[k + 1]) && spaced(k, k + 1)))
            {
                classes[k] = Class::Word;
            }
            // Brands made of names: "Marks & Spencer", "Mr Kipling", "Aunt Bessie's".
            let phrases = if lex.brand_heads.contains(t.lower.as_str()) {
                lex.brand_words.as_slice()
            } else {
                &[]
            };
            for phrase in phrases {
                let m = phrase.len();
                if k + m <= n
                    && phrase
                        .iter()
                        .enumerate()
                        .all(|(o, w)| toks[k + o].lower == *w)
                    && (k + 1..k + m).all(|o| {
                        let g = &text[toks[o - 1].full_end..toks[o].start];
                        matches!(g, " " | " & " | " and " | " 'n' " | "-" | " n ")
                    })
                {
                    for c in &mut classes[k..k + m] {
                        *c = Class::Brand;
                    }
                }
            }
            // "Name & Name's" or "Name & Name <product>": a brand ("Ben & Jerry's tubs").
            if k + 1 < n
                && text[t.full_end..toks[k + 1].start] == *" & "
                && toks[k].cap
                && toks[k + 1].cap
                && (toks[k + 1].poss
                    || (k + 2 < n
                        && spaced(k + 1, k + 2)
                        && lex.product_nouns.contains(toks[k + 2].lower.as_str())))
            {
                classes[k] = Class::Brand;
                classes[k + 1] = Class::Brand;
            }
            // A capitalised word right before a product noun names the product: "Charlotte
            // potatoes", "Mr Kipling cakes", "Aunt Bessie's roasties".
            if k + 1 < n
                && t.cap
                && !toks[k + 1].cap
                && text[t.full_end..toks[k + 1].start] == *" "
                && lex.product_nouns.contains(toks[k + 1].lower.as_str())
                && !matches!(classes[k], Class::Word)
            {
                let mut b = k;
                loop {
                    classes[b] = Class::Brand;
                    if b == 0 || !toks[b - 1].cap || toks[b - 1].poss || !spaced(b - 1, b) {
                        break;
                    }
                    b -= 1;
                }
            }
        }
        classes
    }

    fn detect_impl(&self, text: &str, out: &mut Vec<Detection>) {
        let mut toks = tokenize(text);
        // An all-capitals text carries no case information: its all-capitals words are read
        // like lower-case ones (they need a cue), and mixed-case words stand out as names.
        let (upper, letters) = text
            .chars()
            .filter(|c| c.is_alphabetic())
            .fold((0, 0), |(u, l), c| {
                (u + usize::from(c.is_uppercase()), l + 1)
            });
        let shouting = letters >= 12 && upper * 10 >= letters * 7;
        if shouting {
            for t in &mut toks {
                if !t.text.chars().any(char::is_lowercase) {
                    t.cap = false;
                }
            }
        }
        let classes = self.contextual_classes(text, &toks, shouting);
        let is_initial = |t: &Tok<'_>| {
            t.cap
                && t.text.chars().count() == 1
                && t.text.chars().all(char::is_alphabetic)
                && !t.poss
        };
        let n = toks.len();
        let mut i = 0;
        // Last token of the previous detection: "Sunniva and Jarrah" takes the second name
        // on the strength of the first.
        let mut last_found: Option<usize> = None;
        while i < n {
            let mut cue = self.cue_before(text, &toks, i);
            if cue == Cue::None
                && i >= 2
                && last_found == Some(i - 2)
                && toks[i - 1].lower == "and"
                && text[toks[i - 2].full_end..toks[i].start] == *" and "
            {
                cue = Cue::Phrase;
            }
            if cue == Cue::None && !toks[i].cap {
                if let Some((end, score)) = self.lower_without_cue(text, &toks, &classes, i) {
                    out.push(Detection {
                        start: toks[i].start,
                        end: toks[end].end,
                        kind: EntityKind::Person,
                        score,
                    });
                    last_found = Some(end);
                    i = end + 1;
                } else {
                    i += 1;
                }
                continue;
            }
            let lower_mode = cue != Cue::None && !toks[i].cap;
            // "X who …" is about a person.
            let who_after =
                |j: usize| (j + 1..(j + 3).min(n)).any(|k| toks[k].lower == "who" && !toks[k].cap);
            // Build the chain of name-like tokens starting at i.
            let mut j = i;
            let mut names: Vec<usize> = Vec::new();
            let mut has_initial = false;
            while j < n {
                if j > i && !Self::chain_gap_ok(text, &toks, j) {
                    break;
                }
                let t = &toks[j];
                let c = classes[j];
                let next_cap = j + 1 < n
                    && toks[j + 1].cap
                    && Self::chain_gap_ok(text, &toks, j + 1)
                    && !matches!(classes[j + 1], Class::Word | Class::Brand);
                if lower_mode {
                    if t.cap {
                        break;
                    }
                    // "joost de vries", "cerys ap gwilym".
                    if j > i
                        && lexicon().particles.contains(t.lower.as_str())
                        && j + 1 < n
                        && !toks[j + 1].cap
                        && Self::chain_gap_ok(text, &toks, j + 1)
                        && matches!(
                            classes[j + 1],
                            Class::Surname | Class::First | Class::Unknown
                        )
                    {
                        j += 1;
                        continue;
                    }
                    let strong = matches!(cue, Cue::Strong | Cue::Honorific);
                    let at_end = j + 1 == n;
                    let ok = match c {
                        Class::First => true,
                        Class::Surname => j > i || strong,
                        // A word in no list after a cue: "oh, giorgos?", "ask for avraham".
                        // After an ordinary cue a lower-case word in no list is too often a
                        // plain word ("I'm coeliac", "asked for semi skimmed", "driver didnt
                        // speak"): it needs a person verb after it ("who", "was lovely").
                        Class::Unknown => {
                            names.len() < 3
                                && (strong
                                    || (j == i && who_after(j))
                                    || (j > i && classes[j - 1] == Class::Unknown))
                        }
                        // "mr young", "my name is max sutton", "thanks, mark" closing a text.
                        Class::Ambiguous { first, .. } => {
                            j == i
                                && (cue == Cue::Honorific
                                    || (first && at_end)
                                    || (first
                                        && strong
                                        && j + 1 < n
                                        && !toks[j + 1].cap
                                        && Self::chain_gap_ok(text, &toks, j + 1)
                                        && matches!(classes[j + 1], Class::Surname)))
                        }
                        _ => false,
                    };
                    if !ok {
                        break;
                    }
                    names.push(j);
                    j += 1;
                    if c == Class::Unknown && !(strong || who_after(j - 1)) {
                        break;
                    }
                    continue;
                }
                if is_initial(t) && t.lower != "i" && !(t.lower == "a" && j == i) {
                    if next_cap {
                        has_initial = true;
                        j += 1;
                        continue;
                    }
                    break;
                }
                if lexicon().particles.contains(t.lower.as_str()) && j > i && !t.cap {
                    // Skip further particles ("van der Berg") to the capitalised name.
                    let mut k = j + 1;
                    while k < n
                        && !toks[k].cap
                        && lexicon().particles.contains(toks[k].lower.as_str())
                        && Self::chain_gap_ok(text, &toks, k)
                    {
                        k += 1;
                    }
                    let ok = k < n
                        && toks[k].cap
                        && Self::chain_gap_ok(text, &toks, k)
                        && !matches!(classes[k], Class::Word | Class::Brand);
                    if ok {
                        j += 1;
                        continue;
                    }
                    break;
                }
                if !t.cap {
                    break;
                }
                match c {
                    // After a cue, one dictionary word can end a name: "my name is Kelath Mundane".
                    Class::Word
                        if cue != Cue::None
                            && !names.is_empty()
                            && !lexicon().non_names.contains(t.lower.as_str())
                            && !lexicon().cue_words.contains(t.lower.as_str()) =>
                    {
                        names.push(j);
                        break;
                    }
                    Class::Word => break,
                    // A brand after a name can still be a surname ("Maria Costa").
                    Class::Brand
                        if names.is_empty() || !lexicon().last.contains(t.lower.as_str()) =>
                    {
                        break;
                    }
                    _ => {}
                }
                names.push(j);
                j += 1;
            }
            if names.is_empty() {
                i += 1;
                continue;
            }
            // Drop a sentence-initial stopword before a longer name: "Can Victoria Adeyemi …".
            while names.len() >= 3
                && names[0] == i
                && toks[i].sentence_start
                && matches!(classes[i], Class::Ambiguous { .. })
                && cue == Cue::None
            {
                names.remove(0);
            }
            // Drop a leading stopword before a first name: "Will Priya call back?".
            while names.len() >= 2
                && matches!(classes[names[0]], Class::Ambiguous { .. })
                && classes[names[1]] == Class::First
                && !(names.len() == 2 && lexicon().last.contains(toks[names[1]].lower.as_str()))
                && cue == Cue::None
            {
                names.remove(0);
            }
            let first_idx = if names[0] > i && !has_initial {
                names[0]
            } else {
                i
            };
            let last_idx = *names.last().unwrap();
            let cls: Vec<Class> = names.iter().map(|&k| classes[k]).collect();
            let score = self.score(text, &toks, &cls, cue, first_idx, last_idx, has_initial);
            if let Some(score) = score {
                let span_lower = toks[first_idx..=last_idx]
                    .iter()
                    .map(|t| t.lower.as_str())
                    .collect::<Vec<_>>()
                    .join(" ");
                let denied = self
                    .deny_phrases
                    .iter()
                    .any(|p| contains_words(&span_lower, p));
                if !denied {
                    out.push(Detection {
                        start: toks[first_idx].start,
                        end: toks[last_idx].end,
                        kind: EntityKind::Person,
                        score,
                    });
                    last_found = Some(last_idx);
                }
                i = last_idx + 1;
            } else {
                i += 1;
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn score(
        &self,
        text: &str,
        toks: &[Tok<'_>],
        cls: &[Class],
        cue: Cue,
        first_idx: usize,
        last_idx: usize,
        has_initial: bool,
    ) -> Option<f32> {
        let count = |f: &dyn Fn(Class) -> bool| cls.iter().filter(|c| f(**c)).count();
        let n_first = count(&|c| c == Class::First);
        let n_sur = count(&|c| c == Class::Surname);
        let n_unknown = count(&|c| c == Class::Unknown);
        let n_amb_first = count(&|c| matches!(c, Class::Ambiguous { first: true, .. }));
        let n_amb = count(&|c| matches!(c, Class::Ambiguous { .. }));
        let n_brand = count(&|c| c == Class::Brand);
        let known = n_first + n_sur;
        let head = cls[0];
        let lower = !toks[first_idx].cap;
        let sentence_start = toks[first_idx].sentence_start;

        match cue {
            Cue::Honorific => {
                return Some(if known > 0 || n_amb > 0 { 0.95 } else { 0.9 });
            }
            Cue::Phrase | Cue::Strong => {
                if lower {
                    return Some(if head == Class::Unknown { 0.7 } else { 0.8 });
                }
                if known > 0 {
                    return Some(0.95);
                }
                if cls.len() == 1 {
                    return match head {
                        Class::Unknown => Some(0.85),
                        Class::Ambiguous { first: true, .. } => Some(0.85),
                        _ => None,
                    };
                }
                if n_unknown + n_amb_first > 0 {
                    return Some(0.85);
                }
                return None;
            }
            Cue::None => {}
        }

        if cls.len() >= 2 {
            let score = if n_first > 0 && n_sur > 0 {
                0.9
            } else if n_first >= 2 {
                0.85
            } else if (n_first > 0 && (n_unknown > 0 || n_amb > 0 || n_brand > 0))
                || (n_sur > 0 && (n_unknown > 0 || n_amb_first > 0 || n_sur >= 2))
            {
                0.8
            } else {
                0.0
            };
            // Unknown names: two or three unknown capitalised words in a row. Mid-sentence
            // that is good evidence; sentence-initially only with a person-like verb after.
            let score = if score == 0.0 && n_unknown == cls.len() && cls.len() <= 3 {
                if !sentence_start {
                    0.7
                } else if self.cue_after(text, toks, last_idx)
                    || toks[last_idx].poss
                    || self.person_verb_after(text, toks, last_idx)
                {
                    0.65
                } else {
                    0.0
                }
            } else {
                score
            };
            if score > 0.0 {
                return Some(if sentence_start && head == Class::Unknown {
                    score - 0.05
                } else {
                    score
                });
            }
        }
        if has_initial && cls.len() == 1 {
            return match head {
                Class::Surname | Class::First => Some(0.85),
                Class::Ambiguous { .. } => Some(0.8),
                Class::Unknown => Some(0.75),
                _ => None,
            };
        }
        if cls.len() == 1 {
            let after = self.cue_after(text, toks, last_idx);
            let poss = Self::possessive_person(text, toks, last_idx);
            return match head {
                Class::Unknown | Class::Surname | Class::Ambiguous { first: true, .. } if poss => {
                    Some(0.7)
                }
                Class::Ambiguous { first: true, .. } if after && !sentence_start => Some(0.6),
                Class::First if after => Some(0.85),
                Class::First if sentence_start => Some(0.6),
                Class::First => Some(0.75),
                Class::Unknown if after => Some(if sentence_start { 0.6 } else { 0.7 }),
                Class::Unknown
                    if !sentence_start && self.person_verb_after(text, toks, last_idx) =>
                {
                    Some(0.6)
                }
                Class::Surname if after => Some(0.65),
                _ => None,
            };
        }
        None
    }
}

/// Whether `hay` contains the word sequence `needle` (both lower case, single-spaced).
fn contains_words(hay: &str, needle: &str) -> bool {
    let hay = hay.replace("'s", "");
    let h: Vec<&str> = hay.split(' ').collect();
    let n: Vec<&str> = needle.split(' ').collect();
    n.len() <= h.len() && h.windows(n.len()).any(|w| w == n.as_slice())
}

impl Detector for PersonDetector {
    fn name(&self) -> &'static str {
        "person"
    }

    fn detect(&self, text: &str, out: &mut Vec<Detection>) {
        self.detect_impl(text, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans(text: &str) -> Vec<&str> {
        let d = PersonDetector::new(&[]);
        let mut out = Vec::new();
        d.detect(text, &mut out);
        out.iter().map(|x| &text[x.start..x.end]).collect()
    }

    fn scored(text: &str) -> Vec<(String, f32)> {
        let d = PersonDetector::new(&[]);
        let mut out = Vec::new();
        d.detect(text, &mut out);
        out.iter()
            .map(|x| (text[x.start..x.end].to_string(), x.score))
            .collect()
    }

    #[test]
    fn gazetteer_covers_diverse_names() {
        let lex = lexicon();
        for f in [
            "priya",
            "wojciech",
            "siobhan",
            "aoife",
            "zainab",
            "krzysztof",
            "chiamaka",
            "jean-luc",
            "maría",
            "josé",
            "mohammed",
            "tom",
        ] {
            assert!(lex.first.contains(f), "first name {f}");
        }
        for s in [
            "sharma",
            "adeyemi",
            "kowalczyk",
            "o'neill",
            "nguyen",
            "okafor",
            "mcdonald",
        ] {
            assert!(lex.last.contains(s), "surname {s}");
        }
    }

    #[test]
    fn full_names_from_many_cultures() {
        assert_eq!(spans("Priya Sharma was really helpful."), ["Priya Sharma"]);
        assert_eq!(
            spans("The parcel was left with Oluwaseun Adeyemi next door."),
            ["Oluwaseun Adeyemi"]
        );
        assert_eq!(
            spans("I want to complain about Wojciech Kowalczyk in the Leeds store"),
            ["Wojciech Kowalczyk"]
        );
        assert_eq!(
            spans("Huge thanks to Siobhan O'Neill for sorting it"),
            ["Siobhan O'Neill"]
        );
        assert_eq!(
            spans("my neighbour Nguyen Van An signed for it"),
            ["Nguyen Van An"]
        );
        assert_eq!(
            spans("The form was signed by Mohammed al-Rashid yesterday"),
            ["Mohammed al-Rashid"]
        );
        assert_eq!(spans("It was María José who called back"), ["María José"]);
        assert_eq!(
            spans("the consultant Pieter van der Berg explained"),
            ["Pieter van der Berg"]
        );
        assert_eq!(spans("Signed off by J. Smith on the day"), ["J. Smith"]);
    }

    #[test]
    fn single_first_names_mid_sentence() {
        assert_eq!(spans("I think Aoife deserves a raise"), ["Aoife"]);
        assert_eq!(
            spans("it was Zainab and Krzysztof who helped"),
            ["Zainab", "Krzysztof"]
        );
        assert_eq!(spans("Luckily Chiamaka knew what to do"), ["Chiamaka"]);
        assert_eq!(spans("Ask whether Jean-Luc is in today"), ["Jean-Luc"]);
        let s = scored("I think Aoife deserves a raise");
        assert!((s[0].1 - 0.75).abs() < 1e-6);
    }

    #[test]
    fn unknown_names_found_through_cues() {
        // Invented names: in no gazetteer.
        assert!(!lexicon().first.contains("zorblat"));
        assert!(!lexicon().last.contains("quennixby"));
        assert_eq!(
            spans("Hello, my name is Zorblat Quennixby and I am furious"),
            ["Zorblat Quennixby"]
        );
        assert_eq!(spans("I spoke to Xantivor on the phone"), ["Xantivor"]);
        assert_eq!(spans("the driver, Brellik, was rude"), ["Brellik"]);
        assert_eq!(spans("Mrs Quennixby was lovely"), ["Quennixby"]);
        assert_eq!(
            spans("Yesterday Zorblat from Vodafone rang me"),
            ["Zorblat"]
        );
        assert_eq!(
            spans("Kind regards,\nZorblat Quennixby"),
            ["Zorblat Quennixby"]
        );
        assert_eq!(
            spans("I was served by Tamsk Olunde today"),
            ["Tamsk Olunde"]
        );
        // A known first name lends evidence to an unknown surname.
        assert_eq!(
            spans("thanks again to Priya Quennixby"),
            ["Priya Quennixby"]
        );
        // Without any cue an unknown capitalised word is not a name.
        assert!(spans("We loved the Zorblat blender").is_empty());
    }

    #[test]
    fn honorifics() {
        assert_eq!(spans("Mrs Okafor was very patient"), ["Okafor"]);
        assert_eq!(spans("I saw Dr. Patel and Mr Young"), ["Patel", "Young"]);
        assert_eq!(spans("Prof Siobhan Kelly"), ["Siobhan Kelly"]);
        assert_eq!(spans("Ms Rose was rude"), ["Rose"]);
        let s = scored("Mrs Okafor was very patient");
        assert!((s[0].1 - 0.95).abs() < 1e-6);
    }

    #[test]
    fn stoplist_needs_strong_evidence() {
        assert!(spans("I will pay the bill in May").is_empty());
        assert!(spans("Will you fix it? The Bill was wrong.").is_empty());
        assert!(spans("the Victoria line was closed").is_empty());
        assert!(spans("Grace period is too short").is_empty());
        assert!(spans("Amazon delivery was late again").is_empty());
        assert!(spans("Customer Service was great").is_empty());
        assert!(spans("Thanks for the quick refund!").is_empty());
        assert!(spans("Great App, Delivery on time").is_empty());
        assert!(spans("I shop at Tesco and Sky is my provider").is_empty());
        assert!(spans("We went to Chelsea and Bristol in June").is_empty());
        assert!(spans("I have Hope that Mark will frank the letter").is_empty());
        assert!(spans("Ordered on Monday, arrived Friday").is_empty());
        assert!(spans("Bought it at John Lewis last week").is_empty());
        assert!(spans("Sent via Royal Mail and Evri").is_empty());
        // ... but a strong cue or a surname makes them names.
        assert_eq!(spans("I spoke to Will on the phone"), ["Will"]);
        assert_eq!(spans("Mark Thompson sorted it"), ["Mark Thompson"]);
        assert_eq!(spans("Thanks, Grace"), ["Grace"]);
    }

    #[test]
    fn signatures() {
        assert_eq!(spans("Great service. Thanks, Tom"), ["Tom"]);
        assert_eq!(spans("Sorted quickly. Cheers Dave"), ["Dave"]);
        assert_eq!(spans("Kind regards, Sarah Jones"), ["Sarah Jones"]);
        assert_eq!(spans("Best wishes\nAoife"), ["Aoife"]);
        assert_eq!(spans("Dear Mr Patel, thank you"), ["Patel"]);
    }

    #[test]
    fn lowercase_after_cue() {
        assert_eq!(spans("i spoke to sarah and she fixed it"), ["sarah"]);
        assert_eq!(spans("the driver tom was lovely"), ["tom"]);
        assert_eq!(spans("thanks priya sharma"), ["priya sharma"]);
        assert_eq!(spans("my name is zorblat"), ["zorblat"]);
        // Lower case without a cue, or a common word after a cue: nothing.
        assert!(spans("sarah was lovely").is_empty());
        assert!(spans("i spoke to someone who said it will arrive").is_empty());
        assert!(spans("the driver was late and the manager will call").is_empty());
        assert!(spans("thanks again").is_empty());
    }

    #[test]
    fn possessives() {
        assert_eq!(spans("It was Sarah's fault"), ["Sarah"]);
        assert_eq!(spans("I spoke to Priya Sharma’s manager"), ["Priya Sharma"]);
        assert_eq!(spans("It's fine and Tesco's prices"), Vec::<&str>::new());
    }

    #[test]
    fn sentence_initial_is_weaker() {
        let s = scored("Priya was brilliant");
        assert_eq!(s.len(), 1);
        assert!((s[0].1 - 0.6).abs() < 1e-6);
        assert!(spans("Delivery was fine. Great stuff").is_empty());
        let s = scored("Priya Sharma was brilliant");
        assert!((s[0].1 - 0.9).abs() < 1e-6);
    }

    #[test]
    fn deny_list_from_config() {
        let d = PersonDetector::new(&["Monzo".to_string(), "Aoife Bank".to_string()]);
        let mut out = Vec::new();
        d.detect("I think Aoife Bank is better than Priya said", &mut out);
        let got: Vec<_> = out
            .iter()
            .map(|x| &"I think Aoife Bank is better than Priya said"[x.start..x.end])
            .collect();
        assert_eq!(got, ["Priya"]);
        let d = PersonDetector::new(&["Priya".to_string()]);
        let mut out = Vec::new();
        d.detect("ask Priya", &mut out);
        assert!(out.is_empty());
    }

    #[test]
    fn offsets_are_char_boundaries() {
        let text = "Café staff — Zoë Łukasik — helped “José” a lot; merci Aoife!";
        let d = PersonDetector::new(&[]);
        let mut out = Vec::new();
        d.detect(text, &mut out);
        for x in &out {
            assert!(text.is_char_boundary(x.start) && text.is_char_boundary(x.end));
            assert_eq!(x.kind, EntityKind::Person);
        }
        assert!(out.iter().any(|x| &text[x.start..x.end] == "Aoife"));
    }

    #[test]
    fn acronyms_contractions_and_dates_are_no_names() {
        assert!(spans("Please refund to IBAN GB29 NWBK 6016 1331 9268 19.").is_empty());
        assert!(spans("my NINO is QQ 12 34 56 C").is_empty());
        assert!(spans("Case CAS-675412 closed without a reply.").is_empty());
        assert!(spans("No plastic bags please, I've asked before.").is_empty());
        assert!(spans("My name is Tom Jones and I'd like a refund")
            .iter()
            .all(|s| *s == "Tom Jones"));
        assert!(spans("Ordered on 15 Jan, arrived on 2 Jun.").is_empty());
        assert!(spans("My German account is closed").is_empty());
        // A month abbreviation that is a name away from numbers still counts.
        assert_eq!(spans("I spoke to Jan on the phone"), ["Jan"]);
        // An all-capitals text: mixed-case names still stand out, capitals need a cue.
        assert_eq!(
            spans("DRIVER Anthony CALLED ME. THE CHAT BOT WAS USELESS. WOULDN'T TALK TO ME."),
            ["Anthony"]
        );
    }

    #[test]
    fn brands_and_products_made_of_names() {
        for text in [
            "Marks & Spencer is cheaper for this now.",
            "Ben & Jerry's tubs had melted.",
            "Aunt Bessie's roasties were missing from the bag.",
            "Mr Kipling cakes were squashed flat.",
            "Dr Oetker pizzas arrived completely defrosted.",
            "Charlotte potatoes were replaced with baking potatoes.",
            "Rosemary and thyme were both substituted.",
            "Paris Brest pastries are amazing.",
            "Florence Fennel was labelled as celery.",
        ] {
            assert!(spans(text).is_empty(), "{text}: {:?}", spans(text));
        }
        // The same names as people.
        assert_eq!(spans("Ben and Jerry delivered it"), ["Ben", "Jerry"]);
        assert_eq!(spans("Thanks to Charlotte for the help"), ["Charlotte"]);
        assert_eq!(spans("I spoke to Mr Spencer"), ["Spencer"]);
    }

    #[test]
    fn new_cues_before_and_after() {
        assert_eq!(spans("shoutout to Zephyrine who delivered"), ["Zephyrine"]);
        assert_eq!(spans("shout out to thembile the driver"), ["thembile"]);
        assert_eq!(
            spans("Tell Shirin the strawberries were perfect"),
            ["Shirin"]
        );
        // A lower-case word in no list after an ordinary cue needs a person verb after it.
        assert_eq!(spans("ask for avraham next time"), Vec::<&str>::new());
        assert_eq!(
            spans("ask for avraham, he knows the way"),
            Vec::<&str>::new()
        );
        assert_eq!(spans("Ask for Avraham next time"), ["Avraham"]);
        assert_eq!(
            spans("I'm coeliac! Could have made me ill."),
            Vec::<&str>::new()
        );
        assert_eq!(
            spans("Asked for semi skimmed, got oat milk."),
            Vec::<&str>::new()
        );
        assert_eq!(spans("Driver didnt speak much english"), Vec::<&str>::new());
        assert_eq!(
            spans("please pass my thanks on to akinlabi olowokeere, who delivered"),
            ["akinlabi olowokeere"]
        );
        assert_eq!(spans("signed for by wu lei apparently"), ["wu lei"]);
        assert_eq!(spans("the picker note said 'packed by oni'"), ["oni"]);
        assert_eq!(spans("My carer, Giorgos, places the orders"), ["Giorgos"]);
        assert_eq!(spans("our lodger Morag took it in"), ["Morag"]);
        assert_eq!(
            spans("Customer Robin Wells requested a slot"),
            ["Robin Wells"]
        );
        assert_eq!(
            spans("name: laoise leneghan. phone: none"),
            ["laoise leneghan"]
        );
        assert_eq!(
            spans("escalated to ms gelabert, the team leader"),
            ["gelabert"]
        );
        assert_eq!(spans("mrs doshi from your complaints team"), ["doshi"]);
        assert_eq!(spans("we love Xiaoling! great"), ["Xiaoling"]);
        assert_eq!(spans("we love xiaoling! great"), Vec::<&str>::new());
        assert_eq!(
            spans("Really pleased with Sunniva and Jarrah"),
            ["Sunniva", "Jarrah"]
        );
        assert_eq!(spans("Chidi and I waited in all morning"), ["Chidi"]);
        assert_eq!(
            spans("Can Xiaoling do our Thursday slot again?"),
            ["Xiaoling"]
        );
        assert_eq!(spans("oh, Giorgos? lovely man"), ["Giorgos"]);
        assert_eq!(
            spans("my name is max sutton and i'd like a refund"),
            ["max sutton"]
        );
        assert_eq!(
            spans("My neighbour Cerys ap Gwilym took it"),
            ["Cerys ap Gwilym"]
        );
        assert_eq!(
            spans("my neighbour joost de vries took it"),
            ["joost de vries"]
        );
        // Cue words before ordinary words: nothing.
        assert!(spans("Tell them the strawberries were off").is_empty());
        assert!(spans("ask for help next time").is_empty());
        assert!(spans("account name as on the order").is_empty());
        assert!(spans("Can someone reply? Can Delivery be earlier?").is_empty());
    }

    #[test]
    fn signatures_at_the_end() {
        assert_eq!(spans("Would order again — Nyasha"), ["Nyasha"]);
        assert_eq!(spans("Great service as always x Folasade"), ["Folasade"]);
        assert_eq!(spans("great service as always x sipho"), ["sipho"]);
        assert_eq!(
            spans("Please sort this out.\n\nObadiah Frimpong"),
            ["Obadiah Frimpong"]
        );
        assert_eq!(spans("thanks, mark"), ["mark"]);
        assert!(spans("Complaint ref 123 — still open.").is_empty());
        assert!(spans("Sage, parsley and basil — all brown.").is_empty());
        assert!(spans("Please sort this out.\n\nCustomer Service").is_empty());
    }

    #[test]
    fn possessives_before_personal_nouns() {
        assert_eq!(spans("I think Morag's van had a broken freezer"), ["Morag"]);
        assert_eq!(spans("We ordered for Patience's birthday"), ["Patience"]);
        assert_eq!(spans("i think chiamaka's van was late"), ["chiamaka"]);
        assert!(spans("logs me into someone else's account").is_empty());
        assert!(spans("the driver's van was late").is_empty());
        assert!(spans("We need Patience and more Patience").is_empty());
    }

    #[test]
    fn lower_case_names_without_cue() {
        assert_eq!(
            spans("i gave the returns to dmitri volkov"),
            ["dmitri volkov"]
        );
        assert_eq!(
            spans("bronwen tudor-jones shouldn't have to chase"),
            ["bronwen tudor-jones"]
        );
        assert_eq!(spans("honestly lauren deserves a pay rise"), ["lauren"]);
        assert_eq!(
            spans("it was agnieszka wiśniewska who called me"),
            ["agnieszka wiśniewska"]
        );
        assert!(spans("the chat bot was useless").is_empty());
        assert!(spans("the dean was helpful").is_empty());
        assert!(spans("sarah was lovely").is_empty());
    }

    #[test]
    #[ignore]
    fn speed_person() {
        let base = [
            "I spoke to Sarah on the phone and she was brilliant, thanks!",
            "Delivery was late again and Customer Service did not help at all.",
            "Mrs Okafor at the Leeds branch sorted my refund within a day.",
            "The app keeps crashing when I try to pay my bill in May.",
            "Great service from Oluwaseun Adeyemi, would recommend. Cheers, Tom",
        ];
        let texts: Vec<String> = (0..20_000)
            .map(|i| format!("{} (#{i})", base[i % base.len()]))
            .collect();
        let d = PersonDetector::new(&[]);
        let t0 = std::time::Instant::now();
        let mut out = Vec::new();
        let mut total = 0;
        for t in &texts {
            out.clear();
            d.detect(t, &mut out);
            total += out.len();
        }
        let secs = t0.elapsed().as_secs_f64();
        println!(
            "person: {} texts in {secs:.3}s = {:.0} texts/s ({total} detections)",
            texts.len(),
            texts.len() as f64 / secs
        );
    }
}
