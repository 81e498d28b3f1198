//! Context cues around a candidate name: a phrase, honorific or signature before it ("spoke
//! to", "Mr", "— Nyasha") and what follows it ("from Sky", "who", "was lovely", "'s van").

use super::tokens::Tok;
use super::words::lexicon;

/// Cue found before a candidate span.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Cue {
    None,
    /// A context phrase ("spoke to", "Thanks,", "the driver").
    Phrase,
    /// "my name is", "name's", "shoutout to", "my carer": also lets a lower-case unknown word
    /// through.
    Strong,
    /// Mr, Mrs, Dr, …
    Honorific,
}

/// The cue for token `i`: the one before it, or a name joined by "and" to the span that ended
/// at `last_found` ("Sunniva and Jarrah" takes the second name on the strength of the first).
pub(super) fn cue_at(text: &str, toks: &[Tok<'_>], i: usize, last_found: Option<usize>) -> Cue {
    let cue = cue_before(text, toks, i);
    if cue == Cue::None
        && i >= 2
        && last_found == Some(i - 2)
        && toks[i - 1].lower == "and"
        && text[toks[i - 2].full_end..toks[i].start] == *" and "
    {
        return Cue::Phrase;
    }
    cue
}

/// Cue immediately before token `i` (skipping commas, colons, dashes and line breaks).
fn cue_before(text: &str, toks: &[Tok<'_>], i: usize) -> Cue {
    if i == 0 {
        return Cue::None;
    }
    let lex = lexicon();
    let gap = &text[toks[i - 1].full_end..toks[i].start];
    // Honorific: "Mr Smith", "Dr. Okafor".
    let prev = &toks[i - 1];
    if (gap == " " || gap == ". " || gap == "." || gap == "\u{a0}")
        && !prev.poss
        && lex.honorifics.contains(prev.lower.as_str())
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
    if lex.cue_ends.contains(prev.lower.as_str()) {
        if lex.strong_cues.iter().any(|c| matches(c)) {
            return Cue::Strong;
        }
        if lex.cues.iter().any(|c| matches(c)) {
            return Cue::Phrase;
        }
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
        && toks
            .get(i + 1)
            .is_some_and(|t| !t.cap && text[toks[i].full_end..t.start] == *" " && t.lower != "i")
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
pub(super) fn cue_after(text: &str, toks: &[Tok<'_>], last: usize) -> bool {
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
pub(super) fn person_verb_after(text: &str, toks: &[Tok<'_>], last: usize) -> bool {
    let Some(next) = toks.get(last + 1) else {
        return false;
    };
    text[toks[last].full_end..next.start] == *" "
        && !next.cap
        && lexicon().person_verbs.contains(next.lower.as_str())
}

/// "Morag's van", "Patience's birthday": a possessive before a noun that belongs to people.
pub(super) fn possessive_person(text: &str, toks: &[Tok<'_>], last: usize) -> bool {
    toks[last].poss
        && toks.get(last + 1).is_some_and(|next| {
            text[toks[last].full_end..next.start] == *" "
                && lexicon().personal_nouns.contains(next.lower.as_str())
        })
}
