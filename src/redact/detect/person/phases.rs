//! The detection phases, run in this order over one text:
//! 1. tokenise ([`tokenize_cased`]): an all-capitals text is read like a lower-case one;
//! 2. classify every word, then correct the classes by context
//!    ([`PersonDetector::contextual_classes`]);
//! 3. at each token, find the cue before it ([`cue_at`]);
//! 4. a lower-case word with no cue is a name only on evidence of its own
//!    ([`lower_without_cue`]);
//! 5. otherwise collect the chain of name words from it: lower-case words after a cue
//!    ([`lower_chain`]) or capitalised words and initials ([`capital_chain`]);
//! 6. drop stopwords leading the chain ([`drop_leading_stopwords`]);
//! 7. score the span ([`score`]) and drop it when a deny phrase covers it.

use super::classes::Class;
use super::cues::{cue_at, person_verb_after, possessive_person, Cue};
use super::score::score;
use super::tokens::{tokenize_cased, Tok};
use super::words::lexicon;
use super::PersonDetector;
use crate::redact::entity::{Detection, EntityKind};

/// A name span found at a token (token indices).
struct Found {
    first: usize,
    last: usize,
    score: f32,
    /// Covered by a deny phrase: not reported, but its tokens are not read again.
    denied: bool,
}

impl PersonDetector {
    /// Appends the person names in `text` to `out`.
    pub(super) fn find_names(&self, text: &str, out: &mut Vec<Detection>) {
        let (toks, shouting) = tokenize_cased(text);
        let classes = self.contextual_classes(text, &toks, shouting);
        let n = toks.len();
        let mut i = 0;
        // Last token of the previous detection: "Sunniva and Jarrah" takes the second name
        // on the strength of the first.
        let mut last_found: Option<usize> = None;
        while i < n {
            let cue = cue_at(text, &toks, i, last_found);
            let found = if cue == Cue::None && !toks[i].cap {
                lower_without_cue(text, &toks, &classes, i).map(|(last, score)| Found {
                    first: i,
                    last,
                    score,
                    denied: false,
                })
            } else {
                self.name_at(text, &toks, &classes, i, cue)
            };
            let Some(found) = found else {
                i += 1;
                continue;
            };
            if !found.denied {
                out.push(Detection {
                    start: toks[found.first].start,
                    end: toks[found.last].end,
                    kind: EntityKind::Person,
                    score: found.score,
                });
                last_found = Some(found.last);
            }
            i = found.last + 1;
        }
    }

