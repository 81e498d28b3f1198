//! The person detector's word data: the generated name gazetteer and the curated lists in
//! `models/names/` (its README.md says what each list is and where it came from), embedded at
//! build time and parsed once, on first use.

use std::collections::HashSet;
use std::sync::OnceLock;

/// Embeds a list from `models/names/`.
macro_rules! names_file {
    ($file:literal) => {
        include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/models/names/", $file))
    };
}

/// Every list, as a set for lookups (phrases as word sequences where their order matters).
pub(super) struct Lexicon {
    /// Gazetteer: first names, surnames, names that are also English words, and English words
    /// that are no name.
    pub(super) first: HashSet<&'static str>,
    pub(super) last: HashSet<&'static str>,
    pub(super) ambiguous: HashSet<&'static str>,
    pub(super) words: HashSet<&'static str>,
    /// Stoplisted names and foods: they need a strong cue or a known name beside them.
    pub(super) stop: HashSet<&'static str>,
    /// Curated non-names and nationality adjectives: never names on their own.
    pub(super) non_names: HashSet<&'static str>,
    pub(super) brands: HashSet<&'static str>,
    /// Words of the cue phrases ("Thanks", "Cheers", "Driver"): never part of a name.
    pub(super) cue_words: HashSet<&'static str>,
    /// Multi-word brands made of names, as written: never reported as a name.
    pub(super) brand_phrases: Vec<&'static str>,
    /// [`Lexicon::brand_phrases`] as word sequences without possessives.
    pub(super) brand_words: Vec<Vec<&'static str>>,
    /// First words of [`Lexicon::brand_phrases`].
    pub(super) brand_heads: HashSet<&'static str>,
    pub(super) honorifics: HashSet<&'static str>,
    /// Name particles ("van", "al", "ní") that join the parts of a name.
    pub(super) particles: HashSet<&'static str>,
    pub(super) product_nouns: HashSet<&'static str>,
    /// Nouns after a name that make it a place's name ("airport", "station", "hospital").
    pub(super) place_nouns: HashSet<&'static str>,
    pub(super) personal_nouns: HashSet<&'static str>,
    /// Cue phrases before a name, as lower-case token sequences.
    pub(super) cues: Vec<Vec<&'static str>>,
    /// Cue phrases after which a lower-case word in no list is taken too.
    pub(super) strong_cues: Vec<Vec<&'static str>>,
    /// Last words of every cue: a word before a name that ends none needs no cue matching.
    pub(super) cue_ends: HashSet<&'static str>,
    /// Role nouns for a trailing cue: "Tom, the driver".
    pub(super) roles_after: HashSet<&'static str>,
    /// Verbs that mostly follow a person: "X was brilliant", "X told me".
    pub(super) person_verbs: HashSet<&'static str>,
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
pub(super) fn lexicon() -> &'static Lexicon {
    static LEX: OnceLock<Lexicon> = OnceLock::new();
    LEX.get_or_init(|| {
        let cues = phrases(names_file!("cues.txt"));
        let strong_cues = phrases(names_file!("strong_cues.txt"));
        let cue_ends = cues
            .iter()
            .chain(&strong_cues)
            .filter_map(|c| c.last().copied())
            .collect();
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
            place_nouns: set(names_file!("place_nouns.txt")),
            personal_nouns: set(names_file!("personal_nouns.txt")),
            cues,
            cue_ends,
            strong_cues,
            roles_after,
            person_verbs: set(names_file!("person_verbs.txt")),
        }
    })
}
