//! Tokenising for the person detector: words with their offsets, case, possessive and whether
//! they open a sentence, which is all the later phases look at.

use super::words::lexicon;

/// A word of the text: a run of letters and digits, with inner hyphens and apostrophes.
#[derive(Debug)]
pub(super) struct Tok<'a> {
    pub(super) start: usize,
    /// End of the name part (before a possessive `'s`).
    pub(super) end: usize,
    /// End in the text including a possessive.
    pub(super) full_end: usize,
    pub(super) text: &'a str,
    /// Lower case, `’` as `'`, without a possessive.
    pub(super) lower: String,
    pub(super) cap: bool,
    pub(super) poss: bool,
    pub(super) sentence_start: bool,
}

impl Tok<'_> {
    /// A capital letter on its own: "J. Smith", "Pieter J Visser".
    pub(super) fn is_initial(&self) -> bool {
        self.cap
            && self.text.chars().count() == 1
            && self.text.chars().all(char::is_alphabetic)
            && !self.poss
    }
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
    let honorifics = &lexicon().honorifics;
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
                let abbrev = honorifics.contains(prev.lower.as_str())
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

/// The tokens of `text`, and whether the text is written in capitals. Such a text carries no
/// case information: its all-capitals words are read like lower-case ones (they need a cue),
/// and mixed-case words stand out as names.
pub(super) fn tokenize_cased(text: &str) -> (Vec<Tok<'_>>, bool) {
    let mut toks = tokenize(text);
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
    (toks, shouting)
}