    /// The name starting at token `i` (a capitalised word, or any word after a cue), if its
    /// chain of name words scores.
    fn name_at(
        &self,
        text: &str,
        toks: &[Tok<'_>],
        classes: &[Class],
        i: usize,
        cue: Cue,
    ) -> Option<Found> {
        let (mut names, has_initial) = if cue != Cue::None && !toks[i].cap {
            (lower_chain(text, toks, classes, i, cue), false)
        } else {
            capital_chain(text, toks, classes, i, cue)
        };
        if names.is_empty() {
            return None;
        }
        drop_leading_stopwords(toks, classes, i, cue, &mut names);
        let first = if names[0] > i && !has_initial {
            names[0]
        } else {
            i
        };
        let last = *names.last().unwrap();
        let cls: Vec<Class> = names.iter().map(|&k| classes[k]).collect();
        let score = score(text, toks, &cls, cue, first, last, has_initial)?;
        Some(Found {
            first,
            last,
            score,
            denied: self.denied(toks, first, last),
        })
    }

    /// Whether a deny phrase (a brand made of names, a multi-word `allow` entry) lies within
    /// the span `first..=last`.
    fn denied(&self, toks: &[Tok<'_>], first: usize, last: usize) -> bool {
        let span_lower = toks[first..=last]
            .iter()
            .map(|t| t.lower.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        self.deny_phrases
            .iter()
            .any(|p| contains_words(&span_lower, p))
    }
}

/// A lower-case name with no cue before it, returning its last token and score:
/// * "dmitri volkov", "ciro benavent": a first name and a surname, neither an English word;
/// * "honestly lauren deserves": a first name before a person verb, not sentence-initially;
/// * "chiamaka's van": a possessive before a person's noun.
fn lower_without_cue(
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
    if possessive_person(text, toks, i)
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
        && person_verb_after(text, toks, i)
    {
        return Some((i, 0.6));
    }
    None
}

/// Whether token `j` continues the name chain of token `j - 1`: one space (or an initial's
/// dot) between them, and no possessive before.
fn chain_gap_ok(text: &str, toks: &[Tok<'_>], j: usize) -> bool {
    let prev = &toks[j - 1];
    if prev.poss {
        return false;
    }
    let gap = &text[prev.full_end..toks[j].start];
    let initial = prev.text.chars().count() == 1 && prev.cap;
    gap == " " || gap == "\u{a0}" || (initial && (gap == ". " || gap == "."))
}

/// The name words of a lower-case name after `cue`, from token `i`: known names, and words in
/// no list when the cue is strong or a person verb follows.
fn lower_chain(text: &str, toks: &[Tok<'_>], classes: &[Class], i: usize, cue: Cue) -> Vec<usize> {
    let n = toks.len();
    // "X who …" is about a person.
    let who_after =
        |j: usize| (j + 1..(j + 3).min(n)).any(|k| toks[k].lower == "who" && !toks[k].cap);
    let particles = &lexicon().particles;
    let mut j = i;
    let mut names: Vec<usize> = Vec::new();
    while j < n {
        if j > i && !chain_gap_ok(text, toks, j) {
            break;
        }
        let t = &toks[j];
        let c = classes[j];
        if t.cap {
            break;
        }
        // "joost de vries", "cerys ap gwilym".
        if j > i
            && particles.contains(t.lower.as_str())
            && j + 1 < n
            && !toks[j + 1].cap
            && chain_gap_ok(text, toks, j + 1)
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
                            && chain_gap_ok(text, toks, j + 1)
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
    }
    names
}

/// The name words of a capitalised name from token `i` (initials and particles between them
/// are skipped), and whether an initial led or joined it.
fn capital_chain(
    text: &str,
    toks: &[Tok<'_>],
    classes: &[Class],
    i: usize,
    cue: Cue,
) -> (Vec<usize>, bool) {
    let lex = lexicon();
    let n = toks.len();
    let mut j = i;
    let mut names: Vec<usize> = Vec::new();
    let mut has_initial = false;
    while j < n {
        if j > i && !chain_gap_ok(text, toks, j) {
            break;
        }
        let t = &toks[j];
        let c = classes[j];
        let next_cap = j + 1 < n
            && toks[j + 1].cap
            && chain_gap_ok(text, toks, j + 1)
            && !matches!(classes[j + 1], Class::Word | Class::Brand);
        if t.is_initial() && t.lower != "i" && !(t.lower == "a" && j == i) {
            if next_cap {
                has_initial = true;
                j += 1;
                continue;
            }
            break;
        }
        if lex.particles.contains(t.lower.as_str()) && j > i && !t.cap {
            // Skip further particles ("van der Berg") to the capitalised name.
            let mut k = j + 1;
            while k < n
                && !toks[k].cap
                && lex.particles.contains(toks[k].lower.as_str())
                && chain_gap_ok(text, toks, k)
            {
                k += 1;
            }
            let ok = k < n
                && toks[k].cap
                && chain_gap_ok(text, toks, k)
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
                    && !lex.non_names.contains(t.lower.as_str())
                    && !lex.cue_words.contains(t.lower.as_str()) =>
            {
                names.push(j);
                break;
            }
            Class::Word => break,
            // A brand after a name can still be a surname ("Maria Costa").
            Class::Brand if names.is_empty() || !lex.last.contains(t.lower.as_str()) => {
                break;
            }
            _ => {}
        }
        names.push(j);
        j += 1;
    }
    (names, has_initial)
}

/// Drops stopwords leading a chain found without a cue at token `i`.
fn drop_leading_stopwords(
    toks: &[Tok<'_>],
    classes: &[Class],
    i: usize,
    cue: Cue,
    names: &mut Vec<usize>,
) {
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
}

/// Whether `hay` contains the word sequence `needle` (both lower case, single-spaced).
fn contains_words(hay: &str, needle: &str) -> bool {
    let hay = hay.replace("'s", "");
    let h: Vec<&str> = hay.split(' ').collect();
    let n: Vec<&str> = needle.split(' ').collect();
    n.len() <= h.len() && h.windows(n.len()).any(|w| w == n.as_slice())
}
